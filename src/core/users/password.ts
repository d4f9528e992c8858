import type { Sql } from "../../db/sql.js";
import { capped } from "../../lib/time.js";
import type { Call } from "../context.js";
import type { UserRecord } from "./record.js";

export interface SetPasswordOptions {
  /** Days until the password expires; not a positive integer: `[password] expiry`. */
  expiryDays?: number | null;
  /** New value of password_must_change; undefined leaves it as it is. */
  mustChange?: boolean;
}

/**
 * Stores a new password (behaviour §10.3) that the caller has already validated: hashed,
 * with a fresh password_last_set and password_expiry.
 */
export async function setPassword(
  sql: Sql,
  call: Call,
  user: Pick<UserRecord, "id">,
  password: string,
  options: SetPasswordOptions = {},
) {
  const days = options.expiryDays && options.expiryDays > 0 ? options.expiryDays : call.config.password.expiry;
  const hash = await call.services.passwords.hash(password);
  await sql.run(
    `UPDATE sso_user SET password = $2, password_is_set = true, password_last_set = $3, password_expiry = $4,
       password_must_change = COALESCE($5, password_must_change)
     WHERE id = $1`,
    [user.id, hash, call.now, passwordExpiry(call.now, days), options.mustChange ?? null],
  );
}

/** `now` plus `days` days, never later than the latest time the gateway stores. */
export const passwordExpiry = (now: Date, days: number): Date => capped(now, days * 86_400_000);
