import { type AtTime, coalesced, earliestOf, liveAt, MOST_PER_STATEMENT, STATEMENT_SIZES, sizeFor } from "../../db/coalesce.js";
import { insertStatement, type Sql, statement } from "../../db/sql.js";
import { sha256Hex } from "../../lib/crypto.js";
import { newSessionId, newUst } from "../../lib/ids.js";
import { formatTimestamp, fromDatabase } from "../../lib/time.js";
import { toUser, USER_COLUMNS } from "../users/store.js";
import type { User } from "../users/user.js";
import type { Session, SessionListItem, SessionWithUser, StateChange } from "./session.js";

// Every statement on sso_session.

export const HISTORY_LIMIT = 100;

/** Only hashes of USTs are stored; a presented UST is looked up by its hash. */
export const ustHash = (ust: string): string => sha256Hex(ust);

export type JoinedRow = User & { [K in keyof Session as `s_${K}`]: Session[K] } & { s_ust_hash: string };

/**
 * Every authenticated call runs this. The joined row comes back as one JSON value, which
 * node-postgres decodes natively, instead of 30-odd columns each decoded in JavaScript: the
 * measured difference is a tenth of the CPU of a GraphQL getCurrentUser. `now` is $1;
 * `alsoOfRow` selects columns of the row `r` besides, for a statement that builds on this one.
 */
export const liveSessionRows = (where: string, order = "", alsoOfRow = "") => `SELECT row_to_json(r) AS row${alsoOfRow} FROM (
  SELECT s.ust_hash AS s_ust_hash, s.id::text AS s_id, s.session_id AS s_session_id, s.creation_time AS s_creation_time,
         s.expiration_time AS s_expiration_time, s.remote_addr AS s_remote_addr, s.user_agent AS s_user_agent,
         ${USER_COLUMNS}
    FROM sso_session s JOIN sso_user u ON u.id = s.user_id
   WHERE ${where} AND s.expiration_time > $1 AND u.approval_status = 'approved' ${order}) r`;
const liveSessions = (where: string, order = "") => statement(liveSessionRows(where, order));

/** The most USTs one look-up statement takes; more are looked up in several. */
export const USTS_PER_LOOKUP = MOST_PER_STATEMENT;

/**
 * One statement per size (STATEMENT_SIZES), each hash its own parameter. PostgreSQL plans a
 * prepared statement once for all its executions only when that generic plan looks no costlier
 * than planning each execution anew. For `ust_hash = ANY($2)` it cannot know the array's length,
 * so once the table has statistics it plans every execution, which costs several times the
 * look-up itself; a fixed list of parameters keeps the one plan, by the unique index.
 */
const FIND_BY_USTS = new Map<number, string>(
  STATEMENT_SIZES.map((size) => [
    size,
    liveSessions(`s.ust_hash IN (${Array.from({ length: size }, (_, j) => `$${j + 2}`).join(", ")})`),
  ]),
);
const FIND_EXTERNAL = liveSessions("s.ext_session_id = $2", "ORDER BY s.creation_time DESC LIMIT 1");
const FIND_BY_ID = liveSessions("s.id = $2", "");

/** A row of `liveSessionRows` as the session and its user. */
export const toSessionWithUser = (row: JoinedRow): SessionWithUser => ({
  session: {
    id: row.s_id,
    session_id: row.s_session_id,
    creation_time: fromDatabase(row.s_creation_time),
    expiration_time: fromDatabase(row.s_expiration_time),
    remote_addr: row.s_remote_addr,
    user_agent: row.s_user_agent,
  },
  user: toUser(row),
});

interface UstLookup extends AtTime {
  /** The hashes of one call's USTs, each once. */
  hashes: string[];
}

/**
 * Look-ups of calls under way at once share statements (src/db/coalesce.ts): under load the
 * database serves several session verifies with the work of one (twice the verifies a second on
 * the 2-core build machine). A call's USTs are looked up in one statement (more than
 * USTS_PER_LOOKUP in several). Each call gets rows of its own, never an object another call holds.
 */
const lookups = coalesced(
  async (sql, asked: readonly UstLookup[]): Promise<Map<string, SessionWithUser>[]> => {
    const hashes = [...new Set(asked.flatMap((lookup) => lookup.hashes))];
    const earliest = earliestOf(asked);
    const rows: JoinedRow[] = [];
    for (let start = 0; start < hashes.length; start += USTS_PER_LOOKUP) {
      const some = hashes.slice(start, start + USTS_PER_LOOKUP);
      const size = sizeFor(some.length);
      const values = [earliest, ...some, ...Array<string>(size - some.length).fill(some[0] as string)];
      for (const { row } of await sql.rows<{ row: JoinedRow }>(FIND_BY_USTS.get(size) as string, values)) rows.push(row);
    }
    const byHash = new Map(rows.map((row) => [row.s_ust_hash, row]));
    return asked.map(({ hashes: own, now }) => {
      const found = new Map<string, SessionWithUser>();
      for (const hash of own) {
        const row = byHash.get(hash);
        const one = row && toSessionWithUser({ ...row });
        if (one && liveAt(one.session.expiration_time, now, earliest)) found.set(hash, one);
      }
      return found;
    });
  },
  { weight: (lookup) => lookup.hashes.length, capacity: USTS_PER_LOOKUP },
);

/**
 * The live sessions (unexpired, of an approved user) with these USTs, with their users: the
 * USTs of a call (current and target) and of a request are looked up together, and with those
 * of other calls under way.
 */
export async function findLiveSessions(sql: Sql, usts: readonly string[], now: Date): Promise<Map<string, SessionWithUser>> {
  const hashes = usts.map(ustHash);
  const found = await lookups(sql).load({ hashes: [...new Set(hashes)], now });
  const live = new Map<string, SessionWithUser>();
  for (const [i, ust] of usts.entries()) {
    const one = found.get(hashes[i] as string);
    if (one) live.set(ust, one);
  }
  return live;
}

/** One session, by its internal id, while it is live. */
export async function findLiveSessionById(sql: Sql, id: string, now: Date): Promise<SessionWithUser | undefined> {
  const found = await sql.one<{ row: JoinedRow }>(FIND_BY_ID, [now, id]);
  return found && toSessionWithUser(found.row);
}

/** The live session (of an approved user) an external credential created, the latest if several. */
export async function findLiveExternalSession(sql: Sql, extSessionId: string, now: Date): Promise<SessionWithUser | undefined> {
  const found = await sql.one<{ row: JoinedRow }>(FIND_EXTERNAL, [now, extSessionId]);
  return found && toSessionWithUser(found.row);
}

export interface NewSession {
  user: Pick<User, "id" | "username">;
  expirationTime: Date;
  remoteAddr: readonly string[];
  userAgent: string | null;
  authType: "default" | "basic_auth";
  /** The application it was made through (`current_app`, `zato-cli` for the CLI). */
  currentApp: string | null;
  extSessionId?: string;
  now: Date;
}

export interface CreatedSession {
  ust: string;
  session_id: string;
  creation_time: Date;
  expiration_time: Date;
}

/**
 * The row goes in only while its user exists and is approved, and the user's row is held until
 * the transaction ends: a deletion or rejection that raced the login either came first (no
 * session) or waits, and then ends the session with the others.
 */
const INSERT_SESSION = insertStatement(
  "sso_session",
  [
    "session_id",
    "ust_hash",
    "user_id",
    "creation_time",
    "expiration_time",
    "remote_addr",
    "user_agent",
    "auth_type",
    "auth_principal",
    "ext_session_id",
    "state_change_list",
    "current_app",
  ],
  undefined,
  (param) => `FROM sso_user u WHERE u.id = ${param("user_id")}::bigint AND u.approval_status = 'approved' FOR KEY SHARE`,
);

/**
 * Creates a session with a new UST, which only the answer carries: the row keeps its hash.
 * Undefined when the user is gone or no longer approved.
 */
export async function insertSession(sql: Sql, s: NewSession): Promise<CreatedSession | undefined> {
  const ust = newUst();
  const sessionId = newSessionId();
  const inserted = await sql.run(
    INSERT_SESSION.text,
    INSERT_SESSION.values({
      session_id: sessionId,
      ust_hash: ustHash(ust),
      user_id: s.user.id,
      creation_time: s.now,
      expiration_time: s.expirationTime,
      remote_addr: s.remoteAddr.join(", "),
      user_agent: s.userAgent,
      auth_type: s.authType,
      auth_principal: s.user.username,
      ext_session_id: s.extSessionId ?? null,
      state_change_list: JSON.stringify([historyEntry(s.remoteAddr, s.userAgent, s.now, "login", 1)]),
      current_app: s.currentApp,
    }),
  );
  return inserted === 0 ? undefined : { ust, session_id: sessionId, creation_time: s.now, expiration_time: s.expirationTime };
}

function historyEntry(
  remoteAddr: readonly string[],
  userAgent: string | null,
  now: Date,
  source: StateChange["ctx_source"],
  idx: number,
): StateChange {
  return {
    remote_addr: remoteAddr.length === 1 ? (remoteAddr[0] as string) : remoteAddr.length === 0 ? "" : [...remoteAddr],
    user_agent: userAgent,
    timestamp_utc: formatTimestamp(now),
    ctx_source: source,
    idx,
  };
}

const LOCK_HISTORY = statement("SELECT state_change_list FROM sso_session WHERE id = $1 FOR UPDATE");
const RENEW = statement("UPDATE sso_session SET expiration_time = $2, state_change_list = $3 WHERE id = $1");

/**
 * Sets a new expiry and adds a `renew` entry to the history (the oldest dropped past
 * HISTORY_LIMIT). Run it in a transaction: the row stays locked between read and write.
 */
export async function renewSession(
  sql: Sql,
  session: Pick<Session, "id">,
  renewal: { expirationTime: Date; remoteAddr: readonly string[]; userAgent: string | null; now: Date },
): Promise<boolean> {
  const row = await sql.one<{ state_change_list: StateChange[] }>(LOCK_HISTORY, [session.id]);
  // Ended since it was read (a logout that committed first): nothing to renew.
  if (!row) return false;
  const history = row.state_change_list ?? [];
  const idx = (history[history.length - 1]?.idx ?? 0) + 1;
  history.push(historyEntry(renewal.remoteAddr, renewal.userAgent, renewal.now, "renew", idx));
  await sql.run(RENEW, [session.id, renewal.expirationTime, JSON.stringify(history.slice(-HISTORY_LIMIT))]);
  return true;
}

const HOLD_LIVE = statement("SELECT 1 FROM sso_session WHERE id = $1 AND expiration_time > $2 FOR KEY SHARE");

/** Whether the session is still live; if so, it cannot be ended until the transaction of `sql` ends. */
export const holdLiveSession = async (sql: Sql, session: Pick<Session, "id">, now: Date): Promise<boolean> =>
  (await sql.one(HOLD_LIVE, [session.id, now])) !== undefined;

const LIST_LIVE = statement(
  `SELECT s.session_id, s.creation_time, s.expiration_time, s.remote_addr, s.user_agent, s.auth_type,
          s.auth_principal, s.ext_session_id, s.state_change_list AS session_state_change_list
     FROM sso_session s
    WHERE s.user_id = $1 AND s.expiration_time > $2
    ORDER BY s.creation_time, s.id`,
);

/** The unexpired sessions of a user, oldest first. */
export async function listLiveSessions(sql: Sql, user: Pick<User, "id">, now: Date): Promise<SessionListItem[]> {
  const rows = await sql.rows<SessionListItem>(LIST_LIVE, [user.id, now]);
  return rows.map((row) => ({
    ...row,
    creation_time: fromDatabase(row.creation_time),
    expiration_time: fromDatabase(row.expiration_time),
  }));
}

const LIST_LIVE_OF_USERS = statement(
  `SELECT u.user_id AS owner, s.session_id, s.creation_time, s.expiration_time, s.remote_addr, s.user_agent, s.auth_type,
          s.auth_principal, s.ext_session_id, s.state_change_list AS session_state_change_list
     FROM sso_session s JOIN sso_user u ON u.id = s.user_id
    WHERE u.user_id = ANY($1::text[]) AND s.expiration_time > $2
    ORDER BY s.creation_time, s.id`,
);

/** The unexpired sessions of several users (by public user_id), oldest first, in one statement. */
export async function listLiveSessionsOfUsers(
  sql: Sql,
  userIds: readonly string[],
  now: Date,
): Promise<Map<string, SessionListItem[]>> {
  const found = new Map<string, SessionListItem[]>(userIds.map((id) => [id, []]));
  for (const { owner, ...row } of await sql.rows<SessionListItem & { owner: string }>(LIST_LIVE_OF_USERS, [userIds, now])) {
    found.get(owner)?.push({
      ...row,
      creation_time: fromDatabase(row.creation_time),
      expiration_time: fromDatabase(row.expiration_time),
    });
  }
  return found;
}

/** Who held a session that was just ended. */
export interface EndedSession {
  id: string;
  user_id: string;
  username: string;
  is_super_user: boolean;
  session_id: string;
}

const END_BY_UST = (condition: string) =>
  statement(
    `DELETE FROM sso_session s USING sso_user u
      WHERE s.ust_hash = $1 ${condition} AND u.id = s.user_id
      RETURNING u.id::text AS id, u.user_id, u.username, u.is_super_user, s.session_id`,
  );
const END_LIVE = END_BY_UST("AND s.expiration_time > $2");
const END_BY_ID = statement(
  `DELETE FROM sso_session s USING sso_user u WHERE s.id = $1 AND u.id = s.user_id
    RETURNING u.id::text AS id, u.user_id, u.username, u.is_super_user, s.session_id`,
);

/** Ends a session by internal id, with its attributes. */
export const endSessionById = (sql: Sql, session: Pick<Session, "id">): Promise<EndedSession | undefined> =>
  sql.one<EndedSession>(END_BY_ID, [session.id]);
const END_ANY = END_BY_UST("");

/** Ends the session of a UST with its attributes, whatever the state of its user; `now`: only if it is live. */
export async function endSessionByUst(sql: Sql, ust: string, now?: Date): Promise<EndedSession | undefined> {
  return now ? sql.one<EndedSession>(END_LIVE, [ustHash(ust), now]) : sql.one<EndedSession>(END_ANY, [ustHash(ust)]);
}

const END_OF_USER = statement("DELETE FROM sso_session WHERE user_id = $1");

/** Ends every session of a user, with their attributes; returns how many. */
export const endSessionsOfUser = (sql: Sql, user: Pick<User, "id">): Promise<number> => sql.run(END_OF_USER, [user.id]);

const END_OF_EXTERNAL = statement(`DELETE FROM sso_session s USING sso_user u
  WHERE s.ext_session_id = $1 AND u.id = s.user_id RETURNING u.user_id, s.session_id`);

/** Ends every session created through one external credential (its ext_session_id); returns them. */
export const endSessionsOfExternalId = (sql: Sql, extSessionId: string) =>
  sql.rows<{ user_id: string; session_id: string }>(END_OF_EXTERNAL, [extSessionId]);

/** Which live sessions a bulk revocation ends; absent criteria match everything. */
export interface SessionPredicate {
  userId?: string;
  createdBefore?: string;
  createdAfter?: string;
  application?: string;
  authType?: string;
}

const MATCHING = statement(
  `SELECT s.id::text AS id, s.session_id, u.user_id, s.remote_addr
     FROM sso_session s JOIN sso_user u ON u.id = s.user_id
    WHERE s.expiration_time > $1
      AND ($2::text IS NULL OR u.user_id = $2)
      AND ($3::timestamp IS NULL OR s.creation_time < $3)
      AND ($4::timestamp IS NULL OR s.creation_time >= $4)
      AND ($5::text IS NULL OR s.current_app = $5)
      AND ($6::text IS NULL OR s.auth_type = $6)
    ORDER BY s.id
      FOR UPDATE OF s`,
);
const END_BY_IDS = statement("DELETE FROM sso_session WHERE id = ANY($1::bigint[])");

/** The live sessions matching a predicate (id, owner's user_id, addresses), locked until the transaction ends. */
export function lockMatchingSessions(
  sql: Sql,
  predicate: SessionPredicate,
  now: Date,
): Promise<{ id: string; session_id: string; user_id: string; remote_addr: string }[]> {
  return sql.rows(MATCHING, [
    now,
    predicate.userId ?? null,
    predicate.createdBefore ?? null,
    predicate.createdAfter ?? null,
    predicate.application ?? null,
    predicate.authType ?? null,
  ]);
}

/** Ends sessions by internal id, with their attributes; returns how many. */
export const endSessionsByIds = (sql: Sql, ids: readonly string[]): Promise<number> => sql.run(END_BY_IDS, [ids]);

const DELETE_EXPIRED = statement("DELETE FROM sso_session WHERE expiration_time <= $1");

/** Deletes sessions expired at `now`, with their attributes; returns how many. */
export const deleteExpiredSessions = (sql: Sql, now: Date): Promise<number> => sql.run(DELETE_EXPIRED, [now]);
