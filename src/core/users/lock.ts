import { resolveCaller } from "../caller.js";
import type { Call } from "../context.js";
import { securityEvent, sessionEvent } from "../events/bus.js";
import { input, optionalId, string, ust } from "../input.js";
import { operation } from "../operation.js";
import { operatorTarget, requireOperator } from "../operator.js";
import { badRequest } from "../status.js";
import { lockUserByUserId, updateUser } from "./store.js";

/** Locking writes who locked or unlocked, and when (docs/rules.md, "Locking users"). */
export const lockChanges = (locked: boolean, by: string, now: Date) => ({ is_locked: locked, locked_time: now, locked_by: by });

/**
 * Every way of locking a user (the lock call, an update with `is_locked`, the CLI) tells the
 * watchers of security events, and ends the subscriptions of the user's sessions.
 */
export function announceLock(call: Pick<Call, "events" | "now">, user: { user_id: string; username: string }): void {
  securityEvent(call, "user_locked", user);
  sessionEvent(call, "ended", { user_id: user.user_id, session_id: null }, "lock");
}

const lockOperation = (locked: boolean) =>
  operation({
    name: locked ? "user.lock_user" : "user.unlock_user",
    kind: "mutation",
    codes: { E005001: "the caller is not a super-user" },
    input: input({ ust, current_app: string, user_id: optionalId }, { required: ["ust", "current_app", "user_id"] }),
    async run(call, i) {
      // An empty user_id is absent (REST has answered 400 already), and it is required.
      if (i.user_id === undefined) throw badRequest();
      const { user: caller } = await resolveCaller(call, { superUser: true });
      call.target({ user_id: i.user_id });
      if (!i.user_id) return {};
      const userId = i.user_id;
      await call.services.db.transaction(async (sql) => {
        const target = await lockUserByUserId(sql, userId);
        if (!target) return;
        await updateUser(sql, target, lockChanges(locked, caller.user_id, call.now));
        if (locked) announceLock(call, target);
      });
      return {};
    },
  });

/** Locks a user: sessions stay but fail the user checks until unlocked. Super-users only; unknown user: no-op. */
export const lockUser = lockOperation(true);

/** Unlocks a user. Super-users only; unknown user: no-op. */
export const unlockUser = lockOperation(false);

const lockByOperator = (locked: boolean) =>
  operation({
    name: locked ? "user.lock_user" : "user.unlock_user",
    kind: "mutation",
    codes: { E008001: "no such user" },
    input: input({ username: string }),
    async run(call, i) {
      const operator = requireOperator(call);
      await call.services.db.transaction(async (sql) => {
        const user = await operatorTarget(call, i.username, { sql, lock: true });
        await updateUser(sql, user, lockChanges(locked, operator, call.now));
        if (locked) announceLock(call, user);
      });
      return {};
    },
  });

/** The CLI's lock-user, by username, with locked_by `<os-user>@<host>`; sessions stay. Unknown user: E008001. */
export const operatorLockUser = lockByOperator(true);

/** The CLI's unlock-user, by username, with locked_by `<os-user>@<host>`. Unknown user: E008001. */
export const operatorUnlockUser = lockByOperator(false);
