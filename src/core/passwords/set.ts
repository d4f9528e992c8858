import type { Sql } from "../../db/sql.js";
import type { Call } from "../context.js";
import { setPasswordHash } from "../users/store.js";
import type { User } from "../users/user.js";
import { passwordExpiry } from "./expiry.js";

export interface SetPasswordOptions {
  /** Days until the password expires; not a positive integer: `[password] expiry`. */
  expiryDays?: number | null;
  /** New value of password_must_change; undefined leaves it as it is. */
  mustChange?: boolean;
  /** The stored password a check verified: set only if it is still the stored one. */
  replaces?: string;
}

/**
 * Stores a new password that the caller has already validated (docs/rules.md, "Passwords"):
 * hashed, with a fresh password_last_set and password_expiry. False when `replaces` was
 * replaced meanwhile (the password changed by a concurrent call): nothing is stored then.
 */
export async function setPassword(
  sql: Sql,
  call: Call,
  user: Pick<User, "id">,
  password: string,
  options: SetPasswordOptions = {},
): Promise<boolean> {
  const days = options.expiryDays && options.expiryDays > 0 ? options.expiryDays : call.config.password.expiry;
  return setPasswordHash(sql, user, {
    hash: await call.services.passwords.hash(password, call.request.clientAddr),
    now: call.now,
    expiry: passwordExpiry(call.now, days),
    mustChange: options.mustChange,
    replaces: options.replaces,
  });
}
