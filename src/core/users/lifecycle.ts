import type { Sql } from "../../db/sql.js";
import { newTotpKey } from "../../lib/ids.js";
import type { Call } from "../context.js";
import type { UserRecord } from "./record.js";

/**
 * Deletes a user with everything that belongs to them (behaviour §9.1): sessions and their
 * attributes, user attributes, password-reset tokens and links, by cascade. Audit records stay.
 */
export async function deleteUser(sql: Sql, user: Pick<UserRecord, "id">): Promise<void> {
  await sql.run("DELETE FROM sso_user WHERE id = $1", [user.id]);
}

/** Locks or unlocks (behaviour §9.2); `by` is the acting super-user's user_id, or `<os-user>@<host>` for the CLI. */
export async function setLocked(sql: Sql, user: Pick<UserRecord, "id">, locked: boolean, by: string, now: Date): Promise<void> {
  await sql.run("UPDATE sso_user SET is_locked = $2, locked_time = $3, locked_by = $4 WHERE id = $1", [user.id, locked, now, by]);
}

/**
 * Replaces the TOTP key (given, else generated) and its label (empty: none); returns the key
 * now in force. Does not change is_totp_enabled (behaviour §11). The caller validates a given key.
 */
export async function resetTotpKey(
  sql: Sql,
  call: Call,
  user: Pick<UserRecord, "id">,
  key: string | null | undefined,
  label: string | null | undefined,
): Promise<string> {
  const inForce = key || newTotpKey();
  const { keys } = call.services;
  await sql.run("UPDATE sso_user SET totp_key = $2, totp_label = $3 WHERE id = $1", [
    user.id,
    keys.seal(inForce),
    label ? keys.seal(label) : null,
  ]);
  return inForce;
}
