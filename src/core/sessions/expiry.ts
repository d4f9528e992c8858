import { capped, MINUTE_MS } from "../../lib/time.js";
import type { Call } from "../context.js";

/**
 * When a session created or renewed now expires: `[session] expiry` minutes, unless
 * `[session] expiry_hook` answers another whole number of minutes (docs/rules.md, "Sessions").
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
  // A negative lifetime ends the session at once; a huge one is capped.
  return capped(call.now, Math.max(minutes, 0) * MINUTE_MS);
}
