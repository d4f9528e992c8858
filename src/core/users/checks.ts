import type { Config } from "../../config/index.js";
import { isPasswordExpired } from "../passwords/expiry.js";
import { Code, informed, SsoError } from "../status.js";
import type { User } from "./user.js";

/**
 * The address allow-list (docs/rules.md, "Address allow-lists"). An unlisted user passes
 * unless `[login] reject_if_not_listed`; a listed one needs the client's address inside the
 * list (only the client's: the other addresses of a forwarded list were written by the client).
 */
export function addressAllowed(config: Config, username: string, clientAddr: string | undefined): boolean {
  const rule = config.user_address_list.get(username);
  if (!rule) return !config.login.reject_if_not_listed;
  if (rule.kind === "any") return true;
  if (rule.kind === "none") return false;
  return clientAddr !== undefined && rule.set.contains(clientAddr);
}

export interface UserCheckOptions {
  /** The client's address (docs/rules.md, "Remote address and user agent"). */
  clientAddr: string | undefined;
  now: Date;
  /** Check 6: switched on by every caller except password reset. */
  passwordExpiry: boolean;
  /** Check 7, login only: whether the request sent login metadata it may not send. */
  metadataRefused?: boolean;
}

/** The user checks (docs/rules.md, "User checks"), in order; the first failure is thrown. */
export function checkUser(config: Config, user: User, options: UserCheckOptions): void {
  if (!addressAllowed(config, user.username, options.clientAddr)) throw new SsoError(Code.AUTH_NOT_ALLOWED);
  if (user.is_locked) throw informed(config.login.inform_if_locked, Code.AUTH_LOCKED);
  if (user.sign_up_status !== "final") throw informed(config.login.inform_if_not_confirmed, Code.AUTH_INVALID_SIGNUP_STATUS);
  if (user.approval_status !== "approved") throw informed(config.login.inform_if_not_approved, Code.AUTH_INVALID_SIGNUP_STATUS);
  if (options.passwordExpiry && isPasswordExpired(user, options.now)) {
    throw informed(config.password.inform_if_expired, Code.PASSWORD_EXPIRED);
  }
  if (options.metadataRefused) throw new SsoError(Code.METADATA_NOT_ALLOWED, { disclosable: false });
}
