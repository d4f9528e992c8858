import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../../src/core/totp/totp.js";
import {
  ADMIN_PASSWORD,
  arrangeUser,
  auditOf,
  currentTotp,
  dbMs,
  enableTotp,
  expectFailure,
  expectOk,
  PASSWORD,
  sessionsOf,
  setUser,
  UST,
  userRow,
} from "../support/fixtures.js";
import { APP, type ConfigOverrides, DAY, MINUTE, startGateway, type TestGateway } from "../support/gateway.js";
import { expectUnchanged } from "../support/state.js";

// POST /zato/sso/user/login (docs/rest.md; docs/rules.md, "Login", "User checks", "Remote address and user agent",
// "Address allow-lists", "Passwords", "Two-factor login").

const KEY = "JBSWY3DPEHPK3PXP";
const NEW_PASSWORD = "Fresh-Pass-2718";

const arrange = arrangeUser;
const arrangeTotp = async (g: TestGateway, username: string) => {
  await arrangeUser(g, username);
  await enableTotp(g, username, KEY);
};
const currentCode = (g: TestGateway) => currentTotp(g, KEY);

const loginOn = (g: TestGateway, fields: Record<string, unknown>, headers: Record<string, string> = {}) =>
  g.rest("POST", "/zato/sso/user/login", { body: { current_app: APP, password: PASSWORD, ...fields }, headers });

const daysFromNow = (g: TestGateway, days: number) => new Date(g.clock.now().getTime() + days * DAY);

let gw: TestGateway;
const login = (fields: Record<string, unknown>, headers: Record<string, string> = {}) => loginOn(gw, fields, headers);

beforeAll(async () => {
  gw = await startGateway({
    // The tests send forwarded headers as a proxy in front of the gateway would.
    server: { trusted_proxies: ["127.0.0.1"] },
    apps: { all: ["CRM", "Other", "Meta"], login_allowed: ["CRM", "Meta"], login_metadata_allowed: ["Meta"] },
    user_address_list: { listed: ["10.0.0.0/8"], lockedlisted: ["10.0.0.0/8"], anywhere: "*", nowhere: "" },
    // These rules fail user1's password more often than the defaults allow before refusing
    // (test/sessions/brute-force.test.ts holds those refusals).
    brute_force: { address_threshold: 100, account_threshold: 100 },
  });
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  await arrange(gw, "user1");
  await arrangeTotp(gw, "totp1");
  await arrange(gw, "locked1", { is_locked: true });
  await arrange(gw, "unconfirmed1", { sign_up_status: "before_confirmation" });
  await arrange(gw, "waiting1", { approval_status: "before_decision" });
  await arrange(gw, "rejected1", { approval_status: "rejected" });
  await arrange(gw, "expired1", { password_expiry: daysFromNow(gw, -1) });
  await arrange(gw, "listed");
  await arrange(gw, "anywhere");
  await arrange(gw, "nowhere");
  await arrange(gw, "lockedunconfirmed", { is_locked: true, sign_up_status: "before_confirmation" });
  await arrange(gw, "lockedexpired", { is_locked: true, password_expiry: daysFromNow(gw, -1) });
  await arrange(gw, "lockedlisted", { is_locked: true });
});
afterAll(() => gw.close());

describe("login: success", () => {
  it("answers exactly cid, status ok and a UST", async () => {
    const r = await login({ username: "user1" });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok", ust: expect.stringMatching(UST) });
  });

  it("creates a session for the request's address and user agent, expiring after [session] expiry minutes", async () => {
    const before = gw.clock.now().getTime();
    const r = await login({ username: "anywhere" }, { "X-Forwarded-For": "192.0.2.7", "User-Agent": "agent/1" });
    expectOk(r);
    const [session] = (await sessionsOf(gw, "anywhere")).slice(-1);
    expect(session).toMatchObject({
      remote_addr: "192.0.2.7",
      user_agent: "agent/1",
      auth_type: "default",
      auth_principal: "anywhere",
      state_change_list: [{ remote_addr: "192.0.2.7", user_agent: "agent/1", ctx_source: "login", idx: 1 }],
    });
    const created = dbMs(session?.creation_time as string);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(dbMs(session?.expiration_time as string)).toBe(created + 60 * MINUTE);
  });

  it("creates a new session for every login", async () => {
    const a = expectOk(await login({ username: "user1" })).ust;
    const b = expectOk(await login({ username: "user1" })).ust;
    expect(a).not.toBe(b);
    const hashes = (await sessionsOf(gw, "user1")).map((s) => s.ust_hash);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(hashes.length).toBeGreaterThanOrEqual(2);
  });

  it("stores only a hash of the UST", async () => {
    const ust = expectOk(await login({ username: "user1" })).ust as string;
    const rows = await gw.query("SELECT to_jsonb(s)::text AS row FROM sso_session s");
    expect(JSON.stringify(rows)).not.toContain(ust);
  });

  it("takes current_app from X-Zato-SSO-Current-App when the parameter is absent", async () => {
    const r = await gw.rest("POST", "/zato/sso/user/login", {
      body: { username: "user1", password: PASSWORD },
      headers: { "X-Zato-SSO-Current-App": APP },
    });
    expect(expectOk(r).ust).toMatch(UST);
  });

  it("audits the login without the password, the TOTP code or the UST", async () => {
    const code = currentCode(gw);
    const r = await login({ username: "totp1", totp_code: code });
    const ust = expectOk(r).ust as string;
    const line = auditOf(gw, r.body.cid);
    expect(line).toMatchObject({ op: "user.login", outcome: "ok", target_username: "totp1" });
    expect(line.details).toMatchObject({ has_totp_code: true });
    const text = JSON.stringify(line);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(ust);
    expect(text).not.toContain(`"${code}"`);
  });
});

describe("login: step 0, the pre-check, and required keys", () => {
  it("answers an unknown current_app with HTTP 200 and E004001", async () => {
    expectFailure(await login({ username: "user1", current_app: "Nope" }), "E004001", 200);
  });

  it.each(["username", "password", "current_app"])("answers 400 when %s is absent", async (key) => {
    const body: Record<string, unknown> = { username: "user1", password: PASSWORD, current_app: APP };
    delete body[key];
    await expectUnchanged(gw, async () => {
      const r = await gw.rest("POST", "/zato/sso/user/login", { body });
      expect({ status: r.status, details: r.body?.details }).toEqual({ status: 400, details: "Bad request" });
    });
  });
});

describe("login: steps 1 and 2, credentials", () => {
  it.each([
    ["an unknown user", { username: "nobody" }],
    ["a user waiting for approval", { username: "waiting1" }],
    ["a rejected user", { username: "rejected1" }],
    ["a wrong password", { username: "user1", password: "Wrong-Pass-123" }],
    ["a password in another case", { username: "user1", password: PASSWORD.toUpperCase() }],
    ["an empty password", { username: "user1", password: "" }],
    ["a null password", { username: "user1", password: null }],
    ["a null username", { username: null }],
    ["an empty username", { username: "" }],
  ])("refuses %s with E005001", async (_, fields) => {
    await expectUnchanged(gw, async () => {
      expectFailure(await login(fields), "E005001");
    });
  });

  it("answers an unknown user and a wrong password identically, but for the cid", async () => {
    const unknown = await login({ username: "nobody", password: "Wrong-Pass-123" });
    const wrong = await login({ username: "user1", password: "Wrong-Pass-123" });
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.text.replace(unknown.body.cid as string, "")).toBe(wrong.text.replace(wrong.body.cid as string, ""));
  });

  it("checks the password before the lock, the TOTP, the application and the address", async () => {
    const wrong = { password: "Wrong-Pass-123" };
    expectFailure(await login({ username: "locked1", ...wrong }), "E005001");
    expectFailure(await login({ username: "totp1", ...wrong }), "E005001");
    expectFailure(await login({ username: "user1", current_app: "Other", ...wrong }), "E005001");
    expectFailure(await login({ username: "nowhere", ...wrong }), "E005001");
  });

  it("is case-sensitive about usernames", async () => {
    expectFailure(await login({ username: "USER1" }), "E005001");
  });
});

describe("login: steps 3 and 4, TOTP", () => {
  it("logs in with the current code", async () => {
    expect(expectOk(await login({ username: "totp1", totp_code: currentCode(gw) })).ust).toMatch(UST);
  });

  it("accepts the same code twice within its step", async () => {
    const code = currentCode(gw);
    expectOk(await login({ username: "totp1", totp_code: code }));
    expectOk(await login({ username: "totp1", totp_code: code }));
  });

  it("accepts a code sent as a JSON number", async () => {
    let code = currentCode(gw);
    while (code.startsWith("0")) {
      gw.clock.advance(30_000);
      code = currentCode(gw);
    }
    expectOk(await login({ username: "totp1", totp_code: Number(code) }));
  });

  it.each([
    ["absent", {}],
    ["empty", { totp_code: "" }],
    ["null", { totp_code: null }],
  ])("refuses a code that is %s with E005008", async (_, fields) => {
    expectFailure(await login({ username: "totp1", ...fields }), "E005008");
  });

  it("refuses a wrong code with E005001", async () => {
    const code = currentCode(gw);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expectFailure(await login({ username: "totp1", totp_code: wrong }), "E005001");
  });

  it("refuses the code of the previous step with E005001 ([totp] window 0)", async () => {
    currentCode(gw);
    const previous = totpCode(KEY, new Date(gw.clock.now().getTime() - 30_000));
    if (previous === totpCode(KEY, gw.clock.now())) return; // the two steps share a code: nothing to tell apart
    expectFailure(await login({ username: "totp1", totp_code: previous }), "E005001");
  });

  it("asks for the code before checking the application and the user's state", async () => {
    expectFailure(await login({ username: "totp1", current_app: "Other" }), "E005008");
    await arrangeTotp(gw, "totplocked");
    await setUser(gw, "totplocked", { is_locked: true });
    expectFailure(await login({ username: "totplocked" }), "E005008");
    expectFailure(await login({ username: "totplocked", totp_code: currentCode(gw) }), "E005002");
  });

  it("does not ask users without TOTP for a code, and ignores one they send", async () => {
    expectOk(await login({ username: "user1", totp_code: "000000" }));
  });
});

describe("login: step 5, [apps] login_allowed", () => {
  it("refuses an application not allowed for login with E004001", async () => {
    expectFailure(await login({ username: "user1", current_app: "Other" }), "E004001");
  });

  it("checks the application before the user's state", async () => {
    expectFailure(await login({ username: "locked1", current_app: "Other" }), "E004001");
    expectFailure(await login({ username: "nowhere", current_app: "Other" }), "E004001");
  });
});

describe("login: step 6, user checks", () => {
  it("refuses a locked user with E005002", async () => {
    await expectUnchanged(gw, async () => {
      expectFailure(await login({ username: "locked1" }), "E005002");
    });
  });

  it("refuses a user whose signup is not confirmed with E005003", async () => {
    expectFailure(await login({ username: "unconfirmed1" }), "E005003");
  });

  it("refuses an expired password with E005001, even with a new password", async () => {
    expectFailure(await login({ username: "expired1" }), "E005001");
    expectFailure(await login({ username: "expired1", new_password: NEW_PASSWORD }), "E005001");
  });

  it("runs the checks in order: locked before unconfirmed and before expired", async () => {
    expectFailure(await login({ username: "lockedunconfirmed" }), "E005002");
    expectFailure(await login({ username: "lockedexpired" }), "E005002");
  });

  it("lets a listed user in only from a listed address or network", async () => {
    expectOk(await login({ username: "listed" }, { "X-Forwarded-For": "10.20.30.40" }));
    expectOk(await login({ username: "listed" }, { "X-Forwarded-For": "192.168.0.1, 10.0.0.1" }));
    expectFailure(await login({ username: "listed" }, { "X-Forwarded-For": "192.168.0.1" }), "E005001");
    expectFailure(await login({ username: "listed" }), "E005001");
  });

  it("lets a user listed with * in from anywhere, and refuses one listed with an empty value", async () => {
    expectOk(await login({ username: "anywhere" }, { "X-Forwarded-For": "203.0.113.9" }));
    expectFailure(await login({ username: "nowhere" }, { "X-Forwarded-For": "10.0.0.1" }), "E005001");
  });

  it("checks the address before the lock", async () => {
    expectFailure(await login({ username: "lockedlisted" }, { "X-Forwarded-For": "192.168.0.1" }), "E005001");
    expectFailure(await login({ username: "lockedlisted" }, { "X-Forwarded-For": "10.0.0.1" }), "E005002");
  });
});

describe("login: the request's remote address", () => {
  it("prefers X-Zato-Forwarded-For to X-Forwarded-For", async () => {
    expectOk(await login({ username: "listed" }, { "X-Zato-Forwarded-For": "10.0.0.1", "X-Forwarded-For": "192.168.0.1" }));
    expectFailure(
      await login({ username: "listed" }, { "X-Zato-Forwarded-For": "192.168.0.1", "X-Forwarded-For": "10.0.0.1" }),
      "E005001",
    );
  });

  it("reads IPv4-mapped IPv6 addresses as IPv4", async () => {
    expectOk(await login({ username: "listed" }, { "X-Forwarded-For": "::ffff:10.1.2.3" }));
  });

  it("refuses a listed user when the request has no usable address", async () => {
    expectFailure(await login({ username: "listed" }, { "X-Forwarded-For": "unknown, not-an-ip" }), "E005001");
  });

  it("ignores the forwarding headers of a peer that is not in [server] trusted_proxies (the default)", async () => {
    const direct = await startGateway({
      user_address_list: { local: ["127.0.0.1"], remote: ["10.0.0.0/8"] },
    });
    try {
      await arrange(direct, "local");
      await arrange(direct, "remote");
      expectOk(await loginOn(direct, { username: "local" }, { "X-Forwarded-For": "10.0.0.1" }));
      expectFailure(await loginOn(direct, { username: "remote" }, { "X-Forwarded-For": "10.0.0.1" }), "E005001");
    } finally {
      await direct.close();
    }
  });
});

describe("login: metadata", () => {
  it("refuses remote_addr from an application not in [apps] login_metadata_allowed with E005001", async () => {
    const r = await login({ username: "user1", remote_addr: "10.0.0.1" });
    expectFailure(r, "E005001");
    expect(auditOf(gw, r.body.cid).details.raised).toEqual(["E006001"]);
  });

  it("refuses user_agent from an application not in [apps] login_metadata_allowed with E005001", async () => {
    expectFailure(await login({ username: "user1", user_agent: "spoofed/1.0" }), "E005001");
  });

  it("ignores empty metadata fields", async () => {
    expectOk(await login({ username: "user1", remote_addr: "", user_agent: "" }));
  });

  it("runs the user checks before the metadata check", async () => {
    expectFailure(await login({ username: "locked1", remote_addr: "10.0.0.1" }), "E005002");
  });

  it("records the remote_addr and user_agent sent by an allowed application on the session", async () => {
    const r = await login(
      { username: "anywhere", current_app: "Meta", remote_addr: "10.0.0.1, 10.0.0.2, junk", user_agent: "Browser/9" },
      { "User-Agent": "proxy/1" },
    );
    expectOk(r);
    const [session] = (await sessionsOf(gw, "anywhere")).slice(-1);
    expect(session).toMatchObject({
      remote_addr: "10.0.0.1, 10.0.0.2",
      user_agent: "Browser/9",
      state_change_list: [{ remote_addr: ["10.0.0.1", "10.0.0.2"], user_agent: "Browser/9", ctx_source: "login", idx: 1 }],
    });
  });

  it("checks the address allow-list against the remote_addr sent by an allowed application", async () => {
    expectOk(await login({ username: "listed", current_app: "Meta", remote_addr: "10.1.1.1" }));
    expectFailure(
      await login({ username: "listed", current_app: "Meta", remote_addr: "192.168.1.1" }, { "X-Forwarded-For": "10.1.1.1" }),
      "E005001",
    );
  });
});

describe("login: step 7, password about to expire", () => {
  it("succeeds with status warning, W003005 and a UST when the password expires within the threshold", async () => {
    await arrange(gw, "soon1", { password_expiry: daysFromNow(gw, 10) });
    const r = await login({ username: "soon1" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      cid: r.headers.get("x-zato-cid"),
      status: "warning",
      sub_status: ["W003005"],
      ust: expect.stringMatching(UST),
    });
    const me = await gw.rest("GET", "/zato/sso/user", { query: { ust: r.body.ust as string, current_app: APP } });
    expect(expectOk(me).username).toBe("soon1");
  });

  it("gives no warning when the password expires after the threshold", async () => {
    await arrange(gw, "later1", { password_expiry: daysFromNow(gw, 31) });
    expectOk(await login({ username: "later1" }));
  });

  it("warns on a password that expires in one day (Zato's REST tests)", async () => {
    await arrange(gw, "oneday", { password_expiry: daysFromNow(gw, 1) });
    const r = await login({ username: "oneday" });
    expect({ status: r.body.status, sub_status: r.body.sub_status }).toEqual({ status: "warning", sub_status: ["W003005"] });
  });
});

describe("login: steps 8 and 9, password must change", () => {
  it("refuses a login without new_password with E003007", async () => {
    await arrange(gw, "must1", { password_must_change: true });
    await expectUnchanged(gw, async () => {
      expectFailure(await login({ username: "must1" }), "E003007");
      expectFailure(await login({ username: "must1", new_password: "" }), "E003007");
    });
  });

  it.each([
    ["too short", "Ab1-", "E003002"],
    ["too long", "Ab1-".repeat(65), "E003003"],
    ["in the reject list", "Qwerty-Winter-9", "E003001"],
  ])("refuses a new password %s with its code", async (_, newPassword, code) => {
    await arrange(gw, `must-${code}`, { password_must_change: true });
    await expectUnchanged(gw, async () => {
      expectFailure(await login({ username: `must-${code}`, new_password: newPassword }), code);
    });
  });

  it("stores the new password, clears must-change and sets a fresh expiry", async () => {
    await arrange(gw, "must2", { password_must_change: true, password_expiry: daysFromNow(gw, 100) });
    const before = gw.clock.now().getTime();
    const r = await login({ username: "must2", new_password: NEW_PASSWORD });
    expect(expectOk(r).ust).toMatch(UST);
    const row = await gw.query<{ password_must_change: boolean; expiry: string; last_set: string }>(
      "SELECT password_must_change, password_expiry::text AS expiry, password_last_set::text AS last_set FROM sso_user WHERE username = 'must2'",
    );
    expect(row[0]?.password_must_change).toBe(false);
    const lastSet = dbMs(row[0]?.last_set as string);
    expect(lastSet).toBeGreaterThanOrEqual(before);
    expect(dbMs(row[0]?.expiry as string)).toBe(lastSet + 730 * DAY);
    expectFailure(await login({ username: "must2" }), "E005001");
    expectOk(await login({ username: "must2", password: NEW_PASSWORD }));
  });

  it("warns about expiry computed before the new password is stored", async () => {
    await arrange(gw, "must3", { password_must_change: true, password_expiry: daysFromNow(gw, 5) });
    const r = await login({ username: "must3", new_password: NEW_PASSWORD });
    expect(r.body).toMatchObject({ status: "warning", sub_status: ["W003005"], ust: expect.stringMatching(UST) });
    expect((await userRow(gw, "must3")).password_must_change).toBe(false);
  });

  it("ignores new_password when the password need not change", async () => {
    await arrange(gw, "nochange");
    expectOk(await login({ username: "nochange", new_password: NEW_PASSWORD }));
    expectOk(await login({ username: "nochange" }));
    expectFailure(await login({ username: "nochange", password: NEW_PASSWORD }), "E005001");
  });
});

describe("login: the inform_if_* flags switch codes to E005001", () => {
  let quiet: TestGateway;
  beforeAll(async () => {
    quiet = await startGateway({
      apps: { all: ["CRM", "Other"], inform_if_app_invalid: false },
      login: { inform_if_locked: false, inform_if_not_confirmed: false, inform_if_totp_missing: false },
      password: { inform_if_about_to_expire: false, inform_if_must_be_changed: false, inform_if_invalid: false },
    });
  });
  afterAll(() => quiet.close());

  it("TOTP code missing: E005001 ([login] inform_if_totp_missing false)", async () => {
    await arrangeTotp(quiet, "q-totp");
    expectFailure(await loginOn(quiet, { username: "q-totp" }), "E005001");
  });

  it("application not allowed for login: E005001 ([apps] inform_if_app_invalid false)", async () => {
    await arrange(quiet, "q-app");
    expectFailure(await loginOn(quiet, { username: "q-app", current_app: "Other" }), "E005001");
  });

  it("unknown application at the pre-check: HTTP 200 and E005001", async () => {
    expectFailure(await loginOn(quiet, { username: "q-app", current_app: "Nope" }), "E005001", 200);
  });

  it("locked: E005001 ([login] inform_if_locked false)", async () => {
    await arrange(quiet, "q-locked", { is_locked: true });
    expectFailure(await loginOn(quiet, { username: "q-locked" }), "E005001");
  });

  it("not confirmed: E005001 ([login] inform_if_not_confirmed false)", async () => {
    await arrange(quiet, "q-unconfirmed", { sign_up_status: "before_confirmation" });
    expectFailure(await loginOn(quiet, { username: "q-unconfirmed" }), "E005001");
  });

  it("about to expire: E005001 ([password] inform_if_about_to_expire false)", async () => {
    await arrange(quiet, "q-soon", { password_expiry: daysFromNow(quiet, 3) });
    const r = await loginOn(quiet, { username: "q-soon" });
    expectFailure(r, "E005001");
    expect(auditOf(quiet, r.body.cid).details.raised).toEqual(["E003006"]);
  });

  it("must change, new password missing and policy not disclosed: E005001", async () => {
    await arrange(quiet, "q-must", { password_must_change: true });
    expectFailure(await loginOn(quiet, { username: "q-must" }), "E005001");
  });

  it("must change, new password breaking the policy: E005001 ([password] inform_if_invalid false), nothing stored", async () => {
    await arrange(quiet, "q-must2", { password_must_change: true });
    await expectUnchanged(quiet, async () => {
      const r = await loginOn(quiet, { username: "q-must2", new_password: "short" });
      expectFailure(r, "E005001");
      expect(auditOf(quiet, r.body.cid).details.raised).toEqual(["E003002"]);
    });
  });
});

describe("login: other configurations", () => {
  let other: TestGateway;
  const config: ConfigOverrides = {
    password: { inform_if_must_be_changed: false, inform_if_expired: true },
    signup: { password_allow_whitespace: false },
  };
  beforeAll(async () => {
    other = await startGateway(config);
  });
  afterAll(() => other.close());

  it("goes on to the policy with an empty new password when [password] inform_if_must_be_changed is false: E003002", async () => {
    await arrange(other, "o-must", { password_must_change: true });
    expectFailure(await loginOn(other, { username: "o-must" }), "E003002");
  });

  it("reports an expired password as E003004 when [password] inform_if_expired is true", async () => {
    await arrange(other, "o-expired", { password_expiry: daysFromNow(other, -1) });
    expectFailure(await loginOn(other, { username: "o-expired" }), "E003004");
  });

  it("refuses a new password with whitespace when [signup] password_allow_whitespace is false: E003001", async () => {
    await arrange(other, "o-space", { password_must_change: true });
    expectFailure(await loginOn(other, { username: "o-space", new_password: "Has Space-4711" }), "E003001");
    expectOk(await loginOn(other, { username: "o-space", new_password: "No-Space-4711" }));
  });
});

describe("login: unknown users cost what known users cost", () => {
  it("spends an argon2 verification on an unknown or unapproved user, as on a wrong password", async () => {
    // A cost high enough that one verification dominates a request (the test default is tiny).
    const slow = await startGateway({ argon2: { memory_cost: 16384, time_cost: 3, parallelism: 1 } });
    try {
      await arrange(slow, "known");
      await arrange(slow, "waiting", { approval_status: "before_decision" });
      const timed = async (username: string) => {
        const start = performance.now();
        expectFailure(await loginOn(slow, { username, password: "Wrong-Pass-1" }), "E005001");
        return performance.now() - start;
      };
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
      const samples: Record<string, number[]> = { known: [], nobody: [], waiting: [] };
      for (let i = 0; i < 5; i++) for (const name of Object.keys(samples)) samples[name]?.push(await timed(name));
      const wrongPassword = median(samples.known ?? []);
      expect(median(samples.nobody ?? [])).toBeGreaterThan(wrongPassword * 0.4);
      expect(median(samples.waiting ?? [])).toBeGreaterThan(wrongPassword * 0.4);
    } finally {
      await slow.close();
    }
  });
});
