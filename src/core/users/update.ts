import { isUniqueViolation } from "../../db/sql.js";
import { parseTimestamp } from "../../lib/time.js";
import { resolveCaller } from "../caller.js";
import type { Call } from "../context.js";
import { sessionEvent } from "../events/bus.js";
import { boolean, type Decoded, input, optionalId, string, ust } from "../input.js";
import { operation } from "../operation.js";
import { isPasswordExpired } from "../passwords/expiry.js";
import { Code, invalidInput, SsoError } from "../status.js";
import { approvalEndedSessions, becomesApproved, recordApproval, welcome } from "./approval.js";
import { checkLengths, storedEmail, storedTotpLabel } from "./fields.js";
import { announceLock, lockChanges } from "./lock.js";
import { findUserByUserId, isUsernameTaken, lockUserByUserId, type UserChanges, updateUser } from "./store.js";
import { APPROVAL_STATUSES, type ApprovalStatus, SIGN_UP_STATUSES, type SignUpStatus } from "./user.js";

const REGULAR_FIELDS = [
  "username",
  "email",
  "display_name",
  "first_name",
  "middle_name",
  "last_name",
  "is_totp_enabled",
  "totp_label",
] as const;
const SUPER_USER_FIELDS = ["is_locked", "password_expiry", "password_must_change", "sign_up_status", "approval_status"] as const;
const NULLABLE = new Set(["email", "display_name", "first_name", "middle_name", "last_name", "totp_label"]);
/** On REST a null for these means "not given". */
const NULL_IS_ABSENT = new Set(["is_locked", "password_must_change", "is_totp_enabled", "password_expiry"]);

const fields = {
  ust,
  current_app: string,
  username: string,
  email: string,
  display_name: string,
  first_name: string,
  middle_name: string,
  last_name: string,
  is_totp_enabled: boolean,
  totp_label: string,
  is_locked: boolean,
  password_expiry: string,
  password_must_change: boolean,
  sign_up_status: string,
  approval_status: string,
};
const byIdFields = { ...fields, user_id: optionalId };
type UpdateInput = Decoded<typeof byIdFields>;

/**
 * Updates a user (docs/rules.md, "Updating users"): the checks in their order, then one
 * transaction writing the fields, the search copies of changed names, the email hash, and the
 * end of every session when approval_status leaves `approved`. The core refuses fields it does
 * not know (E008002).
 */
async function update(call: Call, i: UpdateInput): Promise<Record<string, never>> {
  const given = [...REGULAR_FIELDS, ...SUPER_USER_FIELDS].filter(
    (field) => i[field] !== undefined && !(i[field] === null && NULL_IS_ABSENT.has(field)),
  );
  if (given.length === 0) throw new SsoError(Code.COMMON_MISSING_INPUT);
  const { user: caller } = await resolveCaller(call);
  const targetId = i.user_id ?? caller.user_id;
  if (!caller.is_super_user) {
    if (targetId !== caller.user_id) throw invalidInput();
    if (given.some((field) => (SUPER_USER_FIELDS as readonly string[]).includes(field))) throw invalidInput();
    // An address allow-list names a person by username: only a super-user may rename a listed
    // user, or the user could rename themselves out of their list.
    if (i.username != null && i.username !== caller.username && call.config.user_address_list.has(caller.username)) {
      throw invalidInput();
    }
  }
  call.target({ user_id: targetId });
  call.audit.details.fields = given;
  const values = Object.fromEntries(given.map((field) => [field, i[field]])) as UpdateInput;

  const expiry = values.password_expiry == null ? undefined : parseTimestamp(values.password_expiry);
  if (values.username && (await isUsernameTaken(call.sql, values.username, targetId))) {
    throw new SsoError(Code.USERNAME_EXISTS, { disclosable: false });
  }
  if (values.sign_up_status != null && !SIGN_UP_STATUSES.includes(values.sign_up_status as SignUpStatus)) throw invalidInput();
  if (expiry === null) throw invalidInput();
  for (const field of given) if (values[field] === null && !NULLABLE.has(field)) throw invalidInput();
  if (values.approval_status != null && !APPROVAL_STATUSES.includes(values.approval_status as ApprovalStatus)) {
    throw invalidInput();
  }
  checkLengths(values);

  const changes = columnChanges(call, values, expiry, caller.user_id);
  let locked: { user_id: string; username: string } | undefined;
  let found = false;
  let welcomed = false;
  try {
    const ended = await call.services.db.transaction(async (sql) => {
      const target = await lockUserByUserId(sql, targetId);
      if (!target) return 0; // an unknown user_id from a super-user changes nothing
      found = true;
      if (values.is_locked === true) locked = { user_id: target.user_id, username: changes.username ?? target.username };
      const status = values.approval_status as ApprovalStatus | null | undefined;
      if (status != null) {
        welcomed = becomesApproved(target, status);
        return recordApproval(sql, target, { status, by: caller.user_id, now: call.now }, changes);
      }
      await updateUser(sql, target, changes);
      return 0;
    });
    // Announced once the change is made: a failed update locks nobody.
    if (locked) announceLock(call, locked);
    else if (found && refusesSessions(values, expiry, call.now)) {
      sessionEvent(call, "ended", { user_id: targetId, session_id: null }, "refused");
    }
    approvalEndedSessions(call, { user_id: targetId }, ended);
    // As the approve call does: the user as updated (a new email included) is welcomed.
    const approved = welcomed ? await findUserByUserId(call.sql, targetId) : undefined;
    if (approved) await welcome(call, approved);
  } catch (e) {
    // A concurrent update took the username between our check and our write.
    if (isUniqueViolation(e, "sso_user_username_key")) throw new SsoError(Code.USERNAME_EXISTS, { disclosable: false });
    throw e;
  }
  return {};
}

/** Whether the change makes the user fail the user checks, and so every session of theirs unusable (an expired password, an unconfirmed signup). */
const refusesSessions = (values: UpdateInput, expiry: string | undefined, now: Date) =>
  (expiry !== undefined && isPasswordExpired({ password_expiry: expiry }, now)) ||
  (values.sign_up_status != null && values.sign_up_status !== "final");

/** The columns an update writes, approval aside. */
function columnChanges(call: Call, values: UpdateInput, expiry: string | undefined, actorUserId: string): UserChanges {
  const { keys, config } = call.services;
  const changes: UserChanges = {};
  if (values.username) changes.username = values.username;
  if (values.email !== undefined) Object.assign(changes, storedEmail(config, keys, values.email));
  for (const name of ["display_name", "first_name", "middle_name", "last_name"] as const) {
    if (values[name] !== undefined) changes[name] = values[name];
  }
  if (values.is_totp_enabled != null) changes.is_totp_enabled = values.is_totp_enabled;
  if (values.totp_label !== undefined) changes.totp_label = storedTotpLabel(keys, values.totp_label);
  if (values.is_locked != null) Object.assign(changes, lockChanges(values.is_locked, actorUserId, call.now));
  if (expiry !== undefined) changes.password_expiry = expiry;
  if (values.password_must_change != null) changes.password_must_change = values.password_must_change;
  if (values.sign_up_status != null) changes.sign_up_status = values.sign_up_status as SignUpStatus;
  return changes;
}

const UPDATE_CODES = {
  E008003: "no field to update",
  E008002:
    "a regular user naming another user or a super-user field, or renaming themselves while [user_address_list] names them; a value of the wrong type, too long or null where not allowed; a bad status or timestamp",
  E001002: "the username is taken",
} as const;

/** Updates the caller's own account. */
export const updateCurrentUser = operation({
  name: "user.update_current_user",
  kind: "mutation",
  codes: UPDATE_CODES,
  input: input(fields, { strict: true, required: ["ust", "current_app"] }),
  run: update,
});

/** Updates any account (super-users; regular users only their own, regular fields only). */
export const updateUserById = operation({
  name: "user.update_user_by_id",
  kind: "mutation",
  codes: UPDATE_CODES,
  input: input(byIdFields, { strict: true, required: ["ust", "current_app", "user_id"] }),
  run: update,
});
