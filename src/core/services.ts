import type { Config } from "../config/index.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../lib/log.js";
import { type Clock, systemClock } from "../lib/time.js";
import { AuditLog } from "./audit/log.js";
import type { Services } from "./context.js";
import { EventBus } from "./events/bus.js";
import { createHooks } from "./hooks.js";
import { deriveKeys } from "./keys.js";
import { PasswordHasher } from "./passwords/hashing.js";

/** Builds the services every operation uses from a validated configuration and an open database. */
export function createServices(config: Config, db: Database, log: Logger, clock: Clock = systemClock): Services {
  const keys = deriveKeys(config.secretKey, config.previousSecretKeys);
  return {
    config,
    db,
    clock,
    log,
    keys,
    passwords: new PasswordHasher(config, keys),
    // Audit records are written to the sso.audit log before their insert, so a commit that does
    // not wait for the disk loses at most the table copy of the last instant's records in a crash.
    audit: new AuditLog(db.unflushed, log.child("sso.audit"), log),
    hooks: createHooks(config),
    events: new EventBus(db, log),
  };
}
