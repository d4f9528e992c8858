import { GraphQLError } from "graphql";
import type { SsoEvent } from "../core/events/bus.js";
import { type Watch, watch } from "../core/events/watch.js";
import { CATALOG, SsoError } from "../core/status.js";
import { builder } from "./builder.js";
import type { GraphQLContext } from "./context.js";

type SessionEvent = Extract<SsoEvent, { kind: "session" }>;
type SecurityEvent = Extract<SsoEvent, { kind: "security" }>;

const SessionEventRef = builder.objectRef<SessionEvent>("SessionEvent").implement({
  description: "Something that happened to a session of the subscriber.",
  fields: (t) => ({
    type: t.exposeString("type", { description: "`created`, `renewed` or `ended`." }),
    userId: t.exposeString("user_id"),
    sessionId: t.exposeString("session_id", { nullable: true, description: "Null: every session of the user." }),
    reason: t.exposeString("reason", {
      nullable: true,
      description:
        "Why it ended: `logout`, `expiry`, `lock`, `revocation`, `deletion`, `rejection` (the user's approval withdrawn), `unlinking` (the linked credential that made it unlinked or deleted) or `refused` (the user no longer passes the user checks: a password expired, a signup no longer confirmed).",
    }),
    at: t.exposeString("at"),
  }),
});

const SecurityEventRef = builder.objectRef<SecurityEvent>("SecurityEvent").implement({
  description: "Something a super-user watches for.",
  fields: (t) => ({
    type: t.exposeString("type", {
      description: "`login_refused`, `login_throttled`, `user_locked`, `approval_pending`, `user_deleted` or `sessions_revoked`.",
    }),
    userId: t.exposeString("user_id", { nullable: true }),
    username: t.exposeString("username", { nullable: true, description: "Only when it names a user." }),
    subStatus: t.exposeStringList("sub_status"),
    at: t.exposeString("at"),
  }),
});

/** The UST a subscription acts with: its argument, else the request's X-Zato-SSO-UST header. */
const ustOf = (ctx: GraphQLContext, ust: string | null | undefined) =>
  ust ?? ctx.request.info.credentials.find((c) => c.kind === "ust")?.ust;

/** Starts a watch; a refusal is a GraphQL error carrying the sub_status REST would report. */
async function started(ctx: GraphQLContext, ust: string | null | undefined, what: Watch) {
  try {
    return await watch(ctx.request, ustOf(ctx, ust), what);
  } catch (e) {
    if (!(e instanceof SsoError)) throw e;
    throw new GraphQLError(e.subStatus.map((c) => CATALOG[c].name).join(", "), {
      extensions: { code: "FORBIDDEN", subStatus: e.subStatus, cid: ctx.request.info.cid },
    });
  }
}

builder.subscriptionType({});

builder.subscriptionField("sessionEvents", (t) =>
  t.field({
    type: SessionEventRef,
    description:
      "The subscriber's own session events, live (server-sent events), from every gateway process; the subscription ends when the subscriber's session ends.",
    args: { ust: t.arg.string() },
    subscribe: (_, args, ctx) => started(ctx, args.ust, { kind: "session" }) as Promise<AsyncIterable<SessionEvent>>,
    resolve: (event) => event,
  }),
);

builder.subscriptionField("securityEvents", (t) =>
  t.field({
    type: SecurityEventRef,
    description:
      "Security events for super-users, live, optionally only some types; the subscription ends when the subscriber's session ends.",
    args: { ust: t.arg.string(), types: t.arg.stringList() },
    subscribe: (_, args, ctx) =>
      started(ctx, args.ust, { kind: "security", types: args.types ?? [] }) as Promise<AsyncIterable<SecurityEvent>>,
    resolve: (event) => event,
  }),
);
