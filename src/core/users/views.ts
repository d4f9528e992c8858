import type { Logger } from "../../lib/log.js";
import type { Timestamp } from "../../lib/time.js";
import { isSealed, type Keys } from "../keys.js";
import type { RateLimitSettings, User } from "./user.js";

/** What a regular user sees of their own account (docs/rules.md, "What a caller sees"). */
export interface RegularView {
  username: string;
  email: string | null;
  display_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  is_totp_enabled: boolean;
  totp_label: string;
}

/** What a super-user sees of any account. */
export interface FullView extends RegularView {
  user_id: string;
  is_active: boolean;
  is_internal: boolean;
  is_super_user: boolean;
  is_approval_needed: boolean;
  approval_status: string;
  approval_status_mod_time: Timestamp;
  approval_status_mod_by: string;
  is_locked: boolean;
  locked_time: Timestamp | null;
  locked_by: string | null;
  creation_ctx: string;
  password_expiry: Timestamp;
  password_is_set: boolean;
  password_must_change: boolean;
  password_last_set: Timestamp;
  sign_up_status: string;
  sign_up_time: Timestamp;
}

/** Search results add the stored (never enforced) rate-limit settings. */
export interface SearchView extends FullView {
  is_rate_limit_active: boolean;
  rate_limit_def: string | null;
  rate_limit_type: string;
  rate_limit_check_parent_def: boolean;
}

export type UserView = RegularView | FullView;

/** Decrypts personal data for display; a value that cannot be decrypted is shown as stored. */
export function reveal(keys: Keys, log: Logger, value: string | null, what: string): string | null {
  if (value === null || !isSealed(value)) return value;
  try {
    return keys.open(value);
  } catch {
    log.warn(`a stored ${what} could not be decrypted; it is returned as stored`);
    return value;
  }
}

/** The view of `user` that a caller gets: the full view for super-users, the regular view otherwise. */
export function userView(user: User, callerIsSuperUser: boolean, keys: Keys, log: Logger): UserView {
  const email = reveal(keys, log, user.email, "email");
  const totpLabel = reveal(keys, log, user.totp_label, "TOTP label") ?? "";
  const names = {
    display_name: user.display_name,
    first_name: user.first_name,
    middle_name: user.middle_name,
    last_name: user.last_name,
  };
  if (!callerIsSuperUser) {
    return { username: user.username, email, ...names, is_totp_enabled: user.is_totp_enabled, totp_label: totpLabel };
  }
  return {
    user_id: user.user_id,
    username: user.username,
    email,
    ...names,
    is_active: user.is_active,
    is_internal: user.is_internal,
    is_super_user: user.is_super_user,
    is_approval_needed: user.approval_status !== "approved",
    approval_status: user.approval_status,
    approval_status_mod_time: user.approval_status_mod_time,
    approval_status_mod_by: user.approval_status_mod_by,
    is_locked: user.is_locked,
    locked_time: user.locked_time,
    locked_by: user.locked_by,
    creation_ctx: user.creation_ctx,
    password_expiry: user.password_expiry,
    password_is_set: user.password_is_set,
    password_must_change: user.password_must_change,
    password_last_set: user.password_last_set,
    sign_up_status: user.sign_up_status,
    sign_up_time: user.sign_up_time,
    is_totp_enabled: user.is_totp_enabled,
    totp_label: totpLabel,
  };
}

export function searchView(user: User & RateLimitSettings, keys: Keys, log: Logger): SearchView {
  return {
    ...(userView(user, true, keys, log) as FullView),
    is_rate_limit_active: user.is_rate_limit_active ?? false,
    rate_limit_def: user.rate_limit_def,
    rate_limit_type: user.rate_limit_type ?? "EXACT",
    rate_limit_check_parent_def: user.rate_limit_check_parent_def ?? false,
  };
}
