import type { Timestamp } from "../../lib/time.js";

export type ApprovalStatus = "before_decision" | "approved" | "rejected";
export type SignUpStatus = "before_confirmation" | "final";

export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ["before_decision", "approved", "rejected"];
export const SIGN_UP_STATUSES: readonly SignUpStatus[] = ["before_confirmation", "final"];

/**
 * A user without secrets (password hash, TOTP key, email hash) or stored-only settings: what
 * a caller's session brings along, and all that views and the user checks need. `email` and
 * `totp_label` are as stored (sealed when encrypted).
 */
export interface User {
  /** Internal id, the key of every row that belongs to the user. */
  id: string;
  user_id: string;
  username: string;
  password_is_set: boolean;
  password_must_change: boolean;
  password_last_set: Timestamp;
  password_expiry: Timestamp;
  email: string | null;
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
  totp_label: string | null;
}

/** The rate-limit settings, stored and shown in search results, never enforced. */
export interface RateLimitSettings {
  is_rate_limit_active: boolean | null;
  rate_limit_type: string | null;
  rate_limit_def: string | null;
  rate_limit_check_parent_def: boolean | null;
}

/** What only credential checks read: the stored password hash and TOTP key (sealed as stored). */
export interface UserSecrets {
  password: string;
  totp_key: string;
  /** The TOTP step of the latest code a login used, when codes may not be reused (bigint as text). */
  totp_last_step: string | null;
}

/** Where a user came from, recorded in creation_ctx. */
export function creationSource(user: Pick<User, "creation_ctx">): string | undefined {
  try {
    return (JSON.parse(user.creation_ctx) as { source?: string }).source;
  } catch {
    return undefined;
  }
}
