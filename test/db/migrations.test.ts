import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PgParams } from "../../src/db/embedded.js";
import { MIGRATIONS_DIR, migrate } from "../../src/db/migrate.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PRISMA_CLI = fileURLToPath(new URL("../../node_modules/prisma/build/index.js", import.meta.url));
const run = promisify(execFile);

const server: PgParams = inject("pg");
const created: string[] = [];

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...server, database: "postgres" });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database (not a copy of the migrated template). */
async function emptyDatabase(): Promise<{ params: PgParams; url: string }> {
  const name = `m_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  created.push(name);
  return {
    params: { ...server, database: name },
    url: `postgresql://${server.user}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/${name}`,
  };
}

/** Runs the Prisma CLI from the project root against `url`; resolves to its stdout (rejects on a non-zero exit). */
async function prisma(url: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [PRISMA_CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
    timeout: 60_000,
  });
  return stdout;
}

async function withPool<T>(params: PgParams, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ ...params, max: 2 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

/**
 * What the catalogs say about the public schema, in a form two databases can be compared by:
 * tables, columns (type, nullability, default), indexes, constraints and extensions.
 * `_prisma_migrations` is left out: it is bookkeeping, not the data model. So are the audit log's
 * partitions, which Prisma cannot describe: the partitioned table stands for them.
 */
async function catalog(params: PgParams) {
  return withPool(params, async (pool) => {
    const q = async (text: string) => (await pool.query(text)).rows;
    return {
      tables: await q(`SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations' ORDER BY 1`),
      columns: await q(`SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
          a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity AS identity,
          a.attgenerated AS generated, co.collname AS collation
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 0
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
          AND c.relname <> '_prisma_migrations'
        ORDER BY 1, 2`),
      indexes: await q(`SELECT tablename AS table, indexname AS index, replace(indexdef, ' ON ONLY ', ' ON ') AS definition
        FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
          AND tablename NOT IN (SELECT relname FROM pg_class WHERE relispartition) ORDER BY 1, 2`),
      constraints: await q(`SELECT c.conrelid::regclass::text AS table, c.conname AS name, c.contype AS type,
          pg_get_constraintdef(c.oid) AS definition, c.condeferrable AS deferrable
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = 'public' AND c.conrelid <> 0 AND c.conrelid::regclass::text <> '_prisma_migrations'
          AND NOT (SELECT relispartition FROM pg_class WHERE oid = c.conrelid)
        ORDER BY 1, 2`),
      sequences: await q(`SELECT sequence_name AS name, data_type, increment, start_value FROM information_schema.sequences
        WHERE sequence_schema = 'public' ORDER BY 1`),
      extensions: await q(`SELECT extname AS name FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1`),
    };
  });
}

let fromSchema: { params: PgParams; url: string };
let fromMigrator: { params: PgParams; url: string };
let byPrisma: { params: PgParams; url: string };
let appliedFirst: string[];

beforeAll(async () => {
  [fromSchema, fromMigrator, byPrisma] = [await emptyDatabase(), await emptyDatabase(), await emptyDatabase()];
  // `prisma migrate deploy` idles about 10 s after its work (a timer of its WASM engine): run it alongside.
  const deployed = prisma(byPrisma.url, "migrate", "deploy");
  // The data model as schema.prisma describes it, straight from Prisma's own diff.
  const script = await prisma(
    fromSchema.url,
    "migrate",
    "diff",
    "--from-empty",
    "--to-schema-datamodel",
    "prisma/schema.prisma",
    "--script",
  );
  await withPool(fromSchema.params, (pool) => pool.query(script));
  appliedFirst = await withPool(fromMigrator.params, (pool) => migrate(pool));
  await deployed;
}, 120_000);

afterAll(async () => {
  await admin(async (c) => {
    for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
});

describe("migrations", () => {
  it("the migrator applies every migration of prisma/migrations, in order", async () => {
    const names = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(names.length).toBeGreaterThan(0);
    expect(appliedFirst).toEqual(names);
  });

  it("produce the database that schema.prisma describes", async () => {
    const [expected, actual] = [await catalog(fromSchema.params), await catalog(fromMigrator.params)];
    expect(expected.tables.length).toBeGreaterThan(0);
    expect(actual.tables).toEqual(expected.tables);
    expect(actual.columns).toEqual(expected.columns);
    expect(actual.indexes).toEqual(expected.indexes);
    expect(actual.constraints).toEqual(expected.constraints);
    expect(actual.sequences).toEqual(expected.sequences);
    expect(actual.extensions).toEqual(expected.extensions);
  });

  it("running the migrator again changes nothing", async () => {
    const before = await catalog(fromMigrator.params);
    const history = async () =>
      withPool(
        fromMigrator.params,
        async (pool) => (await pool.query(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`)).rows,
      );
    const recorded = await history();
    expect(await withPool(fromMigrator.params, (pool) => migrate(pool))).toEqual([]);
    expect(await catalog(fromMigrator.params)).toEqual(before);
    expect(await history()).toEqual(recorded);
  });

  it("two migrators started together on an empty database apply each migration once", async () => {
    const target = await emptyDatabase();
    const results = await Promise.all([1, 2].map(() => withPool(target.params, (pool) => migrate(pool))));
    expect([...results].sort((a, b) => a.length - b.length)).toEqual([[], appliedFirst]);
    expect(await catalog(target.params)).toEqual(await catalog(fromMigrator.params));
  });

  it("records each migration as prisma migrate does: prisma migrate status reports the database up to date", async () => {
    const output = await prisma(fromMigrator.url, "migrate", "status");
    expect(output).toContain("Database schema is up to date!");
  }, 60_000);

  it("the migrator finds nothing to apply on a database that prisma migrate deploy built", async () => {
    expect(await withPool(byPrisma.params, (pool) => migrate(pool))).toEqual([]);
    expect(await catalog(byPrisma.params)).toEqual(await catalog(fromMigrator.params));
  });

  it("records the same history as prisma migrate deploy (names, checksums, steps)", async () => {
    const history = (params: PgParams) =>
      withPool(
        params,
        async (pool) =>
          (
            await pool.query(`SELECT migration_name, checksum, applied_steps_count, logs, rolled_back_at,
              finished_at IS NOT NULL AS finished FROM "_prisma_migrations" ORDER BY migration_name`)
          ).rows,
      );
    const ours = await history(fromMigrator.params);
    expect(ours.length).toBe(appliedFirst.length);
    expect(ours).toEqual(await history(byPrisma.params));
  });
});
