import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_PASSWORD,
  auditOf,
  expectFailure,
  expectOk,
  FULL_VIEW,
  later,
  PASSWORD,
  REGULAR_VIEW,
  sessionsOf,
  setUser,
  TIMESTAMP,
} from "../support/fixtures.js";
import { APP, DAY, MINUTE, startGateway, type TestGateway } from "../support/gateway.js";

// GET /zato/sso/user (docs/rest.md; docs/rules.md, "Identifying the caller", "User checks", "What a caller sees",
// "Reading users").

let gw: TestGateway;
let adminId: string;
let userId: string;
let adminUst: string;
let userUst: string;

beforeAll(async () => {
  gw = await startGateway({
    server: { trusted_proxies: ["127.0.0.1"] },
    user_address_list: { listed: ["10.0.0.0/8", "2001:db8::/32"] },
  });
  adminId = await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  userId = await gw.createUser("user1", PASSWORD, { email: "user1@example.com" });
  adminUst = await gw.login("admin1", ADMIN_PASSWORD);
  userUst = await gw.login("user1", PASSWORD);
});
afterAll(() => gw.close());

const get = (query: Record<string, string>, headers: Record<string, string> = {}) =>
  gw.rest("GET", "/zato/sso/user", { query: { current_app: APP, ...query }, headers });

describe("GET /zato/sso/user: views", () => {
  it("shows a regular user exactly the regular view of their own account, without user_id", async () => {
    const r = await get({ ust: userUst });
    expect(expectOk(r)).toEqual({
      cid: r.body.cid,
      status: "ok",
      username: "user1",
      email: "user1@example.com",
      display_name: "",
      first_name: null,
      middle_name: null,
      last_name: null,
      is_totp_enabled: false,
      totp_label: "",
    });
    expect(Object.keys(r.body).sort()).toEqual(["cid", "status", ...REGULAR_VIEW].sort());
  });

  it("shows a super-user the full view of their own account", async () => {
    const r = await get({ ust: adminUst });
    const body = expectOk(r);
    expect(Object.keys(body).sort()).toEqual(["cid", "status", ...FULL_VIEW].sort());
    expect(body).toMatchObject({ user_id: adminId, username: "admin1", is_super_user: true, approval_status: "approved" });
    for (const key of ["approval_status_mod_time", "password_expiry", "password_last_set", "sign_up_time"]) {
      expect(body[key], key).toMatch(TIMESTAMP);
    }
  });

  it("shows a super-user the full view of another user by user_id", async () => {
    const r = await get({ ust: adminUst, user_id: userId });
    const body = expectOk(r);
    expect(Object.keys(body).sort()).toEqual(["cid", "status", ...FULL_VIEW].sort());
    expect(body).toMatchObject({
      user_id: userId,
      username: "user1",
      email: "user1@example.com",
      is_super_user: false,
      is_approval_needed: false,
      approval_status: "approved",
      approval_status_mod_by: "auto",
      is_active: true,
      is_internal: false,
      password_is_set: true,
      sign_up_status: "final",
      locked_time: null,
      locked_by: null,
    });
    expect(JSON.parse(body.creation_ctx as string)).toMatchObject({ source: "cli" });
  });

  it("shows a super-user users in any approval status, with is_approval_needed following approval_status", async () => {
    const waiting = await gw.rest("POST", "/zato/sso/user", { body: { ust: adminUst, current_app: APP, username: "waiting1" } });
    const id = expectOk(waiting).user_id as string;
    const r = await get({ ust: adminUst, user_id: id });
    expect(expectOk(r)).toMatchObject({ approval_status: "before_decision", is_approval_needed: true });
    await gw.query("UPDATE sso_user SET approval_status = 'rejected' WHERE user_id = $1", [id]);
    expect(expectOk(await get({ ust: adminUst, user_id: id }))).toMatchObject({
      approval_status: "rejected",
      is_approval_needed: true,
    });
  });

  it("writes timestamps without zone, with six fractional digits only when the fraction is not zero", async () => {
    const id = await gw.createUser("tsuser", PASSWORD);
    await gw.query(
      `UPDATE sso_user SET password_expiry = '2345-12-27 11:22:33', password_last_set = '2024-03-01 09:15:02.481',
         sign_up_time = '2024-03-01 09:15:02.000001', locked_time = '2024-03-01 00:00:00.1' WHERE user_id = $1`,
      [id],
    );
    const body = expectOk(await get({ ust: adminUst, user_id: id }));
    expect(body).toMatchObject({
      password_expiry: "2345-12-27T11:22:33",
      password_last_set: "2024-03-01T09:15:02.481000",
      sign_up_time: "2024-03-01T09:15:02.000001",
      locked_time: "2024-03-01T00:00:00.100000",
    });
  });

  it("shows the TOTP label decrypted and an empty string when there is none", async () => {
    const created = await gw.rest("POST", "/zato/sso/user", {
      body: { ust: adminUst, current_app: APP, username: "labelled", totp_label: "Work phone", auto_approve: true },
    });
    expect(expectOk(await get({ ust: adminUst, user_id: expectOk(created).user_id as string })).totp_label).toBe("Work phone");
    expect(expectOk(await get({ ust: userUst })).totp_label).toBe("");
  });

  it("returns an email that cannot be decrypted as stored, and logs a warning", async () => {
    const id = await gw.createUser("garbled", PASSWORD);
    const stored = `v1:${"A".repeat(44)}`;
    await gw.query("UPDATE sso_user SET email = $2 WHERE user_id = $1", [id, stored]);
    const logged = gw.logs.length;
    expect(expectOk(await get({ ust: adminUst, user_id: id })).email).toBe(stored);
    expect(gw.logs.slice(logged).some((l) => l.level === "warn" && l.message.includes("email"))).toBe(true);
  });

  it("never returns the password, the TOTP key or any token", async () => {
    const r = await get({ ust: adminUst, user_id: userId });
    expect(r.text).not.toMatch(/password"|totp_key|token|email_hash|argon2/);
  });

  it("treats an empty user_id as absent: the caller's own account", async () => {
    expect(expectOk(await get({ ust: adminUst, user_id: "" })).user_id).toBe(adminId);
  });

  it("does not extend the caller's session", async () => {
    const ust = await gw.login("user1", PASSWORD);
    const before = (await sessionsOf(gw, "user1")).map((s) => s.expiration_time);
    expectOk(await later(gw, 5 * MINUTE, () => get({ ust })));
    expect((await sessionsOf(gw, "user1")).map((s) => s.expiration_time)).toEqual(before);
  });

  it("audits reads as user.get_current_user and user.get_user_by_id", async () => {
    const own = await get({ ust: userUst });
    expect(auditOf(gw, own.body.cid)).toMatchObject({ op: "user.get_current_user", outcome: "ok", target_user_id: userId });
    const other = await get({ ust: adminUst, user_id: userId });
    expect(auditOf(gw, other.body.cid)).toMatchObject({
      op: "user.get_user_by_id",
      outcome: "ok",
      actor_user_id: adminId,
      target_user_id: userId,
    });
  });
});

describe("GET /zato/sso/user: failures", () => {
  it("answers the current_app pre-check with HTTP 200 and E004001", async () => {
    expectFailure(await get({ ust: userUst, current_app: "Nope" }), "E004001", 200);
  });

  it.each(["ust", "current_app"])("answers 400 when %s is absent", async (key) => {
    const query: Record<string, string> = { ust: userUst, current_app: APP };
    delete query[key];
    const r = await gw.rest("GET", "/zato/sso/user", { query });
    expect(r.status).toBe(400);
  });

  it("refuses a user_id from a regular user with E005001, even the user's own", async () => {
    expectFailure(await get({ ust: userUst, user_id: adminId }), "E005001");
    expectFailure(await get({ ust: userUst, user_id: userId }), "E005001");
  });

  it("refuses an unknown user_id with E005001", async () => {
    expectFailure(await get({ ust: adminUst, user_id: `zusr${"0".repeat(26)}` }), "E005001");
  });

  it.each([
    ["unknown", `zust${"0".repeat(52)}`],
    ["empty", ""],
    ["malformed", "not a token at all"],
  ])("refuses an %s UST with E007001", async (_, ust) => {
    expectFailure(await get({ ust }), "E007001");
  });

  it("refuses an expired session with E007001", async () => {
    const ust = await gw.login("user1", PASSWORD);
    expectFailure(await later(gw, 61 * MINUTE, () => get({ ust })), "E007001");
  });

  it("refuses the session of a user who is no longer approved with E007001", async () => {
    await gw.createUser("unapproved", PASSWORD);
    const ust = await gw.login("unapproved", PASSWORD);
    await setUser(gw, "unapproved", { approval_status: "before_decision" });
    expectFailure(await get({ ust }), "E007001");
  });

  it("refuses the session of a locked user with E005002", async () => {
    await gw.createUser("locked1", PASSWORD);
    const ust = await gw.login("locked1", PASSWORD);
    await setUser(gw, "locked1", { is_locked: true });
    expectFailure(await get({ ust }), "E005002");
    await setUser(gw, "locked1", { is_locked: false });
    expect(expectOk(await get({ ust })).username).toBe("locked1");
  });

  it("refuses the session of a user whose signup is not confirmed with E005003", async () => {
    await gw.createUser("unconfirmed", PASSWORD);
    const ust = await gw.login("unconfirmed", PASSWORD);
    await setUser(gw, "unconfirmed", { sign_up_status: "before_confirmation" });
    expectFailure(await get({ ust }), "E005003");
  });

  it("refuses the session of a user whose password has expired with E005001 ([password] inform_if_expired false)", async () => {
    await gw.createUser("expired1", PASSWORD);
    const ust = await gw.login("expired1", PASSWORD);
    await setUser(gw, "expired1", { password_expiry: new Date(gw.clock.now().getTime() - DAY) });
    expectFailure(await get({ ust }), "E005001");
  });

  it("checks the address allow-list against the current request's address", async () => {
    await gw.createUser("listed", PASSWORD);
    const login = await gw.rest("POST", "/zato/sso/user/login", {
      body: { username: "listed", password: PASSWORD, current_app: APP },
      headers: { "X-Forwarded-For": "10.1.2.3" },
    });
    const listedUst = expectOk(login).ust as string;
    expect(expectOk(await get({ ust: listedUst }, { "X-Forwarded-For": "10.9.9.9" })).username).toBe("listed");
    expect(expectOk(await get({ ust: listedUst }, { "X-Zato-Forwarded-For": "2001:db8::5" })).username).toBe("listed");
    expectFailure(await get({ ust: listedUst }, { "X-Forwarded-For": "192.168.1.1" }), "E005001");
    expectFailure(await get({ ust: listedUst }), "E005001");
  });
});

describe("GET /zato/sso/user: the inform_if_* flags", () => {
  let quiet: TestGateway;
  beforeAll(async () => {
    quiet = await startGateway({
      login: { inform_if_locked: false, inform_if_not_confirmed: false },
      password: { inform_if_expired: true },
    });
  });
  afterAll(() => quiet.close());

  const arrange = async (username: string, columns: Record<string, unknown>) => {
    await quiet.createUser(username, PASSWORD);
    const ust = await quiet.login(username, PASSWORD);
    await setUser(quiet, username, columns);
    return quiet.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP } });
  };

  it("reports a locked user as E005001 when [login] inform_if_locked is false", async () => {
    expectFailure(await arrange("q1", { is_locked: true }), "E005001");
  });

  it("reports an unconfirmed user as E005001 when [login] inform_if_not_confirmed is false", async () => {
    expectFailure(await arrange("q2", { sign_up_status: "before_confirmation" }), "E005001");
  });

  it("reports an expired password as E003004 when [password] inform_if_expired is true", async () => {
    expectFailure(await arrange("q3", { password_expiry: new Date(quiet.clock.now().getTime() - 1000) }), "E003004");
  });
});

describe("GET /zato/sso/user: [login] reject_if_not_listed", () => {
  it("refuses users absent from [user_address_list]", async () => {
    const strict = await startGateway({ login: { reject_if_not_listed: true }, user_address_list: { anywhere: "*" } });
    try {
      await strict.createUser("anywhere", PASSWORD);
      await strict.createUser("nowhere", PASSWORD);
      expect(await strict.login("anywhere", PASSWORD)).toMatch(/^zust/);
      const r = await strict.rest("POST", "/zato/sso/user/login", {
        body: { username: "nowhere", password: PASSWORD, current_app: APP },
      });
      expectFailure(r, "E005001");
    } finally {
      await strict.close();
    }
  });
});
