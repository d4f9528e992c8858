import { tryTransactionLock } from "../db/sql.js";
import { deleteExpiredAttributes } from "./attributes/store.js";
import { maintainAuditPartitions } from "./audit/store.js";
import type { Services } from "./context.js";
import { deleteExpiredResetTokens } from "./password-reset/store.js";
import { deleteExpiredSessions } from "./sessions/store.js";
import { deleteStaleThrottles } from "./throttle/store.js";

/** Held by the process running the cleanup, for the length of its transaction. */
const CLEANUP_LOCK_ID = 7_310_583_202;

/** What a run deleted; `ran` false: another process was running it, and this one did nothing. */
export interface Deleted {
  ran: boolean;
  sessions: number;
  attributes: number;
  resets: number;
  throttles: number;
}

/**
 * Deletes, in one transaction, what has expired: sessions with their attributes, attributes,
 * password-reset tokens, and failure counts whose windows and refusals have ended. Processes
 * sharing a database run it one at a time (an advisory lock); one that finds it running skips
 * its turn. Correctness never depends on it: every read already ignores expired rows. The
 * `[database]` time limits do not apply: a backlog of millions of rows takes its time.
 */
export async function deleteExpired(services: Services): Promise<Deleted> {
  const now = services.clock.now();
  const { window, anonymous_window } = services.config.brute_force;
  const longest = Math.max(window, anonymous_window, services.config.password_reset.limit_window);
  const oldest = new Date(now.getTime() - longest * 1000);
  return services.db.transaction(
    async (sql) => {
      if (!(await tryTransactionLock(sql, CLEANUP_LOCK_ID)))
        return { ran: false, sessions: 0, attributes: 0, resets: 0, throttles: 0 };
      return {
        ran: true,
        sessions: await deleteExpiredSessions(sql, now),
        attributes: await deleteExpiredAttributes(sql, now),
        resets: await deleteExpiredResetTokens(sql, now),
        throttles: await deleteStaleThrottles(sql, now, oldest),
      };
    },
    { unbounded: true },
  );
}

/**
 * The audit log's partitions: those of the days ahead made, those past `[audit] retention_days`
 * dropped (by the database function, which serialises callers and alone may drop them).
 */
export async function maintainAuditLog(services: Services): Promise<{ created: string[]; dropped: string[] }> {
  // Not bounded by [database] query_timeout: it waits for another process's maintenance to end.
  const changed = await services.db.transaction((sql) => maintainAuditPartitions(sql), { unbounded: true });
  if (changed.dropped.length > 0) services.log.info("audit records past the retention dropped", { partitions: changed.dropped });
  return changed;
}

/** Runs `deleteExpired` and `maintainAuditLog` every `[cleanup] interval` seconds (0: never); returns the stopper. */
export function scheduleCleanup(services: Services): () => void {
  const seconds = services.config.cleanup.interval;
  if (seconds === 0) return () => {};
  const failed = (what: string) => (e: unknown) =>
    services.log.warn(`${what} failed; it runs again at the next interval`, { error: (e as Error).message });
  const timer = setInterval(() => {
    // Independent: a failed deletion does not keep the audit log's partitions from being made.
    deleteExpired(services).catch(failed("cleanup"));
    maintainAuditLog(services).catch(failed("audit log maintenance"));
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
