import { type AtTime, coalesced, earliestOf, liveAt, STATEMENT_SIZES, sizeFor } from "../../db/coalesce.js";
import { type Sql, statement } from "../../db/sql.js";
import { fromDatabase } from "../../lib/time.js";
import type { SessionWithUser } from "../sessions/session.js";
import { type JoinedRow, liveSessionRows, toSessionWithUser, ustHash } from "../sessions/store.js";
import type { StoredAttribute } from "./attribute.js";

// Every statement on sso_attr.

/**
 * Whose attributes: a user's own (session null, scope key ""), or one session's (its user, its
 * internal id, and its public session_id as scope key, which the unique constraint covers).
 */
export interface AttributeScope {
  userId: string;
  sessionId: string | null;
  scopeKey: string;
}

const isSession = (scope: AttributeScope) => scope.sessionId !== null;
const scopeValues = (scope: AttributeScope) => [scope.userId, isSession(scope), scope.scopeKey];

const COLUMNS = "a.id::text AS id, a.name, a.value, a.is_encrypted, a.creation_time, a.last_modified, a.expiration_time";
const IN_SCOPE = "a.user_id = $1 AND a.is_session_attr = $2 AND a.scope_key = $3";
// Byte order of UTF-8 is code point order: names sort the same whatever the database's collation.
const BY_NAME = 'ORDER BY a.name COLLATE "C"';

const LIVE_BY_NAMES = statement(
  `SELECT ${COLUMNS} FROM sso_attr a WHERE ${IN_SCOPE} AND a.name = ANY($4::text[]) AND a.expiration_time > $5`,
);
const LIVE_NAMES = statement(`SELECT a.name FROM sso_attr a WHERE ${IN_SCOPE} AND a.expiration_time > $4 ${BY_NAME}`);
const LOCK_BY_NAMES = statement(`SELECT ${COLUMNS} FROM sso_attr a WHERE ${IN_SCOPE} AND a.name = ANY($4::text[]) FOR UPDATE`);
const INSERT_MANY = statement(
  `INSERT INTO sso_attr (user_id, session_id, is_session_attr, scope_key, name, value, is_encrypted, serial_method,
                         creation_time, last_modified, expiration_time)
   SELECT $1, $4, $2, $3, t.name, t.value, t.is_encrypted, 'json', $5, $5, t.expiration_time
     FROM unnest($6::text[], $7::text[], $8::boolean[], $9::timestamp[]) AS t(name, value, is_encrypted, expiration_time)`,
);
const UPDATE_MANY = statement(
  `UPDATE sso_attr a
      SET value = t.value, is_encrypted = t.is_encrypted, expiration_time = t.expiration_time, last_modified = $1,
          creation_time = CASE WHEN t.recreated THEN $1 ELSE a.creation_time END
     FROM unnest($2::bigint[], $3::text[], $4::boolean[], $5::timestamp[], $6::boolean[])
          AS t(id, value, is_encrypted, expiration_time, recreated)
    WHERE a.id = t.id`,
);
const DELETE_BY_NAMES = statement(`DELETE FROM sso_attr a WHERE ${IN_SCOPE} AND a.name = ANY($4::text[])`);
const DELETE_EXPIRED = statement("DELETE FROM sso_attr WHERE expiration_time <= $1");

// A user's attributes read with the user itself: one statement tells an unknown owner (no row)
// from one without such attributes (one row with null attribute columns).
const USER_ROW = "u.id::text AS owner_id, u.username AS owner_username";
const USER_ATTRS = "a.user_id = u.id AND NOT a.is_session_attr AND a.scope_key = ''";
const OF_USER_BY_NAMES = statement(
  `SELECT ${USER_ROW}, ${COLUMNS} FROM sso_user u
     LEFT JOIN sso_attr a ON ${USER_ATTRS} AND a.name = ANY($2::text[]) AND a.expiration_time > $3
    WHERE u.user_id = $1`,
);
const OF_USER_NAMES = statement(
  `SELECT ${USER_ROW}, a.name FROM sso_user u LEFT JOIN sso_attr a ON ${USER_ATTRS} AND a.expiration_time > $2
    WHERE u.user_id = $1 ${BY_NAME}`,
);

/**
 * The caller's live session (by UST hash, as every look-up of a caller) and, in the same
 * statement, the owner and its live user attributes of these names: a super-user's read of a
 * user's attributes costs one round trip. The owner is read only for a caller who is a
 * super-user, so other callers do not fetch what the owner holds; the caller's checks still
 * decide first. Calls under way at once share the statement (src/db/coalesce.ts), one row of
 * VALUES each (`i`: the call's place), as long as together they may fetch at most
 * SHARED_READ_BYTES; a call without a row has no such live session. `now` is $1.
 */
const CALLERS_AND_OF_USERS_BY_NAMES = new Map<number, string>(
  STATEMENT_SIZES.map((size) => {
    const calls = Array.from(
      { length: size },
      (_, k) => `(${k}, $${2 + 3 * k}::char(64), $${3 + 3 * k}::text, $${4 + 3 * k}::text[])`,
    );
    return [
      size,
      statement(
        `SELECT v.i, c.row AS caller, o.owner_id, o.owner_username, o.attributes
           FROM (VALUES ${calls.join(", ")}) v(i, ust_hash, user_id, names)
           JOIN LATERAL (${liveSessionRows("s.ust_hash = v.ust_hash", "", ", r.is_super_user")}) c ON true
           LEFT JOIN LATERAL (
             SELECT ${USER_ROW},
                    (SELECT json_agg(x) FROM (SELECT ${COLUMNS} FROM sso_attr a
                      WHERE ${USER_ATTRS} AND a.name = ANY(v.names) AND a.expiration_time > $1) x) AS attributes
               FROM sso_user u WHERE u.user_id = v.user_id AND c.is_super_user) o ON true`,
      ),
    ];
  }),
);

const OF_USERS = statement(
  `SELECT u.user_id AS owner, ${COLUMNS}
     FROM sso_attr a JOIN sso_user u ON u.id = a.user_id
    WHERE u.user_id = ANY($1::text[]) AND NOT a.is_session_attr AND a.expiration_time > $2 ${BY_NAME}`,
);
// Every live session asked for has a row (with its user), attributes or none.
const OF_SESSIONS = statement(
  `SELECT s.session_id AS owner, u.user_id AS owner_user_id, ${COLUMNS}
     FROM sso_session s JOIN sso_user u ON u.id = s.user_id
     LEFT JOIN sso_attr a ON a.session_id = s.id AND a.expiration_time > $2
    WHERE s.session_id = ANY($1::text[]) AND s.expiration_time > $2 ${BY_NAME}`,
);

/** Dates inside arrays are not converted by the driver: UTC wall-clock text, as `timestamp` columns hold. */
const wallClock = (date: Date) => date.toISOString().slice(0, 23);

type Row = StoredAttribute & { owner?: string };

const toAttribute = (row: Row): StoredAttribute => ({
  id: row.id,
  name: row.name,
  value: row.value,
  is_encrypted: row.is_encrypted,
  creation_time: fromDatabase(row.creation_time),
  last_modified: fromDatabase(row.last_modified),
  expiration_time: fromDatabase(row.expiration_time),
});

/** The live attributes of a scope with these names. */
export async function findLiveAttributes(
  sql: Sql,
  scope: AttributeScope,
  names: readonly string[],
  now: Date,
): Promise<StoredAttribute[]> {
  return (await sql.rows<Row>(LIVE_BY_NAMES, [...scopeValues(scope), names, now])).map(toAttribute);
}

/** The names of the live attributes of a scope, in code point order. */
export async function liveAttributeNames(sql: Sql, scope: AttributeScope, now: Date): Promise<string[]> {
  return (await sql.rows<{ name: string }>(LIVE_NAMES, [...scopeValues(scope), now])).map((row) => row.name);
}

/** Who owns a user's attributes: its internal id and its username. */
export interface AttributeOwner {
  id: string;
  username: string;
}

export interface OwnerWithAttributes {
  owner: AttributeOwner;
  attributes: StoredAttribute[];
}

type OwnedRow = Row & { owner_id: string; owner_username: string };

const ownerOf = (rows: readonly OwnedRow[]): AttributeOwner | undefined =>
  rows[0] && { id: rows[0].owner_id, username: rows[0].owner_username };

/** A user (by public user_id) with its live user attributes of these names; undefined when there is no such user. */
export async function findUserWithAttributes(
  sql: Sql,
  userId: string,
  names: readonly string[],
  now: Date,
): Promise<OwnerWithAttributes | undefined> {
  const rows = await sql.rows<OwnedRow>(OF_USER_BY_NAMES, [userId, names, now]);
  const owner = ownerOf(rows);
  return owner && { owner, attributes: rows.filter((row) => row.id !== null).map(toAttribute) };
}

/** The most attribute bytes the calls sharing a statement may fetch together. */
export const SHARED_READ_BYTES = 1 << 20;

interface CallerAndOwnerRead extends AtTime {
  hash: string;
  userId: string;
  names: readonly string[];
  /** The most bytes its attributes may hold. */
  bytes: number;
}

interface CallerAndOwner {
  caller: SessionWithUser | undefined;
  owner: OwnerWithAttributes | undefined;
}

const callersAndOwners = coalesced(
  async (sql, asked: readonly CallerAndOwnerRead[]): Promise<CallerAndOwner[]> => {
    const size = sizeFor(asked.length);
    const earliest = earliestOf(asked);
    // Places left over ask for no session: PostgreSQL finds none at once.
    const params = Array.from({ length: size }, (_, k) => {
      const read = asked[k];
      return read ? [read.hash, read.userId, read.names] : [null, null, null];
    });
    const rows = await sql.rows<{
      i: number;
      caller: JoinedRow;
      owner_id: string | null;
      owner_username: string;
      attributes: Row[] | null;
    }>(CALLERS_AND_OF_USERS_BY_NAMES.get(size) as string, [earliest, ...params.flat()]);
    const byPlace = new Map(rows.map((row) => [row.i, row]));
    return asked.map(({ now }, k) => {
      const row = byPlace.get(k);
      if (!row) return { caller: undefined, owner: undefined };
      const caller = toSessionWithUser(row.caller);
      if (!liveAt(caller.session.expiration_time, now, earliest)) return { caller: undefined, owner: undefined };
      const attributes = (row.attributes ?? []).map(toAttribute).filter((a) => liveAt(a.expiration_time, now, earliest));
      return {
        caller,
        owner: row.owner_id !== null ? { owner: { id: row.owner_id, username: row.owner_username }, attributes } : undefined,
      };
    });
  },
  { weight: (read) => read.bytes, capacity: SHARED_READ_BYTES },
);

/**
 * The live session of a caller's UST and, when that caller is a super-user, the user (by public
 * user_id) with its live user attributes of these names (undefined when there is no such user),
 * read in one statement. `bytes`: the most those attributes may hold.
 */
export async function findCallerAndUserWithAttributes(
  sql: Sql,
  ust: string,
  userId: string,
  names: readonly string[],
  bytes: number,
  now: Date,
): Promise<CallerAndOwner> {
  return callersAndOwners(sql).load({ hash: ustHash(ust), userId, names, bytes, now });
}

/** A user (by public user_id) with the names of its live user attributes, in code point order. */
export async function findUserWithAttributeNames(
  sql: Sql,
  userId: string,
  now: Date,
): Promise<{ owner: AttributeOwner; names: string[] } | undefined> {
  const rows = await sql.rows<OwnedRow>(OF_USER_NAMES, [userId, now]);
  const owner = ownerOf(rows);
  return owner && { owner, names: rows.filter((row) => row.name !== null).map((row) => row.name) };
}

// Two int4 keys: a space apart from the single bigint keys of migrations and cleanup.
const SCOPE_LOCK_CLASS = 731_058_324;
const LOCK_SCOPE = statement("SELECT pg_advisory_xact_lock($1::int4, hashtext($2))");

/**
 * Makes the writes of one scope (a user's attributes, or one session's) wait for each other
 * until the transaction of `sql` ends. Row locks alone are taken in whatever order the rows are
 * found, and two calls over the same names then deadlock each other.
 */
export async function lockScope(sql: Sql, scope: AttributeScope): Promise<void> {
  await sql.run(LOCK_SCOPE, [SCOPE_LOCK_CLASS, `${scope.userId}/${scope.scopeKey}`]);
}

/** The rows of a scope with these names, expired or not, locked until the transaction of `sql` ends. */
export async function lockAttributes(sql: Sql, scope: AttributeScope, names: readonly string[]): Promise<StoredAttribute[]> {
  return (await sql.rows<Row>(LOCK_BY_NAMES, [...scopeValues(scope), names])).map(toAttribute);
}

/** A row to write: its stored value text (JSON, or the ciphertext of that JSON). */
export interface AttributeWrite {
  name: string;
  value: string;
  is_encrypted: boolean;
  expiration_time: Date;
}

/** Inserts new rows in one statement; a name another transaction has just taken raises a unique violation. */
export async function insertAttributes(sql: Sql, scope: AttributeScope, rows: readonly AttributeWrite[], now: Date) {
  if (rows.length === 0) return;
  await sql.run(INSERT_MANY, [
    ...scopeValues(scope),
    scope.sessionId,
    now,
    rows.map((r) => r.name),
    rows.map((r) => r.value),
    rows.map((r) => r.is_encrypted),
    rows.map((r) => wallClock(r.expiration_time)),
  ]);
}

/** Rewrites existing rows by id in one statement; `recreated` rows (expired leftovers made anew) get a new creation time. */
export async function updateAttributes(
  sql: Sql,
  rows: readonly (AttributeWrite & { id: string; recreated: boolean })[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await sql.run(UPDATE_MANY, [
    now,
    rows.map((r) => r.id),
    rows.map((r) => r.value),
    rows.map((r) => r.is_encrypted),
    rows.map((r) => wallClock(r.expiration_time)),
    rows.map((r) => r.recreated),
  ]);
}

/** Deletes the attributes of a scope with these names, live or expired. */
export const deleteAttributes = (sql: Sql, scope: AttributeScope, names: readonly string[]): Promise<number> =>
  sql.run(DELETE_BY_NAMES, [...scopeValues(scope), names]);

/** Deletes user and session attributes expired at `now`; returns how many. */
export const deleteExpiredAttributes = (sql: Sql, now: Date): Promise<number> => sql.run(DELETE_EXPIRED, [now]);

async function byOwner(sql: Sql, text: string, owners: readonly string[], now: Date): Promise<Map<string, StoredAttribute[]>> {
  const found = new Map<string, StoredAttribute[]>(owners.map((owner) => [owner, []]));
  for (const row of await sql.rows<Row>(text, [owners, now])) found.get(row.owner as string)?.push(toAttribute(row));
  return found;
}

/** The live user attributes of several users (by public user_id), in one statement. */
export const liveAttributesOfUsers = (sql: Sql, userIds: readonly string[], now: Date) => byOwner(sql, OF_USERS, userIds, now);

/** The live attributes of several live sessions (by public session_id), with each session's user, in one statement. */
export async function liveAttributesOfSessions(
  sql: Sql,
  sessionIds: readonly string[],
  now: Date,
): Promise<Map<string, { userId: string; attributes: StoredAttribute[] }>> {
  const found = new Map<string, { userId: string; attributes: StoredAttribute[] }>();
  for (const row of await sql.rows<Row & { owner_user_id: string }>(OF_SESSIONS, [sessionIds, now])) {
    const session = found.get(row.owner as string) ?? { userId: row.owner_user_id, attributes: [] };
    found.set(row.owner as string, session);
    if (row.id !== null) session.attributes.push(toAttribute(row));
  }
  return found;
}
