import { createUser, getCurrentUser, getUserById } from "../core/users/operations.js";
import type { FullView, UserView } from "../core/users/views.js";
import { builder } from "./builder.js";
import { errorOptions, PayloadInterface, type PayloadShape } from "./errors.js";
import { runOperation } from "./resolve.js";

type UserPayloadShape = PayloadShape & UserView & Partial<FullView>;

/** A user in the view the caller may see (behaviour §6.2); fields outside it are null. */
export const UserPayload = builder.objectRef<UserPayloadShape>("UserPayload").implement({
  interfaces: [PayloadInterface],
  fields: (t) => ({
    isCurrentSuperUser: t.boolean({
      description: "Whether the caller is a super-user, and so sees the full view.",
      resolve: (user) => "user_id" in user,
    }),
    userId: t.exposeString("user_id", { nullable: true }),
    username: t.exposeString("username"),
    email: t.exposeString("email", { nullable: true }),
    displayName: t.exposeString("display_name", { nullable: true }),
    firstName: t.exposeString("first_name", { nullable: true }),
    middleName: t.exposeString("middle_name", { nullable: true }),
    lastName: t.exposeString("last_name", { nullable: true }),
    isTotpEnabled: t.exposeBoolean("is_totp_enabled"),
    totpLabel: t.exposeString("totp_label"),
    isActive: t.exposeBoolean("is_active", { nullable: true }),
    isInternal: t.exposeBoolean("is_internal", { nullable: true }),
    isSuperUser: t.exposeBoolean("is_super_user", { nullable: true }),
    isApprovalNeeded: t.exposeBoolean("is_approval_needed", { nullable: true }),
    approvalStatus: t.exposeString("approval_status", { nullable: true }),
    approvalStatusModTime: t.exposeString("approval_status_mod_time", { nullable: true }),
    approvalStatusModBy: t.exposeString("approval_status_mod_by", { nullable: true }),
    isLocked: t.exposeBoolean("is_locked", { nullable: true }),
    lockedTime: t.exposeString("locked_time", { nullable: true }),
    lockedBy: t.exposeString("locked_by", { nullable: true }),
    creationCtx: t.exposeString("creation_ctx", { nullable: true }),
    passwordExpiry: t.exposeString("password_expiry", { nullable: true }),
    passwordIsSet: t.exposeBoolean("password_is_set", { nullable: true }),
    passwordMustChange: t.exposeBoolean("password_must_change", { nullable: true }),
    passwordLastSet: t.exposeString("password_last_set", { nullable: true }),
    signUpStatus: t.exposeString("sign_up_status", { nullable: true }),
    signUpTime: t.exposeString("sign_up_time", { nullable: true }),
  }),
});

builder.mutationField("createUser", (t) =>
  t.field({
    type: UserPayload,
    description: "Creates a regular user (super-users only). REST: POST /zato/sso/user.",
    errors: errorOptions,
    args: {
      ust: t.arg.string(),
      currentApp: t.arg.string(),
      username: t.arg.string(),
      password: t.arg.string(),
      passwordMustChange: t.arg.boolean(),
      displayName: t.arg.string(),
      firstName: t.arg.string(),
      middleName: t.arg.string(),
      lastName: t.arg.string(),
      email: t.arg.string(),
      isLocked: t.arg.boolean(),
      signUpStatus: t.arg.string(),
      isTotpEnabled: t.arg.boolean(),
      totpKey: t.arg.string(),
      totpLabel: t.arg.string(),
      isRateLimitActive: t.arg.boolean(),
      rateLimitDef: t.arg.string(),
      autoApprove: t.arg.boolean(),
    },
    resolve: (_, args, ctx) => runOperation(ctx, createUser, args),
  }),
);

builder.queryField("getCurrentUser", (t) =>
  t.field({
    type: UserPayload,
    description: "The caller's own account. REST: GET /zato/sso/user.",
    errors: errorOptions,
    args: { ust: t.arg.string(), currentApp: t.arg.string() },
    resolve: (_, args, ctx) => runOperation(ctx, getCurrentUser, args),
  }),
);

builder.queryField("getUserById", (t) =>
  t.field({
    type: UserPayload,
    description: "Any account (super-users only). REST: GET /zato/sso/user with user_id.",
    errors: errorOptions,
    args: { ust: t.arg.string(), currentApp: t.arg.string(), userId: t.arg.string({ required: true }) },
    resolve: (_, args, ctx) => runOperation(ctx, getUserById, args),
  }),
);
