import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminGateway, expectNoSecretsInAudit, loginAs, makeUser, send, startAdmin } from "../support/admin.js";
import { ADMIN_PASSWORD, expectFailure, expectOk, expectPlainError, PASSWORD, setUser, userRow } from "../support/fixtures.js";
import { APP, DAY } from "../support/gateway.js";
import { unique } from "../support/names.js";
import { expectUnchanged } from "../support/state.js";

// PATCH /zato/sso/user/password (docs/rest.md; docs/rules.md, "Passwords", "Changing a password").

let a: AdminGateway;

beforeAll(async () => {
  a = await startAdmin({ password: { min_complexity: 0 } });
});
afterAll(() => a.gw.close());

const change = (ust: string, fields: Record<string, unknown>) =>
  send(a.gw, "PATCH", "/zato/sso/user/password", { ust, current_app: APP, ...fields });

const canLogin = async (username: string, password: string) =>
  (await send(a.gw, "POST", "/zato/sso/user/login", { username, password, current_app: APP })).body.status === "ok";

/** password_last_set and password_expiry as milliseconds. */
async function passwordTimes(username: string) {
  const [row] = (await a.gw.query(
    "SELECT password_last_set::text AS last_set, password_expiry::text AS expiry, password_must_change FROM sso_user WHERE username = $1",
    [username],
  )) as [{ last_set: string; expiry: string; password_must_change: boolean }];
  const toMs = (t: string) => Date.parse(`${t.replace(" ", "T")}Z`);
  return { lastSet: toMs(row.last_set), expiry: toMs(row.expiry), mustChange: row.password_must_change };
}

async function regular() {
  const username = unique("pw");
  const userId = await makeUser(a, { username });
  const ust = await loginAs(a, username);
  return { username, userId, ust };
}

const secret = (value: string) => {
  a.secrets.add(value);
  return value;
};

describe("change password: one's own", () => {
  it("changes the password when the old one matches: the new one logs in, the old one no longer does", async () => {
    const u = await regular();
    a.gw.clock.advance(5 * 60_000);
    const at = a.gw.clock.now().getTime();
    const next = secret("N3w-orbit-cedar-71");
    const r = await change(u.ust, { old_password: PASSWORD, new_password: next });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    expect(await canLogin(u.username, next)).toBe(true);
    expect(await canLogin(u.username, PASSWORD)).toBe(false);
    const times = await passwordTimes(u.username);
    expect(Math.abs(times.lastSet - at)).toBeLessThan(2_000);
    expect(times.expiry - times.lastSet).toBe(730 * DAY);
  });

  it("keeps the caller's session", async () => {
    const u = await regular();
    expectOk(await change(u.ust, { old_password: PASSWORD, new_password: secret("Keep-session-pass-1") }));
    expectOk(await send(a.gw, "GET", "/zato/sso/user", { ust: u.ust, current_app: APP }));
  });

  it("answers E005001 for a wrong, missing, empty or null old password, and changes nothing", async () => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => {
      for (const old of [{ old_password: "Wrong-password-1" }, {}, { old_password: "" }, { old_password: null }]) {
        expectFailure(await change(u.ust, { ...old, new_password: secret("Never-set-pass-1") }), "E005001");
      }
    });
  });

  it("answers E005001, not the policy code, for a new password that breaks the policy", async () => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => {
      for (const bad of ["short", "x".repeat(257), "my-password-is-long", ""]) {
        expectFailure(await change(u.ust, { old_password: PASSWORD, new_password: secret(bad) }), "E005001");
      }
      expectFailure(await change(u.ust, { old_password: PASSWORD, new_password: null }), "E005001");
    });
  });

  it("treats a regular user's own user_id like none", async () => {
    const u = await regular();
    expectOk(await change(u.ust, { user_id: u.userId, old_password: PASSWORD, new_password: secret("Own-id-pass-wurd9") }));
  });

  it("ignores password_expiry and must_change from a regular user", async () => {
    const u = await regular();
    expectOk(
      await change(u.ust, {
        old_password: PASSWORD,
        new_password: secret("Ignored-extras-77"),
        password_expiry: 3,
        must_change: true,
      }),
    );
    const times = await passwordTimes(u.username);
    expect(times.expiry - times.lastSet).toBe(730 * DAY);
    expect(times.mustChange).toBe(false);
  });

  it("clears password_must_change when users change their own password [gateway]", async () => {
    const u = await regular();
    await setUser(a.gw, u.username, { password_must_change: true });
    expectOk(await change(u.ust, { old_password: PASSWORD, new_password: secret("Cleared-must-change-5") }));
    expect((await passwordTimes(u.username)).mustChange).toBe(false);
  });

  it("requires the old password from a super-user changing their own, also when naming their own user_id", async () => {
    const username = unique("self-admin");
    const userId = await a.gw.createUser(username, ADMIN_PASSWORD, { superUser: true });
    const ust = await loginAs(a, username, ADMIN_PASSWORD);
    await expectUnchanged(a.gw, async () => {
      expectFailure(await change(ust, { new_password: secret("Admin-self-pass-1") }), "E005001");
      expectFailure(await change(ust, { user_id: userId, new_password: "Admin-self-pass-1" }), "E005001");
      expectFailure(await change(ust, { user_id: userId, old_password: ADMIN_PASSWORD, new_password: "short" }), "E005001");
    });
    expectOk(await change(ust, { user_id: userId, old_password: ADMIN_PASSWORD, new_password: "Admin-self-pass-1" }));
    expect(await canLogin(username, "Admin-self-pass-1")).toBe(true);
  });

  it("lets a super-user changing their own password pass password_expiry and must_change", async () => {
    const username = unique("self-admin");
    await a.gw.createUser(username, ADMIN_PASSWORD, { superUser: true });
    const ust = await loginAs(a, username, ADMIN_PASSWORD);
    expectOk(
      await change(ust, {
        old_password: ADMIN_PASSWORD,
        new_password: secret("Admin-self-pass-2"),
        password_expiry: 9,
        must_change: true,
      }),
    );
    const times = await passwordTimes(username);
    expect(times.expiry - times.lastSet).toBe(9 * DAY);
    expect(times.mustChange).toBe(true);
  });
});

describe("change password: a super-user on another user", () => {
  it("sets the password without the old one", async () => {
    const u = await regular();
    const next = secret("Set-by-admin-pass-3");
    expectOk(await change(a.adminUst, { user_id: u.userId, new_password: next }));
    expect(await canLogin(u.username, next)).toBe(true);
    expect(await canLogin(u.username, PASSWORD)).toBe(false);
  });

  it("ignores an old password, even a wrong one", async () => {
    const u = await regular();
    expectOk(
      await change(a.adminUst, {
        user_id: u.userId,
        old_password: "Wrong-anyway-1",
        new_password: secret("Set-by-admin-pass-4"),
      }),
    );
  });

  it.each([
    ["too short", "short1", "E003002"],
    ["too long", "x".repeat(257), "E003003"],
    ["on the reject list", "Has-qwerty-inside", "E003001"],
    ["empty", "", "E003002"],
  ])("reports the policy code for a new password %s", async (_, bad, code) => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => {
      expectFailure(await change(a.adminUst, { user_id: u.userId, new_password: secret(bad) }), code);
    });
  });

  it("reports E003008 when the password is not complex enough", async () => {
    const b = await startAdmin({ password: { min_complexity: 4 } });
    try {
      const userId = await makeUser(b, { username: "target", password: "Xq9!vL2#mR7$wT4&" });
      expectFailure(
        await send(b.gw, "PATCH", "/zato/sso/user/password", {
          ust: b.adminUst,
          current_app: APP,
          user_id: userId,
          new_password: "aaaaaaaaaaaa",
        }),
        "E003008",
      );
    } finally {
      await b.gw.close();
    }
  });

  it("applies password_expiry in days; 0, negative or absent mean [password] expiry", async () => {
    const u = await regular();
    for (const [days, expected] of [
      [10, 10],
      ["20", 20],
      [0, 730],
      [-5, 730],
      [undefined, 730],
    ] as const) {
      expectOk(
        await change(a.adminUst, {
          user_id: u.userId,
          new_password: secret(`Expiry-days-pass-${String(days)}`),
          password_expiry: days,
        }),
      );
      const times = await passwordTimes(u.username);
      expect(times.expiry - times.lastSet, String(days)).toBe(expected * DAY);
    }
  });

  it("applies must_change [gateway], and leaves it as it is when not given", async () => {
    const u = await regular();
    expectOk(await change(a.adminUst, { user_id: u.userId, new_password: secret("Must-change-pass-1"), must_change: true }));
    expect((await passwordTimes(u.username)).mustChange).toBe(true);
    expectOk(await change(a.adminUst, { user_id: u.userId, new_password: secret("Must-change-pass-2") }));
    expect((await passwordTimes(u.username)).mustChange).toBe(true);
    expectOk(await change(a.adminUst, { user_id: u.userId, new_password: secret("Must-change-pass-3"), must_change: "false" }));
    expect((await passwordTimes(u.username)).mustChange).toBe(false);
  });

  it("Zato's own scenario: expiry of 1 day and password_must_change sent: login warns W003005 and asks for nothing", async () => {
    const u = await regular();
    const next = secret("Zato-scenario-pass-1");
    expectOk(
      await change(a.adminUst, {
        user_id: u.userId,
        old_password: PASSWORD,
        new_password: next,
        password_expiry: 1,
        password_must_change: true,
      }),
    );
    expect(await canLogin(u.username, PASSWORD)).toBe(false);
    const r = await send(a.gw, "POST", "/zato/sso/user/login", { username: u.username, password: next, current_app: APP });
    expect({ http: r.status, status: r.body.status, sub_status: r.body.sub_status }).toEqual({
      http: 200,
      status: "warning",
      sub_status: ["W003005"],
    });
    expect(typeof r.body.ust).toBe("string");
    a.secrets.add(r.body.ust as string);
  });

  it("ignores the key password_must_change (not a field of this call)", async () => {
    const u = await regular();
    expectOk(
      await change(a.adminUst, { user_id: u.userId, new_password: secret("Ignored-key-pass-1"), password_must_change: true }),
    );
    expect((await passwordTimes(u.username)).mustChange).toBe(false);
  });

  it("changes nothing for an unknown user_id and reports ok", async () => {
    await expectUnchanged(a.gw, async () => {
      expectOk(
        await change(a.adminUst, { user_id: "zusr00000000000000000000000000", new_password: secret("Ghost-pass-wurd-1") }),
      );
    });
  });

  it("lets a super-user set another super-user's password", async () => {
    const username = unique("other-admin");
    const userId = await a.gw.createUser(username, ADMIN_PASSWORD, { superUser: true });
    expectOk(await change(a.adminUst, { user_id: userId, new_password: secret("Other-admin-pass-1") }));
    expect(await canLogin(username, "Other-admin-pass-1")).toBe(true);
  });
});

describe("change password: refusals", () => {
  it("answers E008002 to a regular user naming another user", async () => {
    const u = await regular();
    const other = await regular();
    await expectUnchanged(a.gw, async () => {
      expectFailure(
        await change(u.ust, { user_id: other.userId, old_password: PASSWORD, new_password: secret("Not-allowed-pass-1") }),
        "E008002",
      );
      expectFailure(
        await change(u.ust, { user_id: "zusr00000000000000000000000000", new_password: "Not-allowed-pass-1" }),
        "E008002",
      );
    });
  });

  it("checks the session first: E007001 for an invalid UST, E005002 for a locked user", async () => {
    const u = await regular();
    expectFailure(await change("zust-nothing", { old_password: PASSWORD, new_password: "Whatever-pass-1" }), "E007001");
    await setUser(a.gw, u.username, { is_locked: true });
    expectFailure(await change(u.ust, { old_password: PASSWORD, new_password: "Whatever-pass-1" }), "E005002");
  });

  it("refuses values that cannot be converted (E008002)", async () => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => {
      expectFailure(
        await change(a.adminUst, { user_id: u.userId, new_password: "Typed-pass-1", password_expiry: "soon" }),
        "E008002",
      );
      expectFailure(
        await change(a.adminUst, { user_id: u.userId, new_password: "Typed-pass-1", must_change: "perhaps" }),
        "E008002",
      );
      expectFailure(await change(a.adminUst, { user_id: u.userId, new_password: { p: 1 } }), "E008002");
    });
  });

  it("answers HTTP 400 when new_password is absent", async () => {
    expectPlainError(
      await send(a.gw, "PATCH", "/zato/sso/user/password", { ust: a.adminUst, current_app: APP, old_password: ADMIN_PASSWORD }),
      400,
      "Bad request",
    );
  });

  it("does not echo any password", async () => {
    const u = await regular();
    const r = await change(u.ust, { old_password: PASSWORD, new_password: secret("Echo-check-pass-1") });
    expect(r.text).not.toContain("Echo-check-pass-1");
    expect(r.text).not.toContain(PASSWORD);
    const row = await userRow(a.gw, u.username);
    expect(String(row.password)).not.toContain("Echo-check-pass-1");
  });
});

describe("change password: audit", () => {
  it("wrote no secret in any audit record", async () => {
    await expectNoSecretsInAudit(a.gw, a.secrets);
  });
});
