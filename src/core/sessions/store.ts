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

export interface SessionRecord {
  id: string;
  session_id: string;
  creation_time: Timestamp;
  expiration_time: Timestamp;
  remote_addr: string;
  user_agent: string | null;
  auth_type: string;
  auth_principal: string;
  ext_session_id: string | null;
}

export interface SessionWithUser {
  session: SessionRecord;
  user: UserAccount;
}

export const HISTORY_LIMIT = 100;

const SESSION_COLUMNS = `s.id AS s_id, s.session_id AS s_session_id, s.creation_time AS s_creation_time,
  s.expiration_time AS s_expiration_time, s.remote_addr AS s_remote_addr, s.user_agent AS s_user_agent,
  s.auth_type AS s_auth_type, s.auth_principal AS s_auth_principal, s.ext_session_id AS s_ext_session_id`;

type JoinedRow = UserAccount & { [K in keyof SessionRecord as `s_${K}`]: SessionRecord[K] };

const split = (row: JoinedRow): SessionWithUser => ({
  session: {
    id: row.s_id,
    session_id: row.s_session_id,
    creation_time: fromDatabase(row.s_creation_time),
    expiration_time: fromDatabase(row.s_expiration_time),
    remote_addr: row.s_remote_addr,
    user_agent: row.s_user_agent,
    auth_type: row.s_auth_type,
    auth_principal: row.s_auth_principal,
    ext_session_id: row.s_ext_session_id,
  },
  user: toUserRecord(row),
});

/** Only hashes of USTs are stored; a presented UST is looked up by its hash (data-model.md). */
export const ustHash = (ust: string): string => sha256Hex(ust);

/**
 * The live sessions (unexpired, of an approved user) with these USTs, with their users: one
 * statement for the current and the target session of a call.
 */
const FIND_LIVE_SESSIONS = `SELECT s.ust_hash AS s_ust_hash, ${SESSION_COLUMNS}, ${ACCOUNT_COLUMNS}
   FROM sso_session s JOIN sso_user u ON u.id = s.user_id
  WHERE s.ust_hash = ANY($1::text[]) AND s.expiration_time > $2 AND u.approval_status = 'approved'`;

export async function findLiveSessions(sql: Sql, usts: readonly string[], now: Date): Promise<Map<string, SessionWithUser>> {
  const hashes = usts.map(ustHash);
  const rows = await sql.rows<JoinedRow & { s_ust_hash: string }>(FIND_LIVE_SESSIONS, [hashes, now]);
  const found = new Map<string, SessionWithUser>();
  for (const row of rows) {
    const index = hashes.indexOf(row.s_ust_hash);
    found.set(usts[index] as string, split(row));
  }
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
