import { insertStatement, type Sql, statement, statementSamples } from "../../db/sql.js";
import { fromDatabase } from "../../lib/time.js";
import type { ApprovalStatus, RateLimitSettings, SignUpStatus, User, UserSecrets } from "./user.js";

// Every statement on sso_user. Reads that do not check credentials never select the password
// hash or the TOTP key; those have reads of their own.

/** The columns of User (`u` is sso_user): for statements of other stores that join users too. */
export const USER_COLUMNS = `u.id::text AS id, u.user_id, u.username, u.password_is_set, u.password_must_change, u.password_last_set,
  u.password_expiry, u.email, u.display_name, u.first_name, u.middle_name, u.last_name, u.is_active, u.is_internal,
  u.is_super_user, u.is_locked, u.locked_time, u.locked_by, u.creation_ctx, u.approval_status,
  u.approval_status_mod_time, u.approval_status_mod_by, u.sign_up_status, u.sign_up_time, u.is_totp_enabled,
  u.totp_label`;

const RATE_LIMIT_COLUMNS = "u.is_rate_limit_active, u.rate_limit_type, u.rate_limit_def, u.rate_limit_check_parent_def";

const TIMESTAMPS = ["password_last_set", "password_expiry", "locked_time", "approval_status_mod_time", "sign_up_time"] as const;

/** A row read with USER_COLUMNS (timestamps come as PostgreSQL or JSON text) as a User. */
export function toUser<R extends User>(row: R): R {
  const out = row as unknown as Record<string, unknown>;
  for (const key of TIMESTAMPS) {
    const value = out[key];
    if (typeof value === "string") out[key] = fromDatabase(value);
  }
  return row;
}

/**
 * The copy of a name that search compares against. Upper-cased here, not by PostgreSQL,
 * whose upper() folds only ASCII under the C locale.
 */
export const searchCopy = (name: string | null | undefined): string | null => (name == null ? null : name.toUpperCase());

const one = async (sql: Sql, text: string, values: readonly unknown[]): Promise<User | undefined> => {
  const row = await sql.one<User>(text, values);
  return row && toUser(row);
};

const BY_USER_ID = statement(`SELECT ${USER_COLUMNS} FROM sso_user u WHERE u.user_id = $1`);
const BY_ID = statement(`SELECT ${USER_COLUMNS} FROM sso_user u WHERE u.id = $1`);

/** A user by internal id. */
export const findUserById = (sql: Sql, id: string) => one(sql, BY_ID, [id]);
const BY_USERNAME = statement(`SELECT ${USER_COLUMNS} FROM sso_user u WHERE u.username = $1`);
const LOCK_BY_USER_ID = statement(`SELECT ${USER_COLUMNS} FROM sso_user u WHERE u.user_id = $1 FOR UPDATE`);
const LOCK_BY_USERNAME = statement(`SELECT ${USER_COLUMNS} FROM sso_user u WHERE u.username = $1 FOR UPDATE`);

export const findUserByUserId = (sql: Sql, userId: string) => one(sql, BY_USER_ID, [userId]);
export const findUserByUsername = (sql: Sql, username: string) => one(sql, BY_USERNAME, [username]);

/** The user, its row locked until the transaction of `sql` ends: concurrent changes to one user queue up. */
export const lockUserByUserId = (sql: Sql, userId: string) => one(sql, LOCK_BY_USER_ID, [userId]);
export const lockUserByUsername = (sql: Sql, username: string) => one(sql, LOCK_BY_USERNAME, [username]);

const APPROVED_BY_USERNAME = statement(
  `SELECT ${USER_COLUMNS} FROM sso_user u WHERE u.username = $1 AND u.approval_status = 'approved'`,
);
/** An email's hashes (with the current secret key, then each previous one) as the parameters $1, $2, … */
const hashList = (count: number) => Array.from({ length: count }, (_, i) => `$${i + 1}`).join(", ");
// Emails need not be unique: the oldest approved account with the address is the one meant.
const approvedByEmailHash = (count: number) =>
  `SELECT ${USER_COLUMNS} FROM sso_user u WHERE u.email_hash IN (${hashList(count)}) AND u.approval_status = 'approved' ORDER BY u.id LIMIT 1`;
const emailTaken = (count: number) => `SELECT 1 FROM sso_user WHERE email_hash IN (${hashList(count)}) LIMIT 1`;
statementSamples(() => [1, 2].flatMap((count) => [approvedByEmailHash(count), emailTaken(count)]));

/** An approved user with this username. */
export const findApprovedUserByUsername = (sql: Sql, username: string) => one(sql, APPROVED_BY_USERNAME, [username]);
/** The oldest approved user with this email (by its keyed hashes: Keys.emailHashes). */
export const findApprovedUserByEmailHash = (sql: Sql, emailHashes: readonly string[]) =>
  one(sql, approvedByEmailHash(emailHashes.length), [...emailHashes]);

/** Whether any user has this email (by its keyed hashes: Keys.emailHashes). */
export const isEmailTaken = async (sql: Sql, emailHashes: readonly string[]): Promise<boolean> =>
  (await sql.one(emailTaken(emailHashes.length), [...emailHashes])) !== undefined;

const CONFIRM = statement(
  `UPDATE sso_user u SET sign_up_status = 'final', sign_up_confirm_time = $2
    WHERE u.sign_up_confirm_token_hash = $1 AND u.sign_up_status = 'before_confirmation'
    RETURNING ${USER_COLUMNS}`,
);
const BY_CONFIRM_TOKEN = statement(`SELECT ${USER_COLUMNS} FROM sso_user u WHERE u.sign_up_confirm_token_hash = $1`);

/**
 * Confirms the signup whose confirmation token has this hash, if it awaits confirmation: the
 * user, confirmed; else the user the token names, unchanged, if any.
 */
export async function confirmSignUp(
  sql: Sql,
  tokenHash: string,
  now: Date,
): Promise<{ confirmed: User } | { unchanged: User | undefined }> {
  const confirmed = await one(sql, CONFIRM, [tokenHash, now]);
  return confirmed ? { confirmed } : { unchanged: await one(sql, BY_CONFIRM_TOKEN, [tokenHash]) };
}

/** Which pending signups a listing wants (docs/rules.md, "Pending signups"). */
export type PendingFilter = "to-approve" | "to-confirm" | "any";

const PENDING_WHERE: Record<PendingFilter, string> = {
  "to-approve": "u.approval_status = 'before_decision'",
  "to-confirm": "u.sign_up_status = 'before_confirmation' AND u.approval_status <> 'rejected'",
  any: "(u.approval_status = 'before_decision' OR (u.sign_up_status = 'before_confirmation' AND u.approval_status <> 'rejected'))",
};
const pendingStatement = (filter: PendingFilter) =>
  statement(
    `SELECT ${USER_COLUMNS} FROM sso_user u
      WHERE ${PENDING_WHERE[filter]}
        AND (u.sign_up_time > $1::timestamp OR (u.sign_up_time = $1::timestamp AND u.username COLLATE "C" > $2::text))
      ORDER BY u.sign_up_time, u.username COLLATE "C" LIMIT $3`,
  );
const PENDING = {
  "to-approve": pendingStatement("to-approve"),
  "to-confirm": pendingStatement("to-confirm"),
  any: pendingStatement("any"),
};

/**
 * Users whose account awaits an action, by sign-up time then username, after the position
 * `after` (sign-up time and username of the last one seen), `limit` at most.
 */
export async function listPendingSignups(
  sql: Sql,
  filter: PendingFilter,
  after: { signUpTime: string; username: string } | undefined,
  limit: number,
): Promise<User[]> {
  const rows = await sql.rows<User>(PENDING[filter], [after?.signUpTime ?? "0001-01-01T00:00:00", after?.username ?? "", limit]);
  return rows.map(toUser);
}

const HOLD = statement("SELECT id::text AS id, username FROM sso_user WHERE user_id = $1 FOR KEY SHARE");

/** The user's internal id and username, if it exists; it then cannot be deleted until the transaction of `sql` ends. */
export const holdUserByUserId = (sql: Sql, userId: string): Promise<Pick<User, "id" | "username"> | undefined> =>
  sql.one(HOLD, [userId]);

const WITH_SECRETS = statement(
  `SELECT ${USER_COLUMNS}, u.password, u.totp_key, u.totp_last_step::text FROM sso_user u WHERE u.username = $1`,
);

/** The user of a login, with the secrets its credentials are checked against. */
export async function findUserWithSecrets(sql: Sql, username: string): Promise<{ user: User; secrets: UserSecrets } | undefined> {
  const row = await sql.one<User & UserSecrets>(WITH_SECRETS, [username]);
  if (!row) return undefined;
  const { password, totp_key, totp_last_step, ...user } = row;
  return { user: toUser(user), secrets: { password, totp_key, totp_last_step } };
}

const PASSWORD_HASH = statement("SELECT password FROM sso_user WHERE id = $1");

/** The stored password hash of a user, for the one call that verifies it outside login. */
export async function findPasswordHash(sql: Sql, user: Pick<User, "id">): Promise<string | undefined> {
  return (await sql.one<{ password: string }>(PASSWORD_HASH, [user.id]))?.password;
}

const REHASH = statement("UPDATE sso_user SET password = $3 WHERE id = $1 AND password = $2");

/**
 * Replaces a password's hash with a new hash of the same password (its times stay as they are),
 * unless the hash changed since it was read: a password set meanwhile is kept.
 */
export async function replacePasswordHash(sql: Sql, user: Pick<User, "id">, from: string, to: string): Promise<boolean> {
  return (await sql.run(REHASH, [user.id, from, to])) > 0;
}

const USERNAME_TAKEN = statement("SELECT 1 FROM sso_user WHERE username = $1 AND user_id IS DISTINCT FROM $2");

/** Whether another user (any approval status) has this username; `exceptUserId` is the user being renamed. */
export const isUsernameTaken = async (sql: Sql, username: string, exceptUserId?: string) =>
  Boolean(await sql.one(USERNAME_TAKEN, [username, exceptUserId ?? null]));

/** The columns a new user is given; search copies and fixed values are added here. */
export interface NewUserRow {
  user_id: string;
  username: string;
  /** Hashed, and sealed when configuration says so. */
  password: string;
  password_must_change: boolean;
  password_last_set: Date;
  password_expiry: Date;
  /** As stored: sealed when emails are encrypted. */
  email: string | null;
  email_hash: string | null;
  display_name: string;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  is_super_user: boolean;
  is_locked: boolean;
  creation_ctx: string;
  approval_status: ApprovalStatus;
  approval_status_mod_time: Date;
  approval_status_mod_by: string;
  sign_up_status: string;
  sign_up_time: Date;
  sign_up_confirm_token_hash: string;
  is_totp_enabled: boolean;
  /** Sealed. */
  totp_key: string;
  /** Sealed, or null for none. */
  totp_label: string | null;
  is_rate_limit_active: boolean;
  rate_limit_def: string | null;
}

const INSERT_USER = insertStatement(
  "sso_user AS u",
  [
    "user_id",
    "username",
    "password",
    "password_is_set",
    "password_must_change",
    "password_last_set",
    "password_expiry",
    "email",
    "email_hash",
    "display_name",
    "first_name",
    "middle_name",
    "last_name",
    "display_name_upper",
    "first_name_upper",
    "middle_name_upper",
    "last_name_upper",
    "is_active",
    "is_internal",
    "is_super_user",
    "is_locked",
    "creation_ctx",
    "approval_status",
    "approval_status_mod_time",
    "approval_status_mod_by",
    "sign_up_status",
    "sign_up_time",
    "sign_up_confirm_token_hash",
    "is_totp_enabled",
    "totp_key",
    "totp_label",
    "is_rate_limit_active",
    "rate_limit_type",
    "rate_limit_def",
    "rate_limit_check_parent_def",
  ],
  USER_COLUMNS,
);

/** Inserts a user; a username taken meanwhile raises the unique violation of `sso_user_username_key`. */
export async function insertUser(sql: Sql, row: NewUserRow): Promise<User> {
  const created = await sql.one<User>(
    INSERT_USER.text,
    INSERT_USER.values({
      ...row,
      password_is_set: true,
      display_name_upper: searchCopy(row.display_name),
      first_name_upper: searchCopy(row.first_name),
      middle_name_upper: searchCopy(row.middle_name),
      last_name_upper: searchCopy(row.last_name),
      is_active: true,
      is_internal: false,
      rate_limit_type: "EXACT",
      rate_limit_check_parent_def: false,
    }),
  );
  return toUser(created as User);
}

/** Columns an update may write, in the order its statement lists them. */
export interface UserChanges {
  username?: string;
  /** As stored: sealed when emails are encrypted. */
  email?: string | null;
  email_hash?: string | null;
  display_name?: string | null;
  first_name?: string | null;
  middle_name?: string | null;
  last_name?: string | null;
  is_totp_enabled?: boolean;
  /** Sealed, or null for none. */
  totp_label?: string | null;
  is_locked?: boolean;
  locked_time?: Date;
  locked_by?: string;
  password_expiry?: string;
  password_must_change?: boolean;
  sign_up_status?: SignUpStatus;
  approval_status?: ApprovalStatus;
  approval_status_mod_time?: Date;
  approval_status_mod_by?: string;
}

const CHANGEABLE: readonly (keyof UserChanges)[] = [
  "username",
  "email",
  "email_hash",
  "display_name",
  "first_name",
  "middle_name",
  "last_name",
  "is_totp_enabled",
  "totp_label",
  "is_locked",
  "locked_time",
  "locked_by",
  "password_expiry",
  "password_must_change",
  "sign_up_status",
  "approval_status",
  "approval_status_mod_time",
  "approval_status_mod_by",
];
const NAMES = new Set(["display_name", "first_name", "middle_name", "last_name"]);

function updateStatement(changes: UserChanges): { text: string; values: unknown[] } {
  const assignments: string[] = [];
  const values: unknown[] = [];
  const set = (column: string, value: unknown) => assignments.push(`${column} = $${values.push(value) + 1}`);
  for (const column of CHANGEABLE) {
    if (changes[column] === undefined) continue;
    set(column, changes[column]);
    if (NAMES.has(column)) set(`${column}_upper`, searchCopy(changes[column] as string | null));
  }
  return { text: `UPDATE sso_user SET ${assignments.join(", ")} WHERE id = $1`, values };
}

statementSamples(() => [updateStatement(Object.fromEntries(CHANGEABLE.map((column) => [column, null])) as UserChanges).text]);

/** Writes the given columns (and the search copies of changed names); a username taken meanwhile raises its unique violation. */
export async function updateUser(sql: Sql, user: Pick<User, "id">, changes: UserChanges): Promise<void> {
  const { text, values } = updateStatement(changes);
  if (values.length > 0) await sql.run(text, [user.id, ...values]);
}

const SET_PASSWORD = statement(
  `UPDATE sso_user SET password = $2, password_is_set = true, password_last_set = $3, password_expiry = $4,
     password_must_change = COALESCE($5, password_must_change)
   WHERE id = $1 AND ($6::text IS NULL OR password = $6)`,
);

/**
 * Stores a password hash set at `now`; `mustChange` undefined leaves password_must_change as it
 * is. With `replaces` (the stored value a check verified), only while that is still the stored
 * value: false when a concurrent change came first.
 */
export async function setPasswordHash(
  sql: Sql,
  user: Pick<User, "id">,
  password: { hash: string; now: Date; expiry: Date; mustChange?: boolean; replaces?: string },
): Promise<boolean> {
  const values = [user.id, password.hash, password.now, password.expiry, password.mustChange ?? null, password.replaces ?? null];
  return (await sql.run(SET_PASSWORD, values)) > 0;
}

const SET_TOTP_KEY = statement("UPDATE sso_user SET totp_key = $2, totp_label = $3 WHERE id = $1");

/** Replaces the TOTP key and its label (both sealed; label null for none). */
export async function setTotpKey(sql: Sql, user: Pick<User, "id">, key: string, label: string | null): Promise<void> {
  await sql.run(SET_TOTP_KEY, [user.id, key, label]);
}

const CLAIM_TOTP_STEP = statement(
  "UPDATE sso_user SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
);

/**
 * Records that a TOTP code of `step` was accepted, unless one of this step or a later one was:
 * atomic, so that two logins racing with one code cannot both claim it.
 */
export async function claimTotpStep(sql: Sql, user: Pick<User, "id">, step: number): Promise<boolean> {
  return (await sql.run(CLAIM_TOTP_STEP, [user.id, step])) === 1;
}

const DELETE_USER = statement("DELETE FROM sso_user WHERE id = $1");

/**
 * Deletes a user with everything that belongs to them: sessions and their attributes, user
 * attributes, password-reset tokens and links, by cascade. Audit records stay.
 */
/** Deletes the user (and, by cascade, what is theirs); false when it was gone already. */
export async function deleteUser(sql: Sql, user: Pick<User, "id">): Promise<boolean> {
  return (await sql.run(DELETE_USER, [user.id])) > 0;
}

export type NameColumn = "display_name" | "first_name" | "middle_name" | "last_name";

/** Which users a search wants: one by user_id, one by username, or names, email and statuses together. */
export type UserFilter =
  | { user_id: string }
  | { username: string }
  | {
      /** Compared with the search copies: equal when `exact`, else containing the value. */
      names: { column: NameColumn; value: string; exact: boolean }[];
      nameOp: "and" | "or";
      /** The email's keyed hashes (Keys.emailHashes). */
      emailHashes?: string[];
      sign_up_status?: string;
      approval_status?: string;
    };

const ORDER = "u.display_name ASC NULLS LAST, u.username, u.sign_up_time, u.user_id";
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function filterClause(filter: UserFilter, param: (value: unknown) => string): string {
  const where: string[] = [];
  if ("user_id" in filter) where.push(`u.user_id = ${param(filter.user_id)}`);
  else if ("username" in filter) where.push(`u.username = ${param(filter.username)}`);
  else {
    const names = filter.names.map(({ column, value, exact }) => {
      const wanted = searchCopy(value) as string;
      return exact ? `u.${column}_upper = ${param(wanted)}` : `u.${column}_upper LIKE ${param(`%${escapeLike(wanted)}%`)}`;
    });
    if (names.length > 0) where.push(`(${names.join(` ${filter.nameOp.toUpperCase()} `)})`);
    if (filter.emailHashes) where.push(`u.email_hash IN (${filter.emailHashes.map(param).join(", ")})`);
    if (filter.sign_up_status) where.push(`u.sign_up_status = ${param(filter.sign_up_status)}`);
    if (filter.approval_status) where.push(`u.approval_status = ${param(filter.approval_status)}`);
  }
  return where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
}

function searchStatements(filter: UserFilter) {
  const params: unknown[] = [];
  const filterText = filterClause(filter, (value) => `$${params.push(value)}`);
  const filterParams = [...params];
  const size = `$${params.length + 1}`;
  const offset = `$${params.length + 2}`;
  // Matches are counted and ordered on their sort keys alone; whole rows are read for one page only.
  const page = `WITH matches AS (SELECT u.id, u.display_name, u.username, u.sign_up_time, u.user_id FROM sso_user u ${filterText}),
            page AS (SELECT m.id FROM matches m ORDER BY ${ORDER.replaceAll("u.", "m.")} LIMIT ${size} OFFSET ${offset})
       SELECT ${USER_COLUMNS}, ${RATE_LIMIT_COLUMNS}, (SELECT count(*) FROM matches) AS total
         FROM page JOIN sso_user u ON u.id = page.id
        ORDER BY ${ORDER}`;
  const count = `SELECT count(*) AS n FROM sso_user u ${filterText}`;
  return { page, count, filterParams };
}

statementSamples(() => {
  const every: UserFilter = {
    names: [
      { column: "display_name", value: "a", exact: true },
      { column: "last_name", value: "b", exact: false },
    ],
    nameOp: "or",
    emailHashes: ["h", "g"],
    sign_up_status: "final",
    approval_status: "approved",
  };
  return [every, { user_id: "u" }, { username: "n" }].flatMap((filter) => {
    const { page, count } = searchStatements(filter);
    return [page, count];
  });
});

/** One page of the users a filter matches, in search order, with how many match in all. */
export async function searchUsers(
  sql: Sql,
  filter: UserFilter,
  page: { size: number; offset: number },
): Promise<{ total: number; users: (User & RateLimitSettings)[] }> {
  const { page: text, count, filterParams } = searchStatements(filter);
  const rows = await sql.rows<User & RateLimitSettings & { total: string }>(text, [...filterParams, page.size, page.offset]);
  // A page past the end has no rows to carry the total: count separately.
  const total = rows[0] ? Number(rows[0].total) : Number((await sql.one<{ n: string }>(count, filterParams))?.n);
  return { total, users: rows.map(({ total: _, ...user }) => toUser(user)) };
}

const EXPIRING = statement(
  `SELECT ${USER_COLUMNS} FROM sso_user u WHERE NOT u.is_locked AND u.password_expiry < $1 ORDER BY u.username COLLATE "C"`,
);

/** Users not locked whose password expires before `horizon`, ordered by username. */
export async function listUsersWithPasswordExpiringBefore(sql: Sql, horizon: Date): Promise<User[]> {
  return (await sql.rows<User>(EXPIRING, [horizon])).map(toUser);
}
