import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir, userInfo } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { stringify } from "smol-toml";
import { type Config, loadConfig } from "../../src/config/index.js";
import { deriveKeys, type Keys } from "../../src/core/keys.js";
import { PasswordHasher } from "../../src/core/passwords/hashing.js";
import type { PgParams } from "../../src/db/embedded.js";
import { freshDatabase } from "../support/database.js";
import type { AuditRow as StoredAuditRow } from "../support/fixtures.js";
import { type ConfigOverrides, TEST_CONFIG } from "../support/gateway.js";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** What the CLI records as its operator, computed the way a reader of the audit log would expect. */
export const OPERATOR = `${userInfo().username}@${hostname()}`;
export const USER_AGENT = `sso CLI ${hostname()}`;
export const HINT = "(Hint: re-run with --verbose for full traceback)";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to standard input, which is then closed. */
  input?: string;
  /** Added to (or, when undefined, removed from) the environment of the command. */
  env?: Record<string, string | undefined>;
}

/** The `sso` command as a child process, exactly as an operator runs it (minus npm). */
export function runCli(args: string[], env: Record<string, string | undefined>, input = ""): Promise<CliResult> {
  const child = spawn(process.execPath, ["bin/sso.mjs", ...args], {
    cwd: REPO,
    env: cleanEnv(env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end(input);
  return collect(child);
}

export function cleanEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["DATABASE_URL", "SSO_CONFIG", "SSO_SECRET_KEY", "PORT"]) delete merged[key];
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** An audit record as the CLI tests read it (they look at neither its id nor its time). */
export type AuditRow = Omit<StoredAuditRow, "id" | "created_at">;

export interface CliEnv {
  dir: string;
  configPath: string;
  config: Config;
  keys: Keys;
  secretKey: string;
  database: { url: string; params: PgParams };
  env: Record<string, string>;
  /** Runs `sso <args>` on this environment's configuration and database. */
  run(args: string[], options?: RunOptions): Promise<CliResult>;
  /** Reads the database directly, to prove what a command changed. */
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  user(username: string): Promise<Record<string, unknown> | undefined>;
  /** The audit records of an operation, oldest first. */
  audit(op: string): Promise<AuditRow[]>;
  /** Whether `password` matches a stored user password hash (sealed or not). */
  verify(stored: string, password: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A fresh database and a temporary sso.toml (cheap argon2 plus `overrides`) for CLI runs. */
export async function cliEnv(overrides: ConfigOverrides = {}): Promise<CliEnv> {
  const database = await freshDatabase();
  const dir = mkdtempSync(path.join(tmpdir(), "sso-cli-"));
  const configPath = path.join(dir, "sso.toml");
  const merged: ConfigOverrides = { ...TEST_CONFIG };
  for (const [section, keys] of Object.entries(overrides)) merged[section] = { ...merged[section], ...keys };
  writeFileSync(configPath, stringify(merged));
  const secretKey = randomBytes(32).toString("base64");
  const env = { SSO_CONFIG: configPath, DATABASE_URL: database.url, SSO_SECRET_KEY: secretKey };
  const config = loadConfig({ configPath, env, warn: () => {} });
  const keys = deriveKeys(config.secretKey, config.previousSecretKeys);
  const hasher = new PasswordHasher(config, keys);
  const pool = new pg.Pool({ ...database.params, max: 2 });

  const self: CliEnv = {
    dir,
    configPath,
    config,
    keys,
    secretKey,
    database,
    env,
    run: (args, options = {}) => runCli(args, { ...env, ...options.env }, options.input),
    async query(text, values) {
      return (await pool.query(text, values)).rows;
    },
    async user(username) {
      return (await self.query("SELECT * FROM sso_user WHERE username = $1", [username]))[0];
    },
    audit: (op) => self.query<AuditRow>("SELECT * FROM sso_audit_log WHERE op = $1 ORDER BY id", [op]),
    verify: (stored, password) => hasher.verify(stored, password),
    async close() {
      await pool.end();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}

/** Milliseconds since the epoch of a `timestamp` column as node-postgres returns it (a local-time Date of UTC digits). */
export const utcMs = (value: unknown): number => {
  const d = value as Date;
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
};

export const DAY = 86_400_000;
export const MINUTE = 60_000;
