import { resolveCaller } from "../caller.js";
import type { Call } from "../context.js";
import { securityEvent, sessionEvent } from "../events/bus.js";
import { callback, input, optionalId, string, ust } from "../input.js";
import { operation } from "../operation.js";
import { operatorDeclines, operatorTarget, requireOperator } from "../operator.js";
import { Code, SsoError } from "../status.js";
import { deleteUser, findUserByUserId, findUserByUsername } from "./store.js";
import type { User } from "./user.js";

/**
 * Deletes another user with everything that is theirs (docs/rules.md, "Deleting users");
 * super-users only, never oneself. One cascading DELETE: it removes all of it or nothing.
 */
async function deleteOther(call: Call, find: () => Promise<User | undefined>) {
  const { user: caller } = await resolveCaller(call, { superUser: true });
  const target = await find();
  if (!target) throw new SsoError(Code.COMMON_INVALID_OPERATION);
  call.target(target);
  if (target.user_id === caller.user_id) throw new SsoError(Code.COMMON_INVALID_OPERATION);
  // Of concurrent deletions of one user, one deletes it; for the others it is gone, as if unknown.
  await deleteAndAnnounce(call, target);
  return {};
}

/** Deletes the user and, once that commits, tells subscribers: their sessions ended, watchers hear it. */
async function deleteAndAnnounce(call: Call, user: User) {
  if (!(await deleteUser(call.sql, user))) throw new SsoError(Code.COMMON_INVALID_OPERATION);
  securityEvent(call, "user_deleted", user);
  sessionEvent(call, "ended", { user_id: user.user_id, session_id: null }, "deletion");
}

/** Deletes a user by user_id: absent is E008003, unknown or the caller's own is E008001. */
export const deleteUserById = operation({
  name: "user.delete_user_by_id",
  kind: "mutation",
  codes: {
    E005001: "the caller is not a super-user",
    E008003: "no user_id",
    E008001: "no user has this user_id, or it is the caller's own",
  },
  input: input({ ust, current_app: string, user_id: optionalId }, { required: ["ust", "current_app"] }),
  run: (call, i) =>
    deleteOther(call, async () => {
      call.target({ user_id: i.user_id });
      if (i.user_id == null) throw new SsoError(Code.COMMON_MISSING_INPUT);
      return findUserByUserId(call.sql, i.user_id);
    }),
});

/** The rules of deleteUserById, naming the user by username (GraphQL only). */
export const deleteUserByUsername = operation({
  name: "user.delete_user_by_username",
  kind: "mutation",
  codes: {
    E005001: "the caller is not a super-user",
    E008003: "no username",
    E008001: "no user has this username, or it is the caller's own",
  },
  input: input({ ust, current_app: string, username: string }, { required: ["ust", "current_app"] }),
  run: (call, i) =>
    deleteOther(call, async () => {
      call.target({ username: i.username });
      if (!i.username) throw new SsoError(Code.COMMON_MISSING_INPUT);
      return findUserByUsername(call.sql, i.username);
    }),
});

/**
 * The CLI's delete-user: by username, with everything of theirs, after `confirm` says yes
 * (absent: no question). No super-user or "not yourself" rule applies. Unknown user: E008001.
 */
export const operatorDeleteUser = operation({
  name: "user.delete_user_by_username",
  kind: "mutation",
  codes: { E008001: "no such user" },
  input: input({ username: string, confirm: callback<boolean>() }),
  async run(call, i) {
    requireOperator(call);
    const user = await operatorTarget(call, i.username);
    if (await operatorDeclines(call, i.confirm)) return { deleted: false };
    await deleteAndAnnounce(call, user);
    return { deleted: true };
  },
});
