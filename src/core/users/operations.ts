import { boolean, input, optionalId, string } from "../input.js";
import { operation } from "../operation.js";
import { resolveCaller } from "../sessions/resolve.js";
import { Code, SsoError } from "../status.js";
import { insertUser, validateNewUser } from "./create.js";
import { findUserByUserId } from "./record.js";
import { userView } from "./views.js";

/**
 * Creates a regular user for a super-user (behaviour §2.2); returns the full view. Approval
 * follows `auto_approve`, else `[signup] is_approval_needed`.
 */
export const createUser = operation({
  name: "user.create_user",
  input: input({
    ust: string,
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
  }),
  async run(call, { ust, auto_approve, ...fields }) {
    const { user: caller } = await resolveCaller(call, ust, { superUser: true });
    call.target({ username: fields.username });
    call.audit.details.password_given = fields.password != null;
    const username = fields.username ?? "";
    await validateNewUser(call, { ...fields, username });
    const approved = auto_approve || !call.config.signup.is_approval_needed;
    const { user } = await insertUser(
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
    return userView(user, true, call.services.keys, call.services.log);
  },
});

/** The caller's own account, in the view their super-user status allows (behaviour §7.1). */
export const getCurrentUser = operation({
  name: "user.get_current_user",
  input: input({ ust: string, current_app: string }),
  async run(call, i) {
    const { user } = await resolveCaller(call, i.ust);
    call.target(user);
    return userView(user, user.is_super_user, call.services.keys, call.services.log);
  },
});

/** Any account, for super-users only; an unknown user_id is E005001 (behaviour §7.1). */
export const getUserById = operation({
  name: "user.get_user_by_id",
  input: input({ ust: string, current_app: string, user_id: optionalId }),
  async run(call, i) {
    await resolveCaller(call, i.ust, { superUser: true });
    call.target({ user_id: i.user_id });
    const user = i.user_id ? await findUserByUserId(call.sql, i.user_id) : undefined;
    if (!user) throw new SsoError(Code.AUTH_NOT_ALLOWED);
    call.target(user);
    return userView(user, true, call.services.keys, call.services.log);
  },
});
