import { formatTimestamp } from "../../lib/time.js";
import { checkTarget, hasCredential, resolveCaller, resolveSuperUserAndTarget } from "../caller.js";
import { sessionEvent } from "../events/bus.js";
import { input, string, ust } from "../input.js";
import { operation } from "../operation.js";
import { Code, SsoError } from "../status.js";
import { checkUser } from "../users/checks.js";
import type { User } from "../users/user.js";
import { sessionExpiration } from "./expiry.js";
import { listLiveSessions, renewSession as storeRenewal } from "./store.js";

/**
 * Verifies another session for a super-user (docs/rules.md, "Sessions"). Problems with the
 * target never fail the call: they make `is_valid` false. Both sessions are read with one statement.
 */
export const verifySession = operation({
  name: "session.verify",
  kind: "query",
  codes: { E005001: "the caller is not a super-user", E007001: "target_ust is absent (sent as null or empty, it is not valid)" },
  input: input({ current_ust: ust, target_ust: string, current_app: string }, { required: ["current_app"] }),
  audited: (call, data) => call.config.audit.valid_verifies || !(data as { is_valid: boolean }).is_valid,
  async run(call, i) {
    const targetSession = await resolveSuperUserAndTarget(call, i.target_ust);
    // Absent, the target is a missing input; present but null or empty, it names no valid session.
    if (i.target_ust === undefined) throw new SsoError(Code.SESSION_NO_SUCH_SESSION, { disclosable: false });
    if (!targetSession) return { is_valid: false };
    call.target(targetSession.user);
    try {
      checkUser(call.config, targetSession.user, { clientAddr: call.request.clientAddr, now: call.now, passwordExpiry: true });
      return { is_valid: true };
    } catch (e) {
      if (e instanceof SsoError) return { is_valid: false };
      throw e;
    }
  },
});

/** Renews the caller's own session: now + the session lifetime, not added to the old expiry. */
export const renewSession = operation({
  name: "session.renew",
  kind: "mutation",
  input: input({ ust, current_app: string }, { required: ["current_app"] }),
  async run(call) {
    const { session, user } = await resolveCaller(call);
    call.target(user);
    const expirationTime = await sessionExpiration(call, user.username);
    const renewed = await call.services.db.transaction((sql) =>
      storeRenewal(sql, session, {
        expirationTime,
        remoteAddr: call.request.remoteAddr,
        userAgent: call.request.userAgent,
        now: call.now,
      }),
    );
    if (!renewed) throw new SsoError(Code.SESSION_NO_SUCH_SESSION, { disclosable: false });
    sessionEvent(call, "renewed", { user_id: user.user_id, session_id: session.session_id });
    return { expiration_time: formatTimestamp(expirationTime) };
  },
});

/** Shows another session to a super-user; a target failing a user check fails the call. */
export const getSession = operation({
  name: "session.get",
  kind: "query",
  codes: {
    E005001: "the caller is not a super-user",
    E007001: "the target session is absent, unknown or expired",
    E005002: "the target's user is locked (or another failed check of the target's user)",
  },
  input: input({ current_ust: ust, target_ust: string, current_app: string }, { required: ["current_app"] }),
  async run(call, i) {
    const { session } = checkTarget(call, await resolveSuperUserAndTarget(call, i.target_ust));
    return {
      session_id: session.session_id,
      creation_time: session.creation_time,
      expiration_time: session.expiration_time,
      remote_addr: session.remote_addr,
      user_agent: session.user_agent,
    };
  },
});

/**
 * Lists live sessions: the caller's own (`ust`), or, for a super-user, those of the user owning
 * `target_ust` (`current_ust` + `target_ust`). Any other combination: E008002.
 */
export const getSessionList = operation({
  name: "session.get_list",
  kind: "query",
  codes: {
    E008002: "neither or both forms (ust alone; current_ust with target_ust; a key sent as null counts as sent)",
    E005001: "the caller of the second form is not a super-user",
    E007001: "the target session is unknown or expired",
  },
  input: input({ ust, current_ust: ust, target_ust: string, current_app: string }, { required: ["current_app"] }),
  async run(call, i) {
    let owner: User;
    // A key sent as null is sent: its form is chosen, and its UST names no session.
    const sent = (value: unknown) => value !== undefined;
    if (sent(i.ust) && !sent(i.current_ust) && !sent(i.target_ust)) {
      owner = (await resolveCaller(call, { via: "ust" })).user;
    } else if (!sent(i.ust) && sent(i.current_ust) && sent(i.target_ust)) {
      const target = await resolveSuperUserAndTarget(call, i.target_ust, { via: "current_ust" });
      if (!target) throw new SsoError(Code.SESSION_NO_SUCH_SESSION, { disclosable: false });
      owner = target.user;
    } else if (!sent(i.ust) && !sent(i.current_ust) && !sent(i.target_ust) && hasCredential(call, null)) {
      owner = (await resolveCaller(call, { via: null })).user;
    } else {
      throw new SsoError(Code.COMMON_INVALID_INPUT);
    }
    const result = await listLiveSessions(call.sql, owner, call.now);
    if (result.length > 0) call.target({ user_id: owner.user_id });
    return { result };
  },
});
