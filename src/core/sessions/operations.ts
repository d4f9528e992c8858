import { formatTimestamp, fromDatabase } from "../../lib/time.js";
import { input, string } from "../input.js";
import { operation } from "../operation.js";
import { Code, SsoError } from "../status.js";
import { checkUser } from "../users/checks.js";
import { sessionExpiration } from "./expiry.js";
import { checkTarget, presentedUst, resolveCaller, resolveSuperUserAndTarget } from "./resolve.js";
import { HISTORY_LIMIT, historyEntry, type StateChange, ustHash } from "./store.js";

/**
 * Logs out (behaviour §5.3): deletes the live session of the UST, with its attributes, whatever
 * the state of its user. Always `ok`, so that logout cannot probe tokens.
 */
export const logout = operation({
  name: "user.logout",
  masks: true,
  input: input({ ust: string, current_app: string }),
  async run(call, i) {
    const ust = presentedUst(call, i.ust);
    if (!ust) return {};
    const ended = await call.sql.one<{
      id: string;
      user_id: string;
      username: string;
      is_super_user: boolean;
      session_id: string;
    }>(
      `DELETE FROM sso_session s USING sso_user u
        WHERE s.ust_hash = $1 AND s.expiration_time > $2 AND u.id = s.user_id
        RETURNING u.id, u.user_id, u.username, u.is_super_user, s.session_id`,
      [ustHash(ust), call.now],
    );
    if (ended) {
      // The holder of the UST acts on their own session.
      call.actor = {
        id: ended.id,
        userId: ended.user_id,
        username: ended.username,
        isSuperUser: ended.is_super_user,
        sessionId: ended.session_id,
      };
      call.target(ended);
    }
    return {};
  },
});

/**
 * Verifies another session for a super-user (behaviour §5.4). Problems with the target never
 * fail the call: they make `is_valid` false. Both sessions are read with one statement.
 */
export const verifySession = operation({
  name: "session.verify",
  input: input({ current_ust: string, target_ust: string, current_app: string }),
  async run(call, i) {
    const targetSession = await resolveSuperUserAndTarget(call, i.current_ust, i.target_ust);
    if (!i.target_ust) throw new SsoError(Code.SESSION_NO_SUCH_SESSION, { disclosable: false });
    if (!targetSession) return { is_valid: false };
    call.target(targetSession.user);
    try {
      checkUser(call.config, targetSession.user, { remoteAddr: call.request.remoteAddr, now: call.now, passwordExpiry: true });
      return { is_valid: true };
    } catch (e) {
      if (e instanceof SsoError) return { is_valid: false };
      throw e;
    }
  },
});

/** Renews the caller's own session (behaviour §5.2): now + the session lifetime, not added to the old expiry. */
export const renewSession = operation({
  name: "session.renew",
  input: input({ ust: string, current_app: string }),
  async run(call, i) {
    const { session, user } = await resolveCaller(call, i.ust);
    call.target(user);
    const expiration = await sessionExpiration(call, user.username);
    await call.services.db.transaction(async (sql) => {
      const row = await sql.one<{ state_change_list: StateChange[] }>(
        "SELECT state_change_list FROM sso_session WHERE id = $1 FOR UPDATE",
        [session.id],
      );
      const history = row?.state_change_list ?? [];
      const idx = (history[history.length - 1]?.idx ?? 0) + 1;
      history.push(historyEntry(call.request.remoteAddr, call.request.userAgent, call.now, "renew", idx));
      await sql.run("UPDATE sso_session SET expiration_time = $2, state_change_list = $3 WHERE id = $1", [
        session.id,
        expiration,
        JSON.stringify(history.slice(-HISTORY_LIMIT)),
      ]);
    });
    return { expiration_time: formatTimestamp(expiration) };
  },
});

/** Shows another session to a super-user (behaviour §5.5); a target failing a user check fails the call. */
export const getSession = operation({
  name: "session.get",
  input: input({ current_ust: string, target_ust: string, current_app: string }),
  async run(call, i) {
    const { session } = checkTarget(call, await resolveSuperUserAndTarget(call, i.current_ust, i.target_ust));
    return {
      creation_time: session.creation_time,
      expiration_time: session.expiration_time,
      remote_addr: session.remote_addr,
      user_agent: session.user_agent,
    };
  },
});

export interface SessionListItem {
  session_id: string;
  creation_time: string;
  expiration_time: string;
  remote_addr: string;
  user_agent: string | null;
  auth_type: string;
  auth_principal: string;
  ext_session_id: string | null;
  session_state_change_list: StateChange[];
}

/**
 * Lists live sessions (behaviour §5.6): the caller's own (`ust`), or, for a super-user, those of
 * the user owning `target_ust` (`current_ust` + `target_ust`). Any other combination: E008002.
 */
export const getSessionList = operation({
  name: "session.get_list",
  input: input({ ust: string, current_ust: string, target_ust: string, current_app: string }),
  async run(call, i) {
    let owner: string;
    if (i.ust != null && i.current_ust == null && i.target_ust == null) {
      owner = (await resolveCaller(call, i.ust)).user.id;
    } else if (i.ust == null && i.current_ust != null && i.target_ust != null) {
      const target = await resolveSuperUserAndTarget(call, i.current_ust, i.target_ust);
      if (!target) throw new SsoError(Code.SESSION_NO_SUCH_SESSION, { disclosable: false });
      owner = target.user.id;
    } else if (i.ust == null && i.current_ust == null && i.target_ust == null && call.request.headerUst) {
      owner = (await resolveCaller(call, undefined)).user.id;
    } else {
      throw new SsoError(Code.COMMON_INVALID_INPUT);
    }
    const rows = await call.sql.rows<SessionListItem & { user_id: string }>(
      `SELECT s.session_id, s.creation_time, s.expiration_time, s.remote_addr, s.user_agent, s.auth_type,
              s.auth_principal, s.ext_session_id, s.state_change_list AS session_state_change_list, u.user_id
         FROM sso_session s JOIN sso_user u ON u.id = s.user_id
        WHERE s.user_id = $1 AND s.expiration_time > $2
        ORDER BY s.creation_time, s.id`,
      [owner, call.now],
    );
    if (rows[0]) call.target(rows[0]);
    return {
      result: rows.map(({ user_id: _, ...row }) => ({
        ...row,
        creation_time: fromDatabase(row.creation_time),
        expiration_time: fromDatabase(row.expiration_time),
      })),
    };
  },
});
