import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditOf, expectFailure, expectOk, later, PASSWORD, sessionsOf, setUser } from "../support/fixtures.js";
import { APP, MINUTE, startGateway, type TestGateway } from "../support/gateway.js";
import { expectUnchanged } from "../support/state.js";

// POST /zato/sso/user/logout (docs/rest.md; docs/rules.md, "Logout").

let gw: TestGateway;
let userId: string;

beforeAll(async () => {
  gw = await startGateway();
  userId = await gw.createUser("user1", PASSWORD);
});
afterAll(() => gw.close());

const logout = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  gw.rest("POST", "/zato/sso/user/logout", { body: { current_app: APP, ...body }, headers });

const getUser = (ust: string) => gw.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP } });

describe("POST /zato/sso/user/logout", () => {
  it("answers exactly cid and status ok, and ends the session", async () => {
    const ust = await gw.login("user1", PASSWORD);
    const count = (await sessionsOf(gw, "user1")).length;
    const r = await logout({ ust });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    expect((await sessionsOf(gw, "user1")).length).toBe(count - 1);
    expectFailure(await getUser(ust), "E007001");
  });

  it("ends only the session of the UST given", async () => {
    const a = await gw.login("user1", PASSWORD);
    const b = await gw.login("user1", PASSWORD);
    expectOk(await logout({ ust: a }));
    expect(expectOk(await getUser(b)).username).toBe("user1");
  });

  it.each([
    ["unknown", `zust${"1".repeat(52)}`],
    ["empty", ""],
    ["null", null],
    ["not a token", "hello"],
  ])("answers ok to an %s UST and changes nothing", async (_, ust) => {
    await expectUnchanged(gw, async () => {
      const r = await logout({ ust });
      expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    });
  });

  it("answers ok to an expired session", async () => {
    const ust = await gw.login("user1", PASSWORD);
    expectOk(await later(gw, 61 * MINUTE, () => logout({ ust })));
  });

  it("ends the session of a user who is now locked", async () => {
    await gw.createUser("locked1", PASSWORD);
    const ust = await gw.login("locked1", PASSWORD);
    await setUser(gw, "locked1", { is_locked: true });
    expectOk(await logout({ ust }));
    expect(await sessionsOf(gw, "locked1")).toEqual([]);
    await setUser(gw, "locked1", { is_locked: false });
    expectFailure(await getUser(ust), "E007001");
  });

  it("ends the session of a user whose password has expired", async () => {
    await gw.createUser("expired1", PASSWORD);
    const ust = await gw.login("expired1", PASSWORD);
    await setUser(gw, "expired1", { password_expiry: new Date(gw.clock.now().getTime() - 1000) });
    expectOk(await logout({ ust }));
    expect(await sessionsOf(gw, "expired1")).toEqual([]);
  });

  it("deletes the session's attributes with it", async () => {
    const ust = await gw.login("user1", PASSWORD);
    const [session] = (await sessionsOf(gw, "user1")).slice(-1);
    await gw.query(
      `INSERT INTO sso_attr (user_id, session_id, is_session_attr, scope_key, name, value, is_encrypted, serial_method,
         creation_time, last_modified, expiration_time)
       SELECT s.user_id, s.id, true, s.session_id, 'colour', '"blue"', false, 'json', now(), now(), now() + interval '1 day'
         FROM sso_session s WHERE s.session_id = $1`,
      [session?.session_id],
    );
    expectOk(await logout({ ust }));
    expect(await gw.query("SELECT id FROM sso_attr WHERE scope_key = $1", [session?.session_id])).toEqual([]);
  });

  it("takes the UST from X-Zato-SSO-UST when ust is absent", async () => {
    const ust = await gw.login("user1", PASSWORD);
    expectOk(await logout({}, { "X-Zato-SSO-UST": ust }));
    expectFailure(await getUser(ust), "E007001");
  });

  it.each([
    ["an object", {}],
    ["a list", ["zust"]],
    ["a string with NUL", "zust\u0000"],
  ])("answers ok for a ust that is %s, as for any UST that names no session, and ends none", async (_, value) => {
    const ust = await gw.login("user1", PASSWORD);
    const r = await logout({ ust: value }, { "X-Zato-SSO-UST": ust });
    expect({ status: r.status, body: r.body }).toEqual({ status: 200, body: { cid: r.body.cid, status: "ok" } });
    expectOk(await getUser(ust));
  });

  it("answers the current_app pre-check with HTTP 200 and E004001, and keeps the session", async () => {
    const ust = await gw.login("user1", PASSWORD);
    expectFailure(await logout({ ust, current_app: "Nope" }), "E004001", 200);
    expectOk(await getUser(ust));
  });

  it.each(["ust", "current_app"])("answers 400 when %s is absent, and keeps the session", async (key) => {
    const ust = await gw.login("user1", PASSWORD);
    const body: Record<string, unknown> = { ust, current_app: APP };
    delete body[key];
    const r = await gw.rest("POST", "/zato/sso/user/logout", { body });
    expect({ status: r.status, details: r.body?.details }).toEqual({ status: 400, details: "Bad request" });
    expectOk(await getUser(ust));
  });

  it("audits the logout with the user whose session ended", async () => {
    const ust = await gw.login("user1", PASSWORD);
    const r = await logout({ ust });
    expect(auditOf(gw, r.body.cid)).toMatchObject({ op: "user.logout", outcome: "ok", target_user_id: userId });
    expect(JSON.stringify(auditOf(gw, r.body.cid))).not.toContain(ust);
  });
});
