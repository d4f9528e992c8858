import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { changeBasicAuthPassword, createBasicAuth, deleteBasicAuth } from "../../src/core/linked-auth/credentials.js";
import { type AdminGateway, type AuditRow, auditRows, expectNoSecretsInAudit, send, startAdmin } from "../support/admin.js";
import {
  ADMIN_PASSWORD,
  arrangeUser,
  dbMs,
  expectFailure,
  expectOk,
  expectPlainError,
  PASSWORD,
  raw,
  SESSION_ID,
  setUser,
  UST,
} from "../support/fixtures.js";
import { APP, DAY, type HttpAnswer, MINUTE, startGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";

// A request carrying `Authorization: Basic` of an active, linked external credential acts as
// the credential's user: its first request makes a session (the UST in X-Zato-SSO-UST), later
// ones renew it. Anything that fails leaves the request as if the header had not been sent, and
// is audited. Cross-site requests never ride on Basic credentials; a UST wins over them.

const CREDENTIAL_PASSWORD = "svc-Secret-acting-4";
const WRONG = "not-the-svc-secret";
const ALLOWED_ORIGIN = "https://app.example";
const EVIL_ORIGIN = "https://evil.example";

let a: AdminGateway;

beforeAll(async () => {
  a = await startAdmin({
    apps: { all: ["CRM", "Other", "Reports"], login_allowed: ["CRM", "Other"], default: "Other" },
    server: { cors_origins: [ALLOWED_ORIGIN] },
  });
  for (const s of [CREDENTIAL_PASSWORD, WRONG, ADMIN_PASSWORD, PASSWORD]) a.secrets.add(s);
});
afterAll(() => a.gw.close());
// Tests move the clock; each starts from real time again, so that the super-user's session lives on.
afterEach(() => {
  a.gw.clock.offsetMs = 0;
});

interface Linked {
  /** The credential's name. */
  name: string;
  /** Its internal id, as its sessions' ext_session_id names it. */
  credentialId: string;
  username: string;
  userId: string;
}

/**
 * A new approved user and a new credential linked to it (both active unless told otherwise);
 * `user` columns are set after the link.
 */
async function linkedUser(
  options: { credentialActive?: boolean; linkActive?: boolean; user?: Record<string, unknown>; link?: boolean } = {},
): Promise<Linked> {
  const name = unique("svc");
  const created = await a.gw.asOperator(createBasicAuth, {
    username: name,
    password: CREDENTIAL_PASSWORD,
    is_active: options.credentialActive ?? true,
  });
  expect(created.status, JSON.stringify(created)).toBe("ok");
  const username = unique("acting");
  const userId = await arrangeUser(a.gw, username);
  if (options.link !== false) {
    expectOk(
      await send(a.gw, "POST", "/zato/sso/user/linked", {
        ust: a.adminUst,
        current_app: APP,
        user_id: userId,
        auth_type: "basic_auth",
        auth_username: name,
        is_active: options.linkActive ?? true,
      }),
    );
  }
  if (options.user) await setUser(a.gw, username, options.user);
  const [row] = await a.gw.query<{ id: string }>("SELECT id::text AS id FROM sso_external_credential WHERE username = $1", [
    name,
  ]);
  return { name, credentialId: row?.id as string, username, userId };
}

const basic = (name: string, password = CREDENTIAL_PASSWORD) => ({
  Authorization: `Basic ${Buffer.from(`${name}:${password}`).toString("base64")}`,
});

/** GET /zato/sso/user for the current user, with no UST unless `query` has one. */
const me = (headers: Record<string, string>, query: Record<string, string> = {}) =>
  a.gw.rest("GET", "/zato/sso/user", { query: { current_app: APP, ...query }, headers });

const ME = `query($ust: String, $currentApp: String) {
  getCurrentUser(ust: $ust, currentApp: $currentApp) {
    __typename ... on UserPayload { status username } ... on SsoError { status subStatus }
  }
}`;

/** GraphQL getCurrentUser, with no UST unless `vars` has one. */
async function gme(headers: Record<string, string>, vars: Record<string, unknown> = {}) {
  const r = await a.gw.graphql(ME, { currentApp: APP, ...vars }, headers);
  expect(r.status, r.text).toBe(200);
  const data = r.body?.data as { getCurrentUser: { __typename: string; username?: string; subStatus?: string[] } } | undefined;
  return { r, result: data?.getCurrentUser, cid: r.headers.get("x-zato-cid") };
}

/** The UST a response gave in X-Zato-SSO-UST (remembered as a secret), failing unless there is one. */
function issued(r: HttpAnswer): string {
  const ust = r.headers.get("x-zato-sso-ust");
  expect(ust, r.text).toMatch(UST);
  a.secrets.add(ust as string);
  return ust as string;
}

interface StoredSession {
  session_id: string;
  auth_type: string;
  auth_principal: string;
  ext_session_id: string | null;
  expiration_time: string;
  state_change_list: { ctx_source: string; idx: number }[];
}

/** Every session of a user, oldest first. */
const sessions = (username: string) =>
  a.gw.query<StoredSession>(
    `SELECT s.session_id, s.auth_type, s.auth_principal, s.ext_session_id, s.expiration_time::text AS expiration_time,
            s.state_change_list
       FROM sso_session s JOIN sso_user u ON u.id = s.user_id WHERE u.username = $1 ORDER BY s.creation_time, s.id`,
    [username],
  );

/** Every session made through the credential. */
const sessionsOfCredential = (l: Linked) =>
  a.gw.query<StoredSession>("SELECT session_id FROM sso_session WHERE ext_session_id = $1", [`basic_auth.${l.credentialId}`]);

/** The records of linked-credential logins of a request. */
const externalRecords = async (cid: string | null): Promise<AuditRow[]> =>
  (await auditRows(a.gw, cid)).filter((row) => row.op.startsWith("session.on_external_auth"));

/** The one failed linked-credential login recorded for a request. */
async function failedRecord(cid: string | null): Promise<AuditRow> {
  const rows = await externalRecords(cid);
  expect(rows.map((row) => row.op)).toEqual(["session.on_external_auth_failed"]);
  return rows[0] as AuditRow;
}

/** GraphQL's stand-in for REST's 400 (no UST, and no Basic principal that authenticated). */
function expectGraphqlBadRequest(g: Awaited<ReturnType<typeof gme>>, label?: string) {
  expect(g.result ?? null, label).toBeNull();
  const errors = g.r.body?.errors as { extensions?: { code?: string } }[] | undefined;
  expect(
    errors?.map((e) => e.extensions?.code),
    label,
  ).toEqual(["BAD_REQUEST"]);
}

/**
 * The request went on without a caller: GraphQL getCurrentUser, with no UST, answers the
 * BAD_REQUEST error that stands for REST's 400 (a failed Basic principal is as if it had not
 * been sent), no UST was issued, and the failure was audited with `subStatus`. Returns the audit record.
 */
async function expectAnonymousGraphql(headers: Record<string, string>, subStatus: string[]): Promise<AuditRow> {
  const g = await gme(headers);
  expectGraphqlBadRequest(g);
  expect(g.r.headers.get("x-zato-sso-ust")).toBeNull();
  const record = await failedRecord(g.cid);
  expect(record).toMatchObject({ outcome: "error", sub_status: subStatus, actor_user_id: null, actor_session_id: null });
  return record;
}

/** On REST: no caller, no UST issued, a failure audited; never a 5xx. */
async function expectAnonymousRest(headers: Record<string, string>): Promise<HttpAnswer> {
  const r = await me(headers);
  expect(r.status, r.text).toBeLessThan(500);
  expect(r.body?.status, r.text).not.toBe("ok");
  expect(r.headers.get("x-zato-sso-ust")).toBeNull();
  return r;
}

describe("the first request makes a session", () => {
  it("REST: the answer is the user's, the UST in X-Zato-SSO-UST, the session of type basic_auth", async () => {
    const l = await linkedUser();
    const r = await me(basic(l.name));
    expect(expectOk(r).username).toBe(l.username);
    const ust = issued(r);

    const stored = await sessions(l.username);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      auth_type: "basic_auth",
      auth_principal: l.username,
      ext_session_id: `basic_auth.${l.credentialId}`,
      state_change_list: [expect.objectContaining({ ctx_source: "login", idx: 1 })],
    });
    expect(stored[0]?.session_id).toMatch(SESSION_ID);

    const records = await auditRows(a.gw, r.headers.get("x-zato-cid"));
    expect(records.map((row) => row.op)).toEqual(["session.on_external_auth_succeeded", "user.get_current_user"]);
    expect(records[0]).toMatchObject({
      outcome: "ok",
      actor_user_id: l.userId,
      actor_session_id: stored[0]?.session_id,
      target_user_id: l.userId,
      details: expect.objectContaining({ auth_username: l.name, session_id: stored[0]?.session_id }),
    });
    expect(records[1]).toMatchObject({ outcome: "ok", actor_user_id: l.userId, actor_session_id: stored[0]?.session_id });
    expect(ust).not.toBe(a.adminUst);
  });

  it("the UST works as any UST: as a parameter, in the header, in session calls and for logout", async () => {
    const l = await linkedUser();
    const ust = issued(await me(basic(l.name)));
    expect(expectOk(await me({}, { ust })).username).toBe(l.username);
    expect(expectOk(await me({ "X-Zato-SSO-UST": ust })).username).toBe(l.username);

    const listed = expectOk(await a.gw.rest("GET", "/zato/sso/user/session/list", { query: { ust, current_app: APP } }));
    expect(listed.result).toEqual([
      expect.objectContaining({
        auth_type: "basic_auth",
        auth_principal: l.username,
        ext_session_id: `basic_auth.${l.credentialId}`,
      }),
    ]);
    const g = await gme({}, { ust });
    expect(g.result).toMatchObject({ __typename: "UserPayload", username: l.username });

    expectOk(await send(a.gw, "POST", "/zato/sso/user/logout", { ust, current_app: APP }));
    expectFailure(await me({}, { ust }), "E007001");
  });

  it("GraphQL: getCurrentUser with only the Authorization header acts as the user, the UST in X-Zato-SSO-UST", async () => {
    const l = await linkedUser();
    const g = await gme(basic(l.name));
    expect(g.result).toEqual({ __typename: "UserPayload", status: "ok", username: l.username });
    const ust = issued(g.r);
    expect((await sessions(l.username)).map((s) => s.auth_type)).toEqual(["basic_auth"]);
    expect(expectOk(await me({}, { ust })).username).toBe(l.username);
    const records = await auditRows(a.gw, g.cid);
    expect(records.map((row) => row.op)).toEqual(["session.on_external_auth_succeeded", "user.get_current_user"]);
  });

  it("GraphQL: a document of several fields makes one session", async () => {
    const l = await linkedUser();
    const r = await a.gw.graphql(
      `query { one: getCurrentUser(currentApp: "${APP}") { __typename ... on UserPayload { username } }
               two: getCurrentUser(currentApp: "${APP}") { __typename ... on UserPayload { username } } }`,
      {},
      basic(l.name),
    );
    expect(r.body.data).toEqual({
      one: { __typename: "UserPayload", username: l.username },
      two: { __typename: "UserPayload", username: l.username },
    });
    issued(r);
    expect(await sessions(l.username)).toHaveLength(1);
  });

  it("a call for super-users works through a super-user's linked credential", async () => {
    const name = unique("svc");
    expect((await a.gw.asOperator(createBasicAuth, { username: name, password: CREDENTIAL_PASSWORD })).status).toBe("ok");
    expectOk(
      await send(a.gw, "POST", "/zato/sso/user/linked", {
        ust: a.adminUst,
        current_app: APP,
        user_id: a.adminId,
        auth_type: "basic_auth",
        auth_username: name,
      }),
    );
    const other = await linkedUser();
    const r = await a.gw.rest("GET", "/zato/sso/user/linked", {
      query: { current_app: APP, user_id: other.userId },
      headers: basic(name),
    });
    expect((expectOk(r).result as { auth_username: string }[]).map((i) => i.auth_username)).toEqual([other.name]);
    issued(r);
    expectOk(
      await send(a.gw, "DELETE", "/zato/sso/user/linked", {
        ust: a.adminUst,
        current_app: APP,
        user_id: a.adminId,
        auth_type: "basic_auth",
        auth_username: name,
      }),
    );
  });
});

describe("later requests renew that session", () => {
  it("no new session, no header, expiration moved, a renew entry, the UST still valid", async () => {
    const l = await linkedUser();
    const ust = issued(await me(basic(l.name)));
    const [first] = await sessions(l.username);

    a.gw.clock.advance(10 * MINUTE);
    const r = await me(basic(l.name));
    expect(expectOk(r).username).toBe(l.username);
    expect(r.headers.get("x-zato-sso-ust")).toBeNull();

    const stored = await sessions(l.username);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.session_id).toBe(first?.session_id);
    const moved = dbMs(stored[0]?.expiration_time as string) - dbMs(first?.expiration_time as string);
    expect(moved).toBeGreaterThanOrEqual(10 * MINUTE - 1000);
    expect(moved).toBeLessThanOrEqual(10 * MINUTE + 5000);
    expect(stored[0]?.state_change_list.map((e) => [e.ctx_source, e.idx])).toEqual([
      ["login", 1],
      ["renew", 2],
    ]);
    const [record] = await externalRecords(r.headers.get("x-zato-cid"));
    expect(record).toMatchObject({
      op: "session.on_external_auth_succeeded",
      actor_session_id: first?.session_id,
      details: expect.objectContaining({ renewed: true }),
    });
    expectOk(await me({}, { ust }));
  });

  it("the session is reused across requests on both surfaces", async () => {
    const l = await linkedUser();
    issued(await me(basic(l.name)));
    for (let i = 0; i < 3; i++) {
      a.gw.clock.advance(MINUTE);
      const r = await me(basic(l.name));
      expectOk(r);
      expect(r.headers.get("x-zato-sso-ust")).toBeNull();
      const g = await gme(basic(l.name));
      expect(g.result?.username).toBe(l.username);
      expect(g.r.headers.get("x-zato-sso-ust")).toBeNull();
    }
    const stored = await sessions(l.username);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.state_change_list.filter((e) => e.ctx_source === "renew")).toHaveLength(6);
  });

  it("an expired session is not renewed: a new one is made, with a new UST", async () => {
    const l = await linkedUser();
    const first = issued(await me(basic(l.name)));
    a.gw.clock.advance((a.gw.config.session.expiry + 1) * MINUTE);
    const r = await me(basic(l.name));
    expectOk(r);
    const second = issued(r);
    expect(second).not.toBe(first);
    expectFailure(await me({}, { ust: first }), "E007001");
    expectOk(await me({}, { ust: second }));
  });

  it("a session the user logged in to with a password is never taken for the credential's", async () => {
    const l = await linkedUser();
    await a.gw.login(l.username, PASSWORD);
    const r = await me(basic(l.name));
    issued(r);
    expect((await sessions(l.username)).map((s) => s.auth_type)).toEqual(["default", "basic_auth"]);
  });
});

describe("current_app of the session", () => {
  it("comes from the X-Zato-SSO-Current-App header", async () => {
    const l = await linkedUser();
    const r = await me({ ...basic(l.name), "X-Zato-SSO-Current-App": "CRM" });
    issued(r);
    const [record] = await externalRecords(r.headers.get("x-zato-cid"));
    expect(record).toMatchObject({ op: "session.on_external_auth_succeeded", current_app: "CRM" });
  });

  it("else from [apps] default, whatever the call's current_app parameter", async () => {
    const l = await linkedUser();
    const r = await me(basic(l.name), { current_app: "CRM" });
    issued(r);
    const [record] = await externalRecords(r.headers.get("x-zato-cid"));
    expect(record).toMatchObject({ op: "session.on_external_auth_succeeded", current_app: "Other" });
  });

  it("a header naming an application not allowed to log in: no session (E004001 audited)", async () => {
    const l = await linkedUser();
    const headers = { ...basic(l.name), "X-Zato-SSO-Current-App": "Reports" };
    const r = await expectAnonymousRest(headers);
    const record = await failedRecord(r.headers.get("x-zato-cid"));
    expect(record).toMatchObject({ current_app: "Reports", sub_status: ["E004001"] });
    expect(await sessions(l.username)).toEqual([]);
  });

  it("[apps] default not allowed to log in: no session without the header, one with it", async () => {
    const gw = await startGateway({ apps: { all: ["CRM", "Reports"], login_allowed: ["CRM"], default: "Reports" } });
    try {
      const adminId = await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
      const adminUst = await gw.login("admin1", ADMIN_PASSWORD);
      expect((await gw.asOperator(createBasicAuth, { username: "svc", password: CREDENTIAL_PASSWORD })).status).toBe("ok");
      const userId = await gw.createUser("u1", PASSWORD);
      expect(adminId).not.toBe(userId);
      expectOk(
        await gw.rest("POST", "/zato/sso/user/linked", {
          body: { ust: adminUst, current_app: APP, user_id: userId, auth_type: "basic_auth", auth_username: "svc" },
        }),
      );
      const headers = basic("svc");
      const refused = await gw.rest("GET", "/zato/sso/user", { query: { current_app: APP }, headers });
      // The credential refused, the request has no UST: a missing required parameter.
      expect([refused.status, refused.body?.details]).toEqual([400, "Bad request"]);
      expect(refused.headers.get("x-zato-sso-ust")).toBeNull();
      await gw.services.audit.flush();
      const [failed] = await gw.query<{ op: string; current_app: string; sub_status: string[] }>(
        "SELECT op, current_app, sub_status FROM sso_audit_log WHERE cid = $1 AND op LIKE 'session.on_external%'",
        [refused.headers.get("x-zato-cid")],
      );
      expect(failed).toEqual({ op: "session.on_external_auth_failed", current_app: "Reports", sub_status: ["E004001"] });

      const accepted = await gw.rest("GET", "/zato/sso/user", {
        query: { current_app: APP },
        headers: { ...headers, "X-Zato-SSO-Current-App": "CRM" },
      });
      expect(accepted.body?.username).toBe("u1");
      expect(accepted.headers.get("x-zato-sso-ust")).toMatch(UST);
    } finally {
      await gw.close();
    }
  });
});

describe("failures leave the request without a caller, audited", () => {
  it("a wrong password", async () => {
    const l = await linkedUser();
    await expectAnonymousRest(basic(l.name, WRONG));
    const record = await expectAnonymousGraphql(basic(l.name, WRONG), ["E005001"]);
    expect(record.details).toMatchObject({ auth_username: l.name });
    expect(await sessions(l.username)).toEqual([]);
  });

  it("an empty password", async () => {
    const l = await linkedUser();
    await expectAnonymousGraphql(basic(l.name, ""), ["E005001"]);
    expect(await sessions(l.username)).toEqual([]);
  });

  it("the password of the user instead of the credential's", async () => {
    const l = await linkedUser();
    await expectAnonymousGraphql(basic(l.name, PASSWORD), ["E005001"]);
    await expectAnonymousGraphql(basic(l.username, PASSWORD), ["E005001"]);
    expect(await sessions(l.username)).toEqual([]);
  });

  it("an unknown credential", async () => {
    const record = await expectAnonymousGraphql(basic("no-such-credential"), ["E005001"]);
    expect(record).toMatchObject({
      target_user_id: null,
      details: expect.objectContaining({ auth_username: "no-such-credential" }),
    });
  });

  it("a name holding a NUL character (which no credential can have): an unknown credential, never a 500", async () => {
    const headers = basic("no-such\u0000credential");
    const r = await expectAnonymousRest(headers);
    expectPlainError(r, 400, "Bad request");
    const record = await expectAnonymousGraphql(headers, ["E005001"]);
    expect(record.details).toMatchObject({ auth_username: "no-such\uFFFDcredential" });
    const logout = await send(a.gw, "POST", "/zato/sso/user/logout", { current_app: APP, ust: "no-such-ust" }, headers);
    expect({ status: logout.status, status_field: logout.body?.status }).toEqual({ status: 200, status_field: "ok" });
  });

  it("an inactive credential", async () => {
    const l = await linkedUser({ credentialActive: false });
    await expectAnonymousRest(basic(l.name));
    await expectAnonymousGraphql(basic(l.name), ["E005001"]);
    expect(await sessions(l.username)).toEqual([]);
  });

  it("an inactive link", async () => {
    const l = await linkedUser({ linkActive: false });
    await expectAnonymousRest(basic(l.name));
    await expectAnonymousGraphql(basic(l.name), ["E005001"]);
    expect(await sessions(l.username)).toEqual([]);
  });

  it("a credential linked to nobody", async () => {
    const l = await linkedUser({ link: false });
    await expectAnonymousGraphql(basic(l.name), ["E005001"]);
    expect(await sessions(l.username)).toEqual([]);
  });

  it("a locked user: no session (E005002)", async () => {
    const l = await linkedUser({ user: { is_locked: true } });
    await expectAnonymousRest(basic(l.name));
    const record = await expectAnonymousGraphql(basic(l.name), ["E005002"]);
    expect(record.target_user_id).toBe(l.userId);
    expect(await sessions(l.username)).toEqual([]);
  });

  it("a user not approved (any approval status is looked up): E005003", async () => {
    for (const status of ["before_decision", "rejected"]) {
      const l = await linkedUser({ user: { approval_status: status } });
      await expectAnonymousGraphql(basic(l.name), ["E005003"]);
      expect(await sessions(l.username)).toEqual([]);
    }
  });

  it("a user who must change the password: E003007", async () => {
    const l = await linkedUser({ user: { password_must_change: true } });
    await expectAnonymousGraphql(basic(l.name), ["E003007"]);
    expect(await sessions(l.username)).toEqual([]);
  });

  it("a user whose password expired: E005001 (inform_if_expired is false)", async () => {
    const l = await linkedUser({ user: { password_expiry: new Date(a.gw.clock.now().getTime() - DAY) } });
    await expectAnonymousGraphql(basic(l.name), ["E005001"]);
    expect(await sessions(l.username)).toEqual([]);
  });

  it("a user locked after the session was made: the session is not renewed, the request has no caller", async () => {
    const l = await linkedUser();
    issued(await me(basic(l.name)));
    const [before] = await sessions(l.username);
    await setUser(a.gw, l.username, { is_locked: true });
    a.gw.clock.advance(MINUTE);
    await expectAnonymousGraphql(basic(l.name), ["E005002"]);
    const [after] = await sessions(l.username);
    expect(after?.expiration_time).toBe(before?.expiration_time);
    expect(after?.state_change_list).toHaveLength(1);
  });

  it("wrong passwords never make sessions, even after a right one made one", async () => {
    const l = await linkedUser();
    for (let i = 0; i < 3; i++) await expectAnonymousGraphql(basic(l.name, `${WRONG}${i}`), ["E005001"]);
    expect(await sessions(l.username)).toEqual([]);
    const ust = issued(await me(basic(l.name)));
    const [made] = await sessions(l.username);
    a.gw.clock.advance(MINUTE);
    await expectAnonymousGraphql(basic(l.name, WRONG), ["E005001"]);
    const stored = await sessions(l.username);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.expiration_time).toBe(made?.expiration_time);
    expectOk(await me({}, { ust }));
  });

  describe("on REST, as if the header had not been sent: HTTP 400 for the missing required ust", () => {
    for (const [what, arrange, password] of [
      ["a wrong password", () => linkedUser(), WRONG],
      ["an inactive link", () => linkedUser({ linkActive: false }), CREDENTIAL_PASSWORD],
      ["a locked user", () => linkedUser({ user: { is_locked: true } }), CREDENTIAL_PASSWORD],
    ] as const) {
      it(what, async () => {
        const l = await arrange();
        const without = await me({});
        expectPlainError(without, 400, "Bad request");
        const r = await me(basic(l.name, password));
        expectPlainError(r, 400, "Bad request");
        expect(r.headers.get("x-zato-sso-ust")).toBeNull();
        expect(await sessions(l.username)).toEqual([]);
      });
    }

    it("logout with an unknown credential: the same answer as without the header (400)", async () => {
      // Logout answers ok whatever the UST names; with no UST at all it is the 400 of a missing ust.
      const without = await send(a.gw, "POST", "/zato/sso/user/logout", { current_app: APP });
      const r = await send(a.gw, "POST", "/zato/sso/user/logout", { current_app: APP }, basic("no-such-credential"));
      expect({ status: r.status, body: { ...r.body, cid: undefined } }).toEqual({
        status: without.status,
        body: { ...without.body, cid: undefined },
      });
    });
  });
});

/** One GraphQL document acting with the credential: a logout, then a renewal, which finds no session (E007001). */
async function expectLogoutThenNoSession(l: Linked) {
  const r = await a.gw.graphql(
    `mutation { out: logout(currentApp: "${APP}") { __typename } again: renewSession(currentApp: "${APP}") { __typename ... on SsoError { subStatus } } }`,
    {},
    basic(l.name),
  );
  expect(r.body.data).toEqual({
    out: { __typename: "EmptyPayload" },
    again: { __typename: "SsoError", subStatus: ["E007001"] },
  });
}

describe("the credential's session is the caller's session for the rest of the request", () => {
  it("logout with only the Basic header ends the credential's session", async () => {
    const l = await linkedUser();
    const ust = issued(await me(basic(l.name)));
    const r = await send(a.gw, "POST", "/zato/sso/user/logout", { current_app: APP }, basic(l.name));
    expectOk(r);
    expectFailure(await me({}, { ust }), "E007001");
    expect(await sessionsOfCredential(l)).toEqual([]);
  });

  it("a GraphQL document of several mutations checks the password once: a wrong one is one failure, the right one one success", async () => {
    const l = await linkedUser();
    const renewals = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `r${i}: renewSession(currentApp: "${APP}") { __typename }`).join(" ");
    const wrong = await a.gw.graphql(`mutation { ${renewals} }`, {}, basic(l.name, WRONG));
    await a.gw.services.audit.flush();
    const failed = await auditRows(a.gw, wrong.headers.get("x-zato-cid") as string);
    expect(failed.filter((r) => r.op.startsWith("session.on_external_auth"))).toHaveLength(1);
    // One failure from this address: the right password still acts, on either surface.
    expect(expectOk(await me(basic(l.name))).username).toBe(l.username);

    const right = await a.gw.graphql(`mutation { ${renewals} }`, {}, basic(l.name));
    expect(Object.values(right.body.data as Record<string, { __typename: string }>).map((f) => f.__typename)).toEqual(
      Array(8).fill("RenewSessionPayload"),
    );
    await a.gw.services.audit.flush();
    const succeeded = await auditRows(a.gw, right.headers.get("x-zato-cid") as string);
    expect(succeeded.filter((r) => r.op === "session.on_external_auth_succeeded")).toHaveLength(1);
  });

  it("after a logout earlier in the document, later fields find the session ended (E007001), and no new one is made", async () => {
    const l = await linkedUser();
    issued(await me(basic(l.name)));
    await expectLogoutThenNoSession(l);
    expect(await sessionsOfCredential(l)).toEqual([]);
  });

  it("with two live sessions of the credential, a logout earlier in the document ends the one the request acts with, and later fields do not take the other", async () => {
    const l = await linkedUser();
    issued(await me(basic(l.name)));
    // A second live session of the credential, older than the first (as concurrent first requests leave).
    await a.gw.query(
      `INSERT INTO sso_session (session_id, ust_hash, user_id, creation_time, expiration_time, remote_addr, user_agent,
         auth_type, auth_principal, ext_session_id, state_change_list, current_app)
       SELECT 'zses' || substr(md5(random()::text), 1, 26), md5(random()::text) || md5(random()::text), user_id,
              creation_time - interval '1 minute', expiration_time, remote_addr, user_agent, auth_type, auth_principal,
              ext_session_id, state_change_list, current_app
         FROM sso_session WHERE ext_session_id = $1`,
      [`basic_auth.${l.credentialId}`],
    );
    const before = await sessionsOfCredential(l);
    expect(before).toHaveLength(2);
    await expectLogoutThenNoSession(l);
    expect(await sessionsOfCredential(l)).toHaveLength(1);
  });

  it("concurrent first requests all act as the user, and every UST they were given works", async () => {
    const l = await linkedUser();
    const answers = await Promise.all([1, 2, 3].map(() => me(basic(l.name))));
    for (const r of answers) expect(expectOk(r).username).toBe(l.username);
    const given = answers.map((r) => r.headers.get("x-zato-sso-ust")).filter((u): u is string => u !== null);
    expect(given.length).toBeGreaterThan(0);
    for (const ust of given) {
      a.secrets.add(ust);
      expectOk(await me({}, { ust }));
    }
    expect((await sessionsOfCredential(l)).length).toBe(given.length);
  });
});

describe("what a Basic principal may hold", () => {
  it("the scheme in any case", async () => {
    const l = await linkedUser();
    const value = basic(l.name).Authorization.replace("Basic", "bAsIc");
    expect(expectOk(await me({ Authorization: value })).username).toBe(l.username);
  });

  it("a password holding colons: the user-id ends at the first colon", async () => {
    const name = unique("svc");
    const password = "pass:with:colons";
    a.secrets.add(password);
    expect((await a.gw.asOperator(createBasicAuth, { username: name, password })).status).toBe("ok");
    const username = unique("colon");
    const userId = await arrangeUser(a.gw, username);
    expectOk(
      await send(a.gw, "POST", "/zato/sso/user/linked", {
        ust: a.adminUst,
        current_app: APP,
        user_id: userId,
        auth_type: "basic_auth",
        auth_username: name,
      }),
    );
    expect(expectOk(await me(basic(name, password))).username).toBe(username);
  });

  it("a name and a password in UTF-8", async () => {
    const name = unique("sérvïce-");
    const password = "pässwörd-ünïcode";
    a.secrets.add(password);
    expect((await a.gw.asOperator(createBasicAuth, { username: name, password })).status).toBe("ok");
    const username = unique("utf");
    const userId = await arrangeUser(a.gw, username);
    expectOk(
      await send(a.gw, "POST", "/zato/sso/user/linked", {
        ust: a.adminUst,
        current_app: APP,
        user_id: userId,
        auth_type: "basic_auth",
        auth_username: name,
      }),
    );
    const g = await gme(basic(name, password));
    expect(g.result?.username).toBe(username);
    const [session] = await sessions(username);
    expect(session?.auth_principal).toBe(username);
  });
});

describe("the brute-force defence covers Basic credentials", () => {
  it("after address_threshold wrong passwords, the right one is refused too (throttled), and no session is made", async () => {
    const l = await linkedUser();
    const threshold = a.gw.config.brute_force.address_threshold;
    for (let i = 0; i < threshold; i++) {
      const record = await expectAnonymousGraphql(basic(l.name, WRONG), ["E005001"]);
      expect(record.details.throttled).toBeUndefined();
    }
    const refused = await expectAnonymousGraphql(basic(l.name), ["E005001"]);
    expect(refused.details).toMatchObject({ throttled: true, auth_username: l.name });
    await expectAnonymousRest(basic(l.name));
    expect(await sessions(l.username)).toEqual([]);

    // The refusal is for the credential, not for the user: the user's own login still works.
    expect(await a.gw.login(l.username, PASSWORD)).toMatch(UST);
  });

  it("the credential's counters are not a user's: failures of a credential named like a user do not hold back that user", async () => {
    const username = unique("twin");
    await arrangeUser(a.gw, username);
    expect((await a.gw.asOperator(createBasicAuth, { username, password: CREDENTIAL_PASSWORD })).status).toBe("ok");
    for (let i = 0; i <= a.gw.config.brute_force.address_threshold; i++) await gme(basic(username, WRONG));
    expect(await a.gw.login(username, PASSWORD)).toMatch(UST);
  });

  it("the right password before the threshold clears the count from that address", async () => {
    const l = await linkedUser();
    const threshold = a.gw.config.brute_force.address_threshold;
    for (let i = 0; i < threshold - 1; i++) await expectAnonymousGraphql(basic(l.name, WRONG), ["E005001"]);
    issued(await me(basic(l.name)));
    for (let i = 0; i < threshold - 1; i++) await expectAnonymousGraphql(basic(l.name, WRONG), ["E005001"]);
    const g = await gme(basic(l.name));
    expect(g.result?.username).toBe(l.username);
  });
});

describe("what ends the sessions of a credential", () => {
  it("unlinking: the UST stops working, and Basic no longer acts", async () => {
    const l = await linkedUser();
    const ust = issued(await me(basic(l.name)));
    expectOk(
      await send(a.gw, "DELETE", "/zato/sso/user/linked", {
        ust: a.adminUst,
        current_app: APP,
        user_id: l.userId,
        auth_type: "basic_auth",
        auth_username: l.name,
      }),
    );
    expectFailure(await me({}, { ust }), "E007001");
    expect(await sessionsOfCredential(l)).toEqual([]);
    await expectAnonymousGraphql(basic(l.name), ["E005001"]);
  });

  it("deleting the credential (no confirmation asked): the UST stops working, the link is gone", async () => {
    const l = await linkedUser();
    const ust = issued(await me(basic(l.name)));
    const own = await a.gw.login(l.username, PASSWORD);
    a.secrets.add(own);
    const outcome = await a.gw.asOperator(deleteBasicAuth, { username: l.name });
    expect(outcome).toMatchObject({ status: "ok", data: { deleted: true } });
    expectFailure(await me({}, { ust }), "E007001");
    expect(await sessionsOfCredential(l)).toEqual([]);
    expect(
      await a.gw.query("SELECT 1 FROM sso_linked_auth l JOIN sso_user u ON u.id = l.user_id WHERE u.user_id = $1", [l.userId]),
    ).toEqual([]);
    // The user's own session stays.
    expectOk(await me({}, { ust: own }));
    await expectAnonymousGraphql(basic(l.name), ["E005001"]);
  });

  it("deleting the user: the UST stops working, the link is gone", async () => {
    const l = await linkedUser();
    const ust = issued(await me(basic(l.name)));
    expectOk(await send(a.gw, "DELETE", "/zato/sso/user", { ust: a.adminUst, current_app: APP, user_id: l.userId }));
    expectFailure(await me({}, { ust }), "E007001");
    expect(await sessionsOfCredential(l)).toEqual([]);
    expect(
      await a.gw.query(
        "SELECT 1 FROM sso_linked_auth l JOIN sso_external_credential c ON c.id = l.credential_id WHERE c.username = $1",
        [l.name],
      ),
    ).toEqual([]);
    await expectAnonymousGraphql(basic(l.name), ["E005001"]);
  });

  it("changing the credential's password does not: the UST stays, the old password fails, the new one renews", async () => {
    const l = await linkedUser();
    const ust = issued(await me(basic(l.name)));
    const fresh = "svc-Secret-changed-9";
    a.secrets.add(fresh);
    expect((await a.gw.asOperator(changeBasicAuthPassword, { username: l.name, password: fresh })).status).toBe("ok");
    expectOk(await me({}, { ust }));
    await expectAnonymousGraphql(basic(l.name), ["E005001"]);
    const r = await me(basic(l.name, fresh));
    expectOk(r);
    expect(r.headers.get("x-zato-sso-ust")).toBeNull();
    expect(await sessions(l.username)).toHaveLength(1);
  });
});

describe("cross-site requests", () => {
  it("an Origin not in [server] cors_origins: not authenticated by Basic, nothing made, nothing audited as a login", async () => {
    const l = await linkedUser();
    const headers = { ...basic(l.name), Origin: EVIL_ORIGIN };
    const r = await me(headers);
    expectPlainError(r, 400, "Bad request");
    expect(r.headers.get("x-zato-sso-ust")).toBeNull();
    expect(r.headers.get("access-control-allow-origin")).toBeNull();
    const g = await gme(headers);
    expectGraphqlBadRequest(g);
    expect(g.r.headers.get("x-zato-sso-ust")).toBeNull();
    expect(await externalRecords(r.headers.get("x-zato-cid"))).toEqual([]);
    expect(await externalRecords(g.cid)).toEqual([]);
    expect(await sessions(l.username)).toEqual([]);
  });

  it("an Origin not listed does not ride on a session made earlier either", async () => {
    const l = await linkedUser();
    issued(await me(basic(l.name)));
    for (const origin of [EVIL_ORIGIN, "null", `${ALLOWED_ORIGIN}.evil.example`, "http://app.example"]) {
      const g = await gme({ ...basic(l.name), Origin: origin });
      expectGraphqlBadRequest(g, origin);
    }
  });

  it("an Origin listed in [server] cors_origins is authenticated, and may read the UST header", async () => {
    const l = await linkedUser();
    const r = await me({ ...basic(l.name), Origin: ALLOWED_ORIGIN });
    expect(expectOk(r).username).toBe(l.username);
    issued(r);
    expect(r.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(r.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("x-zato-sso-ust");
    const g = await gme({ ...basic(l.name), Origin: ALLOWED_ORIGIN });
    expect(g.result?.username).toBe(l.username);
  });
});

describe("a UST wins over Basic as the caller; the principal still makes its session", () => {
  /** A regular user of its own, logged in with a password. */
  async function other() {
    const username = unique("ustwins");
    await arrangeUser(a.gw, username);
    const ust = await a.gw.login(username, PASSWORD);
    a.secrets.add(ust);
    return { username, ust };
  }

  /** The principal's session was made in this request: one success recorded, one session, its UST sent. */
  async function expectMadeAside(l: Linked, r: HttpAnswer, cid: string | null) {
    expect((await externalRecords(cid)).map((row) => row.op)).toEqual(["session.on_external_auth_succeeded"]);
    const made = await sessions(l.username);
    expect(made.map((m) => m.auth_type)).toEqual(["basic_auth"]);
    const ust = issued(r);
    expect(expectOk(await me({}, { ust })).username).toBe(l.username);
  }

  for (const [where, call] of [
    ["the ust parameter", (ust: string, headers: Record<string, string>) => me(headers, { ust })],
    ["the X-Zato-SSO-UST header", (ust: string, headers: Record<string, string>) => me({ ...headers, "X-Zato-SSO-UST": ust })],
  ] as const) {
    it(`REST: ${where}`, async () => {
      const l = await linkedUser();
      const o = await other();
      const r = await call(o.ust, basic(l.name));
      expect(expectOk(r).username).toBe(o.username);
      await expectMadeAside(l, r, r.headers.get("x-zato-cid"));
    });
  }

  it("GraphQL: the ust argument and the X-Zato-SSO-UST header", async () => {
    const l = await linkedUser();
    const o = await other();
    const byArgument = await gme(basic(l.name), { ust: o.ust });
    expect(byArgument.result?.username).toBe(o.username);
    await expectMadeAside(l, byArgument.r, byArgument.cid);
    // The next request renews that session: no new one, no header.
    const byHeader = await gme({ ...basic(l.name), "X-Zato-SSO-UST": o.ust });
    expect(byHeader.result?.username).toBe(o.username);
    expect(byHeader.r.headers.get("x-zato-sso-ust")).toBeNull();
    expect((await externalRecords(byHeader.cid)).map((row) => row.op)).toEqual(["session.on_external_auth_succeeded"]);
    expect(await sessions(l.username)).toHaveLength(1);
  });

  it("an invalid UST parameter is not replaced by Basic", async () => {
    const l = await linkedUser();
    const r = await me(basic(l.name), { ust: `zust${"9".repeat(52)}` });
    expectFailure(r, "E007001");
    await expectMadeAside(l, r, r.headers.get("x-zato-cid"));
  });

  it("a call that needs no caller (a password-reset request) makes the session too", async () => {
    const l = await linkedUser();
    const r = await a.gw.rest("POST", "/zato/sso/password/reset", {
      body: { credential: unique("nobody"), current_app: APP },
      headers: basic(l.name),
    });
    expect(r.body.status, r.text).toBe("ok");
    await expectMadeAside(l, r, r.headers.get("x-zato-cid"));
  });

  it("a call refused for a missing parameter still sends the UST of the session it made", async () => {
    const l = await linkedUser();
    const r = await a.gw.rest("POST", "/zato/sso/user/lock", { body: { current_app: APP }, headers: basic(l.name) });
    expect(r.status).toBe(400);
    await expectMadeAside(l, r, r.headers.get("x-zato-cid"));
  });
});

describe("hostile Authorization headers are treated as absent, never a 5xx", () => {
  const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");
  const cases: [string, string][] = [
    ["no colon", `Basic ${b64("justaname")}`],
    ["bad base64", "Basic !!!not-base64!!!"],
    ["base64 of bytes without a colon", "Basic abc"],
    ["empty user", `Basic ${b64(`:${CREDENTIAL_PASSWORD}`)}`],
    ["nothing after Basic", "Basic"],
    ["only spaces after Basic", "Basic    "],
    ["another scheme", `Bearer ${b64("svc:secret")}`],
    ["Basic twice", `Basic Basic ${b64("svc:secret")}`],
    ["a comma-joined list", `Basic ${b64("a:b")}, Basic ${b64("c:d")}`],
  ];
  for (const [what, value] of cases) {
    it(`${what}: REST 400 as without a UST, GraphQL BAD_REQUEST, no login recorded`, async () => {
      const r = await raw(a.gw, "GET", `/zato/sso/user?current_app=${APP}`, undefined, { Authorization: value });
      expectPlainError(r, 400, "Bad request");
      const g = await gme({ Authorization: value });
      expectGraphqlBadRequest(g);
      expect(await externalRecords(r.headers.get("x-zato-cid"))).toEqual([]);
      expect(await externalRecords(g.cid)).toEqual([]);
    });
  }

  it("non-UTF-8 bytes in the header itself", async () => {
    const value = `Basic ${String.fromCharCode(0xff, 0xfe, 0xe9)}`;
    const r = await raw(a.gw, "GET", `/zato/sso/user?current_app=${APP}`, undefined, { Authorization: value });
    expectPlainError(r, 400, "Bad request");
    const g = await raw(
      a.gw,
      "POST",
      a.gw.config.server.graphql_path,
      JSON.stringify({ query: ME, variables: { currentApp: APP } }),
      { Authorization: value, "content-type": "application/json" },
    );
    expect(g.status).toBe(200);
    expect(g.body.data).toEqual({ getCurrentUser: null });
    expect((g.body.errors as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code)).toEqual(["BAD_REQUEST"]);
  });

  it("non-UTF-8 bytes inside the base64: an unknown credential, never a session", async () => {
    const l = await linkedUser();
    const value = `Basic ${b64(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${l.name}:${CREDENTIAL_PASSWORD}`)]))}`;
    const g = await gme({ Authorization: value });
    expectGraphqlBadRequest(g);
    const r = await raw(a.gw, "GET", `/zato/sso/user?current_app=${APP}`, undefined, { Authorization: value });
    expect(r.status).toBeLessThan(500);
    expect(r.headers.get("x-zato-sso-ust") ?? null).toBeNull();
    expect(await sessions(l.username)).toEqual([]);
  });

  it("a well-formed header of about 12 KB (within Node's header limit): an unknown credential, never a 5xx", async () => {
    const value = `Basic ${b64(`${"n".repeat(6000)}:${"p".repeat(3000)}`)}`;
    const g = await gme({ Authorization: value });
    expectGraphqlBadRequest(g);
    const r = await raw(a.gw, "GET", `/zato/sso/user?current_app=${APP}`, undefined, { Authorization: value });
    expect(r.status).toBeLessThan(500);
    expect(r.body?.status).not.toBe("ok");
  });

  it("a 100 KB header: above Node's header limit, HTTP 431 on both surfaces, nothing made", async () => {
    const l = await linkedUser();
    const value = `Basic ${b64(`${l.name}:${CREDENTIAL_PASSWORD}${"x".repeat(75_000)}`)}`;
    expect(value.length).toBeGreaterThan(100_000);
    const r = await raw(a.gw, "GET", `/zato/sso/user?current_app=${APP}`, undefined, { Authorization: value });
    expect(r.status).toBe(431);
    expect(r.headers.get("x-zato-sso-ust") ?? null).toBeNull();
    const g = await raw(
      a.gw,
      "POST",
      a.gw.config.server.graphql_path,
      JSON.stringify({ query: ME, variables: { currentApp: APP } }),
      { Authorization: value, "content-type": "application/json" },
    );
    expect(g.status).toBe(431);
    expect(await sessions(l.username)).toEqual([]);
  });
});

it("no password or UST appears in any audit record", async () => {
  await expectNoSecretsInAudit(a.gw, a.secrets);
});
