import type { Actor, Call } from "../context.js";
import { Code, SsoError } from "../status.js";
import { checkUser } from "../users/checks.js";
import { findLiveSessions, type SessionWithUser } from "./store.js";

/**
 * The UST a call acts with: the parameter, else the `X-Zato-SSO-UST` header. Only an absent
 * parameter falls back; one sent as null is present and matches no session (README).
 */
export const presentedUst = (call: Call, param: string | null | undefined): string | undefined =>
  param === undefined ? call.request.headerUst : (param ?? "");

export interface ResolveOptions {
  superUser?: boolean;
}

/**
 * Resolves the caller's session (behaviour §1.1): a live session, its user passing every user
 * check (password expiry included) from the request's address, and, where the operation needs
 * one, a super-user. Records the caller as the call's actor. Never extends the session.
 */
export async function resolveCaller(
  call: Call,
  ust: string | null | undefined,
  options: ResolveOptions = {},
): Promise<SessionWithUser> {
  const presented = presentedUst(call, ust);
  const found = presented ? (await findLiveSessions(call.sql, [presented], call.now)).get(presented) : undefined;
  return acceptCaller(call, found, options);
}

/**
 * For calls about another session: resolves the caller (`current_ust`, else the header), who
 * must be a super-user, and looks up the target with the same statement. Returns the target's
 * live session, if any; what a missing or failing target means is the caller's to decide.
 */
export async function resolveSuperUserAndTarget(
  call: Call,
  currentUst: string | null | undefined,
  targetUst: string | null | undefined,
): Promise<SessionWithUser | undefined> {
  const current = presentedUst(call, currentUst);
  const usts = [current, targetUst].filter((u): u is string => Boolean(u));
  const found = usts.length > 0 ? await findLiveSessions(call.sql, usts, call.now) : new Map<string, SessionWithUser>();
  acceptCaller(call, current ? found.get(current) : undefined, { superUser: true });
  return targetUst ? found.get(targetUst) : undefined;
}

/** The checks of §1.1 on a session already looked up (undefined: none was found). */
function acceptCaller(call: Call, found: SessionWithUser | undefined, options: ResolveOptions = {}): SessionWithUser {
  if (!found) throw new SsoError(Code.SESSION_NO_SUCH_SESSION, { disclosable: false });
  checkUser(call.config, found.user, { remoteAddr: call.request.remoteAddr, now: call.now, passwordExpiry: true });
  call.actor = actorOf(found);
  if (options.superUser && !found.user.is_super_user) throw new SsoError(Code.AUTH_NOT_ALLOWED);
  return found;
}

/** The checks of §1.1 on a target session, evaluated with the address of the current request. */
export function checkTarget(call: Call, found: SessionWithUser | undefined): SessionWithUser {
  if (!found) throw new SsoError(Code.SESSION_NO_SUCH_SESSION, { disclosable: false });
  checkUser(call.config, found.user, { remoteAddr: call.request.remoteAddr, now: call.now, passwordExpiry: true });
  call.target(found.user);
  return found;
}

const actorOf = ({ session, user }: SessionWithUser): Actor => ({
  id: user.id,
  userId: user.user_id,
  username: user.username,
  isSuperUser: user.is_super_user,
  sessionId: session.session_id,
});
