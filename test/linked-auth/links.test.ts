import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBasicAuth } from "../../src/core/linked-auth/credentials.js";
import {
  type AdminGateway,
  auditRow,
  auditRows,
  expectNoSecretsInAudit,
  loginAs,
  makeUser,
  send,
  startAdmin,
} from "../support/admin.js";
import { expectFailure, expectOk, expectPlainError, PASSWORD, TIMESTAMP } from "../support/fixtures.js";
import { APP, type HttpAnswer } from "../support/gateway.js";
import type { GraphQLAnswer } from "../support/graphql.js";
import { unique } from "../support/names.js";
import { error, ok, type ParityScenario, parityTests } from "../support/parity.js";

// Linking external credentials to users, listing and unlinking them (POST, GET and DELETE
// /zato/sso/user/linked, GraphQL createLinkedAuth, getLinkedAuthList, deleteLinkedAuth): every
// code in its own test, the two HTTP 400s that come before the caller, races, and the same
// outcomes through GraphQL.

const PATH = "/zato/sso/user/linked";
const FORGED = `zust${"9".repeat(52)}`;
const ZERO = `zusr${"0".repeat(26)}`;
const CREDENTIAL_PASSWORD = "svc-secret-Linked-7";

let a: AdminGateway;
/** A regular user, logged in. */
let regular: { userId: string; ust: string };

beforeAll(async () => {
  a = await startAdmin({ apps: { all: ["CRM", "Other"], login_allowed: ["CRM"] } });
  a.secrets.add(CREDENTIAL_PASSWORD);
  const username = unique("reg");
  regular = { userId: await makeUser(a, { username }), ust: "" };
  regular.ust = await loginAs(a, username);
});
afterAll(() => a.gw.close());

/** A new external credential (through the CLI's operation); returns its name. */
async function credential(name = unique("svc"), isActive = true): Promise<string> {
  const outcome = await a.gw.asOperator(createBasicAuth, { username: name, password: CREDENTIAL_PASSWORD, is_active: isActive });
  expect(outcome.status, JSON.stringify(outcome)).toBe("ok");
  return name;
}

/** A new approved regular user; returns its user_id. */
const user = () => makeUser(a, { username: unique("lu") });

const link = (fields: Record<string, unknown>, headers: Record<string, string> = {}) =>
  send(a.gw, "POST", PATH, { ust: a.adminUst, current_app: APP, auth_type: "basic_auth", ...fields }, headers);
const list = (fields: Record<string, unknown>) => send(a.gw, "GET", PATH, { current_app: APP, ...fields });
const unlink = (fields: Record<string, unknown>) =>
  send(a.gw, "DELETE", PATH, { ust: a.adminUst, current_app: APP, auth_type: "basic_auth", ...fields });

/** The stored links of a credential: the user_id each names, and is_active. */
const linksOf = (name: string) =>
  a.gw.query<{ user_id: string; is_active: boolean }>(
    `SELECT u.user_id, l.is_active FROM sso_linked_auth l
       JOIN sso_external_credential c ON c.id = l.credential_id JOIN sso_user u ON u.id = l.user_id
      WHERE c.username = $1`,
    [name],
  );

const linkCount = async () => Number((await a.gw.query<{ n: string }>("SELECT count(*) AS n FROM sso_linked_auth"))[0]?.n);

/** Links a new credential to `userId` (checked); returns the credential's name. */
async function linked(userId: string, isActive = true): Promise<string> {
  const name = await credential();
  expectOk(await link({ user_id: userId, auth_username: name, is_active: isActive }));
  return name;
}

describe("Zato's scenario with pubapi", () => {
  it("links pubapi to a user, lists it, unlinks it", async () => {
    // A real gateway makes sure pubapi exists at start-up; a test gateway is started without that step.
    const existing = await a.gw.query(
      "SELECT 1 FROM sso_external_credential WHERE auth_type = 'basic_auth' AND username = 'pubapi'",
    );
    if (existing.length === 0) await credential("pubapi");
    const userId = await user();

    expectOk(await link({ user_id: userId, auth_username: "pubapi", is_active: true }));
    const listed = expectOk(await list({ ust: a.adminUst, user_id: userId }));
    expect(listed.result).toEqual([
      { auth_type: "basic_auth", auth_username: "pubapi", is_active: true, creation_time: expect.stringMatching(TIMESTAMP) },
    ]);

    expectOk(await unlink({ user_id: userId, auth_username: "pubapi" }));
    expect(expectOk(await list({ ust: a.adminUst, user_id: userId })).result).toEqual([]);
    expect(await linksOf("pubapi")).toEqual([]);
  });
});

describe("POST: link", () => {
  it("links a credential, active by default, and audits it with the user as target", async () => {
    const name = await credential();
    const userId = await user();
    const r = await link({ user_id: userId, auth_username: name });
    expect(Object.keys(expectOk(r)).sort()).toEqual(["cid", "status"]);
    expect(await linksOf(name)).toEqual([{ user_id: userId, is_active: true }]);
    expect(await auditRow(a.gw, r)).toMatchObject({
      op: "user.create_linked_auth",
      outcome: "ok",
      actor_user_id: a.adminId,
      target_user_id: userId,
      details: expect.objectContaining({ auth_username: name }),
    });
  });

  it("stores is_active false when asked (as a string from the query string too)", async () => {
    const name = await credential();
    const userId = await user();
    expectOk(
      await send(a.gw, "POST", `${PATH}?is_active=false`, {
        ust: a.adminUst,
        current_app: APP,
        user_id: userId,
        auth_type: "basic_auth",
        auth_username: name,
      }),
    );
    expect(await linksOf(name)).toEqual([{ user_id: userId, is_active: false }]);
  });

  it("links several credentials to one user", async () => {
    const userId = await user();
    const first = await linked(userId);
    const second = await linked(userId);
    const items = expectOk(await list({ ust: a.adminUst, user_id: userId })).result as { auth_username: string }[];
    expect(items.map((i) => i.auth_username)).toEqual([first, second]);
  });

  it("pre-check: an unknown current_app is HTTP 200 E004001, before the HTTP 400 of a bad auth_type", async () => {
    const r = await link({ current_app: "Nope", auth_type: "ldap", auth_username: "nobody", user_id: await user() });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ cid: r.headers.get("x-zato-cid"), status: "error", sub_status: ["E004001"] });
  });

  describe("HTTP 400 before the caller", () => {
    for (const [what, fields] of [
      ["auth_type other than basic_auth", { auth_type: "ldap" }],
      ["auth_type in another case", { auth_type: "BASIC_AUTH" }],
      ["auth_type absent", { auth_type: undefined }],
      ["auth_type null", { auth_type: null }],
      ["auth_username unknown", { auth_username: "no-such-credential" }],
      ["auth_username absent", { auth_username: undefined }],
      ["auth_username empty", { auth_username: "" }],
    ] as const) {
      it(`${what}: plain 400, nothing linked`, async () => {
        const name = await credential();
        const userId = await user();
        const before = await linkCount();
        const r = await link({ user_id: userId, auth_username: name, ...fields });
        expectPlainError(r, 400, "Bad request");
        expect(await linkCount()).toBe(before);
      });
    }

    for (const [caller, ust] of [
      ["a forged UST", FORGED],
      ["a regular user's UST", () => regular.ust],
      ["an empty UST", ""],
    ] as const) {
      it(`an unknown auth_username is 400 even with ${caller}`, async () => {
        const r = await link({ ust: typeof ust === "function" ? ust() : ust, user_id: await user(), auth_username: "nope" });
        expectPlainError(r, 400, "Bad request");
      });
      it(`a bad auth_type is 400 even with ${caller}`, async () => {
        const name = await credential();
        const r = await link({
          ust: typeof ust === "function" ? ust() : ust,
          user_id: await user(),
          auth_username: name,
          auth_type: "x",
        });
        expectPlainError(r, 400, "Bad request");
      });
    }

    it("the UST from the header instead of a parameter: still 400 first", async () => {
      const r = await send(
        a.gw,
        "POST",
        PATH,
        { current_app: APP, user_id: await user(), auth_type: "basic_auth", auth_username: "nope" },
        { "X-Zato-SSO-UST": FORGED },
      );
      expectPlainError(r, 400, "Bad request");
    });
  });

  it("missing ust (no parameter, no header): 400", async () => {
    const name = await credential();
    const r = await send(a.gw, "POST", PATH, {
      current_app: APP,
      user_id: await user(),
      auth_type: "basic_auth",
      auth_username: name,
    });
    expectPlainError(r, 400, "Bad request");
    expect(await linksOf(name)).toEqual([]);
  });

  it("missing current_app (no parameter, no header): 400", async () => {
    const name = await credential();
    const r = await send(a.gw, "POST", PATH, {
      ust: a.adminUst,
      user_id: await user(),
      auth_type: "basic_auth",
      auth_username: name,
    });
    expectPlainError(r, 400, "Bad request");
  });

  it("E007001: a forged UST", async () => {
    const name = await credential();
    const r = await link({ ust: FORGED, user_id: await user(), auth_username: name });
    expectFailure(r, "E007001");
    expect(await linksOf(name)).toEqual([]);
  });

  it("E005001: a regular user", async () => {
    const name = await credential();
    const r = await link({ ust: regular.ust, user_id: regular.userId, auth_username: name });
    expectFailure(r, "E005001");
    expect(await linksOf(name)).toEqual([]);
  });

  it("E008003: no user_id", async () => {
    const name = await credential();
    expectFailure(await link({ auth_username: name }), "E008003");
    expectFailure(await link({ auth_username: name, user_id: null }), "E008003");
    expect(await linksOf(name)).toEqual([]);
  });

  it("E008002: an unknown user_id", async () => {
    const name = await credential();
    expectFailure(await link({ auth_username: name, user_id: ZERO }), "E008002");
    expect(await linksOf(name)).toEqual([]);
  });

  it("E008001: the credential is linked to this user already", async () => {
    const userId = await user();
    const name = await linked(userId);
    expectFailure(await link({ user_id: userId, auth_username: name }), "E008001");
    expect(await linksOf(name)).toEqual([{ user_id: userId, is_active: true }]);
  });

  it("E008001: the credential is linked to another user", async () => {
    const first = await user();
    const name = await linked(first);
    const second = await user();
    expectFailure(await link({ user_id: second, auth_username: name }), "E008001");
    expect(await linksOf(name)).toEqual([{ user_id: first, is_active: true }]);
  });

  it("an inactive credential may be linked", async () => {
    const name = await credential(unique("svc"), false);
    const userId = await user();
    expectOk(await link({ user_id: userId, auth_username: name }));
    expect(await linksOf(name)).toEqual([{ user_id: userId, is_active: true }]);
  });

  it("a race of two links of one credential to two users: one link, E008001 for the other", async () => {
    for (let round = 0; round < 5; round++) {
      const name = await credential();
      const [u1, u2] = [await user(), await user()];
      const answers = await Promise.all([link({ user_id: u1, auth_username: name }), link({ user_id: u2, auth_username: name })]);
      const codes = answers.map((r) => (r.body.status === "ok" ? "ok" : (r.body.sub_status ?? []).join()));
      expect(codes.sort()).toEqual(["E008001", "ok"]);
      const stored = await linksOf(name);
      expect(stored).toHaveLength(1);
      const winner = answers[0]?.body.status === "ok" ? u1 : u2;
      expect(stored[0]?.user_id).toBe(winner);
      for (const r of answers) expect(r.status).toBe(r.body.status === "ok" ? 200 : 403);
    }
  });
});

describe("GET: list", () => {
  it("a regular user lists their own links, items exactly auth_type, auth_username, is_active, creation_time", async () => {
    const username = unique("own");
    const userId = await makeUser(a, { username });
    const ust = await loginAs(a, username);
    const active = await linked(userId);
    const inactive = await linked(userId, false);
    const r = await list({ ust });
    const items = expectOk(r).result as Record<string, unknown>[];
    expect(items).toEqual([
      { auth_type: "basic_auth", auth_username: active, is_active: true, creation_time: expect.stringMatching(TIMESTAMP) },
      { auth_type: "basic_auth", auth_username: inactive, is_active: false, creation_time: expect.stringMatching(TIMESTAMP) },
    ]);
    for (const item of items)
      expect(Object.keys(item).sort()).toEqual(["auth_type", "auth_username", "creation_time", "is_active"]);
    expect(Object.keys(r.body).sort()).toEqual(["cid", "result", "status"]);
    expect(await auditRow(a.gw, r)).toMatchObject({ op: "user.get_linked_auth_list", outcome: "ok", actor_user_id: userId });
  });

  it("creation_time is the time of the link", async () => {
    const userId = await user();
    const before = a.gw.clock.now().getTime();
    await linked(userId);
    const after = a.gw.clock.now().getTime();
    const [item] = expectOk(await list({ ust: a.adminUst, user_id: userId })).result as { creation_time: string }[];
    const at = Date.parse(`${item?.creation_time.slice(0, 23)}Z`);
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(after + 1);
  });

  it("a user without links gets an empty list", async () => {
    expect(expectOk(await list({ ust: regular.ust })).result).toEqual([]);
  });

  it("a super-user lists another user's links with user_id, and not their own then", async () => {
    const userId = await user();
    const name = await linked(userId);
    const mine = await credential();
    expectOk(await link({ user_id: a.adminId, auth_username: mine }));
    const theirs = expectOk(await list({ ust: a.adminUst, user_id: userId })).result as { auth_username: string }[];
    expect(theirs.map((i) => i.auth_username)).toEqual([name]);
    const own = expectOk(await list({ ust: a.adminUst })).result as { auth_username: string }[];
    expect(own.map((i) => i.auth_username)).toContain(mine);
    expect(own.map((i) => i.auth_username)).not.toContain(name);
    expectOk(await unlink({ user_id: a.adminId, auth_username: mine }));
  });

  it("E005001: a regular user naming another user_id", async () => {
    const other = await user();
    await linked(other);
    expectFailure(await list({ ust: regular.ust, user_id: other }), "E005001");
  });

  it("E005001: a regular user naming their own user_id", async () => {
    await linked(regular.userId);
    expectFailure(await list({ ust: regular.ust, user_id: regular.userId }), "E005001");
  });

  it("E007001: a forged UST", async () => {
    expectFailure(await list({ ust: FORGED }), "E007001");
  });

  it("missing ust: 400", async () => {
    expectPlainError(await list({}), 400, "Bad request");
  });

  it("pre-check: HTTP 200 E004001", async () => {
    const r = await list({ ust: a.adminUst, current_app: "Nope" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ cid: r.headers.get("x-zato-cid"), status: "error", sub_status: ["E004001"] });
  });

  it("parameters from the query string work as from the body", async () => {
    const userId = await user();
    const name = await linked(userId);
    const r = await a.gw.rest("GET", PATH, { query: { ust: a.adminUst, current_app: APP, user_id: userId } });
    expect((expectOk(r).result as { auth_username: string }[]).map((i) => i.auth_username)).toEqual([name]);
  });
});

describe("DELETE: unlink", () => {
  it("unlinks, audits, and leaves the credential", async () => {
    const userId = await user();
    const name = await linked(userId);
    const r = await unlink({ user_id: userId, auth_username: name });
    expect(Object.keys(expectOk(r)).sort()).toEqual(["cid", "status"]);
    expect(await linksOf(name)).toEqual([]);
    expect(await a.gw.query("SELECT 1 FROM sso_external_credential WHERE username = $1", [name])).toHaveLength(1);
    expect(await auditRow(a.gw, r)).toMatchObject({
      op: "user.delete_linked_auth",
      outcome: "ok",
      actor_user_id: a.adminId,
      target_user_id: userId,
      details: expect.objectContaining({ auth_username: name, sessions_deleted: 0 }),
    });
    // The credential is free again.
    expectOk(await link({ user_id: await user(), auth_username: name }));
  });

  it("ends the sessions made through the link, and only those", async () => {
    const username = unique("acted");
    const userId = await makeUser(a, { username });
    const own = await loginAs(a, username);
    const name = await linked(userId);
    const basic = `Basic ${Buffer.from(`${name}:${CREDENTIAL_PASSWORD}`).toString("base64")}`;
    const acted = await a.gw.rest("GET", "/zato/sso/user", { query: { current_app: APP }, headers: { Authorization: basic } });
    expectOk(acted);
    const ust = acted.headers.get("x-zato-sso-ust") as string;
    expect(ust).toBeTruthy();
    a.secrets.add(ust);
    expectOk(await a.gw.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP } }));

    const r = await unlink({ user_id: userId, auth_username: name });
    expectOk(r);
    expect((await auditRow(a.gw, r)).details).toMatchObject({ sessions_deleted: 1 });
    expectFailure(await a.gw.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP } }), "E007001");
    expectOk(await a.gw.rest("GET", "/zato/sso/user", { query: { ust: own, current_app: APP } }));
  });

  describe("HTTP 400 before the caller", () => {
    for (const [what, fields] of [
      ["auth_type other than basic_auth", { auth_type: "ldap" }],
      ["auth_username unknown", { auth_username: "no-such-credential" }],
    ] as const) {
      for (const [caller, ust] of [
        ["a super-user", () => a.adminUst],
        ["a forged UST", () => FORGED],
      ] as const) {
        it(`${what}, with ${caller}: plain 400, the link stays`, async () => {
          const userId = await user();
          const name = await linked(userId);
          expectPlainError(await unlink({ ust: ust(), user_id: userId, auth_username: name, ...fields }), 400, "Bad request");
          expect(await linksOf(name)).toEqual([{ user_id: userId, is_active: true }]);
        });
      }
    }
  });

  it("missing ust: 400", async () => {
    const userId = await user();
    const name = await linked(userId);
    const r = await send(a.gw, "DELETE", PATH, {
      current_app: APP,
      user_id: userId,
      auth_type: "basic_auth",
      auth_username: name,
    });
    expectPlainError(r, 400, "Bad request");
    expect(await linksOf(name)).toHaveLength(1);
  });

  it("E007001: a forged UST", async () => {
    const userId = await user();
    const name = await linked(userId);
    expectFailure(await unlink({ ust: FORGED, user_id: userId, auth_username: name }), "E007001");
    expect(await linksOf(name)).toHaveLength(1);
  });

  it("E005001: a regular user, even for their own link", async () => {
    const name = await linked(regular.userId);
    expectFailure(await unlink({ ust: regular.ust, user_id: regular.userId, auth_username: name }), "E005001");
    expect(await linksOf(name)).toHaveLength(1);
  });

  it("E008003: no user_id", async () => {
    const userId = await user();
    const name = await linked(userId);
    expectFailure(await unlink({ auth_username: name }), "E008003");
    expect(await linksOf(name)).toHaveLength(1);
  });

  it("E008001: the credential is not linked at all", async () => {
    const name = await credential();
    expectFailure(await unlink({ user_id: await user(), auth_username: name }), "E008001");
  });

  it("E008001: the credential is linked to another user", async () => {
    const owner = await user();
    const name = await linked(owner);
    expectFailure(await unlink({ user_id: await user(), auth_username: name }), "E008001");
    expect(await linksOf(name)).toEqual([{ user_id: owner, is_active: true }]);
  });

  it("E008001: unlinking twice", async () => {
    const userId = await user();
    const name = await linked(userId);
    expectOk(await unlink({ user_id: userId, auth_username: name }));
    expectFailure(await unlink({ user_id: userId, auth_username: name }), "E008001");
  });

  it("E008001: an unknown user_id (there is no such link)", async () => {
    const name = await linked(await user());
    expectFailure(await unlink({ user_id: ZERO, auth_username: name }), "E008001");
    expect(await linksOf(name)).toHaveLength(1);
  });

  it("two concurrent unlinks: one ok, the other E008001", async () => {
    const userId = await user();
    const name = await linked(userId);
    const answers = await Promise.all([
      unlink({ user_id: userId, auth_username: name }),
      unlink({ user_id: userId, auth_username: name }),
    ]);
    expect(answers.map((r) => (r.body.status === "ok" ? "ok" : (r.body.sub_status ?? []).join())).sort()).toEqual([
      "E008001",
      "ok",
    ]);
  });
});

describe("deleting a user deletes their links", () => {
  it("the credential is free to link again", async () => {
    const userId = await user();
    const name = await linked(userId);
    expectOk(await send(a.gw, "DELETE", "/zato/sso/user", { ust: a.adminUst, current_app: APP, user_id: userId }));
    expect(await linksOf(name)).toEqual([]);
    expectOk(await link({ user_id: await user(), auth_username: name }));
  });
});

// GraphQL: the same outcomes, and the HTTP 400 as a BAD_REQUEST error.

const RESULT = "__typename ... on Payload { cid status subStatus } ... on SsoError { cid status subStatus message }";
const CREATE = `mutation($ust: String, $currentApp: String, $userId: String, $authType: AuthType, $authUsername: String, $isActive: Boolean) {
  createLinkedAuth(ust: $ust, currentApp: $currentApp, userId: $userId, authType: $authType, authUsername: $authUsername, isActive: $isActive) { ${RESULT} }
}`;
const LIST = `query($ust: String, $currentApp: String, $userId: String) {
  getLinkedAuthList(ust: $ust, currentApp: $currentApp, userId: $userId) {
    ${RESULT} ... on LinkedAuthListPayload { result { authType authUsername isActive creationTime } }
  }
}`;
const DELETE = `mutation($ust: String, $currentApp: String, $userId: String, $authType: AuthType, $authUsername: String) {
  deleteLinkedAuth(ust: $ust, currentApp: $currentApp, userId: $userId, authType: $authType, authUsername: $authUsername) { ${RESULT} }
}`;

async function gq(query: string, variables: Record<string, unknown>): Promise<GraphQLAnswer<Record<string, unknown>>> {
  const r: HttpAnswer = await a.gw.graphql(query, variables);
  const body = (r.body ?? {}) as { data?: Record<string, unknown> | null; errors?: GraphQLAnswer<unknown>["errors"] };
  return { status: r.status, data: body.data, errors: body.errors, cid: r.headers.get("x-zato-cid") };
}

/** A credential and a user (linked, for linkedFixture): each surface gets its own. */
interface LinkFixture {
  name: string;
  userId: string;
}
const fixture = async (): Promise<LinkFixture> => ({ name: await credential(), userId: await user() });
const linkedFixture = async (): Promise<LinkFixture> => {
  const f = await fixture();
  expectOk(await link({ user_id: f.userId, auth_username: f.name }));
  return f;
};
const stored = async (f: LinkFixture) =>
  (await linksOf(f.name)).map((l) => ({ same_user: l.user_id === f.userId, is_active: l.is_active }));

type Vars = Record<string, unknown>;
const createScenario = (
  name: string,
  expected: ParityScenario["expected"],
  vars: (f: LinkFixture) => Vars,
  options: { precheck?: boolean } = {},
): ParityScenario<LinkFixture> => ({
  name: `createLinkedAuth: ${name}`,
  expected,
  precheck: options.precheck,
  op: options.precheck ? undefined : "user.create_linked_auth",
  rest: (f) => {
    const v: Vars = {
      ust: a.adminUst,
      currentApp: APP,
      userId: f.userId,
      authType: "basic_auth",
      authUsername: f.name,
      ...vars(f),
    };
    return send(a.gw, "POST", PATH, {
      ust: v.ust,
      current_app: v.currentApp,
      user_id: v.userId,
      auth_type: v.authType,
      auth_username: v.authUsername,
      is_active: v.isActive,
    });
  },
  graphql: (f) =>
    gq(CREATE, { ust: a.adminUst, currentApp: APP, userId: f.userId, authType: "basic_auth", authUsername: f.name, ...vars(f) }),
  effect: stored,
});

parityTests<LinkFixture>(
  [
    createScenario("success", ok, () => ({})),
    createScenario("inactive link", ok, () => ({ isActive: false })),
    createScenario("forged UST", error("E007001"), () => ({ ust: FORGED })),
    createScenario("regular caller", error("E005001"), () => ({ ust: regular.ust })),
    createScenario("no user_id", error("E008003"), () => ({ userId: undefined })),
    createScenario("unknown user_id", error("E008002"), () => ({ userId: ZERO })),
    createScenario("pre-check", error("E004001"), () => ({ currentApp: "Nope" }), { precheck: true }),
  ],
  { gateway: () => a.gw, fixture, title: "createLinkedAuth: REST and GraphQL report the same outcome" },
);

parityTests<LinkFixture>(
  [
    {
      name: "createLinkedAuth: linked already",
      expected: error("E008001"),
      op: "user.create_linked_auth",
      rest: (f) => link({ user_id: f.userId, auth_username: f.name }),
      graphql: (f) =>
        gq(CREATE, { ust: a.adminUst, currentApp: APP, userId: f.userId, authType: "basic_auth", authUsername: f.name }),
      effect: stored,
    },
    {
      name: "getLinkedAuthList: a super-user with user_id",
      expected: ok,
      op: "user.get_linked_auth_list",
      rest: (f) => list({ ust: a.adminUst, user_id: f.userId }),
      graphql: (f) => gq(LIST, { ust: a.adminUst, currentApp: APP, userId: f.userId }),
    },
    {
      name: "getLinkedAuthList: a regular user with user_id",
      expected: error("E005001"),
      op: "user.get_linked_auth_list",
      rest: (f) => list({ ust: regular.ust, user_id: f.userId }),
      graphql: (f) => gq(LIST, { ust: regular.ust, currentApp: APP, userId: f.userId }),
    },
    {
      name: "getLinkedAuthList: forged UST",
      expected: error("E007001"),
      op: "user.get_linked_auth_list",
      rest: () => list({ ust: FORGED }),
      graphql: () => gq(LIST, { ust: FORGED, currentApp: APP }),
    },
    {
      name: "deleteLinkedAuth: success",
      expected: ok,
      op: "user.delete_linked_auth",
      rest: (f) => unlink({ user_id: f.userId, auth_username: f.name }),
      graphql: (f) =>
        gq(DELETE, { ust: a.adminUst, currentApp: APP, userId: f.userId, authType: "basic_auth", authUsername: f.name }),
      effect: stored,
    },
    {
      name: "deleteLinkedAuth: regular caller",
      expected: error("E005001"),
      op: "user.delete_linked_auth",
      rest: (f) => unlink({ ust: regular.ust, user_id: f.userId, auth_username: f.name }),
      graphql: (f) =>
        gq(DELETE, { ust: regular.ust, currentApp: APP, userId: f.userId, authType: "basic_auth", authUsername: f.name }),
      effect: stored,
    },
    {
      name: "deleteLinkedAuth: no user_id",
      expected: error("E008003"),
      op: "user.delete_linked_auth",
      rest: (f) => unlink({ auth_username: f.name }),
      graphql: (f) => gq(DELETE, { ust: a.adminUst, currentApp: APP, authType: "basic_auth", authUsername: f.name }),
      effect: stored,
    },
    {
      name: "deleteLinkedAuth: linked to another user",
      expected: error("E008001"),
      op: "user.delete_linked_auth",
      rest: async (f) => unlink({ user_id: await user(), auth_username: f.name }),
      graphql: async (f) =>
        gq(DELETE, { ust: a.adminUst, currentApp: APP, userId: await user(), authType: "basic_auth", authUsername: f.name }),
      effect: stored,
    },
  ],
  { gateway: () => a.gw, fixture: linkedFixture, title: "on a linked credential: REST and GraphQL report the same outcome" },
);

describe("GraphQL", () => {
  it("getLinkedAuthList lists the items REST lists, in camelCase", async () => {
    const userId = await user();
    const name = await linked(userId, false);
    const rest = expectOk(await list({ ust: a.adminUst, user_id: userId })).result as Record<string, unknown>[];
    const g = await gq(LIST, { ust: a.adminUst, currentApp: APP, userId });
    expect(g.errors).toBeUndefined();
    const payload = g.data?.getLinkedAuthList as { status: string; result: Record<string, unknown>[] };
    expect(payload.status).toBe("ok");
    expect(payload.result).toEqual(
      rest.map((i) => ({
        authType: i.auth_type,
        authUsername: i.auth_username,
        isActive: i.is_active,
        creationTime: i.creation_time,
      })),
    );
    expect(payload.result[0]).toMatchObject({ authType: "basic_auth", authUsername: name, isActive: false });
  });

  for (const [field, query, extra] of [
    ["createLinkedAuth", CREATE, {}],
    ["deleteLinkedAuth", DELETE, {}],
  ] as const) {
    for (const [caller, ust] of [
      ["a super-user", () => a.adminUst],
      ["a forged UST", () => FORGED],
      ["no UST", () => undefined],
    ] as const) {
      it(`${field}: an unknown authUsername, with ${caller}, is the GraphQL error BAD_REQUEST`, async () => {
        const userId = await user();
        const before = await linkCount();
        const g = await gq(query, {
          ust: ust(),
          currentApp: APP,
          userId,
          authType: "basic_auth",
          authUsername: "no-such",
          ...extra,
        });
        expect(g.errors).toHaveLength(1);
        expect(g.errors?.[0]?.message).toBe("Bad request");
        expect(g.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
        expect(g.errors?.[0]?.extensions?.cid).toBe(g.cid);
        expect(g.data?.[field] ?? null).toBeNull();
        expect(await linkCount()).toBe(before);
      });
    }
  }

  it("createLinkedAuth: no authType is BAD_REQUEST too, as REST's 400", async () => {
    const name = await credential();
    const g = await gq(CREATE, { ust: a.adminUst, currentApp: APP, userId: await user(), authUsername: name });
    expect(g.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    expect(await linksOf(name)).toEqual([]);
  });

  it("an authType outside the enum is a GraphQL validation error, in a literal and in a variable", async () => {
    const name = await credential();
    const userId = await user();
    const literal = await gq(
      `mutation { createLinkedAuth(ust: "${a.adminUst}", currentApp: "${APP}", userId: "${userId}", authType: ldap, authUsername: "${name}") { __typename } }`,
      {},
    );
    expect(literal.data).toBeUndefined();
    expect(literal.errors?.[0]?.message).toMatch(/AuthType/);
    const variable = await gq(CREATE, { ust: a.adminUst, currentApp: APP, userId, authType: "ldap", authUsername: name });
    expect(variable.data).toBeUndefined();
    expect(variable.errors?.[0]?.message).toMatch(/AuthType/);
    expect(await linksOf(name)).toEqual([]);
  });

  it("a race of createLinkedAuth on both surfaces: one link, E008001 for the other", async () => {
    const name = await credential();
    const [u1, u2] = [await user(), await user()];
    const [r, g] = await Promise.all([
      link({ user_id: u1, auth_username: name }),
      gq(CREATE, { ust: a.adminUst, currentApp: APP, userId: u2, authType: "basic_auth", authUsername: name }),
    ]);
    const gPayload = g.data?.createLinkedAuth as { status: string; subStatus: string[] };
    const outcomes = [
      r.body.status === "ok" ? "ok" : (r.body.sub_status ?? []).join(),
      gPayload.status === "ok" ? "ok" : gPayload.subStatus.join(),
    ];
    expect(outcomes.sort()).toEqual(["E008001", "ok"]);
    expect(await linksOf(name)).toHaveLength(1);
  });

  it("the audit records of the BAD_REQUEST name the operation and no caller", async () => {
    const g = await gq(CREATE, {
      ust: a.adminUst,
      currentApp: APP,
      userId: await user(),
      authType: "basic_auth",
      authUsername: "no-such",
    });
    const rows = await auditRows(a.gw, g.cid);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ op: "user.create_linked_auth", outcome: "error", actor_user_id: null });
  });
});

it("no password, UST or credential password appears in an audit record", async () => {
  a.secrets.add(PASSWORD);
  await expectNoSecretsInAudit(a.gw, a.secrets);
});
