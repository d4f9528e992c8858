import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, cliEnv, DAY, HINT, utcMs } from "./support.js";

let cli: CliEnv;
beforeAll(async () => {
  cli = await cliEnv({ password: { expiry: 40, about_to_expire_threshold: 10 } });
  for (const name of ["ivan", "judy", "ken"]) {
    expect((await cli.run(["create-user", name, "--password", "hQ9nl93UDqGus"])).code).toBe(0);
  }
});
afterAll(() => cli.close());

const lifetime = (user: Record<string, unknown> | undefined) => utcMs(user?.password_expiry) - utcMs(user?.password_last_set);

describe("change-user-password", { timeout: 60_000 }, () => {
  it("sets the password with [password] expiry and leaves must-change alone when not given", async () => {
    await cli.query("UPDATE sso_user SET password_must_change = true WHERE username = 'ivan'");
    const before = await cli.user("ivan");
    const r = await cli.run(["change-user-password", "ivan", "--password", "New-pass-0001"]);
    expect(r).toMatchObject({ code: 0, stdout: "Changed password for user `ivan`\n", stderr: "" });
    const after = await cli.user("ivan");
    expect(await cli.verify(after?.password as string, "New-pass-0001")).toBe(true);
    expect(await cli.verify(after?.password as string, "hQ9nl93UDqGus")).toBe(false);
    expect(utcMs(after?.password_last_set)).toBeGreaterThan(utcMs(before?.password_last_set));
    expect(lifetime(after)).toBe(40 * DAY);
    expect(after?.password_must_change).toBe(true);
    const [record] = await cli.audit("user.set_password");
    expect(record).toMatchObject({ outcome: "ok", target_user_id: after?.user_id, target_username: "ivan" });
    expect(JSON.stringify(record)).not.toContain("New-pass-0001");
  });

  it("applies --expiry days and --must-change words; --expiry ≤ 0 means [password] expiry", async () => {
    await cli.run(["change-user-password", "ivan", "--password", "New-pass-0002", "--expiry", "3", "--must-change", "OFF"]);
    expect(lifetime(await cli.user("ivan"))).toBe(3 * DAY);
    expect((await cli.user("ivan"))?.password_must_change).toBe(false);
    await cli.run(["change-user-password", "ivan", "--password", "New-pass-0003", "--expiry=-5", "--must-change", "y"]);
    expect(lifetime(await cli.user("ivan"))).toBe(40 * DAY);
    expect((await cli.user("ivan"))?.password_must_change).toBe(true);
    expect((await cli.audit("user.set_password")).at(-1)).toMatchObject({ details: { must_change: true } });
  });

  it("takes a negative number as an option's value when it follows the option as its own word", async () => {
    await cli.run(["change-user-password", "ivan", "--password", "New-pass-0005", "--expiry", "3"]);
    expect(lifetime(await cli.user("ivan"))).toBe(3 * DAY);
    const r = await cli.run(["change-user-password", "ivan", "--password", "New-pass-0006", "--expiry", "-3"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(lifetime(await cli.user("ivan"))).toBe(40 * DAY);
    // Other words that start with a dash are options, as Zato's command line had them.
    const dashed = await cli.run(["change-user-password", "ivan", "--password", "-New-pass-0007"]);
    expect(dashed.code).toBe(2);
  });

  it("refuses a password that breaks the policy with exit 21, changing nothing", async () => {
    const before = await cli.user("ivan");
    const r = await cli.run(["change-user-password", "ivan", "--password", "qwerty-long-one"]);
    expect(r).toMatchObject({ code: 21, stdout: "", stderr: "Password validation error, reason code:`E003001`\n" });
    expect(await cli.user("ivan")).toEqual(before);
  });

  it("reports an unknown user with exit 22, before asking for a password", async () => {
    expect(await cli.run(["change-user-password", "ghost"])).toMatchObject({ code: 22, stderr: "No such user `ghost`\n" });
  });

  it("needs --password when not on a terminal: exit 29", async () => {
    const before = await cli.user("judy");
    const r = await cli.run(["change-user-password", "judy"], { input: "New-pass-0004\nNew-pass-0004\n" });
    expect(r).toMatchObject({ code: 29, stderr: "Option --password is required when not running interactively\n" });
    expect(await cli.user("judy")).toEqual(before);
  });
});

describe("reset-user-password", { timeout: 60_000 }, () => {
  it("sets a generated password and prints it", async () => {
    const r = await cli.run(["reset-user-password", "judy", "--expiry", "9", "--must-change", "true"]);
    expect(r.code).toBe(0);
    const match = /^Password for user `judy` reset to `([A-Za-z0-9_-]{32})`\n$/.exec(r.stdout);
    expect(match).not.toBeNull();
    const user = await cli.user("judy");
    expect(await cli.verify(user?.password as string, match?.[1] as string)).toBe(true);
    expect(lifetime(user)).toBe(9 * DAY);
    expect(user?.password_must_change).toBe(true);
    const record = (await cli.audit("user.set_password")).at(-1);
    expect(record).toMatchObject({ outcome: "ok", target_username: "judy", details: { password_generated: true } });
    expect(JSON.stringify(record)).not.toContain(match?.[1]);
  });

  it("reports an unknown user with exit 22", async () => {
    expect(await cli.run(["reset-user-password", "ghost"])).toMatchObject({ code: 22, stderr: "No such user `ghost`\n" });
  });

  it("gives up with the policy's code when no generated password can pass it", async () => {
    const strict = await cliEnv({ password: { max_length: 20 } });
    try {
      expect((await strict.run(["create-user", "kim", "--password", "hQ9nl93UDqGus"])).code).toBe(0);
      const before = await strict.user("kim");
      const r = await strict.run(["reset-user-password", "kim"]);
      expect(r).toMatchObject({ code: 21, stdout: "", stderr: "Password validation error, reason code:`E003003`\n" });
      expect(await strict.user("kim")).toEqual(before);
    } finally {
      await strict.close();
    }
  });
});

describe("reset-totp-key", { timeout: 60_000 }, () => {
  it("generates a key, prints it and keeps is_totp_enabled", async () => {
    await cli.query("UPDATE sso_user SET is_totp_enabled = true WHERE username = 'ken'");
    const before = await cli.user("ken");
    const r = await cli.run(["reset-totp-key", "ken"]);
    const match = /^TOTP key for user `ken` reset to `([A-Z2-7]{32})`\n$/.exec(r.stdout);
    expect(r.code).toBe(0);
    expect(match).not.toBeNull();
    const after = await cli.user("ken");
    expect(cli.keys.open(after?.totp_key as string)).toBe(match?.[1]);
    expect(cli.keys.open(before?.totp_key as string)).not.toBe(match?.[1]);
    expect(after).toMatchObject({ is_totp_enabled: true, totp_label: null });
    const record = (await cli.audit("user.reset_totp_key")).at(-1);
    expect(record).toMatchObject({ outcome: "ok", target_user_id: after?.user_id, details: { key_generated: true } });
    expect(JSON.stringify(record)).not.toContain(match?.[1]);
  });

  it("sets a given key and label without echoing the key", async () => {
    const key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const r = await cli.run(["reset-totp-key", "ken", "--key", key, "--key-label", "Phone"]);
    expect(r).toMatchObject({ code: 0, stdout: "TOTP key for user `ken` reset\n", stderr: "" });
    const user = await cli.user("ken");
    expect(cli.keys.open(user?.totp_key as string)).toBe(key);
    expect(cli.keys.open(user?.totp_label as string)).toBe("Phone");
    expect(user?.is_totp_enabled).toBe(true);
  });

  it("treats a key that is not base32 as an unexpected error (exit 16), changing nothing", async () => {
    const before = await cli.user("ken");
    const r = await cli.run(["reset-totp-key", "ken", "--key", "not-base32!"]);
    expect(r).toMatchObject({ code: 16, stdout: "", stderr: `SsoError: E008002 common.invalid_input ${HINT}\n` });
    expect(r.stderr).not.toContain("not-base32!");
    expect(await cli.user("ken")).toEqual(before);
    expect((await cli.audit("user.reset_totp_key")).at(-1)).toMatchObject({ outcome: "error", sub_status: ["E008002"] });
  });

  it("reports a label too long as a validation error (exit 21), as every command reports a value out of bounds", async () => {
    const before = await cli.user("ken");
    const r = await cli.run(["reset-totp-key", "ken", "--key-label", "a".repeat(192)]);
    expect(r).toMatchObject({ code: 21, stdout: "", stderr: "Validation error, reason code:`E008002`\n" });
    expect(await cli.user("ken")).toEqual(before);
  });

  it("reports an unknown user with exit 22", async () => {
    expect(await cli.run(["reset-totp-key", "ghost"])).toMatchObject({ code: 22, stderr: "No such user `ghost`\n" });
  });
});

describe("list-expiring-passwords", { timeout: 60_000 }, () => {
  it("prints [] when no password is near its expiry", async () => {
    await cli.query("UPDATE sso_user SET password_expiry = now() + interval '30 days'");
    expect(await cli.run(["list-expiring-passwords"])).toMatchObject({ code: 0, stdout: "[]\n", stderr: "" });
  });

  it("lists unlocked users whose password expired or is within the threshold, by username", async () => {
    expect((await cli.run(["create-user", "Zed", "--password", "hQ9nl93UDqGus", "--email", "zed@example.com"])).code).toBe(0);
    expect((await cli.run(["create-user", "mallory", "--password", "hQ9nl93UDqGus"])).code).toBe(0);
    const set = (username: string, interval: string) =>
      cli.query(`UPDATE sso_user SET password_expiry = (now() at time zone 'utc') + interval '${interval}' WHERE username = $1`, [
        username,
      ]);
    await set("ivan", "9 days");
    await set("judy", "11 days");
    await set("ken", "-2 days");
    await set("Zed", "1 hour");
    await set("mallory", "-1 day");
    await cli.query("UPDATE sso_user SET is_locked = (username = 'mallory')");

    const r = await cli.run(["list-expiring-passwords"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(list.map((u) => u.username)).toEqual(["Zed", "ivan", "ken"]);
    expect(list[0]).toEqual({
      username: "Zed",
      email: "zed@example.com",
      display_name: "",
      password_expiry: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/),
      is_password_expired: false,
      is_password_about_to_expire: true,
    });
    expect(list[1]).toMatchObject({ username: "ivan", is_password_expired: false, is_password_about_to_expire: true });
    expect(list[2]).toMatchObject({ username: "ken", is_password_expired: true, is_password_about_to_expire: false });
    expect((await cli.audit("user.search")).at(-1)).toMatchObject({ outcome: "ok", details: { count: 3 } });
  });
});
