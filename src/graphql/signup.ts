import { GraphQLError } from "graphql";
import { requiredAbsent } from "../core/caller.js";
import { confirmSignup, getSignupList, type PendingSignup, signup } from "../core/signup/operations.js";
import { approveUser, type BulkDecision, decideEach, MAX_BULK_DECISIONS, rejectUser } from "../core/users/approval.js";
import { builder } from "./builder.js";
import type { GraphQLContext } from "./context.js";
import { PayloadInterface, type PayloadShape } from "./errors.js";
import { operationField, repeatingFields } from "./operation-field.js";
import { EmptyPayload } from "./session.js";

const SignupPayload = builder.objectRef<PayloadShape & { confirm_token?: string }>("SignupPayload").implement({
  interfaces: [PayloadInterface],
  fields: (t) => ({
    confirmToken: t.string({
      nullable: true,
      description: "The confirmation token; null when `[signup] always_return_confirm_token` is false.",
      resolve: (p) => p.confirm_token ?? null,
    }),
  }),
});

const PendingSignupRef = builder.objectRef<PendingSignup>("PendingSignup").implement({
  description: "An account awaiting confirmation or approval.",
  fields: (t) => ({
    userId: t.exposeString("user_id"),
    username: t.exposeString("username"),
    email: t.exposeString("email", { nullable: true }),
    displayName: t.exposeString("display_name", { nullable: true }),
    signUpTime: t.exposeString("sign_up_time"),
    signUpStatus: t.exposeString("sign_up_status"),
    approvalStatus: t.exposeString("approval_status"),
    remoteIp: t.exposeString("remote_ip", { nullable: true, description: "The first address recorded at creation." }),
    remoteAddr: t.exposeString("remote_addr", { nullable: true, description: "Every address recorded at creation." }),
  }),
});

const SignupListPayload = builder
  .objectRef<PayloadShape & { result: PendingSignup[]; has_next_page: boolean; end_cursor: string | null }>("SignupListPayload")
  .implement({
    interfaces: [PayloadInterface],
    fields: (t) => ({
      result: t.field({ type: [PendingSignupRef], resolve: (p) => p.result }),
      hasNextPage: t.exposeBoolean("has_next_page"),
      endCursor: t.exposeString("end_cursor", { nullable: true, description: "Pass it as `after` for the next page." }),
    }),
  });

operationField("signup", signup, {
  type: SignupPayload,
  description: "Signs up a new user, unconfirmed until confirmSignup. REST: POST /zato/sso/user/signup.",
});

operationField("confirmSignup", confirmSignup, {
  type: EmptyPayload,
  description: "Confirms a signup with its token. REST: PATCH /zato/sso/user/signup, POST /zato/sso/user/signup/confirm.",
});

operationField("getSignupList", getSignupList, {
  type: SignupListPayload,
  description:
    "Accounts awaiting confirmation or approval (super-users), oldest first, a page at a time. REST: GET /zato/sso/user/signup.",
});

const Decision = builder.objectRef<BulkDecision>("BulkDecision").implement({
  description: "What a bulk decision did to one user: the status and sub_status the single call would answer.",
  fields: (t) => ({
    userId: t.exposeString("user_id"),
    status: t.exposeString("status"),
    subStatus: t.exposeStringList("sub_status"),
  }),
});

for (const [name, decision, single] of [
  ["approveUsers", "approved", "approveUser"],
  ["rejectUsers", "rejected", "rejectUser"],
] as const) {
  repeatingFields.set(name, single);
  builder.mutationField(name, (t) =>
    t.field({
      type: [Decision],
      nullable: true,
      description:
        `${single} for each of up to ${MAX_BULK_DECISIONS} users (super-users), one transaction and one audit record each, ` +
        "answering for each what happened. No REST counterpart.",
      args: {
        ust: t.arg.string(),
        currentApp: t.arg.string(),
        userIds: t.arg.stringList({ required: true }),
        reason: t.arg.string({ description: "Written to the audit record of each user only." }),
      },
      resolve: async (_, args, ctx: GraphQLContext) => {
        const { ust, currentApp, userIds, reason } = args as {
          ust?: string | null;
          currentApp?: string | null;
          userIds: string[];
          reason?: string | null;
        };
        // As the single call's arguments: a null is sent (and fails the rule it breaks), an absent one is not.
        const params: Record<string, unknown> = {};
        if (ust !== undefined) params.ust = ust;
        if (currentApp !== undefined) params.current_app = currentApp;
        if (reason != null) params.reason = reason;
        // A required key neither sent nor in a header: BAD_REQUEST, as the single call, before any user
        // is decided. (An empty id, the single call's bad request too, is that id's E008002.)
        const op = decision === "approved" ? approveUser : rejectUser;
        if (userIds.length > 0 && (await requiredAbsent(op, { ...params, user_id: userIds[0] }, ctx.request))) {
          throw new GraphQLError("Bad request", { extensions: { code: "BAD_REQUEST", cid: ctx.request.info.cid } });
        }
        return decideEach(ctx.request, decision, { ...params, user_ids: userIds });
      },
    }),
  );
}
