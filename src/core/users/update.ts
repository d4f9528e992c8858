import type { Sql } from "../../db/sql.js";
import { isUniqueViolation } from "../../db/sql.js";
import { parseTimestamp } from "../../lib/time.js";
import type { Call } from "../context.js";
import { boolean, type Decoded, input, optionalId, string } from "../input.js";
import { operation } from "../operation.js";
import { resolveCaller } from "../sessions/resolve.js";
import { Code, invalidInput, SsoError } from "../status.js";
import { checkLengths, isUsernameTaken, searchCopy } from "./create.js";
import {
  APPROVAL_STATUSES,
  type ApprovalStatus,
  lockUserRow,
  SIGN_UP_STATUSES,
  type SignUpStatus,
  type UserRecord,
} from "./record.js";

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
/** On REST a null for these means "not given" (behaviour §8.2, step 8). */
const NULL_IS_ABSENT = new Set(["is_locked", "password_must_change", "is_totp_enabled", "password_expiry"]);

const updateShape = {
  ust: string,
  current_app: string,
  user_id: optionalId,
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
type UpdateInput = Decoded<typeof updateShape>;

/**
 * Updates a user (behaviour §8): the checks of §8.2 in order, then one transaction writing the
 * fields, the search copies of changed names, the email hash, and the end of every session
 * when approval_status leaves `approved`. The core refuses fields it does not know (E008002).
 */
async function updateUser(call: Call, i: UpdateInput): Promise<Record<string, never>> {
  const given = [...REGULAR_FIELDS, ...SUPER_USER_FIELDS].filter(
    (field) => i[field] !== undefined && !(i[field] === null && NULL_IS_ABSENT.has(field)),
  );
  if (given.length === 0) throw new SsoError(Code.COMMON_MISSING_INPUT);
  const { user: caller } = await resolveCaller(call, i.ust);
  const targetId = i.user_id ?? caller.user_id;
  if (!caller.is_super_user) {
    if (targetId !== caller.user_id) throw invalidInput();
    if (given.some((field) => (SUPER_USER_FIELDS as readonly string[]).includes(field))) throw invalidInput();
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

  try {
    await call.services.db.transaction(async (sql) => {
      const target = await lockUserRow(sql, targetId);
      if (!target) return; // an unknown user_id from a super-user changes nothing
      await writeUpdate(sql, call, target, values, expiry, caller.user_id);
    });
  } catch (e) {
    // A concurrent update took the username between our check and our write.
    if (isUniqueViolation(e, "sso_user_username_key")) throw new SsoError(Code.USERNAME_EXISTS, { disclosable: false });
    throw e;
  }
  return {};
}

async function writeUpdate(
  sql: Sql,
  call: Call,
  target: UserRecord,
  values: UpdateInput,
  expiry: string | undefined,
  actorUserId: string,
) {
  const { keys, config } = call.services;
  const assignments: string[] = [];
  const params: unknown[] = [target.id];
  const set = (column: string, value: unknown) => {
    params.push(value);
    assignments.push(`${column} = $${params.length}`);
  };
  if (values.username) set("username", values.username);
  if (values.email !== undefined) {
    const email = values.email;
    set("email", email === null ? null : config.main.encrypt_email ? keys.seal(email) : email);
    set("email_hash", email ? keys.emailHash(email) : null);
  }
  for (const name of ["display_name", "first_name", "middle_name", "last_name"] as const) {
    if (values[name] === undefined) continue;
    set(name, values[name]);
    set(`${name}_upper`, searchCopy(values[name]));
  }
  if (values.is_totp_enabled != null) set("is_totp_enabled", values.is_totp_enabled);
  if (values.totp_label !== undefined) set("totp_label", values.totp_label ? keys.seal(values.totp_label) : null);
  if (values.is_locked != null) {
    set("is_locked", values.is_locked);
    set("locked_time", call.now);
    set("locked_by", actorUserId);
  }
  if (expiry !== undefined) set("password_expiry", expiry);
  if (values.password_must_change != null) set("password_must_change", values.password_must_change);
  if (values.sign_up_status != null) set("sign_up_status", values.sign_up_status);
  if (values.approval_status != null) {
    set("approval_status", values.approval_status);
    set("approval_status_mod_time", call.now);
    set("approval_status_mod_by", actorUserId);
  }
  if (assignments.length > 0) await sql.run(`UPDATE sso_user SET ${assignments.join(", ")} WHERE id = $1`, params);
  if (values.approval_status != null && values.approval_status !== "approved") await endSessions(sql, target);
}

/**
 * Sessions exist only for approved users: a user leaving `approved` loses them all, with their
 * attributes, so that re-approval does not revive them (behaviour §3.2).
 */
export async function endSessions(sql: Sql, user: Pick<UserRecord, "id">): Promise<number> {
  return sql.run("DELETE FROM sso_session WHERE user_id = $1", [user.id]);
}

/** Updates the caller's own account (behaviour §8). */
export const updateCurrentUser = operation({
  name: "user.update_current_user",
  input: input(updateShape, { strict: true }),
  run: updateUser,
});

/** Updates any account (super-users; regular users only their own, regular fields only). */
export const updateUserById = operation({
  name: "user.update_user_by_id",
  input: input(updateShape, { strict: true }),
  run: updateUser,
});
