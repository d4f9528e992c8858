import { deleteExpiredAttributes } from "./attributes/store.js";
import type { Services } from "./context.js";
import { deleteExpiredResetTokens } from "./password-reset/store.js";
import { deleteExpiredSessions } from "./sessions/store.js";
import { deleteStaleThrottles } from "./throttle/store.js";

/**
 * Deletes, in one transaction, what has expired: sessions with their attributes, attributes,
 * password-reset tokens, and failure counts whose windows and refusals have ended. Correctness
 * never depends on it: every read already ignores expired rows.
 */
export async function deleteExpired(
  services: Services,
): Promise<{ sessions: number; attributes: number; resets: number; throttles: number }> {
  const now = services.clock.now();
  const { window, anonymous_window } = services.config.brute_force;
  const longest = Math.max(window, anonymous_window, services.config.password_reset.limit_window);
  const oldest = new Date(now.getTime() - longest * 1000);
  return services.db.transaction(async (sql) => ({
    sessions: await deleteExpiredSessions(sql, now),
    attributes: await deleteExpiredAttributes(sql, now),
    resets: await deleteExpiredResetTokens(sql, now),
    throttles: await deleteStaleThrottles(sql, now, oldest),
  }));
}

/** Runs `deleteExpired` every `[cleanup] interval` seconds (0: never); returns the stopper. */
export function scheduleCleanup(services: Services): () => void {
  const seconds = services.config.cleanup.interval;
  if (seconds === 0) return () => {};
  const timer = setInterval(() => {
    deleteExpired(services).catch((e: unknown) =>
      services.log.warn("cleanup failed; it runs again at the next interval", { error: (e as Error).message }),
    );
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
