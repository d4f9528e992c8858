import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { maintainAuditLog } from "../../src/core/cleanup.js";
import { createServices } from "../../src/core/services.js";
import { type OpenDatabase, openDatabase } from "../../src/db/index.js";
import { MIGRATIONS_DIR, migrate } from "../../src/db/migrate.js";
import { createLogger, memorySink } from "../../src/lib/log.js";
import { tempDir } from "../config/load.js";
import { freshDatabase } from "../support/database.js";

// [audit] retention_days: the audit log is partitioned by UTC day, and the cleanup job drops the
// partitions whose records are all older than the retention. The application's role can drop
// nothing else, and cannot change the retention (test/db/roles.test.ts tries the rest).

const server = inject("pg");
const admin = new pg.Pool({ ...server, database: "postgres", max: 1 });
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => admin.end());

/** A fresh database, its owner's pool, and the gateway's view of it through a role of its own. */
async function gatewayOn(retentionDays: number, database?: Awaited<ReturnType<typeof freshDatabase>>) {
  const owned = database ?? (await freshDatabase());
  const role = `app_${randomBytes(4).toString("hex")}`;
  const password = randomBytes(12).toString("hex");
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  const owner = new pg.Pool({ ...owned.params, max: 2 });
  cleanups.push(async () => {
    await owner.end();
    await owned.drop();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
  });
  const open = async (days: number) => {
    const config = loadConfig({
      configPath: path.join(tempDir(), "sso.toml"),
      env: {
        DATABASE_URL: `postgresql://${role}:${password}@${server.host}:${server.port}/${owned.params.database}`,
        MIGRATION_DATABASE_URL: owned.url,
        SSO_SECRET_KEY: randomBytes(32).toString("base64"),
      },
      warn: () => {},
    });
    const opened: OpenDatabase = await openDatabase(
      { ...config, audit: { ...config.audit, retention_days: days } },
      createLogger(memorySink()),
    );
    cleanups.push(() => opened.close());
    const log = memorySink();
    return { opened, services: createServices(config, opened.db, createLogger(log)), log };
  };
  return { owner, open, ...(await open(retentionDays)) };
}

/** The partition holding records of `daysAgo` days before the database's UTC today, made by the owner. */
async function partitionOf(owner: pg.Pool, daysAgo: number): Promise<string> {
  const { rows } = await owner.query<{ name: string | null }>(
    "SELECT sso_audit_partition_for((now() AT TIME ZONE 'UTC')::date - $1::int) AS name",
    [daysAgo],
  );
  return rows[0]?.name ?? `sso_audit_log_p${await day(owner, daysAgo)}`;
}

async function day(pool: pg.Pool, daysAgo: number): Promise<string> {
  const { rows } = await pool.query<{ day: string }>(
    "SELECT to_char((now() AT TIME ZONE 'UTC')::date - $1::int, 'YYYYMMDD') AS day",
    [daysAgo],
  );
  return rows[0]?.day as string;
}

/** One record at noon (UTC) of the day `daysAgo` days before today; returns its id. */
async function record(pool: pg.Pool, daysAgo: number, op = "test.record"): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO sso_audit_log (cid, created_at, op, outcome, sub_status, details)
     VALUES ($1, (now() AT TIME ZONE 'UTC')::date - $2::int + time '12:00', $3, 'ok', '{}', '{}') RETURNING id`,
    [randomBytes(12).toString("hex"), daysAgo, op],
  );
  return rows[0]?.id as string;
}

const partitionOfRecord = async (pool: pg.Pool, id: string) =>
  (await pool.query<{ name: string }>("SELECT tableoid::regclass::text AS name FROM sso_audit_log WHERE id = $1", [id])).rows[0]
    ?.name;

const ids = async (pool: pg.Pool) =>
  (await pool.query<{ id: string }>("SELECT id FROM sso_audit_log WHERE op = 'test.record' ORDER BY id")).rows.map((r) => r.id);

describe("[audit] retention_days", () => {
  it("the job drops the partitions whose every record is older than the retention, and nothing else", async () => {
    const { owner, opened, services, log } = await gatewayOn(30);
    const app = opened.db.pool;
    for (const daysAgo of [40, 31, 30, 5]) await partitionOf(owner, daysAgo);
    const kept = [await record(app, 30), await record(app, 5), await record(app, 0), await record(app, 5000)];
    const gone = [await record(app, 40), await record(app, 31)];
    expect(await partitionOfRecord(app, kept[3] as string)).toBe("sso_audit_log_default");
    expect(await partitionOfRecord(app, kept[0] as string)).toBe(`sso_audit_log_p${await day(app, 30)}`);

    const changed = await maintainAuditLog(services);
    expect(changed.dropped).toEqual([`sso_audit_log_p${await day(app, 40)}`, `sso_audit_log_p${await day(app, 31)}`]);
    expect(await ids(app)).toEqual(kept.sort((a, b) => Number(a) - Number(b)));
    expect(gone.every((id) => !kept.includes(id))).toBe(true);
    expect(log.lines).toContainEqual(expect.objectContaining({ message: "audit records past the retention dropped" }));
    // Run again (by this process or another): nothing more to do.
    expect(await maintainAuditLog(services)).toEqual({ created: [], dropped: [] });
  });

  it("0 keeps every record; the application's role cannot shorten the retention, not even through a temporary table", async () => {
    const { owner, opened, services, open } = await gatewayOn(0);
    const app = opened.db.pool;
    await partitionOf(owner, 400);
    const old = await record(app, 400);
    expect((await maintainAuditLog(services)).dropped).toEqual([]);

    const client = await app.connect();
    try {
      await client.query("CREATE TEMPORARY TABLE sso_audit_policy (id boolean, retention_days integer)");
      await client.query("INSERT INTO sso_audit_policy VALUES (true, 1), (false, 1)");
      const { rows } = await client.query("SELECT * FROM sso_audit_maintain() WHERE action = 'dropped'");
      expect(rows).toEqual([]);
    } finally {
      client.release();
    }
    expect(await ids(app)).toEqual([old]);

    // The owner's setting, written at start, decides; the start runs the maintenance once.
    await open(365);
    expect(await ids(app)).toEqual([]);
    const { rows } = await app.query("SELECT to_regclass($1) AS t", [`sso_audit_log_p${await day(app, 400)}`]);
    expect(rows).toEqual([{ t: null }]);
  });

  it("functions of the caller's, in a schema it may create in, cannot change what sso_audit_maintain() drops", async () => {
    const { owner, opened, services } = await gatewayOn(30);
    const app = opened.db.pool;
    await partitionOf(owner, 5);
    const recent = await record(app, 5);
    const { rows } = await app.query<{ role: string }>("SELECT current_user AS role");
    // As on PostgreSQL before 15, where every role may create in the public schema.
    await owner.query(`GRANT CREATE ON SCHEMA public TO ${rows[0]?.role}`);
    for (const fn of [
      "CREATE FUNCTION public.to_date(text, text) RETURNS date LANGUAGE sql AS $$ SELECT date '1900-01-01' $$",
      "CREATE FUNCTION public.substr(name, integer) RETURNS text LANGUAGE sql AS $$ SELECT '19000101' $$",
    ])
      await app.query(fn);
    expect((await maintainAuditLog(services)).dropped).toEqual([]);
    expect(await ids(app)).toEqual([recent]);
  });

  it("makes the partitions of yesterday to a week ahead at start; a day whose records went to the default gets none", async () => {
    const { opened } = await gatewayOn(0);
    const app = opened.db.pool;
    const partitions = (
      await app.query<{ name: string }>(
        "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'sso_audit_log'::regclass",
      )
    ).rows.map((r) => r.name);
    for (let daysAgo = -7; daysAgo <= 1; daysAgo++) expect(partitions).toContain(`sso_audit_log_p${await day(app, daysAgo)}`);
    // A record of a day far ahead (a clock gone wrong) is kept in the default partition.
    const ahead = await record(app, -30);
    expect(await partitionOfRecord(app, ahead)).toBe("sso_audit_log_default");
  });
});

describe("the migration to a partitioned audit log", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "sso-migrations-"));
    for (const name of readdirSync(MIGRATIONS_DIR))
      if (name < "20261201163000") cpSync(path.join(MIGRATIONS_DIR, name), path.join(dir, name), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps every record, its id and its day; ids continue after the last", async () => {
    const name = `m_${randomBytes(6).toString("hex")}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const pool = new pg.Pool({ ...server, database: name, max: 2 });
    cleanups.push(async () => {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
    await migrate(pool, dir);
    const before = [await record(pool, 3), await record(pool, 0), await record(pool, 5000), await record(pool, 3)];
    const rows = async () =>
      (await pool.query("SELECT id, cid, created_at, op, outcome, details FROM sso_audit_log ORDER BY id")).rows;
    const recorded = await rows();

    expect(await migrate(pool)).toEqual(["20261201163000_audit_partitioned", ...(await migrationsAfter("20261201163000"))]);
    expect(await rows()).toEqual(recorded);
    expect(await partitionOfRecord(pool, before[0] as string)).toBe(`sso_audit_log_p${await day(pool, 3)}`);
    expect(await partitionOfRecord(pool, before[1] as string)).toBe(`sso_audit_log_p${await day(pool, 0)}`);
    expect(await partitionOfRecord(pool, before[2] as string)).toBe("sso_audit_log_default");
    const next = await record(pool, 0);
    expect(Number(next)).toBeGreaterThan(Math.max(...before.map(Number)));
    expect((await pool.query("SELECT to_regclass('sso_audit_log_unpartitioned') AS t")).rows[0]).toEqual({ t: null });
    await expect(pool.query("DELETE FROM sso_audit_log")).rejects.toThrow(/append-only/);
  });
});

async function migrationsAfter(name: string): Promise<string[]> {
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name > name && !d.name.startsWith(name))
    .map((d) => d.name)
    .sort();
}
