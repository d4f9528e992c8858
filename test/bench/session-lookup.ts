import { createHash } from "node:crypto";
import pg from "pg";

/**
 * What both baseline servers do per request: the gateway's session look-up (sso_session by its
 * unique ust_hash index, joined to the user), as one named statement on a node-postgres pool of
 * the gateway's size. Connection details come in BENCH_PG (JSON of <data_dir>/embedded-pg.json).
 */
const TIMESTAMP_OID = 1114;
const types = {
  getTypeParser: (oid: number, format?: string) =>
    oid === TIMESTAMP_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as "text"),
} as pg.CustomTypesConfig;

// One statement per number of USTs, as the gateway's (src/core/sessions/store.ts says why).
const TEXT = ["s.ust_hash = $2", "s.ust_hash IN ($2, $3)"].map(
  (where) => `SELECT s.ust_hash, s.session_id, s.expiration_time, u.user_id, u.username, u.is_super_user
  FROM sso_session s JOIN sso_user u ON u.id = s.user_id
  WHERE ${where} AND s.expiration_time > $1 AND u.approval_status = 'approved'`,
);

export interface SessionRow {
  ust_hash: string;
  session_id: string;
  expiration_time: string;
  user_id: string;
  username: string;
  is_super_user: boolean;
}

export function sessionLookup() {
  const params = JSON.parse(process.env.BENCH_PG ?? "{}") as pg.PoolConfig;
  const pool = new pg.Pool({
    host: params.host,
    port: params.port,
    user: params.user,
    password: params.password,
    database: params.database,
    max: 10,
  });
  pool.on("error", () => {});
  const hash = (ust: string) => createHash("sha256").update(ust, "utf8").digest("hex");
  return {
    hash,
    /** Live sessions with these USTs (one or two), by hash. */
    async find(usts: readonly [string] | readonly [string, string]): Promise<Map<string, SessionRow>> {
      const now = new Date().toISOString().slice(0, 23);
      const text = TEXT[usts.length - 1] as string;
      const name = `bench_session_${usts.length}`;
      const { rows } = await pool.query<SessionRow>({ name, text, values: [now, ...usts.map(hash)], types });
      return new Map(rows.map((row) => [row.ust_hash, row]));
    },
    close: () => pool.end(),
  };
}

/** Tells the parent process that the server listens, then stops on SIGTERM. */
export function announce(server: { close(cb: () => void): void }, close: () => Promise<void>) {
  process.stdout.write("ready\n");
  process.on("SIGTERM", () => server.close(() => void close().then(() => process.exit(0))));
}
