import { actorOf, type Call, type Credential, type RequestContext } from "./context.js";
import { actAsLinkedUser } from "./linked-auth/acting.js";
import type { AnyOperation } from "./operation.js";
import type { SessionWithUser } from "./sessions/session.js";
import { findLiveSessionById } from "./sessions/store.js";
import { Code, SsoError } from "./status.js";
import { checkUser } from "./users/checks.js";

/** Turns one kind of credential into the live session it stands for. */
interface CallerStrategy {
  accepts(credential: Credential): boolean;
  session(context: RequestContext, credential: Credential): Promise<SessionWithUser | undefined>;
}

const ustStrategy: CallerStrategy = {
  accepts: (credential) => credential.kind === "ust",
  // An empty UST (a parameter sent as null or "") names no session.
  session: async (context, credential) =>
    credential.kind === "ust" && credential.ust ? context.sessions.load(credential.ust) : undefined,
};

/**
 * A linked credential's Basic principal: the session its user acts with, made or renewed once
 * per request, its password checked once (spec: that session is the caller for the rest of the
 * request). After a change in the request (a GraphQL document's mutation), that session is read
 * again as it now is (ended by a logout, its user locked), without another password check.
 */
const basicStrategy: CallerStrategy = {
  accepts: (credential) => credential.kind === "basic",
  session: async (context, credential) => {
    if (credential.kind !== "basic") return undefined;
    if (!context.acting) {
      context.acting = actAsLinkedUser(context, credential).then((acting) => {
        if (acting?.ust) context.issuedUst = acting.ust;
        return acting;
      });
      context.actingSession = context.acting.then((acting) => acting?.found);
    }
    const { acting } = context;
    context.actingSession ??= acting.then(
      async (found) =>
        found && findLiveSessionById(context.services.db.sql, found.found.session.id, context.services.clock.now()),
    );
    return context.actingSession;
  },
};

/**
 * A request carrying a linked credential's Basic principal acts on it before anything else of
 * the request, whether or not a call then takes its session as the caller (spec: every such
 * request checks the credential and makes or renews its session; a new session's UST goes back
 * in X-Zato-SSO-UST). Once per request; the calls reuse what it found.
 */
export function actOnBasicPrincipal(context: RequestContext): Promise<unknown> | undefined {
  // Without a Basic principal (nearly every request), nothing to wait for: no promise is made.
  for (const credential of context.info.credentials) {
    if (credential.kind === "basic") return basicStrategy.session(context, credential);
  }
  return undefined;
}

/** Tried in order; the first that accepts a credential decides what it stands for. */
const STRATEGIES: readonly CallerStrategy[] = [ustStrategy, basicStrategy];

const strategyFor = (credential: Credential) => STRATEGIES.find((s) => s.accepts(credential));

/**
 * The credential a call acts with: its UST parameter `via` (by default the operation's first
 * UST field; null: none) when sent, a null counting as sent and naming nothing; otherwise the
 * request's own credentials, the first one a strategy accepts.
 */
function credentialOf(call: Call, via: string | null | undefined): Credential | undefined {
  const field = via === undefined ? call.ustField : via;
  const param = field == null ? undefined : call.params[field];
  if (param !== undefined) return { kind: "ust", ust: typeof param === "string" ? param : "" };
  return call.request.credentials.find((credential) => strategyFor(credential));
}

/**
 * Whether the request itself carries a credential that stands in for an absent UST parameter: a
 * UST header (judged later, like a parameter), or a Basic principal that authenticated (one
 * that failed is as if it had not been sent).
 */
export async function hasRequestCredential(context: RequestContext): Promise<boolean> {
  for (const credential of context.info.credentials) {
    const strategy = strategyFor(credential);
    if (!strategy) continue;
    if (credential.kind === "ust") return true;
    // A principal that authenticated stands in even once its session has ended (a logout earlier in the request).
    await strategy.session(context, credential);
    if (await context.acting) return true;
  }
  return false;
}

/**
 * Whether a key the operation requires is absent: not among the parameters, and not stood in for
 * by the request (a UST by its header or an authenticated Basic principal, current_app by its
 * header). REST answers that with HTTP 400, GraphQL with a BAD_REQUEST error; nothing else happens.
 */
export async function requiredAbsent(
  op: AnyOperation,
  params: Readonly<Record<string, unknown>>,
  context: RequestContext,
): Promise<boolean> {
  for (const key of op.input.required) {
    if (key in params) continue;
    if (
      op.input.shape[key]?.credential
        ? await hasRequestCredential(context)
        : key === "current_app" && context.info.headerApp !== undefined
    ) {
      continue;
    }
    return true;
  }
  return false;
}

/** The UST a call's caller is resolved from, when that credential is a UST (parameter or header) and not empty. */
export function callerUst(call: Call, via?: string | null): string | undefined {
  const credential = credentialOf(call, via);
  return credential?.kind === "ust" && credential.ust ? credential.ust : undefined;
}

/** Whether the call has any credential to resolve a caller from. */
export const hasCredential = (call: Call, via?: string | null): boolean => credentialOf(call, via) !== undefined;

/**
 * What a call acts with, for logout, which ends that session without resolving a caller: a UST
 * (parameter or header), or the session a linked credential's Basic principal acts with.
 */
export async function presentedSession(call: Call): Promise<{ ust: string } | { session: SessionWithUser } | undefined> {
  const credential = credentialOf(call, undefined);
  if (credential?.kind === "ust") return credential.ust ? { ust: credential.ust } : undefined;
  const found = await sessionOf(call.context, credential);
  return found && { session: found };
}

async function sessionOf(context: RequestContext, credential: Credential | undefined): Promise<SessionWithUser | undefined> {
  const strategy = credential && strategyFor(credential);
  return strategy && credential ? strategy.session(context, credential) : undefined;
}

export interface CallerOptions {
  /** The operation is for super-users only. */
  superUser?: boolean;
  /** The UST field the caller is named by, where an operation has more than one; null: the request's own credentials. */
  via?: string | null;
}

/**
 * Resolves the caller (docs/rules.md, "Identifying the caller"): a live session, its user
 * passing every user check (password expiry included) from the request's address, and, where
 * the operation needs one, a super-user. Records the caller as the call's actor. Never
 * extends the session.
 */
export async function resolveCaller(call: Call, options: CallerOptions = {}): Promise<SessionWithUser> {
  return acceptCaller(call, await sessionOf(call.context, credentialOf(call, options.via)), options);
}

/**
 * For calls about another session: resolves the caller, who must be a super-user, and looks up
 * the target in the same statement. Returns the target's live session, if any; what a missing
 * or failing target means is the operation's to decide.
 */
export async function resolveSuperUserAndTarget(
  call: Call,
  targetUst: string | null | undefined,
  options: Pick<CallerOptions, "via"> = {},
): Promise<SessionWithUser | undefined> {
  const [current, target] = await Promise.all([
    sessionOf(call.context, credentialOf(call, options.via)),
    targetUst ? call.context.sessions.load(targetUst) : undefined,
  ]);
  acceptCaller(call, current, { superUser: true });
  return target;
}

function acceptCaller(call: Call, found: SessionWithUser | undefined, options: CallerOptions): SessionWithUser {
  if (!found) throw new SsoError(Code.SESSION_NO_SUCH_SESSION, { disclosable: false });
  checkUser(call.config, found.user, { clientAddr: call.request.clientAddr, now: call.now, passwordExpiry: true });
  call.actor = actorOf(found);
  if (options.superUser && !found.user.is_super_user) throw new SsoError(Code.AUTH_NOT_ALLOWED);
  return found;
}

/**
 * The caller named by the request's own credentials, if they name one that passes the checks
 * of every caller; memoised with the request's session look-ups. For fields that authorise
 * outside an operation (nested GraphQL fields, subscriptions).
 */
export async function requestCaller(context: RequestContext, now: Date): Promise<SessionWithUser | undefined> {
  const credential = context.info.credentials.find((c) => strategyFor(c));
  const found = await sessionOf(context, credential);
  if (!found) return undefined;
  try {
    checkUser(context.services.config, found.user, { clientAddr: context.info.clientAddr, now, passwordExpiry: true });
    return found;
  } catch (e) {
    if (e instanceof SsoError) return undefined;
    throw e;
  }
}

/** The checks of the caller's own session, run on a target session with the address of the current request. */
export function checkTarget(call: Call, found: SessionWithUser | undefined): SessionWithUser {
  if (!found) throw new SsoError(Code.SESSION_NO_SUCH_SESSION, { disclosable: false });
  checkUser(call.config, found.user, { clientAddr: call.request.clientAddr, now: call.now, passwordExpiry: true });
  call.target(found.user);
  return found;
}
