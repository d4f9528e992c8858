import { actorOf, Call, type RequestContext } from "../context.js";
import { sessionEvent } from "../events/bus.js";
import { isStorableText } from "../input.js";
import { audit } from "../operation.js";
import { upgradeHash } from "../passwords/upgrade.js";
import { sessionExpiration } from "../sessions/expiry.js";
import { checkLogin } from "../sessions/login.js";
import type { SessionWithUser } from "../sessions/session.js";
import { findLiveExternalSession, insertSession, renewSession } from "../sessions/store.js";
import { Code, SsoError } from "../status.js";
import { anonymousRefusalUntil, countAnonymousFailure, throttledCheck } from "../throttle/throttle.js";
import { checkUser } from "../users/checks.js";
import { findUserById } from "../users/store.js";
import { extSessionId } from "./credentials.js";
import { findActiveLinkedCredential, type LinkedCredential, replaceCredentialHash } from "./store.js";

/** What a Basic principal of a linked credential stands for: the session it acts with, and a UST when one was made. */
export interface ActingSession {
  found: SessionWithUser;
  /** The new session's UST, for the `X-Zato-SSO-UST` response header; absent when a session was renewed. */
  ust?: string;
}

/**
 * A request carrying `Authorization: Basic` of an active, linked external credential acts as its
 * user (docs/rules.md, "Acting as the user"): the session the credential created earlier is
 * renewed, or a new one is made by a login without password or TOTP. Anything that fails (no
 * such credential, a wrong password, a refused check) leaves the request without a caller. Both
 * outcomes are audited. The password check is under the brute-force defence, as a user's is.
 */
export async function actAsLinkedUser(
  context: RequestContext,
  principal: { username: string; password: string },
): Promise<ActingSession | undefined> {
  const call = new Call(context);
  call.currentApp = context.info.headerApp ?? call.config.apps.default;
  call.audit.details.auth_username = principal.username;
  // An address refused for its failures is not heard: no check, no record (the call itself is refused).
  if (await anonymousRefusalUntil(call)) return undefined;
  try {
    // A name PostgreSQL cannot hold (a NUL character) names no credential, and keys no counter.
    const credential = isStorableText(principal.username)
      ? await throttledCheck(call, principal.username, () => checkPassword(call, principal), "credential")
      : undefined;
    if (!credential) throw new SsoError(Code.AUTH_NOT_ALLOWED);
    const acting = await sessionFor(call, credential);
    const stored = credential.password_hash;
    await upgradeHash(
      call,
      stored,
      principal.password,
      (next) => replaceCredentialHash(call.sql, credential.credential_id, stored, next),
      { sealable: false },
    );
    call.actor = actorOf(acting.found);
    call.audit.details.session_id = acting.found.session.session_id;
    audit(call, "session.on_external_auth_succeeded", { status: "ok", subStatus: [], data: {}, cid: context.info.cid });
    sessionEvent(call, acting.ust ? "created" : "renewed", {
      user_id: acting.found.user.user_id,
      session_id: acting.found.session.session_id,
    });
    await call.services.events.publish(call.events);
    return acting;
  } catch (e) {
    if (!(e instanceof SsoError)) throw e;
    audit(call, "session.on_external_auth_failed", {
      status: "error",
      subStatus: e.subStatus,
      precheck: false,
      cid: context.info.cid,
    });
    // A principal that failed is a failure without a caller, whatever the call then does.
    await countAnonymousFailure(call).catch((failure: unknown) =>
      call.services.log.error("could not count an anonymous failure", { cid: context.info.cid, error: String(failure) }),
    );
    return undefined;
  }
}

/** The credential, if the password is its own; an unknown credential costs what a known one does. */
async function checkPassword(call: Call, principal: { username: string; password: string }) {
  const owner = call.request.clientAddr;
  const credential = await findActiveLinkedCredential(call.sql, principal.username);
  if (!credential) {
    await call.services.passwords.verifyDummy(principal.password, owner);
    return undefined;
  }
  const matches = await call.services.passwords.verify(credential.password_hash, principal.password, owner);
  return matches && principal.password !== "" ? credential : undefined;
}

/** The credential's live session renewed, or a new one after the checks of a login (its steps 5 to 9). */
async function sessionFor(call: Call, credential: LinkedCredential): Promise<ActingSession> {
  const ext = extSessionId(credential.credential_id);
  const existing = await findLiveExternalSession(call.sql, ext, call.now);
  if (existing) {
    call.target(existing.user);
    call.audit.details.renewed = true;
    checkUser(call.config, existing.user, { clientAddr: call.request.clientAddr, now: call.now, passwordExpiry: true });
    const expirationTime = await sessionExpiration(call, existing.user.username);
    const renewed = await call.services.db.transaction((sql) =>
      renewSession(sql, existing.session, {
        expirationTime,
        remoteAddr: call.request.remoteAddr,
        userAgent: call.request.userAgent,
        now: call.now,
      }),
    );
    if (!renewed) throw new SsoError(Code.AUTH_NOT_ALLOWED);
    return { found: existing };
  }

  const user = await findUserById(call.sql, credential.user_id);
  if (!user) throw new SsoError(Code.AUTH_NOT_ALLOWED);
  call.target(user);
  checkLogin(call, user, { clientAddr: call.request.clientAddr, sentMetadata: false });
  if (user.password_must_change) throw new SsoError(Code.PASSWORD_MUST_SEND_NEW);
  const created = await insertSession(call.sql, {
    user,
    expirationTime: await sessionExpiration(call, user.username),
    remoteAddr: call.request.remoteAddr,
    userAgent: call.request.userAgent,
    authType: "basic_auth",
    currentApp: call.currentApp ?? null,
    extSessionId: ext,
    now: call.now,
  });
  if (!created) throw new SsoError(Code.AUTH_NOT_ALLOWED);
  const found = await call.context.sessions.load(created.ust);
  if (!found) throw new SsoError(Code.AUTH_NOT_ALLOWED);
  return { found, ust: created.ust };
}
