import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { type Sql, statement } from "./sql.js";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

// Any fixed 64-bit number: serialises concurrent migrators (the gateway and the CLI).
export const LOCK_ID = 7_310_583_201;
/** Taken by sso_audit_maintain() (migration 20261201163000_audit_partitioned) while it changes partitions. */
export const AUDIT_MAINTENANCE_LOCK_ID = 7_310_583_203;

/**
 * Applies every pending migration of prisma/migrations, recording them in `_prisma_migrations`
 * exactly as `prisma migrate deploy` does, so that either tool can take over from the other.
 * Returns the names of the migrations applied now.
 */
export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string; finished_at: Date | null }>(
      `SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const failed = rows.find((r) => r.finished_at === null);
    if (failed) throw new Error(`migration ${failed.migration_name} failed earlier; resolve it with prisma migrate resolve`);
    const done = new Set(rows.map((r) => r.migration_name));
    const applied: string[] = [];
    for (const name of pendingNames(dir, done)) {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      await client.query("BEGIN");
      try {
        const id = randomUUID();
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, checksum, name],
        );
        await client.query(sql);
        await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed: ${(e as Error).message}`);
      }
      applied.push(name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => {});
    client.release();
  }
}

function pendingNames(dir: string, done: Set<string>): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")) && !done.has(d.name))
    .map((d) => d.name)
    .sort();
}

const APPLIED = statement(
  `SELECT migration_name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
);

/** Migrations of prisma/migrations not applied (or failed) in this database; throws when it cannot be read. */
export async function pendingMigrations(sql: Sql, options: { dir?: string } = {}): Promise<string[]> {
  const rows = await sql.rows<{ migration_name: string }>(APPLIED);
  return pendingNames(options.dir ?? MIGRATIONS_DIR, new Set(rows.map((r) => r.migration_name)));
}
