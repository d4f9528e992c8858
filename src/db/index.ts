import pg from "pg";
import type { Config } from "../config/index.js";
import type { Logger } from "../lib/log.js";
import { connect, type Database, type PoolLimits } from "./client.js";
import type { PgParams } from "./embedded.js";
import { startEmbeddedPostgres } from "./embedded.js";
import { migrate } from "./migrate.js";
import { grantApplicationRole } from "./roles.js";

export type { Database } from "./client.js";

export interface OpenDatabase {
  db: Database;
  /** Where the data lives, for the start-up line (never with a password). */
  description: string;
  /** Closes the pool and stops the embedded PostgreSQL if this process started it. */
  close(): Promise<void>;
  /** On an exit without `close` (a crash): stops the embedded PostgreSQL this process started. */
  abandon(): void;
}

export interface OpenOptions {
  /** Use a PostgreSQL another live process runs on the same data_dir (the CLI does). */
  shareRunning?: boolean;
  /** Only use that one: never start or adopt one (the workers of `[server] workers`). */
  joinOnly?: boolean;
  /** Instead of `[database] pool_size`. */
  poolSize?: number;
}

/** The pool's size and time limits of `[database]`; `size` instead of its pool_size. */
export const poolLimits = (config: Config, size?: number): PoolLimits => ({
  size: size ?? config.database.pool_size,
  connectTimeoutMs: config.database.connect_timeout * 1000,
  queryTimeoutMs: config.database.query_timeout * 1000,
});

/**
 * `DATABASE_URL` when set, else the embedded PostgreSQL of `[server] data_dir`; migrated either
 * way, by the schema's owner when the application connects as a role of its own.
 */
export async function openDatabase(config: Config, log: Logger, options: OpenOptions = {}): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    const db = connect(config.databaseUrl, poolLimits(config, options.poolSize));
    try {
      await migrateAsOwner(db, config.migrationDatabaseUrl ?? config.databaseUrl, config, log);
    } catch (e) {
      await db.close();
      throw e;
    }
    const url = new URL(config.databaseUrl);
    return {
      db,
      description: `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`,
      close: () => db.close(),
      abandon: () => {},
    };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    log,
    shareRunning: options.shareRunning,
    joinOnly: options.joinOnly,
  });
  const db = connect(embedded.application, poolLimits(config, options.poolSize));
  try {
    await migrateAsOwner(db, embedded.params, config, log);
  } catch (e) {
    await db.close();
    await embedded.stop();
    throw e;
  }
  return {
    db,
    description: `embedded PostgreSQL in ${config.dataDir} (127.0.0.1:${embedded.params.port})`,
    async close() {
      await db.close();
      await embedded.stop();
    },
    abandon: () => embedded.abandon(),
  };
}

/**
 * Migrates on a connection of its own, outside the pool's time limits (a migration may take
 * long), as the schema's owner (`MIGRATION_DATABASE_URL`, the embedded PostgreSQL's owner) or
 * else as the application; grants the application its share, and sets the audit retention,
 * which only the owner may change.
 */
async function migrateAsOwner(db: Database, owner: PgParams | string, config: Config, log: Logger): Promise<void> {
  // Its statements may take long; reaching the database may not (a host that never answers).
  const ownerDb = new pg.Pool({
    ...(typeof owner === "string" ? { connectionString: owner } : owner),
    max: 1,
    connectionTimeoutMillis: poolLimits(config).connectTimeoutMs,
  });
  ownerDb.on("error", () => {});
  try {
    await migrate(ownerDb);
    await setAuditRetention(ownerDb, config.audit.retention_days, log);
    const { rows } = await db.pool.query<{ role: string }>("SELECT current_user AS role");
    const { rows: ownerRows } = await ownerDb.query<{ role: string }>("SELECT current_user AS role");
    if (rows[0] && rows[0].role !== ownerRows[0]?.role) await grantApplicationRole(ownerDb, rows[0].role);
  } finally {
    await ownerDb.end();
  }
}

/**
 * Records `[audit] retention_days` and makes the audit log's partitions of the days ahead. A
 * maintenance that cannot run now (a lock held too long) does not stop the start: the cleanup
 * job runs it again, and the partitions of a week ahead already exist.
 */
async function setAuditRetention(owner: pg.Pool, days: number, log: Logger): Promise<void> {
  await owner.query("UPDATE sso_audit_policy SET retention_days = $1 WHERE id AND retention_days <> $1", [days]);
  await owner.query("SELECT count(*) FROM sso_audit_maintain()").catch((e: unknown) => {
    log.warn("the audit log's partitions could not be maintained at start; the cleanup job tries again", {
      error: (e as Error).message,
    });
  });
}
