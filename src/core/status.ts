/**
 * Zato's status codes by the name Zato gives each (docs/status-codes.md, generated from
 * CATALOG below). Code raises them by name: `new SsoError(Code.AUTH_NOT_ALLOWED)`.
 */
export const Code = {
  USERNAME_INVALID: "E001001",
  USERNAME_EXISTS: "E001002",
  USERNAME_TOO_LONG: "E001003",
  USERNAME_HAS_WHITESPACE: "E001004",
  EMAIL_INVALID: "E002001",
  EMAIL_EXISTS: "E002002",
  EMAIL_TOO_LONG: "E002003",
  EMAIL_HAS_WHITESPACE: "E002004",
  EMAIL_MISSING: "E002005",
  PASSWORD_INVALID: "E003001",
  PASSWORD_TOO_SHORT: "E003002",
  PASSWORD_TOO_LONG: "E003003",
  PASSWORD_EXPIRED: "E003004",
  PASSWORD_W_ABOUT_TO_EXP: "W003005",
  PASSWORD_E_ABOUT_TO_EXP: "E003006",
  PASSWORD_MUST_SEND_NEW: "E003007",
  PASSWORD_NOT_COMPLEX_ENOUGH: "E003008",
  APP_LIST_INVALID: "E004001",
  APP_LIST_NO_SIGNUP: "E004002",
  AUTH_NOT_ALLOWED: "E005001",
  AUTH_LOCKED: "E005002",
  AUTH_INVALID_SIGNUP_STATUS: "E005003",
  AUTH_NO_SUCH_SIGN_UP_TOKEN: "E005006",
  AUTH_SIGN_UP_CONFIRMED: "E005007",
  AUTH_TOTP_MISSING: "E005008",
  METADATA_NOT_ALLOWED: "E006001",
  SESSION_NO_SUCH_SESSION: "E007001",
  COMMON_INVALID_OPERATION: "E008001",
  COMMON_INVALID_INPUT: "E008002",
  COMMON_MISSING_INPUT: "E008003",
  ATTR_ALREADY_EXISTS: "E009001",
  PASSWORD_RESET_COULD_NOT_ACCESS: "E010001",
} as const;

export type Code = (typeof Code)[keyof typeof Code];

export interface CodeEntry {
  /** Zato's name of the code. */
  name: string;
  /** What it means, for the reference documentation. */
  meaning: string;
}

/** Every code the gateway can report, with Zato's name and its meaning. */
export const CATALOG: Readonly<Record<Code, CodeEntry>> = {
  E001001: { name: "username.invalid", meaning: "The username is missing or empty, or holds a term signup refuses." },
  E001002: { name: "username.exists", meaning: "Another user already has this username." },
  E001003: { name: "username.too_long", meaning: "The username is longer than signup allows." },
  E001004: { name: "username.has_whitespace", meaning: "The username contains whitespace." },
  E002001: { name: "email.invalid", meaning: "The email holds a term signup refuses." },
  E002002: { name: "email.exists", meaning: "Another user already has this email." },
  E002003: { name: "email.too_long", meaning: "The email is longer than signup allows." },
  E002004: { name: "email.has_whitespace", meaning: "The email contains whitespace." },
  E002005: { name: "email.missing", meaning: "Signup requires an email and none was given." },
  E003001: {
    name: "password.invalid",
    meaning: "The password contains a refused term (or whitespace where configuration forbids it).",
  },
  E003002: { name: "password.too_short", meaning: "The password is shorter than the policy's minimum." },
  E003003: { name: "password.too_long", meaning: "The password is longer than the policy's maximum." },
  E003004: { name: "password.expired", meaning: "The password has expired." },
  W003005: {
    name: "password.w_about_to_exp",
    meaning: "A warning: the password expires soon. The login succeeded and carries its UST.",
  },
  E003006: {
    name: "password.e_about_to_exp",
    meaning: "The password expires soon and configuration makes that a failure (login shows it as E005001).",
  },
  E003007: { name: "password.must_send_new", meaning: "The password must be changed and the login sent no new one." },
  E003008: { name: "password.not_complex_enough", meaning: "The password's zxcvbn score is below the policy's minimum." },
  E004001: { name: "app_list.invalid", meaning: "The application is unknown, or not one users may log in through." },
  E004002: { name: "app_list.no_signup", meaning: "Users may not sign up through this application." },
  E005001: {
    name: "auth.not_allowed",
    meaning: "The generic refusal: the caller may not do this, or the reason is not disclosed.",
  },
  E005002: { name: "auth.locked", meaning: "The user is locked." },
  E005003: { name: "auth.invalid_signup_status", meaning: "The user has not confirmed the signup, or is not approved." },
  E005006: { name: "auth.no_such_sign_up_token", meaning: "No account has this confirmation token (shown as E005001)." },
  E005007: { name: "auth.sign_up_confirmed", meaning: "The signup was confirmed already (shown as E005001)." },
  E005008: { name: "auth.totp_missing", meaning: "Two-factor login is on for the user and no TOTP code was sent." },
  E006001: {
    name: "metadata.not_allowed",
    meaning: "The application may not send remote_addr or user_agent on login (login shows it as E005001).",
  },
  E007001: {
    name: "session.no_such_session",
    meaning: "The UST is unknown, expired or of a user no longer approved; or a required target session is missing.",
  },
  E008001: { name: "common.invalid_operation", meaning: "The operation cannot be applied to this object." },
  E008002: { name: "common.invalid_input", meaning: "A value breaks a rule or cannot be converted to its field's type." },
  E008003: { name: "common.missing_input", meaning: "Nothing to work on: a field the call needs is missing." },
  E009001: { name: "attr.already_exists", meaning: "The attribute exists already." },
  E010001: {
    name: "password_reset.could_not_access",
    meaning: "The password-reset token or reset key is unknown, expired, or already used.",
  },
};

/** Codes in Zato's catalog that the gateway never reports, and why. */
export const NEVER_REPORTED: Readonly<Record<string, CodeEntry>> = {
  E001100: { name: "user_id.invalid", meaning: "Reserved by Zato; no rule raises it." },
  E005004: { name: "auth.not_approved", meaning: "Zato raises E005003 for users who are not approved; so does the gateway." },
  E005005: {
    name: "auth.super_user_required",
    meaning: "Zato raises E005001 where a super-user is needed; so does the gateway.",
  },
  E007002: { name: "session.expired", meaning: "Expired sessions are not found: E007001." },
  E008004: { name: "common.internal_error", meaning: "Unexpected failures are HTTP 500 (REST) or masked GraphQL errors." },
  E009002: { name: "attr.no_such_attr", meaning: "Updating or deleting a missing attribute does nothing and succeeds." },
};

/**
 * A business failure: Zato's `status` `error` with its `sub_status`. `disclosable` is the mark
 * that decides whether login, logout and search may show the code (docs/rules.md, "Which code a
 * failure reports"); `precheck` marks the `current_app` pre-check, which REST answers with 200.
 */
export class SsoError extends Error {
  override name = "SsoError";
  readonly subStatus: Code[];
  readonly disclosable: boolean;
  readonly precheck: boolean;
  readonly refusal: Refusal | undefined;
  readonly quiet: boolean;
  readonly badRequest: boolean;

  constructor(codes: Code | Code[], options: SsoErrorOptions = {}) {
    const subStatus = Array.isArray(codes) ? codes : [codes];
    super(subStatus.map((c) => `${c} ${CATALOG[c].name}`).join(", "));
    this.subStatus = subStatus;
    this.disclosable = options.disclosable ?? true;
    this.precheck = options.precheck ?? false;
    this.refusal = options.refusal;
    this.quiet = options.quiet ?? false;
    this.badRequest = options.badRequest ?? false;
  }
}

/** A call refused for the load it would add: REST answers with this status and Retry-After. */
export interface Refusal {
  status: 429 | 503;
  /** Seconds. */
  retryAfter: number;
}

export interface SsoErrorOptions {
  disclosable?: boolean;
  precheck?: boolean;
  refusal?: Refusal;
  /** Not audited: a refusal of a flood, which must not fill the audit log. */
  quiet?: boolean;
  /** Answered as a malformed request (REST: HTTP 400; GraphQL: an error with code BAD_REQUEST), not as a business failure. */
  badRequest?: boolean;
}

/** A request Zato answers with HTTP 400 although every parameter is present: a value names nothing that exists. */
export const badRequest = () => new SsoError(Code.COMMON_INVALID_INPUT, { badRequest: true });

/** Raises `code` when `inform` is true, the generic E005001 otherwise (the `inform_if_*` flags). */
export const informed = (inform: boolean, code: Code, options?: { disclosable?: boolean }) =>
  new SsoError(inform ? code : Code.AUTH_NOT_ALLOWED, options);

/** Input that breaks a rule or cannot be converted to its documented type. */
export const invalidInput = () => new SsoError(Code.COMMON_INVALID_INPUT);
