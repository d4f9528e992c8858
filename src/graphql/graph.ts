import { Attribute } from "./attributes.js";
import { builder } from "./builder.js";
import type { GraphQLContext } from "./context.js";
import { viewed, viewerOf } from "./operation-field.js";
import { SessionInfo, SessionPayload } from "./session.js";
import { UserViewInterface } from "./user.js";

// Fields that join one type to another, beyond Zato's calls: a user's attributes and sessions,
// a session's attributes. The core decides who reads them (docs/graphql.md, "The graph"),
// with the caller of the operation that produced their parent.

builder.interfaceFields(UserViewInterface, (t) => ({
  attributes: t.field({
    type: [Attribute],
    nullable: true,
    description: "The user's live attributes, by name; null unless the caller is a super-user.",
    resolve: (user, _, ctx) => ctx.graph.userAttributes(viewerOf(user), user.user_id),
  }),
  sessions: t.field({
    type: [SessionInfo],
    nullable: true,
    description: "The user's live sessions, oldest first; null unless the caller is a super-user.",
    resolve: async (user, _, ctx) => {
      const sessions = await ctx.graph.sessionsOfUser(viewerOf(user), user.user_id);
      return sessions && viewed(user, sessions);
    },
  }),
}));

const SESSION_ATTRIBUTES = "The session's live attributes, by name; null unless the caller is a super-user.";
const sessionAttributes = (session: { session_id: string }, _: unknown, ctx: GraphQLContext) =>
  ctx.graph.sessionAttributes(viewerOf(session), session.session_id);

builder.objectFields(SessionInfo, (t) => ({
  attributes: t.field({ type: [Attribute], nullable: true, description: SESSION_ATTRIBUTES, resolve: sessionAttributes }),
}));

builder.objectFields(SessionPayload, (t) => ({
  attributes: t.field({ type: [Attribute], nullable: true, description: SESSION_ATTRIBUTES, resolve: sessionAttributes }),
}));
