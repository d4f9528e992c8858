import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, expectFailure, expectOk, later, PASSWORD, raw, setUser } from "../support/fixtures.js";
import type { HttpAnswer } from "../support/gateway.js";
import { APP, MINUTE, startGateway, type TestGateway } from "../support/gateway.js";
import { expectUnchanged, tableDigests } from "../support/state.js";

// Hostile input on every path in scope: always a 4xx or an error envelope, never a 5xx, and
// nothing changed (the database is re-read after each call).

let gw: TestGateway;
let adminUst: string;
let userUst: string;
let userId: string;

beforeAll(async () => {
  gw = await startGateway();
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  userId = await gw.createUser("user1", PASSWORD);
  await gw.createUser("totp1", PASSWORD);
  await setUser(gw, "totp1", { is_totp_enabled: true });
  adminUst = await gw.login("admin1", ADMIN_PASSWORD);
  userUst = await gw.login("user1", PASSWORD);
});
afterAll(() => gw.close());

afterEach(() => {
  // Nothing unexpected happened, and every audit record was stored.
  expect(gw.logs.filter((l) => l.level === "error")).toEqual([]);
});

interface Endpoint {
  name: string;
  method: string;
  path: string;
  /**
   * A request valid in form that each test spoils one field of. Calls that write are arranged
   * to fail for a business reason even unspoilt (a taken username, a wrong TOTP code), so
   * that a spoilt field can only make them fail earlier.
   */
  body: () => Record<string, unknown>;
  /** Whether a successful call changes stored state. */
  writes: boolean;
}

const ENDPOINTS: Endpoint[] = [
  {
    name: "create user",
    method: "POST",
    path: "/zato/sso/user",
    writes: true,
    body: () => ({ ust: adminUst, current_app: APP, username: "user1", password: PASSWORD, is_locked: false }),
  },
  {
    name: "get current user",
    method: "GET",
    path: "/zato/sso/user",
    writes: false,
    body: () => ({ ust: userUst, current_app: APP }),
  },
  {
    name: "get user by id",
    method: "GET",
    path: "/zato/sso/user",
    writes: false,
    body: () => ({ ust: adminUst, current_app: APP, user_id: userId }),
  },
  {
    name: "login",
    method: "POST",
    path: "/zato/sso/user/login",
    writes: true,
    body: () => ({
      username: "totp1",
      password: PASSWORD,
      current_app: APP,
      totp_code: "abcdef",
      new_password: "Next-Pass-9876",
    }),
  },
  {
    name: "logout",
    method: "POST",
    path: "/zato/sso/user/logout",
    writes: true,
    body: () => ({ ust: userUst, current_app: APP }),
  },
  {
    name: "verify session",
    method: "POST",
    path: "/zato/sso/user/session",
    writes: false,
    body: () => ({ current_ust: adminUst, target_ust: userUst, current_app: APP }),
  },
  {
    name: "renew session",
    method: "PATCH",
    path: "/zato/sso/user/session",
    writes: true,
    body: () => ({ ust: userUst, current_app: APP }),
  },
  {
    name: "get session",
    method: "GET",
    path: "/zato/sso/user/session",
    writes: false,
    body: () => ({ current_ust: adminUst, target_ust: userUst, current_app: APP }),
  },
  {
    name: "list sessions",
    method: "GET",
    path: "/zato/sso/user/session/list",
    writes: false,
    body: () => ({ ust: userUst, current_app: APP }),
  },
];

const send = (e: Endpoint, body: unknown, pathSuffix = "") =>
  raw(gw, e.method, `${e.path}${pathSuffix}`, typeof body === "string" ? body : JSON.stringify(body));

/** Never a 5xx; a JSON answer; and the database as it was, unless the call is a logout or renewal that may succeed. */
async function expectHarmless(e: Endpoint, call: () => Promise<HttpAnswer>) {
  const before = await tableDigests(gw);
  const r = await call();
  expect(r.status, r.text).toBeLessThan(500);
  expect(r.body, r.text).toBeTypeOf("object");
  const refused = r.body.status === "error" || r.body.result === "Error";
  if (refused || !e.writes) expect(await tableDigests(gw)).toEqual(before);
  return r;
}

/** The part of an answer that does not change from call to call. */
const outcome = (r: HttpAnswer) => ({ http: r.status, status: r.body.status, sub_status: r.body.sub_status });

const NOT_STRINGS: [string, unknown][] = [
  ["an object", { $ne: null, nested: [{ b: [1, { c: "d" }] }] }],
  ["an array", ["user1"]],
  ["a string with NUL", "user1\u0000"],
  ["a string with an unpaired surrogate", "\ud800user1"],
];

describe.each(ENDPOINTS)("$name: hostile values", (e) => {
  const fields = Object.keys(e.body());

  it.each(fields.flatMap((field) => NOT_STRINGS.map(([what, value]) => [field, what, value] as const)))(
    "%s as %s: E008002 (current_app: the pre-check; logout's ust: ok, as any UST that names no session)",
    async (field, _, value) => {
      const r = await expectHarmless(e, () => send(e, { ...e.body(), [field]: value }));
      if (field === "current_app") expectFailure(r, "E004001", 200);
      else if (e.name === "logout") expectOk(r);
      else expectFailure(r, "E008002");
    },
  );

  it.each(fields)("%s as null: refused or read-only, nothing changed", async (field) => {
    await expectHarmless(e, () => send(e, { ...e.body(), [field]: null }));
  });

  it.each(fields)("%s as a 900 kB string: refused or read-only, nothing changed", async (field) => {
    await expectHarmless(e, () => send(e, { ...e.body(), [field]: "A".repeat(900_000) }));
  });

  it.each(fields)("%s as a number: taken as its text, nothing changed", async (field) => {
    await expectHarmless(e, () => send(e, { ...e.body(), [field]: 1e21 }));
  });

  it("a body that is not JSON: 400", async () => {
    const r = await expectHarmless(e, () => send(e, `${JSON.stringify(e.body()).slice(0, -1)},}`));
    expect(r.status).toBe(400);
  });

  it.each([
    ["an array", (b: Record<string, unknown>) => JSON.stringify([b])],
    ["a string", (b: Record<string, unknown>) => JSON.stringify(JSON.stringify(b))],
    ["deeply nested arrays", () => `${"[".repeat(50_000)}${"]".repeat(50_000)}`],
  ])("a JSON body that is %s: 400", async (_, body) => {
    const r = await expectHarmless(e, () => send(e, body(e.body())));
    expect(r.status).toBe(400);
  });

  it("a body over a megabyte: 413", async () => {
    const r = await expectHarmless(e, () => send(e, { ...e.body(), padding: "x".repeat(1_100_000) }));
    expect(r.status).toBe(413);
  });

  it("a key given twice in the query string: E008002 or the pre-check (logout: ok)", async () => {
    const [field] = fields;
    const value = String(e.body()[field as string]);
    const r = await expectHarmless(e, () =>
      send(
        e,
        { ...e.body(), [field as string]: undefined },
        `?${field}=${encodeURIComponent(value)}&${field}=${encodeURIComponent(value)}`,
      ),
    );
    expect(r.body.status).toBe(e.name === "logout" && field === "ust" ? "ok" : "error");
  });

  it("percent-encoded NUL in the query string: refused, nothing changed", async () => {
    const r = await expectHarmless(e, () => send(e, e.body(), "?current_app=CRM%00"));
    expectFailure(r, "E004001", 200);
  });

  it("unknown keys are ignored: the answer is the one without them", async () => {
    const body = async () => (e.name === "logout" ? { ...e.body(), ust: await gw.login("user1", PASSWORD) } : e.body());
    const plain = await send(e, await body());
    const r = await send(e, { ...(await body()), is_super_user: true, approval_status: "approved", __proto__x: {}, "": 1 });
    expect(outcome(r)).toEqual(outcome(plain));
  });
});

describe("forged, expired and orphaned USTs", () => {
  const withUst = (e: Endpoint, ust: string) => {
    const body = e.body();
    for (const key of ["ust", "current_ust"]) if (key in body) body[key] = ust;
    return body;
  };
  const callers = ENDPOINTS.filter((e) => "ust" in e.body() || "current_ust" in e.body());

  it.each(callers.filter((e) => e.name !== "logout"))("$name: a forged UST of the right shape is E007001", async (e) => {
    const r = await expectHarmless(e, () => send(e, withUst(e, `zust${"a".repeat(52)}`)));
    expectFailure(r, "E007001");
  });

  it.each(callers.filter((e) => e.name !== "logout"))("$name: an expired UST is E007001", async (e) => {
    const ust = await gw.login("admin1", ADMIN_PASSWORD);
    const body = withUst(e, ust);
    if ("target_ust" in body) body.target_ust = ust;
    const r = await later(gw, 61 * MINUTE, () => expectHarmless(e, () => send(e, body)));
    expectFailure(r, "E007001");
  });

  it.each(callers.filter((e) => e.name !== "logout"))("$name: the UST of a deleted user is E007001", async (e) => {
    const username = `gone-${e.name.replace(/ /g, "-")}`;
    await gw.createUser(username, ADMIN_PASSWORD, { superUser: true });
    const ust = await gw.login(username, ADMIN_PASSWORD);
    await gw.query("DELETE FROM sso_user WHERE username = $1", [username]);
    const r = await expectHarmless(e, () => send(e, withUst(e, ust)));
    expectFailure(r, "E007001");
  });

  it("logout: a forged UST is still ok and ends nothing", async () => {
    const e = ENDPOINTS.find((x) => x.name === "logout") as Endpoint;
    await expectUnchanged(gw, async () => {
      const r = await send(e, withUst(e, `zust${"a".repeat(52)}`));
      expect({ status: r.status, body: r.body.status }).toEqual({ status: 200, body: "ok" });
    });
  });
});

describe("create user: hostile booleans and lengths", () => {
  const e = ENDPOINTS[0] as Endpoint;
  const BOOLEANS = ["password_must_change", "is_locked", "is_totp_enabled", "is_rate_limit_active", "auto_approve"];

  it.each(BOOLEANS.flatMap((field) => ["maybe", 2, -1, "", { yes: true }, [true]].map((v) => [field, v] as const)))(
    "%s as %j: E008002",
    async (field, value) => {
      const r = await expectHarmless(e, () => send(e, { ...e.body(), [field]: value }));
      expectFailure(r, "E008002");
    },
  );

  it.each([
    "display_name",
    "first_name",
    "middle_name",
    "last_name",
    "totp_label",
    "email",
    "username",
    "sign_up_status",
    "totp_key",
  ])("%s 100 000 characters long: E008002", async (field) => {
    const r = await expectHarmless(e, () => send(e, { ...e.body(), username: "free", [field]: "b".repeat(100_000) }));
    expectFailure(r, "E008002");
  });

  it("a password 100 000 characters long: E003003", async () => {
    const r = await expectHarmless(e, () => send(e, { ...e.body(), username: "free", password: "Ab1-".repeat(25_000) }));
    expectFailure(r, "E003003");
  });
});

describe("login: hostile credentials", () => {
  const e = ENDPOINTS[3] as Endpoint;

  it("an SQL-looking username is just an unknown user", async () => {
    const r = await expectHarmless(e, () => send(e, { ...e.body(), username: "user1' OR '1'='1" }));
    expectFailure(r, "E005001");
  });

  it("a 900 kB password is a wrong password", async () => {
    const r = await expectHarmless(e, () => send(e, { ...e.body(), password: "p".repeat(900_000) }));
    expectFailure(r, "E005001");
  });

  it("a hostile new_password for a user who must change: its policy code, nothing stored", async () => {
    await gw.createUser("must-h", PASSWORD);
    await setUser(gw, "must-h", { password_must_change: true });
    const r = await expectHarmless(e, () => send(e, { ...e.body(), username: "must-h", new_password: "N".repeat(300_000) }));
    expectFailure(r, "E003003");
  });

  it("a huge comma-separated remote_addr from an application not allowed metadata: E005001", async () => {
    const r = await expectHarmless(e, () => send(e, { ...e.body(), remote_addr: "10.0.0.1,".repeat(50_000) }));
    expectFailure(r, "E005001");
  });
});
