import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { type OpenDatabase, openDatabase } from "../../src/db/index.js";
import { createLogger, memorySink } from "../../src/lib/log.js";
import { tempDir } from "../config/load.js";
import { freshDatabase } from "../support/database.js";

// The gateway connects as a role that owns nothing (README.md, "Database roles"): an
// attacker who gets SQL through it can neither drop the audit log's append-only guard nor run
// programs as the database server; the secret key stays where only the gateway's user can reach it.

const asRoot = process.getuid?.() === 0;

/** The PostgreSQL error code of `sql` run on `pool`, or "ok". */
async function outcome(pool: pg.Pool, sql: string): Promise<string> {
  try {
    await pool.query(sql);
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

const PRIVILEGE = "42501";

/** What the application's role must not be able to do, each an attack on the audit log or the host. */
async function expectHarmless(pool: pg.Pool) {
  const [role] = (
    await pool.query<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean; rolbypassrls: boolean }>(
      "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user",
    )
  ).rows;
  expect(role).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
  expect(await outcome(pool, "DROP TRIGGER sso_audit_log_no_update_or_delete ON sso_audit_log")).toBe(PRIVILEGE);
  expect(await outcome(pool, "ALTER TABLE sso_audit_log DISABLE TRIGGER ALL")).toBe(PRIVILEGE);
  expect(await outcome(pool, "SET session_replication_role = replica")).toBe(PRIVILEGE);
  expect(await outcome(pool, "DELETE FROM sso_audit_log")).toBe(PRIVILEGE);
  expect(await outcome(pool, "UPDATE sso_audit_log SET op = 'x'")).toBe(PRIVILEGE);
  expect(await outcome(pool, "TRUNCATE sso_audit_log")).toBe(PRIVILEGE);
  // The partitions are the owner's: not a row of them may be touched, nor may one be dropped,
  // but through sso_audit_maintain(), past the retention the owner set.
  const partitions = (
    await pool.query<{ name: string }>(
      "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'sso_audit_log'::regclass",
    )
  ).rows.map((r) => r.name);
  expect(partitions).toContain("sso_audit_log_default");
  expect(partitions.length).toBeGreaterThan(1);
  for (const name of partitions) {
    expect(await outcome(pool, `DELETE FROM ${name}`)).toBe(PRIVILEGE);
    expect(await outcome(pool, `TRUNCATE ${name}`)).toBe(PRIVILEGE);
    expect(await outcome(pool, `ALTER TABLE sso_audit_log DETACH PARTITION ${name}`)).toBe(PRIVILEGE);
    expect(await outcome(pool, `DROP TABLE ${name}`)).toBe(PRIVILEGE);
  }
  expect(await outcome(pool, "UPDATE sso_audit_policy SET retention_days = 1")).toBe(PRIVILEGE);
  expect(await outcome(pool, "SELECT sso_audit_partition_for(current_date + 100)")).toBe(PRIVILEGE);
  expect(await outcome(pool, "SELECT count(*) FROM sso_audit_maintain()")).toBe("ok");
  expect(await outcome(pool, "DROP TABLE sso_user")).toBe(PRIVILEGE);
  expect(await outcome(pool, "CREATE TABLE planted (x int)")).toBe(PRIVILEGE);
  expect(await outcome(pool, `DELETE FROM "_prisma_migrations"`)).toBe(PRIVILEGE);
  expect(await outcome(pool, "COPY (SELECT 1) TO PROGRAM 'true'")).toBe(PRIVILEGE);
  expect(await outcome(pool, "SELECT pg_read_file('postgresql.conf')")).toBe(PRIVILEGE);
}

/** What it must still do: read and write the gateway's tables. */
async function expectWorking(pool: pg.Pool) {
  const key = `roles-test:${randomBytes(4).toString("hex")}`;
  expect(await outcome(pool, "SELECT count(*) FROM sso_user")).toBe("ok");
  await pool.query("INSERT INTO sso_throttle (key, failures, window_start) VALUES ($1, 1, now())", [key]);
  await pool.query("UPDATE sso_throttle SET failures = 2 WHERE key = $1", [key]);
  await pool.query("DELETE FROM sso_throttle WHERE key = $1", [key]);
  expect(await outcome(pool, `SELECT count(*) FROM "_prisma_migrations"`)).toBe("ok");
}

describe("the embedded PostgreSQL", () => {
  let dir: string;
  let database: OpenDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "sso-roles-"));
    const dataDir = path.join(dir, "data");
    if (asRoot) {
      // As an earlier version left it: data_dir handed to the postgres user.
      chmodSync(dir, 0o711);
      mkdirSync(dataDir);
      chmodSync(dataDir, 0o772);
      const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
      chownSync(dataDir, uid, uid);
    }
    writeFileSync(path.join(dir, "sso.toml"), '[server]\ndata_dir = "data"\n');
    const config = loadConfig({ configPath: path.join(dir, "sso.toml"), env: {}, warn: () => {} });
    database = await openDatabase(config, createLogger(memorySink()));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the gateway as a role that is no superuser and owns nothing", async () => {
    const [{ user }] = (await database.db.pool.query<{ user: string }>("SELECT current_user AS user")).rows as [{ user: string }];
    expect(user).toBe("sso_app");
    const state = JSON.parse(readFileSync(path.join(dir, "data", "embedded-pg.json"), "utf8"));
    expect(state.appUser).toBe("sso_app");
    await expectHarmless(database.db.pool);
    await expectWorking(database.db.pool);
  });

  it.skipIf(!asRoot)(
    "keeps data_dir, and the secret key in it, the gateway's own; the postgres user may only pass through",
    () => {
      const dataDir = path.join(dir, "data");
      const stat = statSync(dataDir);
      expect(stat.uid).toBe(process.getuid?.());
      expect(stat.mode & 0o777).toBe(0o751);
      const state = JSON.parse(readFileSync(path.join(dataDir, "embedded-pg.json"), "utf8"));
      expect(state.clusterDir).toBe(path.join(dataDir, "pg"));
      expect(statSync(state.clusterDir).uid).not.toBe(process.getuid?.());
      for (const file of ["secret.key", "embedded-pg.json"]) {
        expect(statSync(path.join(dataDir, file)).uid).toBe(process.getuid?.());
        expect(statSync(path.join(dataDir, file)).mode & 0o777).toBe(0o600);
      }
    },
  );
});

describe("DATABASE_URL with MIGRATION_DATABASE_URL", () => {
  it("migrates as the owner, then grants the application's role its share and no more", async () => {
    const owned = await freshDatabase();
    const server = inject("pg");
    const role = `app_${randomBytes(4).toString("hex")}`;
    const password = randomBytes(12).toString("hex");
    const admin = new pg.Pool({ ...server, database: "postgres", max: 1 });
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    const dir = tempDir();
    const config = loadConfig({
      configPath: path.join(dir, "sso.toml"),
      env: {
        DATABASE_URL: `postgresql://${role}:${password}@${server.host}:${server.port}/${owned.params.database}`,
        MIGRATION_DATABASE_URL: owned.url,
        SSO_SECRET_KEY: randomBytes(32).toString("base64"),
      },
      warn: () => {},
    });
    // Processes starting together on one database all get through.
    const opened = await Promise.all([1, 2, 3, 4].map(() => openDatabase(config, createLogger(memorySink()))));
    for (const other of opened.slice(1)) await other.close();
    const database = opened[0] as OpenDatabase;
    try {
      await expectHarmless(database.db.pool);
      await expectWorking(database.db.pool);
    } finally {
      await database.close();
      await owned.drop();
      await admin.query(`DROP ROLE ${role}`).catch(() => {});
      await admin.end();
    }
  });
});
