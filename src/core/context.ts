import type { Config } from "../config/index.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../lib/log.js";
import type { Clock } from "../lib/time.js";
import type { AuditLog } from "./audit/log.js";
import type { Hooks } from "./hooks.js";
import type { Keys } from "./keys.js";
import type { PasswordHasher } from "./passwords/hashing.js";
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
}

/** What a surface knows about the request it translates. */
export interface RequestInfo {
  cid: string;
  surface: "rest" | "graphql" | "cli";
  /** Addresses of the client (README, "Remote address"); empty when unknown. */
  remoteAddr: string[];
  userAgent: string | null;
  /** `X-Zato-SSO-UST`, the fallback for a missing `ust` / `current_ust`. */
  headerUst?: string;
  /** The `[apps] http_header` value, the fallback for a missing `current_app`. */
  headerApp?: string;
  /** The CLI's actor, `<os-user>@<host>`; operators pass no pre-check and no session. */
  operator?: string;
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

/** One operation in progress: the request, the resolved caller and what the audit record will say. */
export class Call {
  readonly now: Date;
  currentApp: string | undefined;
  actor: Actor | undefined;
  readonly warnings: Code[] = [];
  readonly audit: { targetUserId?: string; targetUsername?: string; details: Record<string, unknown> } = { details: {} };

  constructor(
    readonly services: Services,
    readonly request: RequestInfo,
  ) {
    this.now = services.clock.now();
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
