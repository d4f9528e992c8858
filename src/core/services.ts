import type { Config } from "../config/index.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../lib/log.js";
import { type Clock, systemClock } from "../lib/time.js";
import { AuditLog } from "./audit/log.js";
import type { Services } from "./context.js";
import { createHooks } from "./hooks.js";
import { deriveKeys } from "./keys.js";
import { PasswordHasher } from "./passwords/hashing.js";

/** Builds the services every operation uses from a validated configuration and an open database. */
export function createServices(config: Config, db: Database, log: Logger, clock: Clock = systemClock): Services {
  const keys = deriveKeys(config.secretKey);
  return {
    config,
    db,
    clock,
    log,
    keys,
    passwords: new PasswordHasher(config, keys),
    audit: new AuditLog(db.sql, log.child("sso.audit"), log),
    hooks: createHooks(config),
  };
}
