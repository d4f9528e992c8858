import { isDatabaseUnavailable, type Sql } from "../../db/sql.js";
import type { Logger } from "../../lib/log.js";
import { formatTimestamp } from "../../lib/time.js";
import { insertAuditRecords } from "./store.js";

/** Operation names: Zato's audit labels (docs/rules.md, "Audit log"). */
export type AuditOperation =
  | "user.create_user"
  | "user.create_super_user"
  | "user.signup"
  | "user.confirm_signup"
  | "user.get_signup_list"
  | "user.approve_user"
  | "user.reject_user"
  | "user.login"
  | "user.logout"
  | "user.get_current_user"
  | "user.get_user_by_id"
  | "user.search"
  | "user.update_current_user"
  | "user.update_user_by_id"
  | "user.delete_user_by_id"
  | "user.delete_user_by_username"
  | "user.lock_user"
  | "user.unlock_user"
  | "user.change_password"
  | "user.set_password"
  | "user.reset_totp_key"
  | "user.create_linked_auth"
  | "user.get_linked_auth_list"
  | "user.delete_linked_auth"
  | "basic_auth.create"
  | "basic_auth.change_password"
  | "basic_auth.delete"
  | "basic_auth.get_list"
  | "session.verify"
  | "session.renew"
  | "session.get"
  | "session.get_list"
  | "session.on_external_auth_succeeded"
  | "session.on_external_auth_failed"
  | "session.revoke_many"
  | "attr.create"
  | "attr.create_many"
  | "attr.update"
  | "attr.update_many"
  | "attr.set"
  | "attr.set_many"
  | "attr.delete"
  | "attr.get"
  | "attr.exists"
  | "attr.names"
  | "password_reset.create_token"
  | "password_reset.access_token"
  | "password_reset.change_password"
  | "audit.get_list";

/**
 * The non-secret extras of a record: what a reader of the log needs to know about a call
 * besides who did what to whom. Never a password, token, key, attribute value or third
 * party's email.
 */
export interface AuditDetails {
  /** The failure was not a business one (the call answered HTTP 500 or a masked GraphQL error). */
  unexpected?: boolean;
  /** The codes raised, when the endpoint masked them as E005001. */
  raised?: string[];
  /** Login: whether a TOTP code was sent. */
  has_totp_code?: boolean;
  /** Login and password changes: whether a new password was sent. */
  new_password_sent?: boolean;
  /** The password was given on the command line or in the call (not asked for, not generated). */
  password_given?: boolean;
  /** The CLI generated the password it set. */
  password_generated?: boolean;
  /** The must_change flag the CLI set with a password. */
  must_change?: boolean;
  /** The session a login created or a logout ended. */
  session_id?: string;
  /** Update: the fields sent. */
  fields?: string[];
  /** Search: the criteria used. */
  criteria?: string[];
  /** Reading the audit log: the filters used, and the values of those besides the target user. */
  filters?: string[];
  actor_user_id?: string;
  operation?: string;
  from?: string;
  to?: string;
  /** What a CLI listing selected. */
  filter?: string;
  /** How many items a listing returned. */
  count?: number;
  /** Rejection: the reason given. */
  reason?: string;
  /** Rejection deleted a self-service signup. */
  deleted?: boolean;
  /** The operator answered no at a confirmation. */
  declined?: boolean;
  /** TOTP reset: whether the key was generated. */
  key_generated?: boolean;
  /** The name of the external credential a CLI command acted on. */
  auth_username?: string | null;
  /** Acting as a linked user: the credential's session was renewed rather than created. */
  renewed?: boolean;
  /** How many sessions deleting a credential ended. */
  sessions_deleted?: number;
  /** The credential check was refused, unchecked, for the failures before it (brute-force defence). */
  throttled?: boolean;
  /** Ending many sessions: it only answered what would end. */
  dry_run?: boolean;
  /** Password reset: whether the credential named an approved user. */
  found?: boolean;
  /** Password reset by username or email: the second user it named (by email; the target, by username), sent a token too. */
  also_user_id?: string;
  /** Password reset and signup: the request was past a limit (per user, per user from one client address, or per client address), and nothing was made. */
  limited?: "user" | "user_and_address" | "address";
  /** Attributes: whose (a user's or a session's). */
  scope?: "user" | "session";
  /** Read by a nested GraphQL field (docs/graphql.md, "The graph"), not by a call of its own. */
  via?: "graph";
  /** Attributes: the names a call named or listed (the first 50; `count` says how many). */
  names?: string[];
  /** The password's stored hash was brought up to the configuration: made anew, or sealed with the current key (docs/rules.md, "Passwords"). */
  hash_upgraded?: boolean;
  /** Refused at once: every core was busy with password hashes and their queue was full. */
  busy?: boolean;
}

/** One record. Never holds a password, hash, TOTP code or key, token, attribute value or third-party email. */
export interface AuditEntry {
  cid: string;
  created_at: Date;
  op: AuditOperation;
  actor_user_id: string | null;
  actor_session_id: string | null;
  target_user_id: string | null;
  target_username: string | null;
  current_app: string | null;
  remote_addr: string | null;
  /** The TCP peer: a proxy's address, when there is one; null for the CLI. */
  peer_addr: string | null;
  user_agent: string | null;
  outcome: "ok" | "warning" | "error";
  sub_status: string[];
  details: AuditDetails;
}

const clip = (value: string | null, max: number) => (value !== null && value.length > max ? value.slice(0, max) : value);

const UNSTORABLE_ESCAPE = /\\u(0000|d[89a-f])/i;

/** Text PostgreSQL can store: NUL and unpaired surrogates (possible in client-sent values) become U+FFFD. */
const storable = (_key: string, value: unknown) =>
  typeof value === "string" ? value.replaceAll("\u0000", "\uFFFD").replace(/\p{Cs}/gu, "\uFFFD") : value;

const BATCH = 500;
/** How long a record may wait for others to share its INSERT. */
const LINGER_MS = 5;

/**
 * Append-only audit log (docs/rules.md, "Audit log"). Each record is first written to the
 * `sso.audit` log (synchronously: it is out before the call answers), then stored in the table
 * in batches: a record waits at most LINGER_MS for others to share its INSERT, so that under
 * load one statement stores hundreds. Calls do not wait for the table; `flush` does (the
 * audit log's own read, shutdown and tests).
 */
export class AuditLog {
  readonly #queue: { cid: string; json: string; done: () => void }[] = [];
  #draining: Promise<void> | undefined;
  #lingering: NodeJS.Timeout | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly logger: Logger,
    private readonly errors: Logger,
  ) {}

  /** Logs the record and queues it for the table; resolves once it is stored there. */
  record(entry: AuditEntry): Promise<void> {
    // Serialised once: the same JSON is the sso.audit log line and the row of the insert.
    const row = {
      ...entry,
      created_at: formatTimestamp(entry.created_at),
      actor_user_id: clip(entry.actor_user_id, 191),
      target_user_id: clip(entry.target_user_id, 191),
      target_username: clip(entry.target_username, 191),
      current_app: clip(entry.current_app, 191),
    };
    let json = JSON.stringify(row);
    // JSON.stringify escapes NUL and lone surrogates, so the rare text that needs mending shows.
    if (UNSTORABLE_ESCAPE.test(json)) json = JSON.stringify(row, storable);
    this.logger.info(json);
    return new Promise((done) => {
      this.#queue.push({ cid: entry.cid, json, done });
      if (this.#queue.length >= BATCH) this.#start();
      else this.#lingering ??= setTimeout(() => this.#start(), LINGER_MS);
    });
  }

  /** Resolves when every record handed in so far is stored. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.#queue.length > 0) this.#start();
      if (!this.#draining) return;
      await this.#draining;
    }
  }

  /** Starts storing what is queued, unless that is under way (the running drain takes new records too). */
  #start() {
    clearTimeout(this.#lingering);
    this.#lingering = undefined;
    if (this.#draining || this.#queue.length === 0) return;
    this.#draining = this.#drain().finally(() => {
      this.#draining = undefined;
    });
  }

  async #drain() {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, BATCH);
      const rows = batch.map((b) => b.json);
      try {
        // One broken connection of a healthy database must not cost the batch: it is tried once more, on another.
        await this.#insert(rows).catch((e: unknown) => {
          if (isDatabaseUnavailable(e)) return this.#insert(rows);
          throw e;
        });
      } catch (e) {
        if (isDatabaseUnavailable(e)) {
          // Tried one by one, each would wait out the same timeout while records pile up behind them.
          this.errors.error("could not store audit records: the database did not answer; they remain in the sso.audit log", {
            cids: batch.map((b) => b.cid),
            error: (e as Error).message,
          });
          for (const b of batch) b.done();
          continue;
        }
        // One record the database refuses must not cost the others theirs: store them one by one.
        for (const { cid, json } of batch) {
          await this.#insert([json]).catch((e: unknown) =>
            this.errors.error("could not store an audit record; it remains in the sso.audit log", {
              cid,
              error: (e as Error).message,
            }),
          );
        }
      }
      for (const b of batch) b.done();
    }
  }

  #insert(rows: string[]) {
    return insertAuditRecords(this.sql, rows);
  }
}
