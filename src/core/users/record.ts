import type { Sql } from "../../db/sql.js";
import { fromDatabase, type Timestamp } from "../../lib/time.js";

/** A row of sso_user as the core reads it: columns by their own names, timestamps in wire form. */
export interface UserRecord {
  id: string;
  user_id: string;
  username: string;
  password: string;
  password_is_set: boolean;
  password_must_change: boolean;
  password_last_set: Timestamp;
  password_expiry: Timestamp;
  email: string | null;
  email_hash: string | null;
  display_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  is_active: boolean;
  is_internal: boolean;
  is_super_user: boolean;
  is_locked: boolean;
  locked_time: Timestamp | null;
  locked_by: string | null;
  creation_ctx: string;
  approval_status: ApprovalStatus;
  approval_status_mod_time: Timestamp;
  approval_status_mod_by: string;
  sign_up_status: SignUpStatus;
  sign_up_time: Timestamp;
  is_totp_enabled: boolean;
  totp_key: string;
  totp_label: string | null;
  is_rate_limit_active: boolean | null;
  rate_limit_type: string | null;
  rate_limit_def: string | null;
  rate_limit_check_parent_def: boolean | null;
}

export type ApprovalStatus = "before_decision" | "approved" | "rejected";
export type SignUpStatus = "before_confirmation" | "final";

export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ["before_decision", "approved", "rejected"];
export const SIGN_UP_STATUSES: readonly SignUpStatus[] = ["before_confirmation", "final"];

/**
 * A user without their secrets (password hash, TOTP key, email hash) and stored-only settings:
 * what a caller's session brings along, and all that views and user checks need.
 */
export type UserAccount = Omit<
  UserRecord,
  | "password"
  | "totp_key"
  | "email_hash"
  | "is_rate_limit_active"
  | "rate_limit_type"
  | "rate_limit_def"
  | "rate_limit_check_parent_def"
>;

/** The columns of UserAccount (`u` is sso_user). */
export const ACCOUNT_COLUMNS = `u.id::text AS id, u.user_id, u.username, u.password_is_set, u.password_must_change, u.password_last_set,
  u.password_expiry, u.email, u.display_name, u.first_name, u.middle_name, u.last_name, u.is_active, u.is_internal,
  u.is_super_user, u.is_locked, u.locked_time, u.locked_by, u.creation_ctx, u.approval_status,
  u.approval_status_mod_time, u.approval_status_mod_by, u.sign_up_status, u.sign_up_time, u.is_totp_enabled,
  u.totp_label`;

/** The columns of UserRecord, for statements that read whole users. */
export const USER_COLUMNS = `${ACCOUNT_COLUMNS}, u.password, u.totp_key, u.email_hash, u.is_rate_limit_active,
  u.rate_limit_type, u.rate_limit_def, u.rate_limit_check_parent_def`;

const TIMESTAMPS = ["password_last_set", "password_expiry", "locked_time", "approval_status_mod_time", "sign_up_time"] as const;

/** Converts a row read with USER_COLUMNS or ACCOUNT_COLUMNS (timestamps come as PostgreSQL text) to wire timestamps. */
export function toUserRecord<R extends UserAccount>(row: R): R {
  const out = row as unknown as Record<string, unknown>;
  for (const key of TIMESTAMPS) {
    const value = out[key];
    if (typeof value === "string") out[key] = fromDatabase(value);
  }
  return row;
}

export async function findUserByUserId(sql: Sql, userId: string): Promise<UserRecord | undefined> {
  const row = await sql.one<UserRecord>(`SELECT ${USER_COLUMNS} FROM sso_user u WHERE u.user_id = $1`, [userId]);
  return row && toUserRecord(row);
}

export async function findUserByUsername(sql: Sql, username: string): Promise<UserRecord | undefined> {
  const row = await sql.one<UserRecord>(`SELECT ${USER_COLUMNS} FROM sso_user u WHERE u.username = $1`, [username]);
  return row && toUserRecord(row);
}

/** The stored password hash of a user, for the one call that verifies it outside login. */
export async function findPasswordHash(sql: Sql, user: Pick<UserRecord, "id">): Promise<string | undefined> {
  return (await sql.one<{ password: string }>("SELECT password FROM sso_user WHERE id = $1", [user.id]))?.password;
}

/** Locks the user's row until the transaction ends: concurrent changes to one user queue up. */
export async function lockUserRow(sql: Sql, userId: string): Promise<UserRecord | undefined> {
  const row = await sql.one<UserRecord>(`SELECT ${USER_COLUMNS} FROM sso_user u WHERE u.user_id = $1 FOR UPDATE`, [userId]);
  return row && toUserRecord(row);
}
