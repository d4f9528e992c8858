import { formatTimestamp, timestampMs } from "../../lib/time.js";
import type { RequestContext } from "../context.js";
import type { SessionWithUser } from "../sessions/session.js";
import { findLiveSessions } from "../sessions/store.js";
import { Code, SsoError } from "../status.js";
import { checkUser } from "../users/checks.js";
import type { SsoEvent } from "./bus.js";

/** What a subscription watches: the caller's own sessions, or (super-users) security events of these types (all when empty). */
export type Watch = { kind: "session" } | { kind: "security"; types: readonly string[] };

/** Events waiting for a subscriber that reads too slowly: past this many, its subscription ends. */
export const MAX_QUEUED_EVENTS = 1_000;
/** The longest a timer may wait (about 24.8 days); a later expiry is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * How often a subscription looks at its session again when nothing is due: a change no call
 * announces (a user changed in the database directly, another process's failed announcement)
 * ends it within this time.
 */
const RECHECK_MS = 60_000;

/** The live session of the UST, `refused` when its user fails the user checks, undefined when there is none. */
async function liveSession(context: RequestContext, ust: string): Promise<SessionWithUser | "refused" | undefined> {
  const now = context.services.clock.now();
  const found = (await findLiveSessions(context.services.db.sql, [ust], now)).get(ust);
  if (!found) return undefined;
  try {
    checkUser(context.services.config, found.user, { clientAddr: context.info.clientAddr, now, passwordExpiry: true });
    return found;
  } catch (e) {
    if (e instanceof SsoError) return "refused";
    throw e;
  }
}

/**
 * Authorises a subscription once, at its start (docs/graphql.md, "Live events"): the UST must
 * name a live session whose user passes the user checks (E007001 otherwise), of a super-user for
 * security events (E005001). Then yields the events the watch selects, and ends when the
 * subscriber's own session ends: by logout, lock, revocation, deletion, or expiry.
 */
export async function watch(context: RequestContext, ust: string | undefined, what: Watch): Promise<AsyncGenerator<SsoEvent>> {
  const found = ust ? await liveSession(context, ust) : undefined;
  if (!found || found === "refused" || !ust) throw new SsoError(Code.SESSION_NO_SUCH_SESSION);
  if (what.kind === "security" && !found.user.is_super_user) throw new SsoError(Code.AUTH_NOT_ALLOWED);
  const mine = { user_id: found.user.user_id, session_id: found.session.session_id };
  const endsMine = (e: SsoEvent) =>
    e.kind === "session" &&
    e.type === "ended" &&
    e.user_id === mine.user_id &&
    (e.session_id === null || e.session_id === mine.session_id);
  const selected = (e: SsoEvent) =>
    what.kind === "session"
      ? e.kind === "session" && e.user_id === mine.user_id
      : e.kind === "security" && (what.types.length === 0 || what.types.includes(e.type));

  const queue: SsoEvent[] = [];
  let wake: (() => void) | undefined;
  // It could not keep up, or the process lost its connection for events: it ends after what it has.
  let interrupted = false;
  const push = (e: SsoEvent) => {
    if (queue.length >= MAX_QUEUED_EVENTS) interrupted = true;
    else queue.push(e);
    wake?.();
  };
  const unsubscribe = await context.services.events.subscribe(
    (e) => {
      if (selected(e) || endsMine(e)) push(e);
    },
    () => {
      interrupted = true;
      wake?.();
    },
  );

  // Expiry is no event: the subscription looks again when its session was to expire or its
  // user's password, and every RECHECK_MS meanwhile.
  let timer: NodeJS.Timeout | undefined;
  const lookAgain = (current: SessionWithUser) => {
    const now = context.services.clock.now().getTime();
    const due = Math.min(
      timestampMs(current.session.expiration_time),
      timestampMs(current.user.password_expiry),
      now + RECHECK_MS,
    );
    timer = setTimeout(
      async () => {
        const still = await liveSession(context, ust).catch(() => current);
        if (typeof still === "object") lookAgain(still);
        else {
          const reason = still === "refused" ? "refused" : "expiry";
          push({ kind: "session", type: "ended", ...mine, reason, at: formatTimestamp(context.services.clock.now()) });
        }
      },
      Math.min(Math.max(due - now, 0), MAX_TIMER_MS),
    );
    timer.unref();
  };
  lookAgain(found);

  return (async function* () {
    try {
      for (;;) {
        for (let e = queue.shift(); e !== undefined; e = queue.shift()) {
          if (selected(e)) yield e;
          if (endsMine(e)) return;
        }
        // The events it would miss are not silently dropped: it ends.
        if (interrupted) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      unsubscribe();
      clearTimeout(timer);
    }
  })();
}
