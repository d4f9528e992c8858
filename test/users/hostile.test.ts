import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminDeleteUserByUsernameDocument, AdminSearchDocument, AdminUpdateUserByIdDocument } from "../generated/graphql.js";
import { type AdminGateway, auditRows, expectRefused, loginAs, makeUser, send, startAdmin } from "../support/admin.js";
import { expectPlainError } from "../support/fixtures.js";
import { APP } from "../support/gateway.js";
import { gql } from "../support/graphql.js";
import { expectUnchanged, tableDigests } from "../support/state.js";

// Hostile input on every path of user administration: never a 5xx, and a refused call changes
// nothing (docs/rest.md, "Conventions"; docs/rules.md, "Concurrency").

let a: AdminGateway;
let victimId: string;
let victimUst: string;

beforeAll(async () => {
  a = await startAdmin();
  victimId = await makeUser(a, { username: "victim", email: "victim@example.com", auto_approve: false });
  await a.gw.query("UPDATE sso_user SET approval_status = 'approved' WHERE user_id = $1", [victimId]);
  victimUst = await loginAs(a, "victim");
});
afterAll(() => a.gw.close());

const nested = (depth: number): unknown => (depth === 0 ? "x" : { a: nested(depth - 1) });

/** Values no field of these calls may accept, whatever its type. */
const REFUSED: [string, unknown][] = [
  ["an object", { $ne: null }],
  ["a list", ["a", "b"]],
  ["an empty list", []],
  ["a deeply nested object", nested(200)],
  ["a string holding NUL", "zusr\u0000x"],
];
/** Values a field may take as its text, or refuse: what matters is no 5xx. */
const ODD: [string, unknown][] = [
  ["a huge string", "x".repeat(100_000)],
  ["a lone surrogate", "\ud800"],
  ["control characters", "\u0001\u001f\u007f"],
  ["a huge number", 1e308],
  ["an unsafe integer", 2 ** 60],
  ["a negative number", -1],
  ["a fraction", 0.5],
  ["false", false],
  ["null", null],
  ["an empty string", ""],
];

interface Path {
  name: string;
  method: string;
  path: string;
  /** Parameters that make the call valid, targeting the victim where it can. */
  base: () => Record<string, unknown>;
  fields: string[];
}

const PATHS: Path[] = [
  {
    name: "search",
    method: "GET",
    path: "/zato/sso/user/search",
    base: () => ({ ust: a.adminUst, current_app: APP }),
    fields: [
      "user_id",
      "username",
      "email",
      "display_name",
      "first_name",
      "middle_name",
      "last_name",
      "sign_up_status",
      "approval_status",
      "is_name_exact",
      "name_op",
      "cur_page",
      "page_size",
      "paginate",
    ],
  },
  {
    name: "update by id",
    method: "PATCH",
    path: "/zato/sso/user",
    base: () => ({ ust: a.adminUst, current_app: APP, user_id: victimId }),
    fields: [
      "user_id",
      "username",
      "email",
      "display_name",
      "first_name",
      "middle_name",
      "last_name",
      "is_totp_enabled",
      "totp_label",
      "is_locked",
      "password_expiry",
      "password_must_change",
      "sign_up_status",
      "approval_status",
    ],
  },
  {
    name: "update own",
    method: "PATCH",
    path: "/zato/sso/user",
    base: () => ({ ust: victimUst, current_app: APP }),
    fields: ["username", "email", "display_name", "first_name", "middle_name", "last_name", "is_totp_enabled", "totp_label"],
  },
  {
    name: "delete",
    method: "DELETE",
    path: "/zato/sso/user",
    base: () => ({ ust: a.adminUst, current_app: APP, user_id: "zusr00000000000000000000000000" }),
    fields: ["user_id"],
  },
  {
    name: "lock",
    method: "POST",
    path: "/zato/sso/user/lock",
    base: () => ({ ust: a.adminUst, current_app: APP, user_id: "zusr00000000000000000000000000" }),
    fields: ["user_id"],
  },
  {
    name: "unlock",
    method: "DELETE",
    path: "/zato/sso/user/lock",
    base: () => ({ ust: a.adminUst, current_app: APP, user_id: "zusr00000000000000000000000000" }),
    fields: ["user_id"],
  },
  ...["/zato/sso/user/approve", "/zato/sso/user/signup/approve", "/zato/sso/user/reject", "/zato/sso/user/signup/reject"].map(
    (path): Path => ({
      name: path,
      method: "POST",
      path,
      base: () => ({ ust: a.adminUst, current_app: APP, user_id: "zusr00000000000000000000000000" }),
      fields: ["user_id", "reason"],
    }),
  ),
  {
    name: "change another's password",
    method: "PATCH",
    path: "/zato/sso/user/password",
    base: () => ({ ust: a.adminUst, current_app: APP, user_id: victimId, new_password: "Hostile-but-valid-1" }),
    fields: ["user_id", "new_password", "password_expiry", "must_change"],
  },
  {
    name: "change own password",
    method: "PATCH",
    path: "/zato/sso/user/password",
    base: () => ({ ust: victimUst, current_app: APP, old_password: "wrong-old-password", new_password: "Hostile-but-valid-1" }),
    fields: ["old_password", "new_password"],
  },
  {
    name: "reset TOTP key",
    method: "PATCH",
    path: "/zato/sso/user/totp",
    base: () => ({ ust: a.adminUst, current_app: APP, user_id: victimId, totp_key: "not base32!", totp_label: "" }),
    fields: ["user_id", "totp_key", "totp_label"],
  },
];

describe.each(PATHS)("hostile input: $name", (p) => {
  it.each(REFUSED)("refuses %s in any field, changing nothing", async (_, value) => {
    await expectUnchanged(a.gw, async () => {
      for (const field of p.fields) {
        const r = await send(a.gw, p.method, p.path, { ...p.base(), [field]: value });
        expectRefused(r);
        expect(r.status, `${field}: ${r.text}`).not.toBe(200);
      }
    });
  });

  it("never fails with a 5xx on odd values, and changes nothing where they are refused", async () => {
    for (const field of p.fields) {
      for (const [label, value] of ODD) {
        const before = p.method === "GET" ? "" : await tableDigests(a.gw);
        const r = await send(a.gw, p.method, p.path, { ...p.base(), [field]: value });
        expect(r.status, `${field} = ${label}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
        if (r.body?.status !== "ok" && p.method !== "GET")
          expect(await tableDigests(a.gw), `${field} = ${label}`).toEqual(before);
      }
    }
  });

  it("never fails with a 5xx on hostile ust and current_app", async () => {
    await expectUnchanged(a.gw, async () => {
      for (const field of ["ust", "current_app"]) {
        for (const [label, value] of [...REFUSED, ...ODD]) {
          const r = await send(a.gw, p.method, p.path, { ...p.base(), [field]: value });
          expect(r.status, `${field} = ${label}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
          expect(r.body?.status, `${field} = ${label}`).not.toBe("ok");
        }
      }
    });
  });

  it("answers 400 to a body that is not a JSON object, and 413 to an oversized one", async () => {
    for (const body of ["[]", "null", '"text"', "42", "{", '{"a":1}{"b":2}']) {
      expectPlainError(await send(a.gw, p.method, p.path, body), 400, "Bad request");
    }
    const big = JSON.stringify({ ...p.base(), [p.fields[0] as string]: "x".repeat(2 * 1024 * 1024) });
    const r = await send(a.gw, p.method, p.path, big);
    expect(r.status).toBe(413);
  });
});

describe("hostile input: query strings", () => {
  it("never fails with a 5xx on repeated, empty or oddly encoded parameters, and changes nothing when refused", async () => {
    for (const p of PATHS) {
      for (const field of p.fields.slice(0, 3)) {
        for (const qs of [
          `${field}=a&${field}=b`,
          `${field}=%00`,
          `${field}=%ff%fe`,
          `${field}=%F0%9F`,
          `${field}`,
          `ust=${a.adminUst}&ust=${a.adminUst}`,
          `current_app=${APP}&current_app=${APP}`,
        ]) {
          const before = await tableDigests(a.gw);
          const r = await send(a.gw, p.method, `${p.path}?${qs}`, p.base());
          expect(r.status, `${p.name} ${qs}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
          if (r.body?.status !== "ok") expect(await tableDigests(a.gw), `${p.name} ${qs}`).toEqual(before);
        }
      }
    }
  });
});

describe("hostile input: GraphQL", () => {
  it("answers NUL characters and odd page sizes without an internal error", async () => {
    await expectUnchanged(a.gw, async () => {
      const answers = [
        await gql(a.gw, AdminSearchDocument, { ust: a.adminUst, currentApp: APP, username: "a\u0000b" }),
        await gql(a.gw, AdminSearchDocument, { ust: a.adminUst, currentApp: APP, displayName: "a\u0000b" }),
        await gql(a.gw, AdminSearchDocument, { ust: a.adminUst, currentApp: APP, pageSize: -2147483648, curPage: 2147483647 }),
        await gql(a.gw, AdminDeleteUserByUsernameDocument, { ust: a.adminUst, currentApp: APP, username: "x\u0000y" }),
        await gql(a.gw, AdminUpdateUserByIdDocument, { ust: a.adminUst, currentApp: APP, userId: victimId, lastName: "a\u0000" }),
        await gql(a.gw, AdminUpdateUserByIdDocument, { ust: a.adminUst, currentApp: APP, userId: "\u0000", lastName: "a" }),
      ];
      for (const r of answers) {
        expect(r.status).toBeLessThan(500);
        expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      }
    });
  });

  it("refuses Int arguments beyond 32 bits as GraphQL errors", async () => {
    const r = await a.gw.graphql(
      `query { search(ust: "${a.adminUst}", currentApp: "CRM", pageSize: 99999999999) { __typename } }`,
    );
    expect(r.status).toBeLessThan(500);
    expect(r.body.errors).toBeDefined();
  });
});

describe("hostile input: the audit log keeps one record per call", () => {
  it("stores a record for calls whose input holds NUL characters", async () => {
    const r = await send(a.gw, "POST", "/zato/sso/user/reject", {
      ust: a.adminUst,
      current_app: APP,
      user_id: "zusr00000000000000000000000000",
      reason: "bad\u0000reason",
    });
    expect(r.status).toBeLessThan(500);
    const rows = await auditRows(a.gw, r.headers.get("x-zato-cid"));
    expect(rows).toHaveLength(1);
    expect(a.gw.logs.filter((l) => l.level === "error")).toEqual([]);
  });

  it("leaves the victim approved, unlocked and with its session", async () => {
    const [row] = await a.gw.query("SELECT approval_status, is_locked, is_super_user FROM sso_user WHERE user_id = $1", [
      victimId,
    ]);
    expect(row).toEqual({ approval_status: "approved", is_locked: false, is_super_user: false });
    expect((await send(a.gw, "GET", "/zato/sso/user", { ust: victimUst, current_app: APP })).body.status).toBe("ok");
  });
});
