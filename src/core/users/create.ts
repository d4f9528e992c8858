import type { Sql } from "../../db/sql.js";
import { isUniqueViolation } from "../../db/sql.js";
import { sha256Hex } from "../../lib/crypto.js";
import { newConfirmToken, newGeneratedPassword, newTotpKey, newUserId } from "../../lib/ids.js";
import type { Call } from "../context.js";
import { checkPasswordPolicy } from "../passwords/policy.js";
import { Code, invalidInput, SsoError } from "../status.js";
import { isValidTotpKey } from "../totp/totp.js";
import { passwordExpiry } from "./password.js";
import {
  type ApprovalStatus,
  SIGN_UP_STATUSES,
  type SignUpStatus,
  toUserRecord,
  USER_COLUMNS,
  type UserRecord,
} from "./record.js";

/** Fields a new user may be given (behaviour §2.2). */
export interface NewUser {
  username: string;
  password?: string | null;
  password_must_change?: boolean | null;
  display_name?: string | null;
  first_name?: string | null;
  middle_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  is_locked?: boolean | null;
  sign_up_status?: string | null;
  is_totp_enabled?: boolean | null;
  totp_key?: string | null;
  totp_label?: string | null;
  is_rate_limit_active?: boolean | null;
  rate_limit_def?: string | null;
}

/** Decided by whoever creates the user, not by the user's fields. */
export interface Origin {
  source: "api" | "signup" | "cli";
  isSuperUser: boolean;
  approvalStatus: ApprovalStatus;
  /** `user_id` of the creating super-user, or `auto`. */
  approvalStatusModBy: string;
}

const MAX_NAME = 191;
const MAX_EMAIL = 254;
const codePoints = (s: string) => [...s].length;

/** The length limits of behaviour §8.3 (E008002). */
export function checkLengths(
  fields: Partial<
    Record<
      "username" | "display_name" | "first_name" | "middle_name" | "last_name" | "totp_label" | "email",
      string | null | undefined
    >
  >,
) {
  const { username, email, display_name, first_name, middle_name, last_name, totp_label } = fields;
  if (username != null && (username === "" || codePoints(username) > MAX_NAME)) throw invalidInput();
  if (email != null && codePoints(email) > MAX_EMAIL) throw invalidInput();
  // Only the named fields: callers pass whole inputs, whose passwords and flags have rules of their own.
  for (const value of [display_name, first_name, middle_name, last_name, totp_label]) {
    if (value != null && codePoints(value) > MAX_NAME) throw invalidInput();
  }
}

/** Whether another user (any approval status) has this username; `exceptUserId` is the user being renamed. */
export const isUsernameTaken = async (sql: Sql, username: string, exceptUserId?: string) =>
  Boolean(
    await sql.one("SELECT 1 FROM sso_user WHERE username = $1 AND user_id IS DISTINCT FROM $2", [username, exceptUserId ?? null]),
  );

/**
 * Validation shared by every way of creating a user: username present (E001001) and free
 * (E001002), the gateway's value checks (E008002), then the password policy.
 */
export async function validateNewUser(call: Call, fields: NewUser): Promise<void> {
  if (!fields.username) throw new SsoError(Code.USERNAME_INVALID);
  if (await isUsernameTaken(call.sql, fields.username)) throw new SsoError(Code.USERNAME_EXISTS, { disclosable: false });
  if (fields.sign_up_status != null && !SIGN_UP_STATUSES.includes(fields.sign_up_status as SignUpStatus)) throw invalidInput();
  checkLengths(fields);
  if (fields.totp_key && !isValidTotpKey(fields.totp_key)) throw invalidInput();
  if (fields.password != null) await checkPasswordPolicy(call.config, fields.password);
}

/** Names as stored at creation (behaviour §2.3): trimmed, the display name built when empty. */
function creationNames(fields: NewUser) {
  const clean = (v: string | null | undefined) => v?.trim() || null;
  const first = clean(fields.first_name);
  const middle = clean(fields.middle_name);
  const last = clean(fields.last_name);
  const display = fields.display_name?.trim() || [first, middle, last].filter(Boolean).join(" ");
  if (codePoints(display) > MAX_NAME) throw invalidInput();
  return { display, first, middle, last };
}

/**
 * The upper-cased copy of a name that search compares against (behaviour §2.3). Computed here,
 * not by PostgreSQL, whose upper() folds only ASCII under the C locale.
 */
export const searchCopy = (name: string | null | undefined): string | null => (name == null ? null : name.toUpperCase());

/** Python's json.dumps output (separators `, ` and `: `, ASCII only), which Zato clients see in creation_ctx. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`)
      .join(", ")}}`;
  }
  return (JSON.stringify(value ?? null) as string).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Inserts a validated user; returns it and its signup confirmation token (only signup shows it). */
export async function insertUser(call: Call, fields: NewUser, origin: Origin, sql: Sql = call.sql) {
  const { keys, config } = call.services;
  const names = creationNames(fields);
  const confirmToken = newConfirmToken();
  const email = fields.email ?? null;
  const creationCtx = pythonJson({
    source: origin.source,
    current_app: call.request.operator ? "zato-cli" : (call.currentApp ?? null),
    remote_addr: call.request.remoteAddr,
    user_agent: call.request.userAgent,
  });
  const password = await call.services.passwords.hash(fields.password ?? newGeneratedPassword());
  try {
    const row = await sql.one<UserRecord>(
      `INSERT INTO sso_user AS u (user_id, username, password, password_is_set, password_must_change, password_last_set,
         password_expiry, email, email_hash, display_name, first_name, middle_name, last_name, display_name_upper,
         first_name_upper, middle_name_upper, last_name_upper, is_active, is_internal, is_super_user, is_locked,
         creation_ctx, approval_status, approval_status_mod_time, approval_status_mod_by, sign_up_status, sign_up_time,
         sign_up_confirm_token_hash, is_totp_enabled, totp_key, totp_label, is_rate_limit_active, rate_limit_type,
         rate_limit_def, rate_limit_check_parent_def)
       VALUES ($1, $2, $3, true, $4, $5, $6, $7, $8, $9, $10, $11, $12, $25, $26, $27, $28,
         true, false, $13, $14, $15, $16, $5, $17, $18, $5, $19, $20, $21, $22, $23, 'EXACT', $24, false)
       RETURNING ${USER_COLUMNS}`,
      [
        newUserId(),
        fields.username,
        password,
        fields.password_must_change ?? false,
        call.now,
        passwordExpiry(call.now, config.password.expiry),
        email === null ? null : config.main.encrypt_email ? keys.seal(email) : email,
        email ? keys.emailHash(email) : null,
        names.display,
        names.first,
        names.middle,
        names.last,
        origin.isSuperUser,
        fields.is_locked ?? false,
        creationCtx,
        origin.approvalStatus,
        origin.approvalStatusModBy,
        fields.sign_up_status ?? "final",
        sha256Hex(confirmToken),
        fields.is_totp_enabled ?? false,
        keys.seal(fields.totp_key || newTotpKey()),
        fields.totp_label ? keys.seal(fields.totp_label) : null,
        fields.is_rate_limit_active ?? false,
        fields.rate_limit_def ?? null,
        searchCopy(names.display),
        searchCopy(names.first),
        searchCopy(names.middle),
        searchCopy(names.last),
      ],
    );
    return { user: toUserRecord(row as UserRecord), confirmToken };
  } catch (e) {
    // A concurrent call took the username between our check and our insert.
    if (isUniqueViolation(e, "sso_user_username_key")) throw new SsoError(Code.USERNAME_EXISTS, { disclosable: false });
    throw e;
  }
}
