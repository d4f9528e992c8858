import { createHash } from "node:crypto";
import pg from "pg";

/** Prepared statements over a pool or over the one connection of a transaction. */
export interface Sql {
  rows<R>(text: string, values?: readonly unknown[]): Promise<R[]>;
  one<R>(text: string, values?: readonly unknown[]): Promise<R | undefined>;
  /** Number of rows the statement affected. */
  run(text: string, values?: readonly unknown[]): Promise<number>;
  /** Statements go to a pool's connections (not to the one connection of a transaction). */
  readonly pooled: boolean;
}

// `timestamp` columns hold UTC: read them as text so that no local time zone and no
// millisecond rounding gets in the way (clients may write microseconds and read them back).
const TIMESTAMP_OID = 1114;
const types = {
  getTypeParser: (oid: number, format?: string) =>
    oid === TIMESTAMP_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as "text"),
} as pg.CustomTypesConfig;

const names = new Map<string, string>();
const statementName = (text: string) => {
  let name = names.get(text);
  if (!name) {
    name = `s${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
};

/** Dates are sent as UTC wall-clock text, the way `timestamp without time zone` columns store them. */
const prepare = (values: readonly unknown[] | undefined) =>
  values?.map((v) => (v instanceof Date ? v.toISOString().slice(0, 23) : v)) as unknown[] | undefined;

/**
 * `lost` hears of a statement that failed without an answer from the server (a broken connection).
 * `timeoutMs`: a statement that gets no answer in time fails, and its connection is dropped (for
 * health checks only: the timer costs every statement).
 */
export function sqlOn(client: pg.Pool | pg.ClientBase, lost?: () => void, timeoutMs?: number): Sql {
  const query = (text: string, values?: readonly unknown[]) => {
    const config = { name: statementName(text), text, values: prepare(values), types };
    const sent = client.query(timeoutMs ? ({ ...config, query_timeout: timeoutMs } as pg.QueryConfig) : config);
    return lost ? sent.catch(noteLost(lost)) : sent;
  };
  return {
    pooled: client instanceof pg.Pool,
    rows: async <R>(text: string, values?: readonly unknown[]) => (await query(text, values)).rows as R[],
    one: async <R>(text: string, values?: readonly unknown[]) => (await query(text, values)).rows[0] as R | undefined,
    run: async (text, values) => (await query(text, values)).rowCount ?? 0,
  };
}

const noteLost = (lost: () => void) => (e: unknown) => {
  if (!(e instanceof pg.DatabaseError)) lost();
  throw e;
};

/**
 * Runs `work` in one transaction on one connection of the pool. `unbounded`: the pool's
 * statement_timeout does not apply to it.
 */
export async function transaction<T>(
  pool: pg.Pool,
  work: (sql: Sql) => Promise<T>,
  options: { unbounded?: boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  let lostConnection = false;
  const lost = () => {
    lostConnection = true;
  };
  try {
    await client.query("BEGIN").catch(noteLost(lost));
    if (options.unbounded) await client.query("SET LOCAL statement_timeout = 0").catch(noteLost(lost));
    const result = await work(sqlOn(client, lost));
    await client.query("COMMIT").catch(noteLost(lost));
    client.release();
    return result;
  } catch (e) {
    // A broken connection is dropped (PostgreSQL rolls back the transaction of a connection
    // that ends), not handed to the next call.
    if (!lostConnection) await client.query("ROLLBACK").catch(lost);
    client.release(lostConnection ? (e instanceof Error ? e : new Error(String(e))) : undefined);
    throw e;
  }
}

const statements = new Set<string>();
const samplers: (() => string[])[] = [];

/**
 * Declares a statement of a store. Stores declare each of their statements once, so that a test
 * can prepare every one against the migrated schema: SQL that no longer matches it fails the build.
 */
export function statement(text: string): string {
  statements.add(text);
  return text;
}

/** Declares statements a store builds at run time, by examples that cover every part they may hold. */
export function statementSamples(samples: () => string[]): void {
  samplers.push(samples);
}

/** Every statement declared by the stores imported so far. */
export const declaredStatements = (): string[] => [...statements, ...samplers.flatMap((sample) => sample())];

/**
 * An INSERT whose values come from an object keyed by column: the column list is fixed here, so
 * the statement text (and its prepared statement) is one, whatever the row. `onlyFrom`, when
 * given, is a FROM ... WHERE clause that must find a row for the row to go in (INSERT ... SELECT);
 * it names a column's value with `param(column)`.
 */
export function insertStatement<C extends string>(
  table: string,
  columns: readonly C[],
  returning?: string,
  onlyFrom?: (param: (column: C) => string) => string,
) {
  const params = columns.map((_, i) => `$${i + 1}`);
  const row = onlyFrom
    ? `SELECT ${params.join(", ")} ${onlyFrom((column) => `$${columns.indexOf(column) + 1}`)}`
    : `VALUES (${params.join(", ")})`;
  const text = statement(`INSERT INTO ${table} (${columns.join(", ")}) ${row}${returning ? ` RETURNING ${returning}` : ""}`);
  return { text, values: (row: Readonly<Record<C, unknown>>): unknown[] => columns.map((column) => row[column]) };
}

/** PostgreSQL's unique_violation, raised when a concurrent call took the same key first. */
export const isUniqueViolation = (e: unknown, constraint?: string): boolean =>
  e instanceof pg.DatabaseError && e.code === "23505" && (constraint === undefined || e.constraint === constraint);

/** PostgreSQL's deadlock_detected: the transaction was chosen to end so that another can go on; it may run again. */
export const isDeadlock = (e: unknown): boolean => e instanceof pg.DatabaseError && e.code === "40P01";

/**
 * The database did not serve the statement for reasons of its own, not of the call: no
 * connection in time, no answer in time, a broken connection, a server shutting down or out of
 * resources. Looked for along the error's causes: Prisma's driver adapter wraps the driver's
 * error in one whose cause is a plain object (`kind`, `originalCode`), or puts it in `meta`.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  let error: unknown = e;
  for (let depth = 0; typeof error === "object" && error !== null && depth < 5; depth++) {
    if (error instanceof pg.DatabaseError) return UNAVAILABLE_STATES.test(error.code ?? "");
    const { code, originalCode, kind, message, cause, meta } = error as Record<string, unknown>;
    if (typeof originalCode === "string") return UNAVAILABLE_STATES.test(originalCode);
    if (kind === "postgres" && typeof code === "string") return UNAVAILABLE_STATES.test(code);
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || PRISMA_UNAVAILABLE.has(code))) return true;
    if (typeof message === "string" && DRIVER_MESSAGES.some((m) => message.startsWith(m))) return true;
    error = cause ?? (meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError;
  }
  return false;
}

/** Connection exceptions (08), insufficient resources (53), query canceled (57014: statement_timeout) and shutdowns (57P). */
const UNAVAILABLE_STATES = /^(08|53|57014$|57P)/;
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND"]);
/** Prisma's codes for a database it cannot reach, that timed out or has no connection left. */
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** What Prisma's driver adapter calls such failures. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** node-postgres's own errors, which carry no code. */
const DRIVER_MESSAGES = [
  "timeout exceeded when trying to connect",
  "Connection terminated",
  "Client has encountered a connection error",
];

const TRY_LOCK = statement("SELECT pg_try_advisory_xact_lock($1) AS locked");

/**
 * Takes the transaction-level advisory lock `id` unless another session holds it; false then.
 * Run it inside a transaction: the lock ends with it.
 */
export async function tryTransactionLock(sql: Sql, id: number): Promise<boolean> {
  return (await sql.one<{ locked: boolean }>(TRY_LOCK, [id]))?.locked === true;
}
