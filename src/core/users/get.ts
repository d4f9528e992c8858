import { resolveCaller } from "../caller.js";
import { input, optionalId, string, ust } from "../input.js";
import { operation } from "../operation.js";
import { badRequest, Code, SsoError } from "../status.js";
import { findUserByUserId } from "./store.js";
import { userView } from "./views.js";

/** The caller's own account, in the view their super-user status allows (docs/rules.md, "Reading users"). */
export const getCurrentUser = operation({
  name: "user.get_current_user",
  kind: "query",
  input: input({ ust, current_app: string }, { required: ["ust", "current_app"] }),
  async run(call) {
    const { user } = await resolveCaller(call);
    call.target(user);
    return userView(user, user.is_super_user, call.services.keys, call.services.log);
  },
});

/** Any account, for super-users only; an unknown user_id is E005001. */
export const getUserById = operation({
  name: "user.get_user_by_id",
  kind: "query",
  codes: { E005001: "the caller is not a super-user, or no user has this user_id" },
  input: input({ ust, current_app: string, user_id: optionalId }, { required: ["ust", "current_app", "user_id"] }),
  async run(call, i) {
    // An empty user_id is absent (REST takes the call for the current user's), and it is required.
    if (i.user_id === undefined) throw badRequest();
    await resolveCaller(call, { superUser: true });
    call.target({ user_id: i.user_id });
    const user = i.user_id ? await findUserByUserId(call.sql, i.user_id) : undefined;
    if (!user) throw new SsoError(Code.AUTH_NOT_ALLOWED);
    call.target(user);
    return userView(user, true, call.services.keys, call.services.log);
  },
});
