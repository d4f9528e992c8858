import type { Database } from "../../db/client.js";
import { statement } from "../../db/sql.js";
import type { Logger } from "../../lib/log.js";
import { formatTimestamp } from "../../lib/time.js";

/** Why a session ended. */
/** Why sessions ended; `refused`: their user no longer passes the user checks (a password expired, a signup no longer confirmed). */
export type SessionEndReason = "logout" | "expiry" | "lock" | "revocation" | "deletion" | "rejection" | "unlinking" | "refused";

/**
 * What happened, as subscribers see it (docs/graphql.md, "Live events"). Never a token, a
 * password or an email: user ids, usernames, session ids and codes only.
 */
export type SsoEvent =
  | {
      kind: "session";
      type: "created" | "renewed" | "ended";
      user_id: string;
      /** The session; null: every session of the user (a lock, a deletion). */
      session_id: string | null;
      reason: SessionEndReason | null;
      at: string;
    }
  | {
      kind: "security";
      type: "login_refused" | "login_throttled" | "user_locked" | "approval_pending" | "user_deleted" | "sessions_revoked";
      user_id: string | null;
      username: string | null;
      sub_status: string[];
      at: string;
    };

const CHANNEL = "sso_events";
const NOTIFY = statement("SELECT pg_notify('sso_events', $1)");
/** PostgreSQL refuses payloads of 8000 bytes and more: larger batches go as several notifications. */
const MAX_PAYLOAD = 7000;

/**
 * Events fan out to every gateway process on the database through PostgreSQL's LISTEN/NOTIFY,
 * no broker besides. Calls publish theirs once their transaction has committed; each process
 * listens on one connection of its own, opened when its first subscriber arrives, and hands
 * every event to its local subscribers.
 */
export class EventBus {
  /** Each subscriber: what to do with an event, and what to do when events may have been lost. */
  readonly #subscribers = new Map<(event: SsoEvent) => void, () => void>();
  #listening: Promise<{ stop(): Promise<void> }> | undefined;
  #stopping = false;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
  ) {}

  /** Sends events to every process; a failure is logged, never raised (the call has committed already). */
  async publish(events: readonly SsoEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Each event serialised once; a batch is a JSON array of them, below MAX_PAYLOAD unless one alone is not.
    const batches: string[][] = [];
    let size = Number.POSITIVE_INFINITY;
    for (const text of events.map((event) => JSON.stringify(event))) {
      if (size + text.length + 1 > MAX_PAYLOAD) {
        batches.push([]);
        size = 2;
      }
      batches[batches.length - 1]?.push(text);
      size += text.length + 1;
    }
    try {
      for (const batch of batches) await this.db.sql.run(NOTIFY, [`[${batch.join(",")}]`]);
    } catch (e) {
      this.log.error("events could not be published", { error: (e as Error).message });
    }
  }

  /**
   * Calls `deliver` with every event from now on, until the returned function is called. If the
   * process's connection for events breaks, the events meanwhile would be missed: `lost` is
   * called instead and the subscriber gets nothing more (a new subscription opens a new connection).
   */
  async subscribe(deliver: (event: SsoEvent) => void, lost: () => void): Promise<() => void> {
    if (this.#stopping) {
      lost();
      return () => {};
    }
    this.#listening ??= this.db
      .listen(
        CHANNEL,
        (payload) => this.#dispatch(payload),
        (e) => {
          this.log.warn("the event connection broke: its subscriptions end, and it reopens with the next subscriber", {
            error: e.message,
          });
          this.#listening = undefined;
          this.#endSubscriptions();
        },
      )
      .catch((e: unknown) => {
        this.#listening = undefined;
        throw e;
      });
    const listening = this.#listening;
    await listening;
    // The connection broke, or the process began to stop, while this subscriber waited for it.
    if (this.#stopping || this.#listening !== listening) {
      lost();
      return () => {};
    }
    this.#subscribers.set(deliver, lost);
    return () => {
      this.#subscribers.delete(deliver);
    };
  }

  /** The process stops: every subscription ends (after what it has received), and any later one at once. */
  stopSubscriptions(): void {
    this.#stopping = true;
    this.#endSubscriptions();
  }

  /** Ends every subscription of this process, after what each has received. */
  #endSubscriptions(): void {
    const ended = [...this.#subscribers.values()];
    this.#subscribers.clear();
    for (const end of ended) end();
  }

  #dispatch(payload: string): void {
    let events: SsoEvent[];
    try {
      events = JSON.parse(payload) as SsoEvent[];
    } catch {
      return;
    }
    for (const event of events) for (const deliver of this.#subscribers.keys()) deliver(event);
  }

  async close(): Promise<void> {
    const listening = this.#listening;
    this.#listening = undefined;
    this.#subscribers.clear();
    if (listening) await (await listening.catch(() => undefined))?.stop();
  }
}

type SessionEvent = Extract<SsoEvent, { kind: "session" }>;
type SecurityEvent = Extract<SsoEvent, { kind: "security" }>;

/** Records a session event of a call, published once the call has answered. */
export function sessionEvent(
  call: { events: SsoEvent[]; now: Date },
  type: SessionEvent["type"],
  owner: { user_id: string; session_id: string | null },
  reason: SessionEndReason | null = null,
): void {
  call.events.push({
    kind: "session",
    type,
    user_id: owner.user_id,
    session_id: owner.session_id,
    reason,
    at: formatTimestamp(call.now),
  });
}

/** Records a security event of a call, published once the call has answered. */
export function securityEvent(
  call: { events: SsoEvent[]; now: Date },
  type: SecurityEvent["type"],
  who: { user_id?: string | null; username?: string | null },
  subStatus: readonly string[] = [],
): void {
  call.events.push({
    kind: "security",
    type,
    user_id: who.user_id ?? null,
    username: who.username ?? null,
    sub_status: [...subStatus],
    at: formatTimestamp(call.now),
  });
}
