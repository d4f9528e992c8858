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
}

/**
 * Stores a new password that the caller has already validated (docs/rules.md, "Passwords"):
 * hashed, with a fresh password_last_set and password_expiry.
 */
export async function setPassword(
  sql: Sql,
  call: Call,
  user: Pick<User, "id">,
  password: string,
  options: SetPasswordOptions = {},
) {
  const days = options.expiryDays && options.expiryDays > 0 ? options.expiryDays : call.config.password.expiry;
  await setPasswordHash(sql, user, {
    hash: await call.services.passwords.hash(password, call.request.clientAddr),
    now: call.now,
    expiry: passwordExpiry(call.now, days),
    mustChange: options.mustChange,
  });
}
