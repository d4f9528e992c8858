import type { Call } from "../context.js";
import { input, optionalId, string } from "../input.js";
import { notify } from "../notifications/send.js";
import { operation } from "../operation.js";
import { resolveCaller } from "../sessions/resolve.js";
import { Code, invalidInput, SsoError } from "../status.js";
import { deleteUser, setLocked } from "./lifecycle.js";
import { findUserByUserId, findUserByUsername, lockUserRow, type UserRecord } from "./record.js";
import { endSessions } from "./update.js";
import { reveal } from "./views.js";

/**
 * Deletes another user with everything that is theirs (behaviour §9.1); super-users only, never
 * oneself. One cascading DELETE: it removes all of it or nothing.
 */
async function deleteOther(call: Call, ust: string | null | undefined, find: () => Promise<UserRecord | undefined>) {
  const { user: caller } = await resolveCaller(call, ust, { superUser: true });
  const target = await find();
  if (!target) throw new SsoError(Code.COMMON_INVALID_OPERATION);
  call.target(target);
  if (target.user_id === caller.user_id) throw new SsoError(Code.COMMON_INVALID_OPERATION);
  await deleteUser(call.sql, target);
  return {};
}

/** REST DELETE /zato/sso/user: `user_id` absent is E008003, unknown or the caller's own is E008001. */
export const deleteUserById = operation({
  name: "user.delete_user_by_id",
  input: input({ ust: string, current_app: string, user_id: optionalId }),
  run: (call, i) =>
    deleteOther(call, i.ust, async () => {
      call.target({ user_id: i.user_id });
      if (i.user_id == null) throw new SsoError(Code.COMMON_MISSING_INPUT);
      return findUserByUserId(call.sql, i.user_id);
    }),
});

/** GraphQL only: the rules of deleteUserById, naming the user by username. */
export const deleteUserByUsername = operation({
  name: "user.delete_user_by_username",
  input: input({ ust: string, current_app: string, username: string }),
  run: (call, i) =>
    deleteOther(call, i.ust, async () => {
      call.target({ username: i.username });
      if (!i.username) throw new SsoError(Code.COMMON_MISSING_INPUT);
      return findUserByUsername(call.sql, i.username);
    }),
});

const lockOperation = (locked: boolean) =>
  operation({
    name: locked ? "user.lock_user" : "user.unlock_user",
    input: input({ ust: string, current_app: string, user_id: optionalId }),
    async run(call, i) {
      const { user: caller } = await resolveCaller(call, i.ust, { superUser: true });
      call.target({ user_id: i.user_id });
      if (!i.user_id) return {};
      await call.services.db.transaction(async (sql) => {
        const target = await lockUserRow(sql, i.user_id as string);
        if (target) await setLocked(sql, target, locked, caller.user_id, call.now);
      });
      return {};
    },
  });

/** Locks a user (behaviour §9.2): sessions stay but fail the user checks until unlocked. Unknown user: no-op. */
export const lockUser = lockOperation(true);

/** Unlocks a user (behaviour §9.2). Unknown user: no-op. */
export const unlockUser = lockOperation(false);

const decisionOperation = (decision: "approved" | "rejected") =>
  operation({
    name: decision === "approved" ? "user.approve_user" : "user.reject_user",
    input: input({ ust: string, current_app: string, user_id: optionalId, reason: string }),
    async run(call, i) {
      const { user: caller } = await resolveCaller(call, i.ust);
      // A shortcut for a super-user update of approval_status, failing like it (behaviour §3.5).
      if (!caller.is_super_user) throw invalidInput();
      call.target({ user_id: i.user_id });
      if (i.reason) call.audit.details.reason = i.reason;
      if (!i.user_id) return {};
      const decided = await call.services.db.transaction(async (sql) => {
        const target = await lockUserRow(sql, i.user_id as string);
        if (!target) return undefined; // an unknown user_id is not an error
        call.target(target);
        if (decision === "rejected" && creationSource(target) === "signup") {
          // A rejected self-service signup is deleted, so that the person can sign up afresh.
          call.audit.details.deleted = true;
          await deleteUser(sql, target);
          return undefined;
        }
        await sql.run(
          "UPDATE sso_user SET approval_status = $2, approval_status_mod_time = $3, approval_status_mod_by = $4 WHERE id = $1",
          [target.id, decision, call.now, caller.user_id],
        );
        if (decision === "rejected") await endSessions(sql, target);
        return target;
      });
      // The welcome message greets a user who becomes approved, not one approved again.
      if (decided && decision === "approved" && decided.approval_status !== "approved") {
        const { keys, log } = call.services;
        await notify(call.services, call.request.cid, "welcome", {
          user_id: decided.user_id,
          username: decided.username,
          email: reveal(keys, log, decided.email, "email"),
          display_name: decided.display_name,
        });
      }
      return {};
    },
  });

/** Approves a user (behaviour §3.5), in any state; super-users only (E008002 otherwise). */
export const approveUser = decisionOperation("approved");

/** Rejects a user (behaviour §3.5): signup accounts are deleted, others kept as `rejected` without sessions. */
export const rejectUser = decisionOperation("rejected");

function creationSource(user: UserRecord): string | undefined {
  try {
    return (JSON.parse(user.creation_ctx) as { source?: string }).source;
  } catch {
    return undefined;
  }
}
