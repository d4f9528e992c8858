import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, cliEnv, HINT, MINUTE } from "./support.js";

let cli: CliEnv;
beforeAll(async () => {
  cli = await cliEnv();
});
afterAll(() => cli.close());

const COMMANDS = [
  "create-user",
  "create-super-user",
  "delete-user",
  "lock-user",
  "unlock-user",
  "login",
  "logout",
  "change-user-password",
  "reset-user-password",
  "reset-totp-key",
  "create-odb",
  "create-basic-auth",
  "change-basic-auth-password",
  "delete-basic-auth",
  "list-basic-auth",
  "list-expiring-passwords",
];

describe("help", { timeout: 60_000 }, () => {
  it("lists every command", async () => {
    const r = await cli.run(["--help"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("Usage: npm run sso -- <command> [arguments] [options]");
    for (const command of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
  });

  it("shows a command's arguments and options", async () => {
    const r = await cli.run(["change-user-password", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "Usage: npm run sso -- change-user-password <username> [--password P] [--expiry DAYS] [--must-change BOOL]",
    );
    expect(r.stdout).toContain("--config PATH");
  });
});

describe("usage errors: exit 2, nothing done", { timeout: 90_000 }, () => {
  const cases: [string, string[], string][] = [
    ["no command", [], "sso: no command given"],
    ["an unknown command", ["drop-everything"], "sso: unknown command 'drop-everything'"],
    ["an unknown option", ["lock-user", "bob", "--force"], "sso: unknown option '--force'\n"],
    ["a missing argument", ["lock-user"], "sso: missing argument <username>"],
    ["an extra argument", ["lock-user", "bob", "carol"], "sso: unexpected argument 'carol'"],
    ["an option without its value", ["create-user", "bob", "--password"], "sso: Option '--password <value>' argument missing"],
    ["a value for a switch", ["delete-user", "bob", "--yes=no"], "sso: Option '--yes' does not take an argument"],
    [
      "a number that is not one",
      ["change-user-password", "bob", "--expiry", "ten"],
      "sso: option --expiry must be a whole number",
    ],
    [
      "a boolean that is not one",
      ["reset-user-password", "bob", "--must-change", "maybe"],
      "sso: option --must-change must be a boolean",
    ],
  ];
  for (const [what, args, message] of cases) {
    it(`on ${what}`, async () => {
      const r = await cli.run(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.startsWith(message)).toBe(true);
      expect(r.stderr).toMatch(/\nUsage: npm run sso -- .*\nRun `npm run sso -- .*--help` for details\.\n$/);
    });
  }

  it("writes no audit record", async () => {
    expect(await cli.query("SELECT op FROM sso_audit_log")).toEqual([]);
  });
});

describe("unexpected errors: exit 16", { timeout: 60_000 }, () => {
  it("names the error, gives the hint, and never the database password", async () => {
    const r = await cli.run(["lock-user", "bob"], { env: { DATABASE_URL: "postgresql://sso:Not-Shown-42@127.0.0.1:1/sso" } });
    expect(r.code).toBe(16);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^\w+: .*ECONNREFUSED.* \(Hint: re-run with --verbose for full traceback\)\n$/);
    expect(r.stderr).not.toContain("Not-Shown-42");
  });

  it("prints the full stack with --verbose", async () => {
    const r = await cli.run(["lock-user", "bob", "--verbose"], { env: { DATABASE_URL: "postgresql://sso:x@127.0.0.1:1/sso" } });
    expect(r.code).toBe(16);
    expect(r.stderr).toMatch(/ECONNREFUSED/);
    expect(r.stderr).toMatch(/\n {4}at /);
    expect(r.stderr).not.toContain("Hint:");
  });

  it("reports a failure inside an operation with its original error, audited", async () => {
    expect((await cli.run(["create-user", "vera", "--password", "hQ9nl93UDqGus"])).code).toBe(0);
    await cli.query(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by a trigger'; END $$`);
    await cli.query("CREATE TRIGGER refuse_updates BEFORE UPDATE ON sso_user FOR EACH ROW EXECUTE FUNCTION refuse()");
    try {
      const r = await cli.run(["lock-user", "vera"]);
      expect(r).toMatchObject({ code: 16, stdout: "", stderr: `DatabaseError: refused by a trigger ${HINT}\n` });
      const verbose = await cli.run(["lock-user", "vera", "--verbose"]);
      expect(verbose.code).toBe(16);
      expect(verbose.stderr).toMatch(/^error: refused by a trigger\n {4}at /m);
      expect((await cli.user("vera"))?.is_locked).toBe(false);
      expect(await cli.audit("user.lock_user")).toMatchObject([
        { outcome: "error", target_username: "vera", details: { unexpected: true } },
        { outcome: "error", details: { unexpected: true } },
      ]);
    } finally {
      await cli.query("DROP TRIGGER refuse_updates ON sso_user");
    }
  });

  it("reports an invalid configuration file", async () => {
    const bad = path.join(cli.dir, "bad.toml");
    writeFileSync(bad, "[session]\nexpiry = 'soon'\n");
    const r = await cli.run(["lock-user", "bob", "--config", bad]);
    expect(r.code).toBe(16);
    expect(r.stderr).toMatch(/^ConfigError: \[session\] expiry: .+ \(Hint: re-run with --verbose for full traceback\)\n$/);
    expect(r.stderr.endsWith(`${HINT}\n`)).toBe(true);
  });

  it("refuses to work with a secret key other than the one the database's data was sealed with", async () => {
    expect((await cli.run(["create-user", "keyed", "--password", "hQ9nl93UDqGus"])).code).toBe(0);
    const other = randomBytes(32).toString("base64");
    const r = await cli.run(["create-user", "stranger", "--password", "hQ9nl93UDqGus"], { env: { SSO_SECRET_KEY: other } });
    expect(r.code).toBe(16);
    expect(r.stderr).toMatch(/^ConfigError: SSO_SECRET_KEY: /);
    expect(await cli.user("stranger")).toBeUndefined();

    // A database whose data predates the recorded fingerprint: the first key recorded must open that data.
    await cli.query("DELETE FROM sso_key_check");
    const early = await cli.run(["create-user", "stranger", "--password", "hQ9nl93UDqGus"], { env: { SSO_SECRET_KEY: other } });
    expect(early.code).toBe(16);
    expect(early.stderr).toMatch(/^ConfigError: SSO_SECRET_KEY: /);
    expect(await cli.query("SELECT * FROM sso_key_check")).toEqual([]);
    expect((await cli.run(["create-user", "stranger", "--password", "hQ9nl93UDqGus"])).code).toBe(0);
    expect(await cli.query("SELECT count(*)::int AS n FROM sso_key_check")).toEqual([{ n: 1 }]);
  });
});

describe("configuration", { timeout: 60_000 }, () => {
  it("reads --config before SSO_CONFIG", async () => {
    const other = path.join(cli.dir, "other.toml");
    writeFileSync(other, "[argon2]\nmemory_cost = 1024\ntime_cost = 1\nparallelism = 1\n[session]\nexpiry = 3\n");
    expect((await cli.run(["create-user", "olga", "--password", "hQ9nl93UDqGus"])).code).toBe(0);
    const viaOption = await cli.run(["login", "olga", "--config", other]);
    const viaEnv = await cli.run(["login", "olga"]);
    const lifetime = (stdout: string) => {
      const s = JSON.parse(stdout.replace("User logged in ", ""));
      return Date.parse(`${s.expiration_time}Z`) - Date.parse(`${s.creation_time}Z`);
    };
    expect(lifetime(viaOption.stdout)).toBe(3 * MINUTE);
    expect(lifetime(viaEnv.stdout)).toBe(60 * MINUTE);
  });
});
