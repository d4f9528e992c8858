import { type Sql, statement } from "../../db/sql.js";
import { fromDatabase, timestampMs } from "../../lib/time.js";

// Every statement on sso_throttle: failure counts by key, shared by every gateway process.

/** How failures of one key turn into refusals. */
export interface ThrottlePolicy {
  /** Seconds after which the count starts again. */
  window: number;
  /**
   * True: the window starts again at each failure, so that failures are forgotten only after
   * `window` seconds without one (a steady guesser never gets a fresh count). False: it starts
   * at the first failure of the count (a rate per window).
   */
  sliding: boolean;
  /** Failures after which refusals start. */
  threshold: number;
  /** Seconds of the first refusal, multiplied by `growth` for each further failure, up to `maxDelay`. */
  firstDelay: number;
  growth: number;
  maxDelay: number;
}

const BLOCKED = statement(
  "SELECT max(blocked_until) AS until FROM sso_throttle WHERE key = ANY($1::text[]) AND blocked_until > $2",
);

/** When the latest refusal of these keys ends, if one is under way at `now`. */
export async function blockedUntil(sql: Sql, keys: readonly string[], now: Date): Promise<Date | undefined> {
  const row = await sql.one<{ until: string | null }>(BLOCKED, [keys, now]);
  return row?.until ? new Date(timestampMs(fromDatabase(row.until))) : undefined;
}

// The count starts again once its window has passed (window_start: the first failure of the
// count, or its latest when sliding); from the threshold on, each failure sets a
// refusal of first_delay × growth^(failures − threshold) seconds, capped (the exponent too, so
// that no count overflows). One atomic statement per key: concurrent failures on several
// processes all count.
const RESTARTS = "t.window_start <= $2::timestamp - make_interval(secs => $3::float8)";
const COUNT = `(CASE WHEN ${RESTARTS} THEN 1 ELSE t.failures + 1 END)`;
const delay = (failures: string) =>
  `$2::timestamp + make_interval(secs => least($5::float8 * power($6::float8, least(${failures} - $4::int, 64)), $7::float8))`;
const FAIL = statement(
  `INSERT INTO sso_throttle AS t (key, failures, window_start, blocked_until)
   VALUES ($1, 1, $2::timestamp, CASE WHEN 1 >= $4::int THEN ${delay("1")} END)
   ON CONFLICT (key) DO UPDATE SET
     failures = ${COUNT},
     window_start = CASE WHEN $8::boolean OR ${RESTARTS} THEN $2::timestamp ELSE t.window_start END,
     blocked_until = CASE WHEN ${COUNT} >= $4::int THEN ${delay(COUNT)} END,
     pending = CASE WHEN $9::boolean THEN greatest(t.pending - 1, 0) ELSE t.pending END`,
);

/** A check admitted this long ago is taken for lost: its process died before it ended. */
const PENDING_LOST_SECONDS = 60;
const PENDING = `(CASE WHEN t.pending_since <= $2::timestamp - make_interval(secs => ${PENDING_LOST_SECONDS}) THEN 0 ELSE t.pending END)`;
const FAILURES = `(CASE WHEN ${RESTARTS} THEN 0 ELSE t.failures END)`;
/**
 * Failures from an address its owner passed a check from that leave it known: an owner's typo
 * or two must not put them behind an attacker's refusal of the account; more may be a guesser
 * sharing the address.
 */
const OWNER_SLIPS = 2;
// Admitted while no refusal is under way and the failures so far plus the checks still running
// stay below the threshold; past it, one check at a time. The row lock of ON CONFLICT
// serialises racing attempts, on every process.
const ADMIT = statement(
  `INSERT INTO sso_throttle AS t (key, failures, window_start, pending, pending_since)
   VALUES ($1, 0, $2::timestamp, 1, $2::timestamp)
   ON CONFLICT (key) DO UPDATE SET pending = ${PENDING} + 1, pending_since = $2::timestamp
   WHERE (t.blocked_until IS NULL OR t.blocked_until <= $2::timestamp)
     AND (${FAILURES} + ${PENDING} < $4::int OR ${PENDING} = 0)
   RETURNING (t.known_until IS NOT NULL AND t.known_until > $2::timestamp AND ${FAILURES} <= ${OWNER_SLIPS}) AS known`,
);

const failureParams = (key: string, now: Date, policy: ThrottlePolicy, admitted: boolean) => [
  key,
  now,
  policy.window,
  policy.threshold,
  policy.firstDelay,
  policy.growth,
  policy.maxDelay,
  policy.sliding,
  admitted,
];

/** Counts one failure of `key` at `now` (of a check `admitAttempt` admitted, when `admitted`). */
export async function recordFailure(sql: Sql, key: string, now: Date, policy: ThrottlePolicy, admitted = false): Promise<void> {
  await sql.run(FAIL, failureParams(key, now, policy, admitted));
}

/**
 * Admits a check of `key` at `now`, unless a refusal is under way or the checks already running
 * would take the count past its threshold: undefined then. `known`: `markKnown` marked the key
 * and at most OWNER_SLIPS failures have counted since. An admitted check ends with `recordFailure(…, true)`,
 * `endAttempt` or `markKnown`.
 */
export async function admitAttempt(
  sql: Sql,
  key: string,
  now: Date,
  policy: ThrottlePolicy,
): Promise<{ known: boolean } | undefined> {
  return sql.one<{ known: boolean }>(ADMIT, [key, now, policy.window, policy.threshold]);
}

const ONLY_RUNNING = statement(
  `SELECT 1 FROM sso_throttle AS t WHERE key = $1
     AND (t.blocked_until IS NULL OR t.blocked_until <= $2::timestamp) AND ${FAILURES} < $4::int AND ${PENDING} > 0`,
);

/** Whether what holds back a check of `key` is only checks still running: no refusal, failures below the threshold. */
export async function onlyRunningInTheWay(sql: Sql, key: string, now: Date, policy: ThrottlePolicy): Promise<boolean> {
  return (await sql.one(ONLY_RUNNING, [key, now, policy.window, policy.threshold])) !== undefined;
}

const MARK_KNOWN = statement(
  `INSERT INTO sso_throttle AS t (key, failures, window_start, known_until) VALUES ($1, 0, $2, $3)
   ON CONFLICT (key) DO UPDATE SET failures = 0, window_start = $2, blocked_until = NULL,
     pending = greatest(t.pending - 1, 0), known_until = $3`,
);

/** Ends an admitted check that passed: its failures are forgotten, and `key` is known until `until`. */
export async function markKnown(sql: Sql, key: string, now: Date, until: Date): Promise<void> {
  await sql.run(MARK_KNOWN, [key, now, until]);
}

const END = statement("UPDATE sso_throttle SET pending = greatest(pending - 1, 0) WHERE key = $1");

/** Ends an admitted check that did not fail: the counts stay as they were. */
export async function endAttempt(sql: Sql, key: string): Promise<void> {
  await sql.run(END, [key]);
}

const COUNT_IN_WINDOW = statement(
  `INSERT INTO sso_throttle AS t (key, failures, window_start) VALUES ($1, 1, $2::timestamp)
   ON CONFLICT (key) DO UPDATE SET
     failures = ${COUNT},
     window_start = CASE WHEN ${RESTARTS} THEN $2::timestamp ELSE t.window_start END
   RETURNING failures, window_start`,
);

/**
 * Counts one event of `key` at `now` in windows of `window` seconds from the first event of the
 * count, and returns the count so far, this event included. One atomic statement: every process counts.
 */
export async function countInWindow(sql: Sql, key: string, now: Date, window: number): Promise<number> {
  return (await countInWindowSince(sql, key, now, window)).count;
}

/** As countInWindow, with the start of the window counted in. */
export async function countInWindowSince(
  sql: Sql,
  key: string,
  now: Date,
  window: number,
): Promise<{ count: number; since: Date }> {
  const row = await sql.one<{ failures: number; window_start: string }>(COUNT_IN_WINDOW, [key, now, window]);
  return row ? { count: row.failures, since: new Date(timestampMs(fromDatabase(row.window_start))) } : { count: 1, since: now };
}

const DELETE_STALE = statement(
  `DELETE FROM sso_throttle WHERE window_start < $2 AND (blocked_until IS NULL OR blocked_until <= $1)
     AND (known_until IS NULL OR known_until <= $1)
     AND (pending = 0 OR pending_since <= $1::timestamp - make_interval(secs => ${PENDING_LOST_SECONDS}))`,
);

/** Deletes counts whose window started before `oldest` and whose refusal, if any, has ended; returns how many. */
export const deleteStaleThrottles = (sql: Sql, now: Date, oldest: Date): Promise<number> => sql.run(DELETE_STALE, [now, oldest]);
