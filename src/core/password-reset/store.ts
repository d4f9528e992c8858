import { insertStatement, type Sql, statement } from "../../db/sql.js";
import { sha256Hex } from "../../lib/crypto.js";
import { toUser, USER_COLUMNS } from "../users/store.js";
import type { User } from "../users/user.js";

// Every statement on sso_password_reset. Tokens and reset keys are stored as SHA-256 hashes only.

/** Where a step of a token's life happened: the request's addresses, user agent and application. */
export interface ResetContext {
  remote_addr: readonly string[];
  user_agent: string | null;
  current_app: string | null;
}

const INSERT = insertStatement("sso_password_reset", [
  "user_id",
  "token_hash",
  "type_",
  "creation_time",
  "expiration_time",
  "creation_ctx",
  "has_been_accessed",
  "is_password_reset",
]);

/** Stores a new token (by its hash) for a user. */
export async function insertResetToken(
  sql: Sql,
  row: { user: Pick<User, "id">; token: string; now: Date; expiration: Date; context: ResetContext },
): Promise<void> {
  await sql.run(
    INSERT.text,
    INSERT.values({
      user_id: row.user.id,
      token_hash: sha256Hex(row.token),
      type_: "prt",
      creation_time: row.now,
      expiration_time: row.expiration,
      creation_ctx: JSON.stringify(row.context),
      has_been_accessed: false,
      is_password_reset: false,
    }),
  );
}

/** A token found for a step, with its user, locked until the transaction of `sql` ends. */
export interface FoundToken {
  id: string;
  user: User;
}

type Row = User & { prt_id: string };
const found = (row: Row | undefined): FoundToken | undefined => {
  if (!row) return undefined;
  const { prt_id, ...user } = row;
  return { id: prt_id, user: toUser(user as User) };
};

// Live: unexpired, never used; for access also never accessed, for the change accessed with this
// key, itself unexpired. Anything else is the same "no such token" to the caller.
const ACCESSIBLE = statement(
  `SELECT p.id::text AS prt_id, ${USER_COLUMNS}
     FROM sso_password_reset p JOIN sso_user u ON u.id = p.user_id
    WHERE p.token_hash = $1 AND p.type_ = 'prt' AND p.expiration_time > $2
      AND NOT p.has_been_accessed AND NOT p.is_password_reset
      FOR UPDATE OF p`,
);
const CHANGEABLE = statement(
  `SELECT p.id::text AS prt_id, ${USER_COLUMNS}
     FROM sso_password_reset p JOIN sso_user u ON u.id = p.user_id
    WHERE p.token_hash = $1 AND p.type_ = 'prt' AND p.reset_key_hash = $3 AND p.expiration_time > $2
      AND p.has_been_accessed AND NOT p.is_password_reset AND p.reset_key_exp_time > $2
      FOR UPDATE OF p, u`,
);

/** A token that may be accessed now, locked. */
export async function lockAccessibleToken(sql: Sql, token: string, now: Date): Promise<FoundToken | undefined> {
  return found(await sql.one<Row>(ACCESSIBLE, [sha256Hex(token), now]));
}

/** A token accessed with this reset key, both still valid and unused, locked with its user. */
export async function lockChangeableToken(sql: Sql, token: string, resetKey: string, now: Date): Promise<FoundToken | undefined> {
  return found(await sql.one<Row>(CHANGEABLE, [sha256Hex(token), now, sha256Hex(resetKey)]));
}

const ACCESS = statement(
  `UPDATE sso_password_reset
      SET has_been_accessed = true, access_time = $2, access_ctx = $3, reset_key_hash = $4,
          reset_key_exp_time = least(expiration_time, $5::timestamp)
    WHERE id = $1`,
);

/** Marks a token accessed, with the hash of its reset key, valid until `keyExpiration` at most. */
export async function markAccessed(
  sql: Sql,
  token: Pick<FoundToken, "id">,
  change: { now: Date; context: ResetContext; resetKey: string; keyExpiration: Date },
): Promise<void> {
  await sql.run(ACCESS, [token.id, change.now, JSON.stringify(change.context), sha256Hex(change.resetKey), change.keyExpiration]);
}

const USE = statement(
  "UPDATE sso_password_reset SET is_password_reset = true, password_reset_time = $2, password_reset_ctx = $3 WHERE id = $1",
);

/** Marks a token used: it can never serve again. */
export async function markUsed(sql: Sql, token: Pick<FoundToken, "id">, now: Date, context: ResetContext): Promise<void> {
  await sql.run(USE, [token.id, now, JSON.stringify(context)]);
}

const DELETE_EXPIRED = statement("DELETE FROM sso_password_reset WHERE expiration_time <= $1");

/** Deletes password-reset tokens expired at `now`; returns how many. */
export const deleteExpiredResetTokens = (sql: Sql, now: Date): Promise<number> => sql.run(DELETE_EXPIRED, [now]);
