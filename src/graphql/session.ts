import { login } from "../core/sessions/login.js";
import { logout } from "../core/sessions/logout.js";
import { getSession, getSessionList, renewSession, verifySession } from "../core/sessions/operations.js";
import { revokeSessions } from "../core/sessions/revoke.js";
import type { SessionListItem, StateChange } from "../core/sessions/session.js";
import { builder } from "./builder.js";
import { PayloadInterface, type PayloadShape } from "./errors.js";
import { operationField, viewed } from "./operation-field.js";

const LoginPayload = builder
  .objectRef<PayloadShape & { ust: string; user_id: string; username: string; creation_time: string; expiration_time: string }>(
    "LoginPayload",
  )
  .implement({
    interfaces: [PayloadInterface],
    fields: (t) => ({
      ust: t.exposeString("ust", { description: "The user session token: treat it as opaque." }),
      userId: t.exposeString("user_id"),
      username: t.exposeString("username"),
      creationTime: t.exposeString("creation_time"),
      expirationTime: t.exposeString("expiration_time"),
    }),
  });

export const EmptyPayload = builder.objectRef<PayloadShape>("EmptyPayload").implement({
  description: "A call whose answer is its status alone.",
  interfaces: [PayloadInterface],
});

const VerifySessionPayload = builder.objectRef<PayloadShape & { is_valid: boolean }>("VerifySessionPayload").implement({
  interfaces: [PayloadInterface],
  fields: (t) => ({ isValid: t.exposeBoolean("is_valid") }),
});

const RenewSessionPayload = builder.objectRef<PayloadShape & { expiration_time: string }>("RenewSessionPayload").implement({
  interfaces: [PayloadInterface],
  fields: (t) => ({ expirationTime: t.exposeString("expiration_time") }),
});

export const SessionPayload = builder
  .objectRef<
    PayloadShape & {
      session_id: string;
      creation_time: string;
      expiration_time: string;
      remote_addr: string;
      user_agent: string | null;
    }
  >("SessionPayload")
  .implement({
    interfaces: [PayloadInterface],
    fields: (t) => ({
      sessionId: t.exposeString("session_id", { description: "The session's public id, as session lists show it." }),
      creationTime: t.exposeString("creation_time"),
      expirationTime: t.exposeString("expiration_time"),
      remoteAddr: t.exposeString("remote_addr"),
      userAgent: t.exposeString("user_agent", { nullable: true }),
    }),
  });

const SessionStateChange = builder.objectRef<StateChange>("SessionStateChange").implement({
  description: "One entry of a session's interaction history.",
  fields: (t) => ({
    remoteAddr: t.stringList({
      resolve: (e) => (Array.isArray(e.remote_addr) ? e.remote_addr : e.remote_addr ? [e.remote_addr] : []),
    }),
    userAgent: t.exposeString("user_agent", { nullable: true }),
    timestampUtc: t.exposeString("timestamp_utc"),
    ctxSource: t.exposeString("ctx_source"),
    idx: t.exposeInt("idx"),
  }),
});

export const SessionInfo = builder.objectRef<SessionListItem>("SessionInfo").implement({
  description: "A live session. Its UST is never shown: only its hash is stored.",
  fields: (t) => ({
    sessionId: t.exposeString("session_id"),
    creationTime: t.exposeString("creation_time"),
    expirationTime: t.exposeString("expiration_time"),
    remoteAddr: t.exposeString("remote_addr"),
    userAgent: t.exposeString("user_agent", { nullable: true }),
    authType: t.exposeString("auth_type"),
    authPrincipal: t.exposeString("auth_principal"),
    extSessionId: t.exposeString("ext_session_id", { nullable: true }),
    sessionStateChangeList: t.field({ type: [SessionStateChange], resolve: (s) => s.session_state_change_list }),
  }),
});

const SessionListPayload = builder.objectRef<PayloadShape & { result: SessionListItem[] }>("SessionListPayload").implement({
  interfaces: [PayloadInterface],
  fields: (t) => ({ result: t.field({ type: [SessionInfo], resolve: (p) => viewed(p, p.result) }) }),
});

operationField("login", login, { type: LoginPayload, description: "Logs a user in. REST: POST /zato/sso/user/login." });

operationField("logout", logout, {
  type: EmptyPayload,
  description: "Ends a session; always ok. REST: POST /zato/sso/user/logout.",
});

operationField("verifySession", verifySession, {
  type: VerifySessionPayload,
  description: "Whether another session is valid (super-users only). REST: POST /zato/sso/user/session.",
});

operationField("renewSession", renewSession, {
  type: RenewSessionPayload,
  description: "Extends the caller's session. REST: PATCH /zato/sso/user/session.",
});

operationField("getSession", getSession, {
  type: SessionPayload,
  description: "Another session's details (super-users only). REST: GET /zato/sso/user/session.",
});

operationField("getSessionList", getSessionList, {
  type: SessionListPayload,
  description:
    "Live sessions: the caller's own (ust), or another user's (currentUst + targetUst). REST: GET /zato/sso/user/session/list.",
});

const RevokeSessionsPayload = builder
  .objectRef<PayloadShape & { count: number; user_ids: string[]; dry_run: boolean }>("RevokeSessionsPayload")
  .implement({
    interfaces: [PayloadInterface],
    fields: (t) => ({
      count: t.exposeInt("count", { description: "How many sessions ended (or would end, on a dry run)." }),
      userIds: t.exposeStringList("user_ids", { description: "Whose sessions they are." }),
      dryRun: t.exposeBoolean("dry_run"),
    }),
  });

operationField("revokeSessions", revokeSessions, {
  type: RevokeSessionsPayload,
  description:
    "Ends every live session matching a predicate (super-users), in one transaction; dryRun answers what would end. No REST counterpart.",
});
