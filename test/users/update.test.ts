import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateCurrentUser, updateUserById } from "../../src/core/users/update.js";
import { type AdminGateway, expectNoSecretsInAudit, loginAs, makeUser, runCore, send, startAdmin } from "../support/admin.js";
import { expectFailure, expectOk, expectPlainError, ms, PASSWORD, sessionsOf, setUser, userRow } from "../support/fixtures.js";
import { APP } from "../support/gateway.js";
import { unique } from "../support/names.js";
import { expectUnchanged } from "../support/state.js";

// PATCH /zato/sso/user (docs/rest.md; docs/rules.md, "Updating users", "Approval", "Locking users").

let a: AdminGateway;

beforeAll(async () => {
  a = await startAdmin();
  await makeUser(a, { username: "taken" });
});
afterAll(() => a.gw.close());

const patch = (ust: string, fields: Record<string, unknown>) =>
  send(a.gw, "PATCH", "/zato/sso/user", { ust, current_app: APP, ...fields });

/** The full view of a user, read by the super-user. */
async function read(userId: string): Promise<Record<string, unknown>> {
  return expectOk(await send(a.gw, "GET", "/zato/sso/user", { ust: a.adminUst, current_app: APP, user_id: userId }));
}

const search = async (params: Record<string, unknown>) => {
  const r = await send(a.gw, "GET", "/zato/sso/user/search", { ust: a.adminUst, current_app: APP, ...params });
  return (expectOk(r).result as { username: string }[]).map((u) => u.username);
};

/** A fresh regular user, logged in. */
async function regular(fields: Record<string, unknown> = {}) {
  const username = unique("reg");
  const userId = await makeUser(a, { username, ...fields });
  const ust = await loginAs(a, username);
  return { username, userId, ust };
}

describe("update: own account (regular fields)", () => {
  it("lets a regular user change every regular field of their own account", async () => {
    const u = await regular();
    const newName = unique("renamed");
    const r = await patch(u.ust, {
      username: newName,
      email: "new.me@example.com",
      display_name: "New Display",
      first_name: "First",
      middle_name: "Middle",
      last_name: "Last",
      is_totp_enabled: false,
      totp_label: "My phone",
    });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    const view = await read(u.userId);
    expect(view).toMatchObject({
      username: newName,
      email: "new.me@example.com",
      display_name: "New Display",
      first_name: "First",
      middle_name: "Middle",
      last_name: "Last",
      is_totp_enabled: false,
      totp_label: "My phone",
    });
    // The session survives a change of username.
    expectOk(await send(a.gw, "GET", "/zato/sso/user", { ust: u.ust, current_app: APP }));
  });

  it("accepts the caller's own user_id from a regular user, as if none were given [gateway]", async () => {
    const u = await regular();
    expectOk(await patch(u.ust, { user_id: u.userId, display_name: "Via own id" }));
    expect((await read(u.userId)).display_name).toBe("Via own id");
  });

  it("treats an empty user_id as absent: the caller's own account", async () => {
    const u = await regular();
    expectOk(await patch(u.ust, { user_id: "", first_name: "Empty id" }));
    expect((await read(u.userId)).first_name).toBe("Empty id");
  });

  it("lets a regular user switch their own TOTP on with a string boolean", async () => {
    const u = await regular();
    expectOk(await patch(u.ust, { is_totp_enabled: "yes" }));
    expect((await read(u.userId)).is_totp_enabled).toBe(true);
  });

  it("stores names as sent, without trimming, and does not rebuild the display name", async () => {
    const u = await regular({ first_name: "Jane", last_name: "Doe" });
    expectOk(await patch(u.ust, { first_name: "  Janet ", last_name: "Roe" }));
    expect(await read(u.userId)).toMatchObject({ first_name: "  Janet ", last_name: "Roe", display_name: "Jane Doe" });
  });

  it("lets a super-user update their own account, super-user fields included", async () => {
    await a.gw.createUser("self-admin", PASSWORD, { superUser: true });
    const ust = await loginAs(a, "self-admin");
    expectOk(await patch(ust, { display_name: "Boss", password_must_change: true }));
    const row = await userRow(a.gw, "self-admin");
    expect(row).toMatchObject({ display_name: "Boss", password_must_change: true });
  });
});

describe("update: by user_id (super-user)", () => {
  it("changes the super-user fields of another user", async () => {
    const u = await regular();
    a.gw.clock.advance(5_000);
    const at = a.gw.clock.now().getTime();
    expectOk(
      await patch(a.adminUst, {
        user_id: u.userId,
        password_expiry: "2345-12-27T11:22:33",
        password_must_change: true,
        sign_up_status: "before_confirmation",
        approval_status: "rejected",
        is_locked: true,
      }),
    );
    const view = await read(u.userId);
    expect(view).toMatchObject({
      password_expiry: "2345-12-27T11:22:33",
      password_must_change: true,
      sign_up_status: "before_confirmation",
      approval_status: "rejected",
      is_approval_needed: true,
      approval_status_mod_by: a.adminId,
      is_locked: true,
    });
    expect(Math.abs(ms(view.approval_status_mod_time as string) - at)).toBeLessThan(2_000);
  });

  it("changes the regular fields of another user", async () => {
    const u = await regular();
    expectOk(await patch(a.adminUst, { user_id: u.userId, display_name: "Set by admin", email: null }));
    expect(await read(u.userId)).toMatchObject({ display_name: "Set by admin", email: null });
  });

  it("reads password_expiry back exactly, to the microsecond", async () => {
    const u = await regular();
    for (const [sent, stored] of [
      ["2345-12-27T11:22:33.123456", "2345-12-27T11:22:33.123456"],
      ["2345-12-27T11:22:33.000001", "2345-12-27T11:22:33.000001"],
      ["2345-12-27T11:22:33.5", "2345-12-27T11:22:33.500000"],
      ["2345-12-27T11:22:33.000000", "2345-12-27T11:22:33"],
      ["2345-12-27T13:22:33.250000+02:00", "2345-12-27T11:22:33.250000"],
      ["2345-12-27T11:22:33Z", "2345-12-27T11:22:33"],
      // ISO 8601's basic format, which Zato's parser (dateutil) reads too.
      ["23451227T112233", "2345-12-27T11:22:33"],
      ["23451227T132233.25+0200", "2345-12-27T11:22:33.250000"],
      ["23451227T112233Z", "2345-12-27T11:22:33"],
      ["23451227", "2345-12-27T00:00:00"],
    ]) {
      expectOk(await patch(a.adminUst, { user_id: u.userId, password_expiry: sent }));
      expect((await read(u.userId)).password_expiry, sent).toBe(stored);
    }
  });

  it("refuses a password_expiry that the wire format cannot carry once converted to UTC, or with a zone out of range (E008002)", async () => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => {
      for (const late of ["9999-12-31T23:59:59-05:00", "9999-12-31T22:00:00.5-02:00", "99991231T235959-0500"]) {
        expectFailure(await patch(a.adminUst, { user_id: u.userId, password_expiry: late }), "E008002");
      }
    });
    // Zone offsets are hours 00–23 and minutes 00–59.
    await expectUnchanged(a.gw, async () => {
      for (const zone of ["+99:99", "-00:75", "+24:00", "+0960", "-2400"]) {
        const sent = `2030-01-01T00:00:00${zone}`;
        expectFailure(await patch(a.adminUst, { user_id: u.userId, password_expiry: sent }), "E008002");
      }
    });
    expectOk(await patch(a.adminUst, { user_id: u.userId, password_expiry: "2030-01-01T00:00:00-23:59" }));
    expect((await read(u.userId)).password_expiry).toBe("2030-01-01T23:59:00");
    expectOk(await patch(a.adminUst, { user_id: u.userId, password_expiry: "9999-12-31T23:59:59.999999" }));
    expect((await read(u.userId)).password_expiry).toBe("9999-12-31T23:59:59.999999");
    expectOk(await patch(a.adminUst, { user_id: u.userId, password_expiry: "9999-12-31T23:59:59+00:00" }));
    expect((await read(u.userId)).password_expiry).toBe("9999-12-31T23:59:59");
  });

  it("sets approval_status_mod_by and approval_status_mod_time on every change of approval_status", async () => {
    const u = await regular();
    a.gw.clock.advance(60_000);
    const at = a.gw.clock.now();
    expectOk(await patch(a.adminUst, { user_id: u.userId, approval_status: "approved" }));
    const view = await read(u.userId);
    expect(view.approval_status_mod_by).toBe(a.adminId);
    expect(Math.abs(ms(view.approval_status_mod_time as string) - at.getTime())).toBeLessThan(2_000);
  });

  it("changes nothing and reports ok for an unknown user_id", async () => {
    await expectUnchanged(a.gw, async () => {
      expectOk(await patch(a.adminUst, { user_id: "zusr00000000000000000000000000", display_name: "Ghost" }));
    });
  });

  it("routes by user_id: PATCH with user_id is update_user_by_id, without it update_current_user", async () => {
    const u = await regular();
    const byId = await patch(a.adminUst, { user_id: u.userId, last_name: "ById" });
    const own = await patch(u.ust, { last_name: "Own" });
    await a.gw.services.audit.flush();
    const ops = await a.gw.query<{ cid: string; op: string }>("SELECT cid, op FROM sso_audit_log WHERE cid = ANY($1)", [
      [byId.body.cid, own.body.cid],
    ]);
    expect(Object.fromEntries(ops.map((o) => [o.cid, o.op]))).toEqual({
      [byId.body.cid as string]: "user.update_user_by_id",
      [own.body.cid as string]: "user.update_current_user",
    });
  });
});

describe("update: nulls", () => {
  it("stores null for email, the names and totp_label", async () => {
    const u = await regular({ email: "x@example.com", first_name: "A", middle_name: "B", last_name: "C", totp_label: "L" });
    expectOk(
      await patch(u.ust, {
        email: null,
        display_name: null,
        first_name: null,
        middle_name: null,
        last_name: null,
        totp_label: null,
      }),
    );
    expect(await read(u.userId)).toMatchObject({
      email: null,
      display_name: null,
      first_name: null,
      middle_name: null,
      last_name: null,
      totp_label: "",
    });
    expect(await userRow(a.gw, u.username)).toMatchObject({
      email: null,
      email_hash: null,
      display_name_upper: null,
      first_name_upper: null,
      middle_name_upper: null,
      last_name_upper: null,
      totp_label: null,
    });
  });

  it.each(["username", "sign_up_status", "approval_status"])("refuses null for %s (E008002)", async (field) => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => {
      expectFailure(await patch(a.adminUst, { user_id: u.userId, display_name: "not written", [field]: null }), "E008002");
    });
  });

  it("takes null for is_locked, password_must_change, is_totp_enabled and password_expiry as not given", async () => {
    const u = await regular();
    const before = await read(u.userId);
    expectOk(
      await patch(a.adminUst, {
        user_id: u.userId,
        is_locked: null,
        password_must_change: null,
        is_totp_enabled: null,
        password_expiry: null,
        display_name: "Only this",
      }),
    );
    expect(await read(u.userId)).toEqual({ ...before, cid: expect.any(String), display_name: "Only this" });
  });

  it("counts those nulls as no field at all (E008003)", async () => {
    expectFailure(
      await patch(a.adminUst, { is_locked: null, password_must_change: null, is_totp_enabled: null, password_expiry: null }),
      "E008003",
    );
  });
});

describe("update: values and lengths", () => {
  it.each([
    ["username", 191],
    ["display_name", 191],
    ["first_name", 191],
    ["middle_name", 191],
    ["last_name", 191],
    ["totp_label", 191],
  ])("accepts %s of %i code points, counted as code points, and refuses one more", async (field, max) => {
    const u = await regular();
    // "😀" is one code point but two UTF-16 units.
    const at = field === "username" ? unique("u").padEnd(max - 50, "x") + "😀".repeat(50) : "😀".repeat(max);
    expect([...at].length).toBe(max);
    expectOk(await patch(u.ust, { [field]: at }));
    expect((await read(u.userId))[field]).toBe(at);
    await expectUnchanged(a.gw, async () => {
      expectFailure(await patch(u.ust, { [field]: `${at}é` }), "E008002");
    });
  });

  it("accepts an email of 254 code points and refuses 255", async () => {
    const u = await regular();
    const email = `${"é".repeat(254 - "@example.com".length)}@example.com`;
    expect([...email].length).toBe(254);
    expectOk(await patch(u.ust, { email }));
    expect((await read(u.userId)).email).toBe(email);
    expectFailure(await patch(u.ust, { email: `é${email}` }), "E008002");
  });

  it("refuses an empty username [gateway]", async () => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => expectFailure(await patch(u.ust, { username: "" }), "E008002"));
  });

  it.each([
    ["sign_up_status", "confirmed"],
    ["approval_status", "maybe"],
    ["approval_status", "APPROVED"],
    ["password_expiry", "next tuesday"],
    ["password_expiry", "2024-02-30T00:00:00"],
    ["password_expiry", 1234],
    ["is_locked", "maybe"],
    ["password_must_change", 2],
    ["is_totp_enabled", "nope"],
  ])("refuses %s = %j (E008002)", async (field, value) => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => {
      expectFailure(await patch(a.adminUst, { user_id: u.userId, display_name: "not written", [field]: value }), "E008002");
    });
  });

  it.each([
    ["username", { a: 1 }],
    ["email", ["x@example.com"]],
    ["display_name", { first: "x" }],
    ["totp_label", [1]],
  ])("refuses %s given as %j (E008002)", async (field, value) => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => expectFailure(await patch(u.ust, { [field]: value }), "E008002"));
  });

  it("takes numbers and booleans sent for strings as their JSON text", async () => {
    const u = await regular();
    expectOk(await patch(u.ust, { display_name: 12.5, first_name: true }));
    expect(await read(u.userId)).toMatchObject({ display_name: "12.5", first_name: "true" });
  });

  it("accepts the two sign_up_status values and the three approval_status values", async () => {
    const u = await regular();
    for (const sign_up_status of ["before_confirmation", "final"]) {
      expectOk(await patch(a.adminUst, { user_id: u.userId, sign_up_status }));
      expect((await read(u.userId)).sign_up_status).toBe(sign_up_status);
    }
    for (const approval_status of ["before_decision", "rejected", "approved"]) {
      expectOk(await patch(a.adminUst, { user_id: u.userId, approval_status }));
      expect((await read(u.userId)).approval_status).toBe(approval_status);
    }
  });
});

describe("update: who may change what", () => {
  it.each([
    ["is_locked", true],
    ["password_expiry", "2345-12-27T11:22:33"],
    ["password_must_change", true],
    ["sign_up_status", "final"],
    ["approval_status", "approved"],
  ])("refuses super-user field %s from a regular user (E008002)", async (field, value) => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => {
      expectFailure(await patch(u.ust, { display_name: "not written", [field]: value }), "E008002");
    });
  });

  it("refuses another user's id from a regular user (E008002)", async () => {
    const u = await regular();
    const other = await regular();
    await expectUnchanged(a.gw, async () => {
      expectFailure(await patch(u.ust, { user_id: other.userId, display_name: "not written" }), "E008002");
      expectFailure(await patch(u.ust, { user_id: "zusr00000000000000000000000000", display_name: "x" }), "E008002");
    });
  });

  it("refuses a username that belongs to another user (E001002), also from a super-user", async () => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => {
      expectFailure(await patch(u.ust, { username: "taken", display_name: "not written" }), "E001002");
      expectFailure(await patch(a.adminUst, { user_id: u.userId, username: "taken" }), "E001002");
      expectFailure(await patch(a.adminUst, { user_id: u.userId, username: "admin1" }), "E001002");
    });
  });

  it("accepts the user's own username", async () => {
    const u = await regular();
    expectOk(await patch(u.ust, { username: u.username, display_name: "Same username" }));
    expect((await read(u.userId)).display_name).toBe("Same username");
  });

  it("treats usernames as case-sensitive", async () => {
    const u = await regular();
    expectOk(await patch(u.ust, { username: "TAKEN" }));
    expect((await read(u.userId)).username).toBe("TAKEN");
  });

  it("answers E007001 for an invalid UST and E005002 for a locked caller", async () => {
    expectFailure(await patch("zust-nothing", { display_name: "x" }), "E007001");
    const u = await regular();
    await setUser(a.gw, u.username, { is_locked: true });
    expectFailure(await patch(u.ust, { display_name: "x" }), "E005002");
  });

  it("answers HTTP 400 when ust or current_app is absent", async () => {
    expectPlainError(await send(a.gw, "PATCH", "/zato/sso/user", { current_app: APP, display_name: "x" }), 400, "Bad request");
    expectPlainError(await send(a.gw, "PATCH", "/zato/sso/user", { ust: a.adminUst, display_name: "x" }), 400, "Bad request");
  });

  it("answers the current_app pre-check with HTTP 200 before anything else", async () => {
    expectFailure(await send(a.gw, "PATCH", "/zato/sso/user", { ust: "zust-nothing", current_app: "Nope" }), "E004001", 200);
  });
});

describe("update: the order of the checks of docs/rules.md — the earlier step wins", () => {
  it("step 1 before step 2: no field with an invalid UST is E008003", async () => {
    expectFailure(await patch("zust-nothing", {}), "E008003");
    expectFailure(await patch("zust-nothing", { unknown_key: 1 }), "E008003");
  });

  it("before steps 1 and 2: a value that cannot be converted is E008002, before E008003 and E007001", async () => {
    expectFailure(await patch("zust-nothing", { is_locked: "maybe" }), "E008002");
    expectFailure(await patch(a.adminUst, { is_totp_enabled: "maybe" }), "E008002");
  });

  it("step 2 before step 3: a locked regular user naming another user gets E005002", async () => {
    const u = await regular();
    const other = await regular();
    await setUser(a.gw, u.username, { is_locked: true });
    expectFailure(await patch(u.ust, { user_id: other.userId, display_name: "x" }), "E005002");
  });

  it("step 4 before step 5: a regular user's super-user field wins over a taken username", async () => {
    const u = await regular();
    expectFailure(await patch(u.ust, { username: "taken", is_locked: false }), "E008002");
  });

  it("step 3 before step 5: another user's id from a regular user wins over a taken username", async () => {
    const u = await regular();
    const other = await regular();
    expectFailure(await patch(u.ust, { user_id: other.userId, username: "taken" }), "E008002");
  });

  it.each([
    ["sign_up_status (step 6)", { sign_up_status: "bogus" }],
    ["password_expiry (step 6)", { password_expiry: "garbage" }],
    ["a null approval_status (step 6)", { approval_status: null }],
    ["approval_status (step 6)", { approval_status: "bogus" }],
    ["a length (step 6)", { display_name: "x".repeat(192) }],
  ])("step 5 before %s: a taken username is E001002", async (_, extra) => {
    const u = await regular();
    expectFailure(await patch(a.adminUst, { user_id: u.userId, username: "taken", ...extra }), "E001002");
  });
});

describe("update: effects", () => {
  it("updates the search copies: search finds the new names, not the old ones", async () => {
    const u = await regular({ display_name: "Old Display", first_name: "Oldfirst", last_name: "Oldlast" });
    expect(await search({ display_name: "old display" })).toEqual([u.username]);
    expectOk(await patch(u.ust, { display_name: "Zoë Newname", first_name: "Ünïcode", middle_name: "Mid", last_name: "Neu" }));
    expect(await search({ display_name: "old display" })).toEqual([]);
    expect(await search({ first_name: "oldfirst" })).toEqual([]);
    expect(await search({ display_name: "ZOË NEWNAME" })).toEqual([u.username]);
    expect(await search({ first_name: "ünïcode" })).toEqual([u.username]);
    expect(await search({ middle_name: "mid", last_name: "neu" })).toEqual([u.username]);
    expect(await search({ display_name: "newn", is_name_exact: false })).toEqual([u.username]);
    expect(await userRow(a.gw, u.username)).toMatchObject({
      display_name_upper: "ZOË NEWNAME",
      first_name_upper: "ÜNÏCODE",
      middle_name_upper: "MID",
      last_name_upper: "NEU",
    });
  });

  it("finds the user by the new username", async () => {
    const u = await regular();
    const name = unique("moved");
    expectOk(await patch(a.adminUst, { user_id: u.userId, username: name }));
    expect(await search({ username: name })).toEqual([name]);
    expect(await search({ username: u.username })).toEqual([]);
  });

  it("re-encrypts the email and recomputes its hash: search finds the new email, not the old one", async () => {
    const u = await regular({ email: "old.address@example.com" });
    expectOk(await patch(u.ust, { email: "New.Address@Example.com" }));
    const row = await userRow(a.gw, u.username);
    expect(row.email).not.toContain("New.Address");
    expect(row.email_hash).toBe(a.gw.services.keys.emailHash("new.address@example.com"));
    expect(await search({ email: "new.address@example.com" })).toEqual([u.username]);
    expect(await search({ email: "old.address@example.com" })).toEqual([]);
    expect((await read(u.userId)).email).toBe("New.Address@Example.com");
  });

  it("deletes every session of a user whose approval_status leaves approved, with their attributes [gateway]", async () => {
    const u = await regular();
    await loginAs(a, u.username);
    const [session] = await sessionsOf(a.gw, u.username);
    await a.gw.query(
      `INSERT INTO sso_attr (user_id, session_id, is_session_attr, scope_key, name, value, is_encrypted, serial_method,
         creation_time, last_modified, expiration_time)
       SELECT s.user_id, s.id, true, s.session_id, 'colour', '"blue"', false, 'json', now(), now(), '9999-12-31'
         FROM sso_session s WHERE s.session_id = $1`,
      [session?.session_id],
    );
    expect(await sessionsOf(a.gw, u.username)).toHaveLength(2);
    expectOk(await patch(a.adminUst, { user_id: u.userId, approval_status: "before_decision" }));
    expect(await sessionsOf(a.gw, u.username)).toEqual([]);
    expect(await a.gw.query("SELECT 1 FROM sso_attr WHERE scope_key = $1", [session?.session_id])).toEqual([]);
    // Re-approval does not revive them.
    expectOk(await patch(a.adminUst, { user_id: u.userId, approval_status: "approved" }));
    expectFailure(await send(a.gw, "GET", "/zato/sso/user", { ust: u.ust, current_app: APP }), "E007001");
  });

  it("keeps the sessions when approval_status is set to approved again", async () => {
    const u = await regular();
    expectOk(await patch(a.adminUst, { user_id: u.userId, approval_status: "approved" }));
    expect(await sessionsOf(a.gw, u.username)).toHaveLength(1);
    expectOk(await send(a.gw, "GET", "/zato/sso/user", { ust: u.ust, current_app: APP }));
  });

  it("makes a locked user's sessions fail with E005002, without deleting them; unlocking restores them", async () => {
    const u = await regular();
    expectOk(await patch(a.adminUst, { user_id: u.userId, is_locked: true }));
    expectFailure(await send(a.gw, "GET", "/zato/sso/user", { ust: u.ust, current_app: APP }), "E005002");
    expect(await sessionsOf(a.gw, u.username)).toHaveLength(1);
    expectOk(await patch(a.adminUst, { user_id: u.userId, is_locked: false }));
    expectOk(await send(a.gw, "GET", "/zato/sso/user", { ust: u.ust, current_app: APP }));
  });

  it("stores totp_label encrypted and shows an empty label as empty", async () => {
    const u = await regular();
    expectOk(await patch(u.ust, { totp_label: "Secret label" }));
    expect(String((await userRow(a.gw, u.username)).totp_label)).not.toContain("Secret label");
    expect((await read(u.userId)).totp_label).toBe("Secret label");
    expectOk(await patch(u.ust, { totp_label: "" }));
    expect((await read(u.userId)).totp_label).toBe("");
  });

  it("changes no other column", async () => {
    const u = await regular();
    const before = await userRow(a.gw, u.username);
    expectOk(await patch(u.ust, { middle_name: "Only" }));
    const after = await userRow(a.gw, u.username);
    expect(after).toEqual({ ...before, middle_name: "Only", middle_name_upper: "ONLY" });
  });
});

describe("update: keys that are not fields of the call", () => {
  it("ignores unknown REST keys such as is_approved (Zato's tests send it)", async () => {
    const u = await regular();
    const before = await userRow(a.gw, u.username);
    expectOk(
      await patch(a.adminUst, {
        user_id: u.userId,
        is_approved: false,
        display_name: "With extras",
        password: "Brand-new-pass-99",
        totp_key: "JBSWY3DPEHPK3PXP",
        is_super_user: true,
        is_rate_limit_active: true,
      }),
    );
    expect(await userRow(a.gw, u.username)).toEqual({
      ...before,
      display_name: "With extras",
      display_name_upper: "WITH EXTRAS",
    });
  });

  it("answers E008003 when only unknown keys are sent", async () => {
    const u = await regular();
    expectFailure(await patch(u.ust, { is_approved: true, password: "whatever-123" }), "E008003");
  });

  it("lets the core refuse an unknown field with E008002, as Zato's Python API does", async () => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => {
      for (const [op, extra] of [
        [updateCurrentUser, {}],
        [updateUserById, { user_id: u.userId }],
      ] as const) {
        const outcome = await runCore(a.gw, op, {
          ust: a.adminUst,
          current_app: APP,
          display_name: "not written",
          is_approved: true,
          ...extra,
        });
        expect(outcome).toMatchObject({ status: "error", subStatus: ["E008002"] });
      }
    });
    const ok = await runCore(a.gw, updateUserById, {
      ust: a.adminUst,
      current_app: APP,
      user_id: u.userId,
      display_name: "core",
    });
    expect(ok.status).toBe("ok");
  });
});

describe("update: time", () => {
  it("sets locked_time and locked_by when is_locked changes through an update", async () => {
    const u = await regular();
    a.gw.clock.advance(90_000);
    const at = a.gw.clock.now();
    expectOk(await patch(a.adminUst, { user_id: u.userId, is_locked: true }));
    const view = await read(u.userId);
    expect(view.locked_by).toBe(a.adminId);
    expect(Math.abs(ms(view.locked_time as string) - at.getTime())).toBeLessThan(2_000);
  });
});

describe("update: audit", () => {
  it("wrote no secret in any audit record", async () => {
    await expectNoSecretsInAudit(a.gw, [
      ...a.secrets,
      "new.me@example.com",
      "x@example.com",
      "old.address@example.com",
      "New.Address@Example.com",
      "Brand-new-pass-99",
      "JBSWY3DPEHPK3PXP",
    ]);
  });
});

describe("update: a user an address allow-list names", () => {
  let listed: AdminGateway;
  beforeAll(async () => {
    listed = await startAdmin({ user_address_list: { fenced: "127.0.0.1/32", fenced2: "127.0.0.1/32" } });
    await makeUser(listed, { username: "fenced" });
  });
  afterAll(() => listed.gw.close());

  it("cannot rename themselves out of the list (E008002); other fields change as usual", async () => {
    const ust = await loginAs(listed, "fenced");
    const rename = (fields: Record<string, unknown>) =>
      send(listed.gw, "PATCH", "/zato/sso/user", { ust, current_app: APP, ...fields });
    await expectUnchanged(listed.gw, async () => {
      expectFailure(await rename({ username: "free-at-last" }), "E008002");
      expectFailure(await rename({ username: "free-at-last", display_name: "x" }), "E008002");
    });
    expectOk(await rename({ username: "fenced", display_name: "Same name, new display" }));
    expect((await userRow(listed.gw, "fenced")).display_name).toBe("Same name, new display");
  });

  it("may be renamed by a super-user", async () => {
    const userId = await makeUser(listed, { username: "fenced2" });
    expectOk(
      await send(listed.gw, "PATCH", "/zato/sso/user", {
        ust: listed.adminUst,
        current_app: APP,
        user_id: userId,
        username: "renamed-by-admin",
      }),
    );
    expect((await userRow(listed.gw, "renamed-by-admin")).username).toBe("renamed-by-admin");
  });
});
