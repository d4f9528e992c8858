import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.js";
import type { PgParams } from "./embedded.js";
import { type Sql, sqlOn, transaction } from "./sql.js";

export type { PrismaClient } from "../generated/prisma/client.js";

/**
 * One connection pool, shared by Prisma (GraphQL projections) and by the core's prepared
 * statements. Measured on the 2-core build machine: Prisma 6.19's client engine serves about
 * 700 `findFirst` or 3 400 `$queryRaw` calls per second where prepared statements on the same
 * pool serve about 9 000, so the core speaks SQL.
 */
export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  sql: Sql;
  /**
   * Statements whose commit does not wait for the disk flush (synchronous_commit off), for the
   * audit log only: a record is in the table when its call answers, and on disk a fraction of
   * a second later.
   */
  unflushed: Sql;
  /**
   * Runs `work` in one transaction: a thrown error rolls everything back. `unbounded`: the
   * pool's time limits do not apply (the cleanup job).
   */
  transaction<T>(work: (sql: Sql) => Promise<T>, options?: { unbounded?: boolean }): Promise<T>;
  /**
   * A connection of its own that LISTENs on `channel` and hands every notification's payload to
   * `onPayload`; `onLost` is told when the connection breaks. `stop` ends it.
   */
  listen(channel: string, onPayload: (payload: string) => void, onLost: (e: Error) => void): Promise<{ stop(): Promise<void> }>;
  close(): Promise<void>;
}

export interface PoolLimits {
  size: number;
  /** How long a call waits for a connection, ms. */
  connectTimeoutMs: number;
  /** How long one statement may run, ms: PostgreSQL cancels it then. */
  queryTimeoutMs: number;
}

export function connect(params: PgParams | string, limits: PoolLimits): Database {
  const config: pg.PoolConfig = typeof params === "string" ? { connectionString: params } : { ...params };
  // Calls must fail rather than pile up when the database is slow or gone: PostgreSQL ends a
  // statement that runs too long (statement_timeout: lock waits, runaway plans) with an error
  // the connection survives; a call waits for a connection no longer than connectTimeoutMs;
  // keepalive probes find a host that vanished. A server that stops answering altogether holds
  // the calls already on its connections (pool_size at most) until it answers again, and every
  // other call fails at once. No per-statement timer on the client: it cost session verify a
  // sixth more CPU and 50 MB more memory under load (npm run bench).
  const bounded: pg.PoolConfig = {
    ...config,
    allowExitOnIdle: true,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    statement_timeout: limits.queryTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
  const pool = new pg.Pool({ ...bounded, max: limits.size });
  pool.on("error", () => {}); // an idle client's broken connection is replaced on next use
  const unflushed = new pg.Pool({ ...bounded, max: 2, options: "-c synchronous_commit=off" });
  unflushed.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const listeners = new Set<pg.Client>();
  return {
    prisma,
    pool,
    sql: sqlOn(pool),
    unflushed: sqlOn(unflushed),
    transaction: (work, options) => transaction(pool, work, options),
    async listen(channel, onPayload, onLost) {
      // The pool's settings: keepalive probes notice a host that vanished, and connecting gives up in time.
      const client = new pg.Client(bounded);
      let lost = false;
      client.on("error", (e) => {
        // One break can be reported twice (the server's message, then the socket's end): it is lost once.
        if (lost) return;
        lost = true;
        listeners.delete(client);
        client.end().catch(() => {});
        onLost(e);
      });
      client.on("notification", (message) => {
        if (message.channel === channel && message.payload) onPayload(message.payload);
      });
      try {
        await client.connect();
        listeners.add(client);
        // A server that accepts the connection and never answers must not hold every subscriber waiting for good.
        await client.query({
          text: `LISTEN ${client.escapeIdentifier(channel)}`,
          query_timeout: limits.queryTimeoutMs + 1000,
        } as pg.QueryConfig);
      } catch (e) {
        lost = true;
        listeners.delete(client);
        client.end().catch(() => {});
        throw e;
      }
      return {
        async stop() {
          listeners.delete(client);
          await client.end().catch(() => {});
        },
      };
    },
    async close() {
      await prisma.$disconnect();
      await Promise.all([pool.end(), unflushed.end(), ...[...listeners].map((c) => c.end().catch(() => {}))]);
    },
  };
}
