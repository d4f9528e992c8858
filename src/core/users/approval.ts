import type { Sql } from "../../db/sql.js";
import { resolveCaller } from "../caller.js";
import type { Call, RequestContext } from "../context.js";
import { sessionEvent } from "../events/bus.js";
import { described, input, optionalId, string, ust } from "../input.js";
import { notify, recipientOf } from "../notifications/send.js";
import { execute, operation, UnexpectedFailure } from "../operation.js";
import { operatorTarget, requireOperator } from "../operator.js";
import { endSessionsOfUser } from "../sessions/store.js";
import { badRequest, Code, invalidInput } from "../status.js";
import { deleteUser, lockUserByUserId, type UserChanges, updateUser } from "./store.js";
import { type ApprovalStatus, creationSource, type User } from "./user.js";

/**
 * Writes an approval status with who set it and when (and any other changes given). Sessions
 * exist only for approved users: a user leaving `approved` loses them all, with their
 * attributes, so that re-approval does not revive them (docs/rules.md, "Approval").
 */
export async function recordApproval(
  sql: Sql,
  user: Pick<User, "id">,
  decision: { status: ApprovalStatus; by: string; now: Date },
  changes: UserChanges = {},
): Promise<number> {
  await updateUser(sql, user, {
    ...changes,
    approval_status: decision.status,
    approval_status_mod_time: decision.now,
    approval_status_mod_by: decision.by,
  });
  return decision.status === "approved" ? 0 : endSessionsOfUser(sql, user);
}

/** After the commit: the sessions a user lost by leaving `approved` end for their subscribers too. */
export function approvalEndedSessions(call: Call, user: Pick<User, "user_id">, ended: number): void {
  if (ended > 0) sessionEvent(call, "ended", { user_id: user.user_id, session_id: null }, "rejection");
}

type Decision = "approved" | "rejected";

/**
 * The decision itself, shared by the API and the CLI (docs/rules.md, "Approval"): in one
 * transaction, `lockTarget` finds and locks the user (undefined: nothing to do), a rejected
 * self-service signup is deleted and any other user gets the new status, set `by` someone;
 * then a user who has just become approved is sent the welcome message. Answers whether the
 * user was deleted.
 */
async function decide(
  call: Call,
  decision: Decision,
  by: string,
  lockTarget: (sql: Sql) => Promise<User | undefined>,
): Promise<{ deleted: boolean }> {
  let deleted = false;
  let ended = 0;
  const decided = await call.services.db.transaction(async (sql) => {
    const target = await lockTarget(sql);
    if (!target) return undefined;
    if (decision === "rejected" && creationSource(target) === "signup") {
      // A rejected self-service signup is deleted, so that the person can sign up afresh.
      deleted = true;
      call.audit.details.deleted = true;
      await deleteUser(sql, target);
      return undefined;
    }
    ended = await recordApproval(sql, target, { status: decision, by, now: call.now });
    return target;
  });
  if (decided) approvalEndedSessions(call, decided, ended);
  if (decided && becomesApproved(decided, decision)) await welcome(call, decided);
  return { deleted };
}

/** Whether a decision approves a user not approved before: the welcome message greets them, not one approved again. */
export const becomesApproved = (before: Pick<User, "approval_status">, status: ApprovalStatus): boolean =>
  status === "approved" && before.approval_status !== "approved";

/** Sends the welcome message (when configured and the user has an email). */
export const welcome = (call: Call, user: User): Promise<void> =>
  notify(call.services, call.request.cid, "welcome", recipientOf(call.services, user));

const decisionOperation = (decision: Decision) =>
  operation({
    name: decision === "approved" ? "user.approve_user" : "user.reject_user",
    kind: "mutation",
    codes: { E008002: "the caller is not a super-user" },
    input: input(
      { ust, current_app: string, user_id: optionalId, reason: described(string, "Written to the audit log only.") },
      { required: ["ust", "current_app", "user_id"] },
    ),
    async run(call, i) {
      // An empty user_id is absent (REST has answered 400 already), and it is required.
      if (i.user_id === undefined) throw badRequest();
      const { user: caller } = await resolveCaller(call);
      // A shortcut for a super-user update of approval_status, failing like it.
      if (!caller.is_super_user) throw invalidInput();
      call.target({ user_id: i.user_id });
      if (i.reason) call.audit.details.reason = i.reason;
      if (!i.user_id) return {};
      const userId = i.user_id;
      await decide(call, decision, caller.user_id, async (sql) => {
        const target = await lockUserByUserId(sql, userId);
        if (target) call.target(target); // an unknown user_id is not an error
        return target;
      });
      return {};
    },
  });

/** Approves a user, in any state; super-users only (E008002 otherwise). */
export const approveUser = decisionOperation("approved");

/** Rejects a user: signup accounts are deleted, others kept as `rejected` without sessions. Super-users only (E008002 otherwise). */
export const rejectUser = decisionOperation("rejected");

const decisionByOperator = (decision: Decision) =>
  operation({
    name: decision === "approved" ? "user.approve_user" : "user.reject_user",
    kind: "mutation",
    codes: { E008001: "no such user" },
    input: input({ username: string, reason: described(string, "Written to the audit log only.") }),
    async run(call, i) {
      const operator = requireOperator(call);
      if (i.reason) call.audit.details.reason = i.reason;
      return decide(call, decision, operator, (sql) => operatorTarget(call, i.username, { sql, lock: true }));
    },
  });

/** The CLI's approve-user, by username, with approval_status_mod_by `<os-user>@<host>`. Unknown user: E008001. */
export const operatorApproveUser = decisionByOperator("approved");

/** The CLI's reject-user, by username: signup accounts are deleted (`deleted`), as by rejectUser. Unknown user: E008001. */
export const operatorRejectUser = decisionByOperator("rejected");

/** Most users one bulk decision may name. */
export const MAX_BULK_DECISIONS = 100;

/** What happened to one user of a bulk decision: the single call's status and sub_status. */
export interface BulkDecision {
  user_id: string;
  status: "ok" | "warning" | "error";
  sub_status: string[];
}

/**
 * Approves or rejects each of several users (GraphQL's approveUsers and rejectUsers): every one
 * exactly as the single call, in its own transaction and with its own audit record, one after
 * the other. More than MAX_BULK_DECISIONS users: E008002 for each, and nothing done.
 */
export async function decideEach(
  context: RequestContext,
  decision: Decision,
  params: { ust?: string | null; current_app?: string | null; user_ids: readonly string[]; reason?: string | null },
): Promise<BulkDecision[]> {
  if (params.user_ids.length > MAX_BULK_DECISIONS) {
    return params.user_ids.map((user_id) => ({ user_id, status: "error", sub_status: [Code.COMMON_INVALID_INPUT] }));
  }
  const op = decision === "approved" ? approveUser : rejectUser;
  const answers: BulkDecision[] = [];
  for (const user_id of params.user_ids) {
    const { user_ids: _, ...rest } = params;
    try {
      const outcome = await execute(context, op, { ...rest, user_id });
      answers.push({ user_id, status: outcome.status, sub_status: outcome.subStatus });
    } catch (e) {
      // Logged and audited by execute; the other users are still decided, and told apart.
      if (!(e instanceof UnexpectedFailure)) throw e;
      answers.push({ user_id, status: "error", sub_status: [] });
    }
  }
  return answers;
}
