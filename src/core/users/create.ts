import { isUniqueViolation } from "../../db/sql.js";
import { sha256Hex } from "../../lib/crypto.js";
import { newConfirmToken, newGeneratedPassword, newTotpKey, newUserId } from "../../lib/ids.js";
import { resolveCaller } from "../caller.js";
import { type Call, operatorOf } from "../context.js";
import { boolean, callback, input, string, ust } from "../input.js";
import { operation } from "../operation.js";
import { operatorPassword, requireOperator } from "../operator.js";
import { passwordExpiry } from "../passwords/expiry.js";
import { checkPasswordPolicy } from "../passwords/policy.js";
import { Code, invalidInput, SsoError } from "../status.js";
import { isValidTotpKey } from "../totp/totp.js";
import { checkLengths, creationNames, storedEmail, storedTotpLabel } from "./fields.js";
import { insertUser, isUsernameTaken } from "./store.js";
import { type ApprovalStatus, SIGN_UP_STATUSES, type SignUpStatus, type User } from "./user.js";
import { userView } from "./views.js";

/** Fields a new user may be given (docs/rules.md, "Creating users"). */
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

/** Creates a validated user; returns it and its signup confirmation token (only signup shows it). */
export async function createValidatedUser(call: Call, fields: NewUser, origin: Origin) {
  const { keys, config } = call.services;
  const names = creationNames(fields);
  const confirmToken = newConfirmToken();
  const creationCtx = pythonJson({
    source: origin.source,
    current_app: operatorOf(call.request) ? "zato-cli" : (call.currentApp ?? null),
    remote_addr: call.request.remoteAddr,
    user_agent: call.request.userAgent,
  });
  const password = await call.services.passwords.hash(fields.password ?? newGeneratedPassword(), call.request.clientAddr);
  try {
    const user = await insertUser(call.sql, {
      user_id: newUserId(),
      username: fields.username,
      password,
      password_must_change: fields.password_must_change ?? false,
      password_last_set: call.now,
      password_expiry: passwordExpiry(call.now, config.password.expiry),
      ...storedEmail(config, keys, fields.email ?? null),
      display_name: names.display,
      first_name: names.first,
      middle_name: names.middle,
      last_name: names.last,
      is_super_user: origin.isSuperUser,
      is_locked: fields.is_locked ?? false,
      creation_ctx: creationCtx,
      approval_status: origin.approvalStatus,
      approval_status_mod_time: call.now,
      approval_status_mod_by: origin.approvalStatusModBy,
      sign_up_status: fields.sign_up_status ?? "final",
      sign_up_time: call.now,
      sign_up_confirm_token_hash: sha256Hex(confirmToken),
      is_totp_enabled: fields.is_totp_enabled ?? false,
      totp_key: keys.seal(fields.totp_key || newTotpKey()),
      totp_label: storedTotpLabel(keys, fields.totp_label),
      is_rate_limit_active: fields.is_rate_limit_active ?? false,
      rate_limit_def: fields.rate_limit_def ?? null,
    });
    return { user, confirmToken };
  } catch (e) {
    // A concurrent call took the username between our check and our insert.
    if (isUniqueViolation(e, "sso_user_username_key")) throw new SsoError(Code.USERNAME_EXISTS, { disclosable: false });
    throw e;
  }
}

const fullView = (call: Call, user: User) => userView(user, true, call.services.keys, call.services.log);

/**
 * Creates a regular user for a super-user (docs/rules.md, "Creating users"); returns the full
 * view. Approval follows `auto_approve`, else `[signup] is_approval_needed`.
 */
export const createUser = operation({
  name: "user.create_user",
  kind: "mutation",
  codes: {
    E005001: "the caller is not a super-user",
    E001001: "no username",
    E001002: "the username is taken",
    E008002: "a bad sign_up_status, a value too long, a TOTP key that is not base32",
    E003008: "the password is not complex enough",
    E003002: "the password is too short",
    E003003: "the password is too long",
    E003001: "the password holds a refused term (or whitespace where refused)",
  },
  input: input(
    {
      ust,
      current_app: string,
      username: string,
      password: string,
      password_must_change: boolean,
      display_name: string,
      first_name: string,
      middle_name: string,
      last_name: string,
      email: string,
      is_locked: boolean,
      sign_up_status: string,
      is_totp_enabled: boolean,
      totp_key: string,
      totp_label: string,
      is_rate_limit_active: boolean,
      rate_limit_def: string,
      auto_approve: boolean,
    },
    { required: ["ust", "current_app"] },
  ),
  async run(call, { ust: _, auto_approve, ...fields }) {
    const { user: caller } = await resolveCaller(call, { superUser: true });
    call.target({ username: fields.username });
    call.audit.details.password_given = fields.password != null;
    const username = fields.username ?? "";
    await validateNewUser(call, { ...fields, username });
    const approved = auto_approve || !call.config.signup.is_approval_needed;
    const { user } = await createValidatedUser(
      call,
      { ...fields, username },
      {
        source: "api",
        isSuperUser: false,
        approvalStatus: approved ? "approved" : "before_decision",
        approvalStatusModBy: caller.user_id,
      },
    );
    call.target(user);
    return fullView(call, user);
  },
});

const createByOperator = (superUser: boolean) =>
  operation({
    name: superUser ? "user.create_super_user" : "user.create_user",
    kind: "mutation",
    codes: {
      E001001: "no username",
      E001002: "the username is taken",
      E008002: "a value too long",
      E008003: "no password given, and none could be asked for",
      E003008: "the password is not complex enough",
      E003002: "the password is too short",
      E003003: "the password is too long",
      E003001: "the password holds a refused term (or whitespace where refused)",
    },
    input: input({
      username: string,
      password: string,
      ask_password: callback<string | null>(),
      email: string,
      display_name: string,
      first_name: string,
      middle_name: string,
      last_name: string,
    }),
    async run(call, { ask_password, ...fields }) {
      requireOperator(call);
      const username = fields.username ?? "";
      call.target({ username });
      if (!username) throw new SsoError(Code.USERNAME_INVALID);
      if (await isUsernameTaken(call.sql, username)) throw new SsoError(Code.USERNAME_EXISTS);
      checkLengths({ ...fields, username });
      call.audit.details.password_given = fields.password != null;
      const password = await operatorPassword(fields.password, ask_password);
      await validateNewUser(call, { ...fields, username, password });
      const { user } = await createValidatedUser(
        call,
        { ...fields, username, password },
        { source: "cli", isSuperUser: superUser, approvalStatus: "approved", approvalStatusModBy: "auto" },
      );
      call.target(user);
      return fullView(call, user);
    },
  });

/**
 * The CLI's create-user: approved, confirmed, never a super-user. A taken username (E001002)
 * and values too long (E008002) are reported before the password is asked for; then the
 * checks of every creation.
 */
export const operatorCreateUser = createByOperator(false);

/** The CLI's create-super-user: the only way to create a super-user; otherwise as operatorCreateUser. */
export const operatorCreateSuperUser = createByOperator(true);
