import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";
import { type CliEnv, cliEnv, MINUTE, USER_AGENT, utcMs } from "./support.js";

let cli: CliEnv;
let gw: TestGateway;
beforeAll(async () => {
  cli = await cliEnv({ session: { expiry: 17 } });
  gw = await startGateway({ session: { expiry: 17 } }, { database: cli.database, secretKey: cli.secretKey });
  for (const name of ["frank", "grace", "heidi"]) {
    const r = await cli.run(["create-user", name, "--password", "hQ9nl93UDqGus", "--email", `${name}@example.com`]);
    expect(r.code).toBe(0);
  }
});
afterAll(async () => {
  await gw.close();
  await cli.close();
});

interface LoggedIn {
  username: string;
  user_id: string;
  ust: string;
  creation_time: string;
  expiration_time: string;
  has_w_about_to_exp: boolean;
}

function loggedIn(stdout: string): LoggedIn {
  const prefix = "User logged in ";
  expect(stdout.startsWith(prefix)).toBe(true);
  expect(stdout.endsWith("}\n")).toBe(true);
  return JSON.parse(stdout.slice(prefix.length));
}

const sessionsOf = (username: string) =>
  cli.query(`SELECT s.* FROM sso_session s JOIN sso_user u ON u.id = s.user_id WHERE u.username = $1 ORDER BY s.id`, [username]);

describe("login", { timeout: 60_000 }, () => {
  it("creates a session without any check and prints it", async () => {
    const user = await cli.user("frank");
    const r = await cli.run(["login", "frank"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const out = loggedIn(r.stdout);
    expect(Object.keys(out)).toEqual(["username", "user_id", "ust", "creation_time", "expiration_time", "has_w_about_to_exp"]);
    expect(out).toMatchObject({ username: "frank", user_id: user?.user_id, has_w_about_to_exp: false });
    expect(out.ust).toMatch(/^zust[0-9a-z]{52}$/);
    expect(Date.parse(`${out.expiration_time}Z`) - Date.parse(`${out.creation_time}Z`)).toBe(17 * MINUTE);

    const [session, ...more] = await sessionsOf("frank");
    expect(more).toEqual([]);
    expect(session).toMatchObject({
      ust_hash: createHash("sha256").update(out.ust).digest("hex"),
      remote_addr: "127.0.0.1",
      user_agent: USER_AGENT,
      auth_type: "default",
      auth_principal: "frank",
      ext_session_id: null,
    });
    expect(utcMs(session?.expiration_time) - utcMs(session?.creation_time)).toBe(17 * MINUTE);
    expect(session?.state_change_list).toMatchObject([{ ctx_source: "login", remote_addr: "127.0.0.1", user_agent: USER_AGENT }]);

    const [record] = await cli.audit("user.login");
    expect(record).toMatchObject({
      outcome: "ok",
      target_user_id: user?.user_id,
      target_username: "frank",
      current_app: "zato-cli",
      details: { session_id: session?.session_id },
    });
    expect(JSON.stringify(record)).not.toContain(out.ust);
  });

  it("gives a UST that the gateway's REST API accepts, until the CLI logs it out", async () => {
    const { ust } = loggedIn((await cli.run(["login", "grace"])).stdout);
    const me = await gw.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP } });
    expect(me.body).toMatchObject({ status: "ok", username: "grace", email: "grace@example.com" });

    const out = await cli.run(["logout", ust]);
    expect(out).toMatchObject({ code: 0, stdout: "User logged out by UST\n", stderr: "" });
    expect(await sessionsOf("grace")).toEqual([]);
    const after = await gw.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP } });
    expect(after.body).toMatchObject({ status: "error" });
    expect((await cli.audit("user.logout")).at(-1)).toMatchObject({ outcome: "ok", target_username: "grace" });
  });

  it("skips TOTP and the lock: only approval matters", async () => {
    await cli.query("UPDATE sso_user SET is_totp_enabled = true, is_locked = true WHERE username = 'heidi'");
    const r = await cli.run(["login", "heidi"]);
    expect(r.code).toBe(0);
    expect(loggedIn(r.stdout).username).toBe("heidi");
    expect(await sessionsOf("heidi")).toHaveLength(1);
  });

  it("refuses an unknown or unapproved user with exit 22", async () => {
    expect(await cli.run(["login", "ghost"])).toMatchObject({ code: 22, stdout: "", stderr: "No such user `ghost`\n" });
    await cli.query("UPDATE sso_user SET approval_status = 'before_decision' WHERE username = 'grace'");
    expect(await cli.run(["login", "grace"])).toMatchObject({ code: 22, stderr: "No such user `grace`\n" });
    expect(await sessionsOf("grace")).toEqual([]);
    expect((await cli.audit("user.login")).at(-1)).toMatchObject({
      outcome: "error",
      sub_status: ["E008001"],
      target_username: "grace",
    });
  });
});

describe("logout", { timeout: 60_000 }, () => {
  it("says the same for a UST that matches no session, and deletes nothing", async () => {
    const before = await cli.query("SELECT id FROM sso_session ORDER BY id");
    expect(before.length).toBeGreaterThan(0);
    const r = await cli.run(["logout", `zust${"0".repeat(52)}`]);
    expect(r).toMatchObject({ code: 0, stdout: "User logged out by UST\n", stderr: "" });
    expect(await cli.query("SELECT id FROM sso_session ORDER BY id")).toEqual(before);
    expect((await cli.audit("user.logout")).at(-1)).toMatchObject({ outcome: "ok", target_user_id: null });
  });

  it("deletes an expired session too", async () => {
    const { ust } = loggedIn((await cli.run(["login", "frank"])).stdout);
    const hash = createHash("sha256").update(ust).digest("hex");
    await cli.query(
      "UPDATE sso_session SET expiration_time = (now() at time zone 'utc') - interval '1 hour' WHERE ust_hash = $1",
      [hash],
    );
    expect((await cli.run(["logout", ust])).code).toBe(0);
    expect(await cli.query("SELECT 1 FROM sso_session WHERE ust_hash = $1", [hash])).toEqual([]);
  });
});
