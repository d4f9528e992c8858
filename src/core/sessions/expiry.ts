import type { Call } from "../context.js";

/** The latest time the wire format can carry (password expiry is capped the same way). */
const LATEST = Date.UTC(9999, 11, 31);

/**
 * When a session created or renewed now expires: `[session] expiry` minutes, unless
 * `[session] expiry_hook` answers another whole number of minutes (behaviour §5.1).
 */
export async function sessionExpiration(call: Call, username: string): Promise<Date> {
  const { expiry, expiry_hook } = call.config.session;
  let minutes = expiry;
  if (expiry_hook) {
    try {
      const answer = (await call.services.hooks.call(expiry_hook, {
        username,
        current_app: call.currentApp ?? null,
        default_expiry: expiry,
      })) as { expiry?: unknown } | null;
      if (Number.isSafeInteger(answer?.expiry)) minutes = answer?.expiry as number;
      else call.services.log.warn("[session] expiry_hook did not answer an integer expiry; using [session] expiry");
    } catch (e) {
      call.services.log.warn("[session] expiry_hook failed; using [session] expiry", { error: (e as Error).message });
    }
  }
  // Kept between now and the latest timestamp the wire format carries, whatever the lifetime.
  return new Date(Math.min(Math.max(call.now.getTime() + minutes * 60_000, call.now.getTime()), LATEST));
}
