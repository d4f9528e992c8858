import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../../src/core/totp/totp.js";
import {
  ADMIN_PASSWORD,
  auditOf,
  currentTotp,
  expectFailure,
  expectOk,
  FULL_VIEW,
  ms,
  PASSWORD,
  setUser,
  TIMESTAMP,
  USER_ID,
  userRow,
} from "../support/fixtures.js";
import { APP, DAY, startGateway, type TestGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";
import { expectUnchanged } from "../support/state.js";

// POST /zato/sso/user (docs/rest.md; docs/rules.md, "Creating users", "Names", "Field lengths", "Personal data at rest").

let gw: TestGateway;
let adminId: string;
let adminUst: string;
let userUst: string;

beforeAll(async () => {
  // The tests send forwarded headers as a proxy in front of the gateway would.
  gw = await startGateway({ server: { trusted_proxies: ["127.0.0.1"] } });
  adminId = await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  await gw.createUser("user1", PASSWORD);
  adminUst = await gw.login("admin1", ADMIN_PASSWORD);
  userUst = await gw.login("user1", PASSWORD);
});
afterAll(() => gw.close());

const create = (fields: Record<string, unknown>, headers: Record<string, string> = {}) =>
  gw.rest("POST", "/zato/sso/user", { body: { ust: adminUst, current_app: APP, ...fields }, headers });

describe("POST /zato/sso/user: success", () => {
  it("returns exactly the full view of the new user", async () => {
    const before = gw.clock.now().getTime();
    const r = await create(
      { username: "jdoe", password: "v3ry-Long-pass!", email: "jdoe@example.com", first_name: "Jane", last_name: "Doe" },
      { "User-Agent": "curl/8.5", "X-Forwarded-For": "10.0.0.5" },
    );
    const after = gw.clock.now().getTime();
    const body = expectOk(r);
    expect(Object.keys(body).sort()).toEqual(["cid", "status", ...FULL_VIEW].sort());
    expect(body).toEqual({
      cid: r.body.cid,
      status: "ok",
      user_id: expect.stringMatching(USER_ID),
      username: "jdoe",
      email: "jdoe@example.com",
      display_name: "Jane Doe",
      first_name: "Jane",
      middle_name: null,
      last_name: "Doe",
      is_active: true,
      is_internal: false,
      is_super_user: false,
      is_approval_needed: true,
      approval_status: "before_decision",
      approval_status_mod_time: expect.stringMatching(TIMESTAMP),
      approval_status_mod_by: adminId,
      is_locked: false,
      locked_time: null,
      locked_by: null,
      creation_ctx: '{"source": "api", "current_app": "CRM", "remote_addr": ["10.0.0.5"], "user_agent": "curl/8.5"}',
      password_expiry: expect.stringMatching(TIMESTAMP),
      password_is_set: true,
      password_must_change: false,
      password_last_set: body.approval_status_mod_time,
      sign_up_status: "final",
      sign_up_time: body.approval_status_mod_time,
      is_totp_enabled: false,
      totp_label: "",
    });
    const created = ms(body.approval_status_mod_time as string);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(after);
    expect(ms(body.password_expiry as string)).toBe(created + 730 * DAY);
  });

  it("never returns the password", async () => {
    const r = await create({ username: unique("new"), password: "Unique-Secret-4711" });
    expect(r.text).not.toContain("Unique-Secret-4711");
    expect(r.text).not.toMatch(/"password"|argon2/);
  });

  it("stores the new user so that it can log in once approved", async () => {
    const username = unique("new");
    expectOk(await create({ username, password: PASSWORD, auto_approve: true }));
    const ust = await gw.login(username, PASSWORD);
    const me = await gw.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP } });
    expect(expectOk(me).username).toBe(username);
  });

  it("waits for approval by default ([signup] is_approval_needed): the new user cannot log in", async () => {
    const username = unique("new");
    expectOk(await create({ username, password: PASSWORD }));
    const r = await gw.rest("POST", "/zato/sso/user/login", { body: { username, password: PASSWORD, current_app: APP } });
    expectFailure(r, "E005001");
  });

  it("approves the user when auto_approve is true", async () => {
    const body = expectOk(await create({ username: unique("new"), auto_approve: true }));
    expect(body).toMatchObject({ approval_status: "approved", is_approval_needed: false, approval_status_mod_by: adminId });
  });

  it("approves the user when [signup] is_approval_needed is false", async () => {
    const other = await startGateway({ signup: { is_approval_needed: false } });
    try {
      await other.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
      const ust = await other.login("admin1", ADMIN_PASSWORD);
      const r = await other.rest("POST", "/zato/sso/user", { body: { ust, current_app: APP, username: "u" } });
      expect(expectOk(r)).toMatchObject({ approval_status: "approved", is_approval_needed: false });
    } finally {
      await other.close();
    }
  });

  it("never creates a super-user", async () => {
    const username = unique("new");
    const body = expectOk(await create({ username, is_super_user: true }));
    expect(body.is_super_user).toBe(false);
    expect((await userRow(gw, username)).is_super_user).toBe(false);
  });

  it("generates a password when none is given", async () => {
    const username = unique("new");
    expect(expectOk(await create({ username })).password_is_set).toBe(true);
    const row = await userRow(gw, username);
    expect(String(row.password).length).toBeGreaterThan(20);
  });

  it("keeps password_must_change, is_locked and sign_up_status as given, with no lock time or locker", async () => {
    const body = expectOk(
      await create({
        username: unique("new"),
        password_must_change: true,
        is_locked: true,
        sign_up_status: "before_confirmation",
      }),
    );
    expect(body).toMatchObject({
      password_must_change: true,
      is_locked: true,
      locked_time: null,
      locked_by: null,
      sign_up_status: "before_confirmation",
    });
  });

  it("stores the hash of a signup confirmation token for every user, never the token", async () => {
    const username = unique("new");
    const r = await create({ username });
    expect(expectOk(r)).not.toHaveProperty("confirm_token");
    expect((await userRow(gw, username)).sign_up_confirm_token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stores the rate-limit settings without returning them", async () => {
    const username = unique("new");
    const body = expectOk(await create({ username, is_rate_limit_active: true, rate_limit_def: "*=10/m" }));
    expect(body).not.toHaveProperty("is_rate_limit_active");
    expect(body).not.toHaveProperty("rate_limit_def");
    expect(await userRow(gw, username)).toMatchObject({
      is_rate_limit_active: true,
      rate_limit_def: "*=10/m",
      rate_limit_type: "EXACT",
      rate_limit_check_parent_def: false,
    });
  });

  it("records the request's remote addresses in creation_ctx as a list", async () => {
    const body = expectOk(
      await create({ username: unique("new") }, { "X-Forwarded-For": "10.0.0.5, not-an-ip, 2001:db8::1", "User-Agent": "ua" }),
    );
    expect(JSON.parse(body.creation_ctx as string)).toEqual({
      source: "api",
      current_app: "CRM",
      remote_addr: ["10.0.0.5", "2001:db8::1"],
      user_agent: "ua",
    });
  });
});

describe("POST /zato/sso/user: names", () => {
  it("trims the names and builds the display name from first, middle and last", async () => {
    const body = expectOk(
      await create({ username: unique("new"), first_name: "  Jane ", middle_name: " Q", last_name: "Doe  " }),
    );
    expect(body).toMatchObject({ first_name: "Jane", middle_name: "Q", last_name: "Doe", display_name: "Jane Q Doe" });
  });

  it("keeps a non-empty display name, trimmed", async () => {
    const body = expectOk(
      await create({ username: unique("new"), display_name: "  JD  ", first_name: "Jane", last_name: "Doe" }),
    );
    expect(body.display_name).toBe("JD");
  });

  it("builds the display name when the given one is blank", async () => {
    const body = expectOk(await create({ username: unique("new"), display_name: "   ", last_name: "Doe" }));
    expect(body.display_name).toBe("Doe");
  });

  it("makes the display name empty and empty names null when no name is given", async () => {
    const body = expectOk(await create({ username: unique("new"), first_name: "  ", middle_name: "", last_name: null }));
    expect(body).toMatchObject({ display_name: "", first_name: null, middle_name: null, last_name: null });
  });

  it("keeps upper-cased copies of the final names for searching", async () => {
    const username = unique("new");
    expectOk(await create({ username, first_name: "jane", last_name: "doe" }));
    expect(await userRow(gw, username)).toMatchObject({
      display_name_upper: "JANE DOE",
      first_name_upper: "JANE",
      middle_name_upper: null,
      last_name_upper: "DOE",
    });
  });
});

describe("POST /zato/sso/user: personal data at rest", () => {
  it("stores the email encrypted with a keyed hash, and returns it decrypted", async () => {
    const username = unique("new");
    const body = expectOk(await create({ username, email: "Secret.Person@example.com" }));
    expect(body.email).toBe("Secret.Person@example.com");
    const row = await userRow(gw, username);
    expect(row.email).not.toContain("Secret.Person");
    expect(row.email_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stores the email in clear when [main] encrypt_email is false", async () => {
    const clear = await startGateway({ main: { encrypt_email: false } });
    try {
      await clear.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
      const ust = await clear.login("admin1", ADMIN_PASSWORD);
      expectOk(
        await clear.rest("POST", "/zato/sso/user", { body: { ust, current_app: APP, username: "u", email: "u@example.com" } }),
      );
      expect((await userRow(clear, "u")).email).toBe("u@example.com");
    } finally {
      await clear.close();
    }
  });

  it("stores the TOTP key and label encrypted", async () => {
    const username = unique("new");
    const body = expectOk(await create({ username, totp_key: "JBSWY3DPEHPK3PXP", totp_label: "My Phone" }));
    expect(body.totp_label).toBe("My Phone");
    const row = await userRow(gw, username);
    expect(row.totp_key).not.toContain("JBSWY3DPEHPK3PXP");
    expect(row.totp_label).not.toContain("My Phone");
  });

  it("stores an argon2id hash of the password, encrypted by default", async () => {
    const username = unique("new");
    expectOk(await create({ username, password: PASSWORD }));
    const stored = String((await userRow(gw, username)).password);
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toMatch(/^\$argon2/);
  });

  it("stores the bare argon2id PHC string when [main] encrypt_password is false", async () => {
    const clear = await startGateway({ main: { encrypt_password: false } });
    try {
      await clear.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
      expect(String((await userRow(clear, "admin1")).password)).toMatch(/^\$argon2id\$/);
    } finally {
      await clear.close();
    }
  });
});

describe("POST /zato/sso/user: TOTP at creation", () => {
  it("uses the given TOTP key for logins once TOTP is enabled", async () => {
    const username = unique("new");
    const key = "JBSWY3DPEHPK3PXP";
    expectOk(await create({ username, password: PASSWORD, auto_approve: true, is_totp_enabled: true, totp_key: key }));
    const r = await gw.rest("POST", "/zato/sso/user/login", {
      body: { username, password: PASSWORD, current_app: APP, totp_code: totpCode(key, gw.clock.now()) },
    });
    expect(expectOk(r).ust).toMatch(/^zust/);
  });

  it("accepts a lower-case base32 key", async () => {
    const username = unique("new");
    expectOk(
      await create({ username, password: PASSWORD, auto_approve: true, is_totp_enabled: true, totp_key: "jbswy3dpehpk3pxp" }),
    );
    const r = await gw.rest("POST", "/zato/sso/user/login", {
      body: { username, password: PASSWORD, current_app: APP, totp_code: currentTotp(gw, "JBSWY3DPEHPK3PXP") },
    });
    expect(expectOk(r).ust).toMatch(/^zust/);
  });

  it("generates a 32-character base32 TOTP key when none is given", async () => {
    const username = unique("new");
    expectOk(await create({ username }));
    const key = gw.services.keys.open(String((await userRow(gw, username)).totp_key));
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
  });

  it("refuses a TOTP key that is not base32 with E008002", async () => {
    await expectUnchanged(gw, async () => {
      expectFailure(await create({ username: unique("new"), totp_key: "not base32!" }), "E008002");
      expectFailure(await create({ username: unique("new"), totp_key: "ABC" }), "E008002");
    });
  });
});

describe("POST /zato/sso/user: failures", () => {
  it("answers the current_app pre-check with HTTP 200 and E004001", async () => {
    await expectUnchanged(gw, async () => {
      expectFailure(await create({ username: unique("new"), current_app: "Nope" }), "E004001", 200);
    });
  });

  it.each(["ust", "current_app"])("answers 400 when %s is absent", async (key) => {
    const body: Record<string, unknown> = { ust: adminUst, current_app: APP, username: unique("new") };
    delete body[key];
    await expectUnchanged(gw, async () => {
      const r = await gw.rest("POST", "/zato/sso/user", { body });
      expect(r.status).toBe(400);
    });
  });

  it("refuses an unknown UST with E007001", async () => {
    await expectUnchanged(gw, async () => {
      expectFailure(await create({ ust: `zust${"0".repeat(52)}`, username: unique("new") }), "E007001");
    });
  });

  it("refuses a regular user with E005001", async () => {
    await expectUnchanged(gw, async () => {
      expectFailure(await create({ ust: userUst, username: unique("new") }), "E005001");
    });
  });

  it("refuses a super-user who is now locked with E005002", async () => {
    await gw.createUser("admin2", ADMIN_PASSWORD, { superUser: true });
    const ust = await gw.login("admin2", ADMIN_PASSWORD);
    await setUser(gw, "admin2", { is_locked: true });
    expectFailure(await create({ ust, username: unique("new") }), "E005002");
  });

  it.each([
    ["absent", {}],
    ["empty", { username: "" }],
    ["null", { username: null }],
  ])("refuses a username that is %s with E001001", async (_, fields) => {
    await expectUnchanged(gw, async () => {
      expectFailure(await create(fields), "E001001");
    });
  });

  it("refuses a username already taken with E001002, whatever that user's approval status", async () => {
    await expectUnchanged(gw, async () => {
      expectFailure(await create({ username: "user1" }), "E001002");
    });
    const waiting = unique("new");
    expectOk(await create({ username: waiting }));
    expectFailure(await create({ username: waiting }), "E001002");
  });

  it("checks the username before the other fields", async () => {
    expectFailure(await create({ username: "user1", sign_up_status: "bogus", password: "short" }), "E001002");
  });

  it("refuses a sign_up_status other than before_confirmation or final with E008002", async () => {
    await expectUnchanged(gw, async () => {
      expectFailure(await create({ username: unique("new"), sign_up_status: "confirmed" }), "E008002");
    });
  });

  it.each([
    ["username", 192],
    ["display_name", 192],
    ["first_name", 192],
    ["middle_name", 192],
    ["last_name", 192],
    ["totp_label", 192],
    ["email", 255],
  ])("refuses a %s longer than its limit with E008002", async (field, length) => {
    await expectUnchanged(gw, async () => {
      const fields =
        field === "username" ? { username: "u".repeat(length) } : { username: unique("new"), [field]: "x".repeat(length) };
      expectFailure(await create(fields), "E008002");
    });
  });

  it("accepts fields at their limits, counted in code points", async () => {
    const body = expectOk(
      await create({
        username: "😀".repeat(191),
        first_name: "é".repeat(191),
        email: `${"e".repeat(242)}@example.com`,
        totp_label: "ß".repeat(191),
      }),
    );
    expect([...(body.username as string)]).toHaveLength(191);
  });

  it("refuses a display name built from the names that is longer than 191 with E008002", async () => {
    await expectUnchanged(gw, async () => {
      expectFailure(
        await create({ username: unique("new"), first_name: "a".repeat(100), last_name: "b".repeat(100) }),
        "E008002",
      );
    });
  });

  it("does not apply the 191-character name limit to the password", async () => {
    const password = `${"Kx9-".repeat(55)}`;
    const username = unique("new");
    expectOk(await create({ username, password, auto_approve: true }));
    expect(await gw.login(username, password)).toMatch(/^zust/);
  });

  it.each([
    ["too short", "Ab1-xyz", "E003002"],
    ["too long", "A".repeat(257), "E003003"],
    ["in the reject list", "MyPassword-2024", "E003001"],
    ["empty", "", "E003002"],
  ])("refuses a password %s with its code", async (_, password, code) => {
    await expectUnchanged(gw, async () => {
      expectFailure(await create({ username: unique("new"), password }), code);
    });
  });

  it("audits the creation without the password", async () => {
    const username = unique("new");
    const r = await create({ username, password: "Audit-Me-Not-91" });
    const body = expectOk(r);
    const line = auditOf(gw, r.body.cid as string);
    expect(line).toMatchObject({
      op: "user.create_user",
      outcome: "ok",
      actor_user_id: adminId,
      target_user_id: body.user_id,
      target_username: username,
    });
    expect(JSON.stringify(line)).not.toContain("Audit-Me-Not-91");
  });
});
