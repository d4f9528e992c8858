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
// refusal of first_delay × growth^(failures − threshold) seconds, capped. One atomic
// statement per key: concurrent failures on several processes all count.
const RESTARTS = "t.window_start <= $2::timestamp - make_interval(secs => $3::float8)";
const COUNT = `(CASE WHEN ${RESTARTS} THEN 1 ELSE t.failures + 1 END)`;
const delay = (failures: string) =>
  `$2::timestamp + make_interval(secs => least($5::float8 * power($6::float8, ${failures} - $4::int), $7::float8))`;
const countFailure = (condition: string) =>
  statement(
    `INSERT INTO sso_throttle AS t (key, failures, window_start, blocked_until)
     VALUES ($1, 1, $2::timestamp, CASE WHEN 1 >= $4::int THEN ${delay("1")} END)
     ON CONFLICT (key) DO UPDATE SET
       failures = ${COUNT},
       window_start = CASE WHEN $8::boolean OR ${RESTARTS} THEN $2::timestamp ELSE t.window_start END,
       blocked_until = CASE WHEN ${COUNT} >= $4::int THEN ${delay(COUNT)} END
     ${condition}
     RETURNING failures`,
  );
const FAIL = countFailure("");
// The row lock of ON CONFLICT serialises concurrent attempts: the one that reaches the
// threshold sets the refusal that every later one sees.
const ADMIT = countFailure("WHERE t.blocked_until IS NULL OR t.blocked_until <= $2::timestamp");

const failureParams = (key: string, now: Date, policy: ThrottlePolicy) => [
  key,
  now,
  policy.window,
  policy.threshold,
  policy.firstDelay,
  policy.growth,
  policy.maxDelay,
  policy.sliding,
];

/** Counts one failure of `key` at `now`; returns the count in its window. */
export async function recordFailure(sql: Sql, key: string, now: Date, policy: ThrottlePolicy): Promise<number> {
  const row = await sql.one<{ failures: number }>(FAIL, failureParams(key, now, policy));
  return row?.failures ?? 0;
}

/**
 * Counts an attempt of `key` as a failure before it is made, unless a refusal of `key` is under
 * way at `now`: false then, and nothing is counted. An attempt that does not fail is taken back
 * with `withdrawAttempt`.
 */
export async function admitAttempt(sql: Sql, key: string, now: Date, policy: ThrottlePolicy): Promise<boolean> {
  return (await sql.one<{ failures: number }>(ADMIT, failureParams(key, now, policy))) !== undefined;
}

const WITHDRAW = statement(
  `UPDATE sso_throttle SET failures = failures - 1,
     blocked_until = CASE WHEN failures - 1 >= $2::int THEN blocked_until END
   WHERE key = $1 AND failures > 0`,
);

/** Takes back an attempt counted in advance (and the refusal it set, if it brought the count to `threshold`). */
export async function withdrawAttempt(sql: Sql, key: string, threshold: number): Promise<void> {
  await sql.run(WITHDRAW, [key, threshold]);
}

const CLEAR = statement("DELETE FROM sso_throttle WHERE key = $1");

/** Forgets the failures of `key` (a success from where they came). */
export async function clearFailures(sql: Sql, key: string): Promise<void> {
  await sql.run(CLEAR, [key]);
}

const DELETE_STALE = statement(
  "DELETE FROM sso_throttle WHERE window_start < $2 AND (blocked_until IS NULL OR blocked_until <= $1)",
);

/** Deletes counts whose window started before `oldest` and whose refusal, if any, has ended; returns how many. */
export const deleteStaleThrottles = (sql: Sql, now: Date, oldest: Date): Promise<number> => sql.run(DELETE_STALE, [now, oldest]);
