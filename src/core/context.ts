import DataLoader from "dataloader";
import type { Config } from "../config/index.js";
import type { Database } from "../db/client.js";
import { newCid } from "../lib/ids.js";
import type { Logger } from "../lib/log.js";
import type { Clock } from "../lib/time.js";
import type { AuditDetails, AuditLog } from "./audit/log.js";
import type { EventBus, SsoEvent } from "./events/bus.js";
import type { Hooks } from "./hooks.js";
import type { Keys } from "./keys.js";
import type { PasswordHasher } from "./passwords/hashing.js";
import type { SessionWithUser } from "./sessions/session.js";
import { findLiveSessions } from "./sessions/store.js";
import type { Code } from "./status.js";

/** Everything an operation may use, built once per process. */
export interface Services {
  config: Config;
  db: Database;
  clock: Clock;
  log: Logger;
  keys: Keys;
  passwords: PasswordHasher;
  audit: AuditLog;
  hooks: Hooks;
  events: EventBus;
}

/**
 * What a request carries to say who calls, as each surface translates it: a UST (the
 * `X-Zato-SSO-UST` header), an HTTP Basic principal, or the operator of the CLI.
 */
export type Credential =
  | { kind: "ust"; ust: string }
  | { kind: "basic"; username: string; password: string }
  | { kind: "operator"; name: string };

/** What a surface knows about the request it translates. */
export interface RequestInfo {
  cid: string;
  /** The request's addresses, as recorded (docs/rules.md, "Remote address and user agent"); empty when unknown. */
  remoteAddr: string[];
  /** The client's address among them, which address allow-lists and counters judge; none when unknown. */
  clientAddr: string | undefined;
  /** The TCP peer's address (a proxy's, behind one), recorded in audit records. */
  peerAddr: string | undefined;
  userAgent: string | null;
  /** The `[apps] http_header` value, the fallback for a missing `current_app`. */
  headerApp?: string;
  /**
   * The request's own credentials, in the order they stand in for an absent UST parameter
   * (docs/rules.md, "Identifying the caller"); for the CLI, its operator alone.
   */
  credentials: readonly Credential[];
}

/** A request made on this machine (the CLI, tests, benchmarks): from 127.0.0.1, through no proxy. */
export const localRequest = (userAgent: string, credentials: readonly Credential[] = []): RequestInfo => ({
  cid: newCid(),
  remoteAddr: ["127.0.0.1"],
  clientAddr: "127.0.0.1",
  peerAddr: undefined,
  userAgent,
  credentials,
});

/** The CLI's operator, `<os-user>@<host>`, when the request is theirs: no pre-check and no session. */
export const operatorOf = (request: RequestInfo): string | undefined => {
  const first = request.credentials[0];
  return first?.kind === "operator" ? first.name : undefined;
};

/** Told of every operation a request runs, for metrics. */
export interface OperationObserver {
  operation(name: string, outcome: "ok" | "warning" | "error", subStatus: string | undefined, seconds: number): void;
}

/**
 * What one request reads about callers, shared by every operation it runs (a GraphQL document
 * runs several, and nested fields authorise through it): live sessions by UST, batched into one
 * statement per tick and remembered until the request changes something.
 */
export class RequestContext {
  readonly sessions: DataLoader<string, SessionWithUser | undefined>;
  /** What a linked credential's Basic principal stands for: its password checked once per request. */
  acting: Promise<{ found: SessionWithUser; ust?: string } | undefined> | undefined;
  /** The session it acts with, as the request sees it now: read again after a change, never checked again. */
  actingSession: Promise<SessionWithUser | undefined> | undefined;
  /** A UST made for this request by a linked credential: the surfaces send it as `X-Zato-SSO-UST`. */
  issuedUst: string | undefined;

  constructor(
    readonly services: Services,
    readonly info: RequestInfo,
    readonly observer?: OperationObserver,
  ) {
    this.sessions = new DataLoader(async (usts) => {
      const found = await findLiveSessions(services.db.sql, usts, services.clock.now());
      return usts.map((ust) => found.get(ust));
    });
  }

  /** After a change, what was read before may be stale: a later operation reads afresh. */
  changed(): void {
    this.sessions.clearAll();
    this.actingSession = undefined;
  }
}

/** The caller, once their session has been resolved. */
export interface Actor {
  /** Internal id of the user. */
  id: string;
  userId: string;
  username: string;
  isSuperUser: boolean;
  sessionId: string;
}

/** The caller a live session stands for. */
export const actorOf = ({ session, user }: SessionWithUser): Actor => ({
  id: user.id,
  userId: user.user_id,
  username: user.username,
  isSuperUser: user.is_super_user,
  sessionId: session.session_id,
});

/** One operation in progress: the request, its input, the resolved caller and what the audit record will say. */
export class Call {
  readonly now: Date;
  currentApp: string | undefined;
  actor: Actor | undefined;
  /** The operation's decoded input, where its UST fields are read from. */
  params: Readonly<Record<string, unknown>> = {};
  /** The operation's first UST field: the one its caller is named by unless it says otherwise. */
  ustField: string | undefined;
  readonly warnings: Code[] = [];
  /** Events the call gives rise to: published once it has answered (its writes committed). */
  readonly events: SsoEvent[] = [];
  readonly audit: { targetUserId?: string; targetUsername?: string; details: AuditDetails } = { details: {} };

  constructor(readonly context: RequestContext) {
    this.now = context.services.clock.now();
  }

  get services(): Services {
    return this.context.services;
  }

  get request(): RequestInfo {
    return this.context.info;
  }

  get config(): Config {
    return this.services.config;
  }

  get sql() {
    return this.services.db.sql;
  }

  warn(code: Code) {
    this.warnings.push(code);
  }

  /** Records the user an operation reads or changes (a user record, or what the caller named), for the audit log. */
  target(user: { user_id?: string | null; username?: string | null }) {
    if (user.user_id) this.audit.targetUserId = user.user_id;
    if (user.username != null) this.audit.targetUsername = user.username;
  }
}
