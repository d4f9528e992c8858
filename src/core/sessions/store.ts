import type { Sql } from "../../db/sql.js";
import { sha256Hex } from "../../lib/crypto.js";
import { newSessionId, newUst } from "../../lib/ids.js";
import { formatTimestamp, fromDatabase, type Timestamp } from "../../lib/time.js";
import { ACCOUNT_COLUMNS, toUserRecord, type UserAccount, type UserRecord } from "../users/record.js";

/** One entry of a session's interaction history (behaviour §5.7). */
export interface StateChange {
  remote_addr: string | string[];
  user_agent: string | null;
  timestamp_utc: Timestamp;
  ctx_source: "login" | "renew";
  idx: number;
}

/** What a call needs of a live session besides its user. */
export interface SessionRecord {
  id: string;
  session_id: string;
  creation_time: Timestamp;
  expiration_time: Timestamp;
  remote_addr: string;
  user_agent: string | null;
}

export interface SessionWithUser {
  session: SessionRecord;
  user: UserAccount;
}

export const HISTORY_LIMIT = 100;

type JoinedRow = UserAccount & { [K in keyof SessionRecord as `s_${K}`]: SessionRecord[K] } & { s_ust_hash: string };

/**
 * Every authenticated call runs this. The joined row comes back as one JSON value, which
 * node-postgres decodes natively, instead of 30-odd columns each decoded in JavaScript: the
 * measured difference is a tenth of the CPU of a GraphQL getCurrentUser.
 */
const liveSessions = (where: string) => `SELECT row_to_json(r) AS row FROM (
  SELECT s.ust_hash AS s_ust_hash, s.id::text AS s_id, s.session_id AS s_session_id, s.creation_time AS s_creation_time,
         s.expiration_time AS s_expiration_time, s.remote_addr AS s_remote_addr, s.user_agent AS s_user_agent,
         ${ACCOUNT_COLUMNS}
    FROM sso_session s JOIN sso_user u ON u.id = s.user_id
   WHERE ${where} AND s.expiration_time > $2 AND u.approval_status = 'approved') r`;
const FIND_ONE = liveSessions("s.ust_hash = $1");
const FIND_MANY = liveSessions("s.ust_hash = ANY($1::text[])");

const split = (row: JoinedRow): SessionWithUser => ({
  session: {
    id: row.s_id,
    session_id: row.s_session_id,
    creation_time: fromDatabase(row.s_creation_time),
    expiration_time: fromDatabase(row.s_expiration_time),
    remote_addr: row.s_remote_addr,
    user_agent: row.s_user_agent,
  },
  user: toUserRecord(row),
});

/** Only hashes of USTs are stored; a presented UST is looked up by its hash (data-model.md). */
export const ustHash = (ust: string): string => sha256Hex(ust);

/**
 * The live sessions (unexpired, of an approved user) with these USTs, with their users: one
 * statement for the current and the target session of a call.
 */
export async function findLiveSessions(sql: Sql, usts: readonly string[], now: Date): Promise<Map<string, SessionWithUser>> {
  const hashes = usts.map(ustHash);
  const rows =
    hashes.length === 1
      ? await sql.rows<{ row: JoinedRow }>(FIND_ONE, [hashes[0], now])
      : await sql.rows<{ row: JoinedRow }>(FIND_MANY, [hashes, now]);
  const found = new Map<string, SessionWithUser>();
  for (const { row } of rows) found.set(usts[hashes.indexOf(row.s_ust_hash)] as string, split(row));
  return found;
}

export interface NewSession {
  user: Pick<UserRecord, "id" | "username">;
  expirationTime: Date;
  remoteAddr: readonly string[];
  userAgent: string | null;
  authType: "default" | "basic_auth";
  extSessionId?: string;
  now: Date;
}

export interface CreatedSession {
  ust: string;
  session_id: string;
  creation_time: Date;
  expiration_time: Date;
}

export async function insertSession(sql: Sql, s: NewSession): Promise<CreatedSession> {
  const ust = newUst();
  const sessionId = newSessionId();
  const history: StateChange[] = [historyEntry(s.remoteAddr, s.userAgent, s.now, "login", 1)];
  await sql.run(
    `INSERT INTO sso_session (session_id, ust_hash, user_id, creation_time, expiration_time, remote_addr, user_agent,
       auth_type, auth_principal, ext_session_id, state_change_list)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      sessionId,
      ustHash(ust),
      s.user.id,
      s.now,
      s.expirationTime,
      s.remoteAddr.join(", "),
      s.userAgent,
      s.authType,
      s.user.username,
      s.extSessionId ?? null,
      JSON.stringify(history),
    ],
  );
  return { ust, session_id: sessionId, creation_time: s.now, expiration_time: s.expirationTime };
}

export function historyEntry(
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
