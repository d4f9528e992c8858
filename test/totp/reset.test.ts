import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../../src/core/totp/totp.js";
import { type AdminGateway, auditRow, expectNoSecretsInAudit, loginAs, makeUser, send, startAdmin } from "../support/admin.js";
import { expectFailure, expectOk, expectPlainError, PASSWORD, setUser, userRow } from "../support/fixtures.js";
import { APP } from "../support/gateway.js";
import { unique } from "../support/names.js";
import { expectUnchanged } from "../support/state.js";

// PATCH /zato/sso/user/totp (docs/rest.md; docs/rules.md, "Two-factor login").

const BASE32_32 = /^[A-Z2-7]{32}$/;
const GIVEN_KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

let a: AdminGateway;
/** TOTP codes used to log in: none may reach an audit record. */
const codes = new Set<string>();

beforeAll(async () => {
  a = await startAdmin();
});
afterAll(() => a.gw.close());

const reset = (ust: string, fields: Record<string, unknown>) =>
  send(a.gw, "PATCH", "/zato/sso/user/totp", { ust, current_app: APP, totp_key: "", totp_label: "", ...fields });

/** A logged-in user; TOTP is switched on, when asked for, after the login. */
async function regular({ is_totp_enabled, ...fields }: Record<string, unknown> = {}) {
  const username = unique("totp");
  const userId = await makeUser(a, { username, ...fields });
  const ust = await loginAs(a, username);
  if (is_totp_enabled) await setUser(a.gw, username, { is_totp_enabled: true });
  return { username, userId, ust };
}

/** Logs in with a code of `key` for the current step; returns the answer. */
async function loginWithKey(username: string, key: string) {
  // Stay clear of the end of a 30-second step, so that the code is still current when checked.
  const into = a.gw.clock.now().getTime() % 30_000;
  if (into > 25_000) a.gw.clock.advance(30_000 - into + 50);
  const code = totpCode(key, a.gw.clock.now());
  codes.add(code);
  return send(a.gw, "POST", "/zato/sso/user/login", { username, password: PASSWORD, current_app: APP, totp_code: code });
}

const keep = (key: unknown) => {
  a.secrets.add(String(key));
  return String(key);
};

describe("reset TOTP key: one's own", () => {
  it("generates a key of 32 base32 characters when totp_key is empty, and returns it", async () => {
    const u = await regular();
    const r = await reset(u.ust, {});
    const body = expectOk(r);
    expect(Object.keys(body).sort()).toEqual(["cid", "status", "totp_key"]);
    expect(keep(body.totp_key)).toMatch(BASE32_32);
    const again = keep(expectOk(await reset(u.ust, {})).totp_key);
    expect(again).toMatch(BASE32_32);
    expect(again).not.toBe(body.totp_key);
  });

  it("returns a key that logs the user in with a real code, and no longer accepts the old key", async () => {
    const oldKey = keep("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    const u = await regular({ is_totp_enabled: true, totp_key: oldKey });
    expectOk(await loginWithKey(u.username, oldKey));
    const key = keep(expectOk(await reset(u.ust, {})).totp_key);
    expectOk(await loginWithKey(u.username, key));
    expectFailure(await loginWithKey(u.username, oldKey), "E005001");
  });

  it("stores the given key and returns it", async () => {
    const u = await regular({ is_totp_enabled: true });
    const r = await reset(u.ust, { totp_key: keep(GIVEN_KEY), totp_label: "Phone" });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok", totp_key: GIVEN_KEY });
    expectOk(await loginWithKey(u.username, GIVEN_KEY));
    const me = expectOk(await send(a.gw, "GET", "/zato/sso/user", { ust: u.ust, current_app: APP }));
    expect(me.totp_label).toBe("Phone");
    const row = await userRow(a.gw, u.username);
    expect(String(row.totp_key)).not.toContain(GIVEN_KEY);
    expect(String(row.totp_label)).not.toContain("Phone");
  });

  it("sets the label to none when totp_label is empty", async () => {
    const u = await regular({ totp_label: "Old label" });
    expectOk(await reset(u.ust, { totp_label: "" }));
    expect((await userRow(a.gw, u.username)).totp_label).toBeNull();
    const me = expectOk(await send(a.gw, "GET", "/zato/sso/user", { ust: u.ust, current_app: APP }));
    expect(me.totp_label).toBe("");
  });

  it("does not change is_totp_enabled", async () => {
    const off = await regular({ is_totp_enabled: false });
    keep(expectOk(await reset(off.ust, {})).totp_key);
    expect((await userRow(a.gw, off.username)).is_totp_enabled).toBe(false);
    const on = await regular({ is_totp_enabled: true });
    keep(expectOk(await reset(on.ust, { totp_key: "MFRGGZDFMZTWQ2LK" })).totp_key);
    expect((await userRow(a.gw, on.username)).is_totp_enabled).toBe(true);
  });

  it("treats an empty user_id as absent", async () => {
    const u = await regular();
    keep(expectOk(await reset(u.ust, { user_id: "" })).totp_key);
  });

  it("accepts lower-case and padded base32 keys", async () => {
    const u = await regular({ is_totp_enabled: true });
    expect(expectOk(await reset(u.ust, { totp_key: keep("mfrggzdfmztwq2lk") })).totp_key).toBe("mfrggzdfmztwq2lk");
    expectOk(await loginWithKey(u.username, "MFRGGZDFMZTWQ2LK"));
    expect(expectOk(await reset(u.ust, { totp_key: keep("MFRGGZA=") })).totp_key).toBe("MFRGGZA=");
  });
});

describe("reset TOTP key: by user_id (super-user)", () => {
  it("resets another user's key", async () => {
    const u = await regular({ is_totp_enabled: true });
    const r = await reset(a.adminUst, { user_id: u.userId, totp_label: "Set by admin" });
    const key = keep(expectOk(r).totp_key);
    expect(key).toMatch(BASE32_32);
    expectOk(await loginWithKey(u.username, key));
    expect(await auditRow(a.gw, r)).toMatchObject({
      op: "user.reset_totp_key",
      target_user_id: u.userId,
      actor_user_id: a.adminId,
    });
  });

  it("answers E005001 for an unknown user_id and changes nothing", async () => {
    await expectUnchanged(a.gw, async () => {
      expectFailure(await reset(a.adminUst, { user_id: "zusr00000000000000000000000000" }), "E005001");
      expectFailure(await reset(a.adminUst, { user_id: "zusr00000000000000000000000000", totp_key: "not base32!" }), "E005001");
    });
  });

  it("lets a super-user name their own user_id", async () => {
    keep(expectOk(await reset(a.adminUst, { user_id: a.adminId })).totp_key);
  });
});

describe("reset TOTP key: refusals", () => {
  it("answers E008002 to a regular user giving a user_id, even their own", async () => {
    const u = await regular();
    const other = await regular();
    await expectUnchanged(a.gw, async () => {
      expectFailure(await reset(u.ust, { user_id: other.userId }), "E008002");
      expectFailure(await reset(u.ust, { user_id: u.userId }), "E008002");
      expectFailure(await reset(u.ust, { user_id: "zusr00000000000000000000000000" }), "E008002");
    });
  });

  it.each([
    ["characters outside base32", "not base32!"],
    ["a digit 1", "JBSWY3DPEHPK3PX1"],
    ["a length no base32 text has", "JBSWY3DPE"],
    ["padding in the middle", "MFRG=GZA"],
    ["blanks", "JBSW Y3DP"],
  ])("answers E008002 for a key with %s, and changes nothing", async (_, key) => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => {
      expectFailure(await reset(u.ust, { totp_key: key }), "E008002");
      expectFailure(await reset(a.adminUst, { user_id: u.userId, totp_key: key }), "E008002");
    });
  });

  it("accepts a label of 191 code points and refuses a longer one (E008002), as update does", async () => {
    const u = await regular();
    const label = "😀".repeat(191);
    keep(expectOk(await reset(u.ust, { totp_label: label })).totp_key);
    const me = expectOk(await send(a.gw, "GET", "/zato/sso/user", { ust: u.ust, current_app: APP }));
    expect(me.totp_label).toBe(label);
    await expectUnchanged(a.gw, async () => {
      expectFailure(await reset(u.ust, { totp_label: `${label}x` }), "E008002");
      expectFailure(await reset(a.adminUst, { user_id: u.userId, totp_label: "x".repeat(100_000) }), "E008002");
    });
  });

  it("answers E007001 for an invalid UST", async () => {
    expectFailure(await reset("zust-nothing", {}), "E007001");
  });

  it("answers HTTP 400 when totp_key or totp_label is absent", async () => {
    expectPlainError(
      await send(a.gw, "PATCH", "/zato/sso/user/totp", { ust: a.adminUst, current_app: APP, totp_label: "" }),
      400,
      "Bad request",
    );
    expectPlainError(
      await send(a.gw, "PATCH", "/zato/sso/user/totp", { ust: a.adminUst, current_app: APP, totp_key: "" }),
      400,
      "Bad request",
    );
  });

  it("refuses a key or label that is not a string (E008002)", async () => {
    const u = await regular();
    await expectUnchanged(a.gw, async () => {
      expectFailure(await reset(u.ust, { totp_key: { k: 1 } }), "E008002");
      expectFailure(await reset(u.ust, { totp_label: ["x"] }), "E008002");
    });
  });
});

describe("reset TOTP key: audit", () => {
  it("wrote no key, code or other secret in any audit record", async () => {
    await expectNoSecretsInAudit(a.gw, [...a.secrets, GIVEN_KEY, ...codes]);
  });
});
