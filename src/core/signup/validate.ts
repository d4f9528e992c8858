import type { Config } from "../../config/index.js";
import type { Call } from "../context.js";
import { CATALOG, Code, informed, SsoError } from "../status.js";
import { findUserByUsername, isEmailTaken } from "../users/store.js";
import { reveal } from "../users/views.js";

/** What a signup validator is given. */
export interface SignupInput {
  username: string;
  password: string;
  email: string | null;
  current_app: string | null;
  app_list: string[];
}

const codePoints = (s: string) => [...s].length;
/** Whitespace of any kind (JavaScript's \s leaves out U+0085, NEXT LINE). */
const WHITESPACE = /[\s\u0085]/u;
/**
 * Control characters (C0, DEL, C1) and invisible formatting ones (zero-width characters,
 * bidirectional overrides, the byte order mark): never part of a name a person signs up with,
 * and the latter make a name that looks like another's ("admin1" followed by U+200B).
 */
const CONTROL = /[\p{Cc}\p{Cf}]/u;

/**
 * The built-in validator `zato.sso.signup.validate` (docs/rules.md, "Signup"): the checks in
 * their order, the first failure reported. Emails are checked only when they are not encrypted,
 * as in Zato.
 */
export async function builtInValidator(call: Call, i: SignupInput): Promise<void> {
  const { signup, password, main } = call.config;
  const checksEmail = !main.encrypt_email;
  const emailHashes = checksEmail && i.email ? call.services.keys.emailHashes(i.email) : undefined;

  const existing = i.username ? await findUserByUsername(call.sql, i.username) : undefined;
  if (existing) {
    const stored = reveal(call.services.keys, call.services.log, existing.email, "email");
    const sameEmail = emailHashes !== undefined && stored !== null && emailHashes.includes(call.services.keys.emailHash(stored));
    if (sameEmail && signup.inform_if_user_exists && signup.inform_if_email_exists) {
      throw new SsoError([Code.USERNAME_EXISTS, Code.EMAIL_EXISTS]);
    }
    throw informed(signup.inform_if_user_exists, Code.USERNAME_EXISTS);
  }
  if (emailHashes && (await isEmailTaken(call.sql, emailHashes)))
    throw informed(signup.inform_if_email_exists, Code.EMAIL_EXISTS);

  const username = i.username;
  if (codePoints(username) > signup.max_length_username) throw informed(signup.inform_if_user_invalid, Code.USERNAME_TOO_LONG);
  if (WHITESPACE.test(username)) throw informed(signup.inform_if_user_invalid, Code.USERNAME_HAS_WHITESPACE);
  if (CONTROL.test(username)) throw informed(signup.inform_if_user_invalid, Code.USERNAME_INVALID);
  if (call.config.user_validation.reject_username.some((entry) => username.includes(entry))) {
    throw informed(signup.inform_if_user_invalid, Code.USERNAME_INVALID);
  }

  const length = codePoints(i.password);
  if (length < password.min_length) throw informed(password.inform_if_invalid, Code.PASSWORD_TOO_SHORT);
  if (length > password.max_length) throw informed(password.inform_if_invalid, Code.PASSWORD_TOO_LONG);
  const lowered = i.password.toLowerCase();
  if (password.reject_list.some((entry) => lowered.includes(entry)))
    throw informed(password.inform_if_invalid, Code.PASSWORD_INVALID);

  if (!checksEmail) return;
  const email = i.email ?? "";
  if (!email && signup.is_email_required) throw informed(signup.inform_if_email_invalid, Code.EMAIL_MISSING);
  if (codePoints(email) > signup.max_length_email) throw informed(signup.inform_if_email_invalid, Code.EMAIL_TOO_LONG);
  if (WHITESPACE.test(email)) throw informed(signup.inform_if_email_invalid, Code.EMAIL_HAS_WHITESPACE);
  const loweredEmail = email.toLowerCase();
  if (call.config.user_validation.reject_email.some((entry) => loweredEmail.includes(entry))) {
    throw informed(signup.inform_if_email_invalid, Code.EMAIL_INVALID);
  }
}

/**
 * What a validator hook answered, as the signup's outcome: `is_valid` true passes; false fails
 * with the hook's `sub_status` when it names error codes of the catalog, else E005001. Anything else
 * (no object, no boolean) is a failed hook.
 */
export function hookVerdict(output: unknown): void {
  const verdict = output as { is_valid?: unknown; sub_status?: unknown } | null;
  if (verdict === null || typeof verdict !== "object" || typeof verdict.is_valid !== "boolean") {
    throw new Error("the validator did not answer {is_valid: boolean}");
  }
  if (verdict.is_valid) return;
  const codes = Array.isArray(verdict.sub_status)
    ? verdict.sub_status.filter((c): c is Code => typeof c === "string" && c.startsWith("E") && Object.hasOwn(CATALOG, c))
    : [];
  throw new SsoError(codes.length > 0 ? codes : Code.AUTH_NOT_ALLOWED);
}

/** Whether signup may go through `current_app`: `[apps] signup_allowed`, when not empty. */
export function checkSignupApps(config: Config, currentApp: string | undefined, appList: readonly unknown[]): void {
  const inform = config.apps.inform_if_app_invalid;
  const allowed = config.apps.signup_allowed;
  if (allowed.length > 0 && (currentApp === undefined || !allowed.includes(currentApp))) {
    throw informed(inform, Code.APP_LIST_NO_SIGNUP);
  }
  if (appList.some((app) => typeof app !== "string" || !config.apps.all.includes(app)))
    throw informed(inform, Code.APP_LIST_INVALID);
}
