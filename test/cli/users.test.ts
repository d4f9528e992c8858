import { mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, cliEnv, DAY, OPERATOR, USER_AGENT, utcMs } from "./support.js";

let cli: CliEnv;
beforeAll(async () => {
  cli = await cliEnv({ password: { expiry: 40 } });
});
afterAll(() => cli.close());

const PASSWORD = "hQ9nl93UDqGus";
const count = async (username: string) =>
  Number((await cli.query<{ n: string }>("SELECT count(*) AS n FROM sso_user WHERE username = $1", [username]))[0]?.n);

describe("create-user and create-super-user", { timeout: 60_000 }, () => {
  it("creates an approved, confirmed user with the values of docs/cli.md and audits it", async () => {
    const before = Date.now();
    const r = await cli.run([
      "create-user",
      "alice",
      "--password",
      PASSWORD,
      "--email",
      "alice@example.com",
      "--first-name",
      "  Alice ",
      "--middle-name",
      "B.",
      "--last-name",
      "Liddell",
    ]);
    expect(r).toMatchObject({ code: 0, stdout: "Created user `alice`\n", stderr: "" });

    const user = await cli.user("alice");
    expect(user).toMatchObject({
      approval_status: "approved",
      approval_status_mod_by: "auto",
      sign_up_status: "final",
      password_must_change: false,
      password_is_set: true,
      is_locked: false,
      is_super_user: false,
      is_totp_enabled: false,
      is_rate_limit_active: false,
      first_name: "Alice",
      middle_name: "B.",
      last_name: "Liddell",
      display_name: "Alice B. Liddell",
      display_name_upper: "ALICE B. LIDDELL",
    });
    expect(JSON.parse(user?.creation_ctx as string)).toEqual({
      source: "cli",
      current_app: "zato-cli",
      remote_addr: ["127.0.0.1"],
      user_agent: USER_AGENT,
    });
    expect(await cli.verify(user?.password as string, PASSWORD)).toBe(true);
    expect(cli.keys.open(user?.email as string)).toBe("alice@example.com");
    expect(cli.keys.open(user?.totp_key as string)).toMatch(/^[A-Z2-7]{32}$/);
    const expiry = utcMs(user?.password_expiry) - utcMs(user?.password_last_set);
    expect(expiry).toBe(40 * DAY);
    expect(utcMs(user?.password_last_set)).toBeGreaterThanOrEqual(before - 1000);

    const [record, ...more] = await cli.audit("user.create_user");
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      actor_user_id: `cli:${OPERATOR}`,
      actor_session_id: null,
      current_app: "zato-cli",
      remote_addr: "127.0.0.1",
      user_agent: USER_AGENT,
      target_username: "alice",
      target_user_id: user?.user_id,
      outcome: "ok",
      sub_status: [],
    });
    expect(record?.cid).toMatch(/^[0-9a-f]{24}$/);
    expect(JSON.stringify(record)).not.toContain(PASSWORD);
  });

  it("creates a super-user, the display name as given", async () => {
    const r = await cli.run(["create-super-user", "root1", "--password", PASSWORD, "--display-name", " The Root "]);
    expect(r).toMatchObject({ code: 0, stdout: "Created super-user `root1`\n" });
    expect(await cli.user("root1")).toMatchObject({ is_super_user: true, display_name: "The Root", approval_status: "approved" });
    expect(await cli.audit("user.create_super_user")).toMatchObject([{ target_username: "root1", outcome: "ok" }]);
  });

  it("refuses a taken username with exit 20, before any password is needed", async () => {
    const before = (await cli.user("alice"))?.password;
    const r = await cli.run(["create-super-user", "alice", "--password", "another-Long-one"]);
    expect(r).toMatchObject({ code: 20, stdout: "", stderr: "User already exists `alice`\n" });
    const noPassword = await cli.run(["create-user", "alice"]);
    expect(noPassword).toMatchObject({ code: 20, stderr: "User already exists `alice`\n" });
    expect(await count("alice")).toBe(1);
    expect((await cli.user("alice"))?.password).toBe(before);
    expect((await cli.user("alice"))?.is_super_user).toBe(false);
    const failures = (await cli.audit("user.create_super_user")).filter((a) => a.outcome === "error");
    expect(failures).toMatchObject([{ target_username: "alice", sub_status: ["E001002"] }]);
  });

  it("refuses a password that breaks the policy with exit 21 and creates nothing", async () => {
    const short = await cli.run(["create-user", "bob", "--password", "Sh0rt"]);
    expect(short).toMatchObject({ code: 21, stdout: "", stderr: "Password validation error, reason code:`E003002`\n" });
    const listed = await cli.run(["create-user", "bob", "--password", "my-Password-1"]);
    expect(listed).toMatchObject({ code: 21, stderr: "Password validation error, reason code:`E003001`\n" });
    expect(await count("bob")).toBe(0);
  });

  it("refuses other values that break a rule with exit 21", async () => {
    const longEmail = await cli.run(["create-user", "bob", "--password", PASSWORD, "--email", `${"e".repeat(250)}@x.io`]);
    expect(longEmail).toMatchObject({ code: 21, stderr: "Validation error, reason code:`E008002`\n" });
    const longName = await cli.run(["create-user", "bob", "--password", PASSWORD, "--last-name", "n".repeat(192)]);
    expect(longName).toMatchObject({ code: 21, stderr: "Validation error, reason code:`E008002`\n" });
    const empty = await cli.run(["create-user", "", "--password", PASSWORD]);
    expect(empty).toMatchObject({ code: 21, stderr: "Validation error, reason code:`E001001`\n" });
    expect(await count("bob")).toBe(0);
  });

  it("does not prompt when standard input is not a terminal: exit 29", async () => {
    const r = await cli.run(["create-user", "bob"], { input: `${PASSWORD}\n${PASSWORD}\n` });
    expect(r).toMatchObject({ code: 29, stdout: "", stderr: "Option --password is required when not running interactively\n" });
    expect(await count("bob")).toBe(0);
    expect((await cli.audit("user.create_user")).at(-1)).toMatchObject({ outcome: "error", sub_status: ["E008003"] });
  });
});

describe("delete-user", { timeout: 60_000 }, () => {
  it("asks until the answer is exactly y or n, and keeps the user on n", async () => {
    await cli.run(["create-user", "carol", "--password", PASSWORD]);
    const r = await cli.run(["delete-user", "carol"], { input: "maybe\nY\n\nyes\nn\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${"Delete user? `carol` [y/n] ".repeat(5)}User \`carol\` kept intact\n`);
    expect(await count("carol")).toBe(1);
    expect((await cli.audit("user.delete_user_by_username")).at(-1)).toMatchObject({
      outcome: "ok",
      target_username: "carol",
      details: { declined: true },
    });
  });

  it("keeps the user when the input ends without an answer", async () => {
    const r = await cli.run(["delete-user", "carol"], { input: "x\n" });
    expect(r).toMatchObject({
      code: 0,
      stdout: "Delete user? `carol` [y/n] Delete user? `carol` [y/n] \nUser `carol` kept intact\n",
    });
    expect(await count("carol")).toBe(1);
  });

  it("deletes on y with the user's sessions and links; audit records stay", async () => {
    const user = await cli.user("carol");
    const login = await cli.run(["login", "carol"]);
    expect(login.code).toBe(0);
    await cli.query(
      `INSERT INTO sso_external_credential (auth_type, username, password_hash, is_active, creation_time, last_modified)
       VALUES ('basic_auth', 'carol-api', 'x', true, now(), now())`,
    );
    await cli.query(
      `INSERT INTO sso_linked_auth (user_id, credential_id, auth_type, is_active, is_internal, creation_time, last_modified)
       SELECT $1, id, 'basic_auth', true, false, now(), now() FROM sso_external_credential WHERE username = 'carol-api'`,
      [user?.id],
    );
    const r = await cli.run(["delete-user", "carol"], { input: "what\ny\n" });
    expect(r).toMatchObject({ code: 0, stdout: `${"Delete user? `carol` [y/n] ".repeat(2)}Deleted user \`carol\`\n` });
    expect(await count("carol")).toBe(0);
    expect(await cli.query("SELECT 1 FROM sso_session WHERE user_id = $1", [user?.id])).toEqual([]);
    expect(await cli.query("SELECT 1 FROM sso_linked_auth WHERE user_id = $1", [user?.id])).toEqual([]);
    expect(await cli.query("SELECT 1 FROM sso_external_credential WHERE username = 'carol-api'")).toHaveLength(1);
    expect((await cli.audit("user.delete_user_by_username")).at(-1)).toMatchObject({
      outcome: "ok",
      target_user_id: user?.user_id,
      details: {},
    });
    expect(await cli.audit("user.login")).toMatchObject([{ target_user_id: user?.user_id }]);
  });

  it("deletes without asking with --yes, even the last super-user", async () => {
    const supers = await cli.query("SELECT username FROM sso_user WHERE is_super_user");
    expect(supers).toEqual([{ username: "root1" }]);
    const r = await cli.run(["delete-user", "root1", "--yes"]);
    expect(r).toMatchObject({ code: 0, stdout: "Deleted user `root1`\n" });
    expect(await count("root1")).toBe(0);
  });

  it("reports an unknown user with exit 22 before asking anything", async () => {
    const r = await cli.run(["delete-user", "ghost"], { input: "y\n" });
    expect(r).toMatchObject({ code: 22, stdout: "", stderr: "No such user `ghost`\n" });
    expect((await cli.audit("user.delete_user_by_username")).at(-1)).toMatchObject({
      outcome: "error",
      sub_status: ["E008001"],
      target_username: "ghost",
    });
  });

  it("finds users whatever their approval status", async () => {
    await cli.run(["create-user", "dave", "--password", PASSWORD]);
    await cli.query("UPDATE sso_user SET approval_status = 'before_decision' WHERE username = 'dave'");
    expect(await cli.run(["delete-user", "dave", "--yes"])).toMatchObject({ code: 0, stdout: "Deleted user `dave`\n" });
    expect(await count("dave")).toBe(0);
  });
});

describe("lock-user and unlock-user", { timeout: 60_000 }, () => {
  it("locks and unlocks with locked_by = <os-user>@<host>", async () => {
    await cli.run(["create-user", "erin", "--password", PASSWORD]);
    await cli.query("UPDATE sso_user SET approval_status = 'rejected' WHERE username = 'erin'");
    const locked = await cli.run(["lock-user", "erin"]);
    expect(locked).toMatchObject({ code: 0, stdout: "Locked user account `erin`\n", stderr: "" });
    const afterLock = await cli.user("erin");
    expect(afterLock).toMatchObject({ is_locked: true, locked_by: OPERATOR });
    expect(Math.abs(utcMs(afterLock?.locked_time) - Date.now())).toBeLessThan(60_000);

    const again = await cli.run(["lock-user", "erin"]);
    expect(again.code).toBe(0);
    expect((await cli.user("erin"))?.is_locked).toBe(true);

    const unlocked = await cli.run(["unlock-user", "erin"]);
    expect(unlocked).toMatchObject({ code: 0, stdout: "Unlocked user account `erin`\n" });
    const afterUnlock = await cli.user("erin");
    expect(afterUnlock).toMatchObject({ is_locked: false, locked_by: OPERATOR });
    expect(utcMs(afterUnlock?.locked_time)).toBeGreaterThan(utcMs(afterLock?.locked_time));

    expect(await cli.audit("user.lock_user")).toMatchObject([
      { outcome: "ok", target_user_id: afterLock?.user_id, actor_user_id: `cli:${OPERATOR}` },
      { outcome: "ok" },
    ]);
    expect(await cli.audit("user.unlock_user")).toMatchObject([{ outcome: "ok", target_user_id: afterLock?.user_id }]);
  });

  it("reports an unknown user with exit 22 and changes nothing", async () => {
    const before = await cli.query("SELECT username, is_locked, locked_time FROM sso_user ORDER BY id");
    expect(await cli.run(["lock-user", "ghost"])).toMatchObject({ code: 22, stderr: "No such user `ghost`\n" });
    expect(await cli.run(["unlock-user", "ghost"])).toMatchObject({ code: 22, stderr: "No such user `ghost`\n" });
    expect(await cli.query("SELECT username, is_locked, locked_time FROM sso_user ORDER BY id")).toEqual(before);
    expect((await cli.audit("user.unlock_user")).at(-1)).toMatchObject({ outcome: "error", sub_status: ["E008001"] });
  });
});

describe("audit lines", { timeout: 60_000 }, () => {
  it("an audit_file the operator cannot open: a warning, and the command runs with its records in the table", async () => {
    const own = await cliEnv({ log: { audit_file: "taken" } });
    try {
      mkdirSync(path.join(own.dir, "taken"));
      const created = await own.run(["create-user", "gina", "--password", PASSWORD]);
      expect(created.code).toBe(0);
      expect(created.stderr).toMatch(/^WARN sso could not open \[log\] audit_file .*taken: /);
      expect(await own.audit("user.create_user")).toMatchObject([{ outcome: "ok", target_username: "gina" }]);
    } finally {
      await own.close();
    }
  });

  it("go to [log] audit_file, as the gateway's do (0600), with the stdout and stderr of the command unchanged", async () => {
    const own = await cliEnv({ log: { audit_file: "audit/cli.jsonl" } });
    try {
      expect((await own.run(["create-user", "frank", "--password", PASSWORD])).code).toBe(0);
      const locked = await own.run(["lock-user", "frank"]);
      expect(locked).toMatchObject({ code: 0, stdout: "Locked user account `frank`\n", stderr: "" });
      expect(await own.run(["lock-user", "ghost"])).toMatchObject({ code: 22, stderr: "No such user `ghost`\n" });
      const file = path.join(own.dir, "audit/cli.jsonl");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const lines = readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.map((l) => [l.logger, l.op, l.outcome, l.actor_user_id])).toEqual([
        ["sso.audit", "user.create_user", "ok", `cli:${OPERATOR}`],
        ["sso.audit", "user.lock_user", "ok", `cli:${OPERATOR}`],
        ["sso.audit", "user.lock_user", "error", `cli:${OPERATOR}`],
      ]);
      // The same records as the table's.
      const stored = await own.query<{ cid: string }>("SELECT cid FROM sso_audit_log ORDER BY id");
      expect(lines.map((l) => l.cid)).toEqual(stored.map((r) => r.cid));
    } finally {
      await own.close();
    }
  });
});
