/** Zato's status codes (status-codes.md), with the name Zato gives each. */
export const CODES = {
  E001001: "username.invalid",
  E001002: "username.exists",
  E001003: "username.too_long",
  E001004: "username.has_whitespace",
  E002001: "email.invalid",
  E002002: "email.exists",
  E002003: "email.too_long",
  E002004: "email.has_whitespace",
  E002005: "email.missing",
  E003001: "password.invalid",
  E003002: "password.too_short",
  E003003: "password.too_long",
  E003004: "password.expired",
  W003005: "password.w_about_to_exp",
  E003006: "password.e_about_to_exp",
  E003007: "password.must_send_new",
  E003008: "password.not_complex_enough",
  E004001: "app_list.invalid",
  E004002: "app_list.no_signup",
  E005001: "auth.not_allowed",
  E005002: "auth.locked",
  E005003: "auth.invalid_signup_status",
  E005006: "auth.no_such_sign_up_token",
  E005007: "auth.sign_up_confirmed",
  E005008: "auth.totp_missing",
  E006001: "metadata.not_allowed",
  E007001: "session.no_such_session",
  E008001: "common.invalid_operation",
  E008002: "common.invalid_input",
  E008003: "common.missing_input",
  E009001: "attr.already_exists",
  E010001: "password_reset.could_not_access",
} as const;

export type Code = keyof typeof CODES;

/**
 * A business failure: Zato's `status` `error` with its `sub_status`. `disclosable` is the mark
 * that decides whether login, logout and search may show the code (README, "Which code a
 * failure reports"); `precheck` marks the `current_app` pre-check, which REST answers with 200.
 */
export class SsoError extends Error {
  override name = "SsoError";
  readonly subStatus: Code[];
  readonly disclosable: boolean;
  readonly precheck: boolean;

  constructor(codes: Code | Code[], options: { disclosable?: boolean; precheck?: boolean } = {}) {
    const subStatus = Array.isArray(codes) ? codes : [codes];
    super(subStatus.map((c) => `${c} ${CODES[c]}`).join(", "));
    this.subStatus = subStatus;
    this.disclosable = options.disclosable ?? true;
    this.precheck = options.precheck ?? false;
  }
}

/** Raises `code` when `inform` is true, the generic E005001 otherwise (the `inform_if_*` flags). */
export const informed = (inform: boolean, code: Code, options?: { disclosable?: boolean }) =>
  new SsoError(inform ? code : "E005001", options);

/** Input that breaks a rule or cannot be converted to its documented type. */
export const invalidInput = () => new SsoError("E008002");
