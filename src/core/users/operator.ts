import type { Sql } from "../../db/sql.js";
import { newGeneratedPassword } from "../../lib/ids.js";
import { formatTimestamp, timestampMs } from "../../lib/time.js";
import type { Call } from "../context.js";
import { boolean as booleanInput, type Codec, INVALID, input, integer, string } from "../input.js";
import { operation } from "../operation.js";
import { requireOperator } from "../operator.js";
import { checkPasswordPolicy } from "../passwords/policy.js";
import { sessionExpiration } from "../sessions/expiry.js";
import { insertSession, ustHash } from "../sessions/store.js";
import { Code, invalidInput, SsoError } from "../status.js";
import { isValidTotpKey } from "../totp/totp.js";
import { checkLengths, insertUser, isUsernameTaken, validateNewUser } from "./create.js";
import { deleteUser, resetTotpKey, setLocked } from "./lifecycle.js";
import { setPassword } from "./password.js";
import { findUserByUsername, lockUserRow, toUserRecord, USER_COLUMNS, type UserRecord } from "./record.js";
import { reveal, userView } from "./views.js";

/** The operator names a user (or a credential) that does not exist. */
export const NO_SUCH_USER: Code = Code.COMMON_INVALID_OPERATION;
/** A value the operator must supply (a password) could not be asked for. */
export const MISSING_INPUT: Code = Code.COMMON_MISSING_INPUT;

/** A question put to the operator at the terminal, only when the operation gets to need the answer. */
export type Ask<T> = () => Promise<T>;

/** Input codec of an `Ask`: only the CLI passes one, and operator operations are never routed elsewhere. */
export const ask = <T>(): Codec<Ask<T>> => ({
  kind: "object",
  decode: (v) => (v === undefined || v === null || typeof v === "function" ? (v as Ask<T> | null | undefined) : INVALID),
});

/** The password given, else the one the operator types (`ask` answers null when it cannot ask): E008003 without either. */
export async function operatorPassword(given: string | null | undefined, askFor: Ask<string | null> | null | undefined) {
  const password = given ?? (askFor ? await askFor() : null);
  if (password == null) throw new SsoError(MISSING_INPUT);
  return password;
}

/**
 * The user of that username, whatever their approval status (cli.md): E008001 when there is
 * none. `lock`: the row stays locked until the transaction of `sql` ends.
 */
async function existingUser(call: Call, username: string | null | undefined, sql: Sql = call.sql, lock = false) {
  call.target({ username });
  const user = !username
    ? undefined
    : lock
      ? await sql.one<UserRecord>(`SELECT ${USER_COLUMNS} FROM sso_user u WHERE u.username = $1 FOR UPDATE`, [username])
      : await findUserByUsername(sql, username);
  if (!user) throw new SsoError(NO_SUCH_USER);
  call.target(user);
  return toUserRecord(user);
}

const createByOperator = (superUser: boolean) =>
  operation({
    name: superUser ? "user.create_super_user" : "user.create_user",
    input: input({
      username: string,
      password: string,
      ask_password: ask<string | null>(),
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
      const { user } = await insertUser(
        call,
        { ...fields, username, password },
        { source: "cli", isSuperUser: superUser, approvalStatus: "approved", approvalStatusModBy: "auto" },
      );
      call.target(user);
      return userView(user, true, call.services.keys, call.services.log);
    },
  });

/**
 * The CLI's create-user (cli.md): approved, confirmed, never a super-user. A taken username
 * (E001002) and values too long (E008002) are reported before the password is asked for;
 * then the checks of behaviour §2.2.
 */
export const operatorCreateUser = createByOperator(false);

/** The CLI's create-super-user: the only way to create a super-user; otherwise as operatorCreateUser. */
export const operatorCreateSuperUser = createByOperator(true);

/**
 * Deletes a user by username with everything of theirs (behaviour §9.1), after `confirm` says yes
 * (absent: no question). No super-user or "not yourself" rule applies. Unknown user: E008001.
 */
export const operatorDeleteUser = operation({
  name: "user.delete_user_by_username",
  input: input({ username: string, confirm: ask<boolean>() }),
  async run(call, i) {
    requireOperator(call);
    const user = await existingUser(call, i.username);
    if (i.confirm && !(await i.confirm())) {
      call.audit.details.declined = true;
      return { deleted: false };
    }
    await deleteUser(call.sql, user);
    return { deleted: true };
  },
});

const lockByOperator = (locked: boolean) =>
  operation({
    name: locked ? "user.lock_user" : "user.unlock_user",
    input: input({ username: string }),
    async run(call, i) {
      const operator = requireOperator(call);
      await call.services.db.transaction(async (sql) => {
        const user = await existingUser(call, i.username, sql, true);
        await setLocked(sql, user, locked, operator, call.now);
      });
      return {};
    },
  });

/** Locks an account (behaviour §9.2) with locked_by `<os-user>@<host>`; sessions stay. Unknown user: E008001. */
export const operatorLockUser = lockByOperator(true);

/** Unlocks an account (behaviour §9.2) with locked_by `<os-user>@<host>`. Unknown user: E008001. */
export const operatorUnlockUser = lockByOperator(false);

/**
 * The CLI's login (cli.md): a session for an approved user without password, TOTP or any other
 * check; lifetime as behaviour §5.1. An unknown or unapproved user: E008001.
 */
export const operatorLogin = operation({
  name: "user.login",
  input: input({ username: string }),
  async run(call, i) {
    requireOperator(call);
    const user = await existingUser(call, i.username);
    if (user.approval_status !== "approved") throw new SsoError(NO_SUCH_USER);
    call.currentApp = "zato-cli";
    const expirationTime = await sessionExpiration(call, user.username);
    const created = await insertSession(call.sql, {
      user,
      expirationTime,
      remoteAddr: call.request.remoteAddr,
      userAgent: call.request.userAgent,
      authType: "default",
      now: call.now,
    });
    call.audit.details.session_id = created.session_id;
    return {
      username: user.username,
      user_id: user.user_id,
      ust: created.ust,
      creation_time: formatTimestamp(created.creation_time),
      expiration_time: formatTimestamp(created.expiration_time),
      has_w_about_to_exp: false,
    };
  },
});

/** Deletes the session of a UST, expired or not, with its attributes; always succeeds (cli.md). */
export const operatorLogout = operation({
  name: "user.logout",
  input: input({ ust: string }),
  async run(call, i) {
    requireOperator(call);
    if (!i.ust) return { ended: false };
    const ended = await call.sql.one<{ user_id: string; username: string; session_id: string }>(
      `DELETE FROM sso_session s USING sso_user u WHERE s.ust_hash = $1 AND u.id = s.user_id
       RETURNING u.user_id, u.username, s.session_id`,
      [ustHash(i.ust)],
    );
    if (ended) {
      call.target(ended);
      call.audit.details.session_id = ended.session_id;
    }
    return { ended: Boolean(ended) };
  },
});

const passwordOptions = { username: string, expiry: integer, must_change: booleanInput };

/**
 * Sets a user's password (behaviour §10.3) chosen by the operator: given, else asked for once
 * the user is known. Validated with the policy (E003xxx); `expiry` days (≤ 0 or absent:
 * `[password] expiry`); `must_change` absent leaves password_must_change. Unknown user: E008001.
 */
export const operatorChangePassword = operation({
  name: "user.set_password",
  input: input({ ...passwordOptions, password: string, ask_password: ask<string | null>() }),
  async run(call, i) {
    requireOperator(call);
    const user = await existingUser(call, i.username);
    const password = await operatorPassword(i.password, i.ask_password);
    await checkPasswordPolicy(call.config, password);
    await storeOperatorPassword(call, user, password, i.expiry, i.must_change);
    return {};
  },
});

/** Attempts at a generated password before the policy is taken to refuse every one (its lengths, say). */
const GENERATION_ATTEMPTS = 100;

/**
 * Sets a generated password (behaviour §2.1), regenerated until it passes the policy, with the
 * `expiry` and `must_change` rules of operatorChangePassword; returns it for the operator.
 * A policy no generated password can meet: the last policy code. Unknown user: E008001.
 */
export const operatorResetPassword = operation({
  name: "user.set_password",
  input: input(passwordOptions),
  async run(call, i) {
    requireOperator(call);
    const user = await existingUser(call, i.username);
    call.audit.details.password_generated = true;
    let refusal: unknown;
    for (let attempt = 0; attempt < GENERATION_ATTEMPTS; attempt++) {
      const password = newGeneratedPassword();
      try {
        await checkPasswordPolicy(call.config, password);
      } catch (e) {
        refusal = e;
        continue;
      }
      await storeOperatorPassword(call, user, password, i.expiry, i.must_change);
      return { password };
    }
    throw refusal;
  },
});

async function storeOperatorPassword(
  call: Call,
  user: UserRecord,
  password: string,
  expiryDays: number | null | undefined,
  mustChange: boolean | null | undefined,
) {
  if (mustChange != null) call.audit.details.must_change = mustChange;
  await call.services.db.transaction(async (sql) => {
    const current = await lockUserRow(sql, user.user_id);
    if (!current) throw new SsoError(NO_SUCH_USER);
    await setPassword(sql, call, current, password, { expiryDays, mustChange: mustChange ?? undefined });
  });
}

/**
 * Replaces a user's TOTP key (behaviour §11): `key` when given (it must be base32: E008002),
 * else generated; the label is `key_label` or none; is_totp_enabled is unchanged. Returns the
 * key in force and whether it was generated. Unknown user: E008001.
 */
export const operatorResetTotpKey = operation({
  name: "user.reset_totp_key",
  input: input({ username: string, key: string, key_label: string }),
  async run(call, i) {
    requireOperator(call);
    const user = await existingUser(call, i.username);
    if (i.key && !isValidTotpKey(i.key)) throw invalidInput();
    checkLengths({ totp_label: i.key_label });
    const generated = !i.key;
    call.audit.details.key_generated = generated;
    const key = await resetTotpKey(call.sql, call, user, i.key, i.key_label);
    return { key, generated };
  },
});

const DAY_MS = 86_400_000;

export interface ExpiringPassword {
  username: string;
  email: string | null;
  display_name: string | null;
  password_expiry: string;
  is_password_expired: boolean;
  is_password_about_to_expire: boolean;
}

/**
 * Every user who is not locked and whose password has expired or is about to (now later than
 * password_expiry − `[password] about_to_expire_threshold` days), ordered by username (cli.md).
 */
export const operatorListExpiringPasswords = operation({
  name: "user.search",
  input: input({}),
  async run(call) {
    requireOperator(call);
    call.audit.details.filter = "password_about_to_expire";
    const { keys, log } = call.services;
    const horizon = new Date(call.now.getTime() + call.config.password.about_to_expire_threshold * DAY_MS);
    const rows = await call.sql.rows<UserRecord>(
      `SELECT ${USER_COLUMNS} FROM sso_user u WHERE NOT u.is_locked AND u.password_expiry < $1 ORDER BY u.username COLLATE "C"`,
      [horizon],
    );
    call.audit.details.count = rows.length;
    const now = call.now.getTime();
    return rows.map(toUserRecord).map(
      (user): ExpiringPassword => ({
        username: user.username,
        email: reveal(keys, log, user.email, "email"),
        display_name: user.display_name,
        password_expiry: user.password_expiry,
        is_password_expired: timestampMs(user.password_expiry) < now,
        is_password_about_to_expire: timestampMs(user.password_expiry) > now,
      }),
    );
  },
});
