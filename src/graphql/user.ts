import { resetTotpKey } from "../core/totp/reset.js";
import { approveUser, deleteUserById, deleteUserByUsername, lockUser, rejectUser, unlockUser } from "../core/users/admin.js";
import { changePassword } from "../core/users/change-password.js";
import { createUser, getCurrentUser, getUserById } from "../core/users/operations.js";
import { type SearchResult, search } from "../core/users/search.js";
import { updateCurrentUser, updateUserById } from "../core/users/update.js";
import type { SearchView, UserView } from "../core/users/views.js";
import { builder } from "./builder.js";
import { errorOptions, PayloadInterface, type PayloadShape } from "./errors.js";
import { runOperation } from "./resolve.js";
import { EmptyPayload } from "./session.js";

type UserShape = UserView & Partial<SearchView>;

/** A user in the view the caller may see (behaviour §6.2); fields outside that view are null. */
const UserViewInterface = builder.interfaceRef<UserShape>("UserView").implement({
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
    isRateLimitActive: t.exposeBoolean("is_rate_limit_active", { nullable: true, description: "Search results only." }),
    rateLimitDef: t.exposeString("rate_limit_def", { nullable: true, description: "Search results only." }),
    rateLimitType: t.exposeString("rate_limit_type", { nullable: true, description: "Search results only." }),
    rateLimitCheckParentDef: t.exposeBoolean("rate_limit_check_parent_def", {
      nullable: true,
      description: "Search results only.",
    }),
  }),
});

export const UserPayload = builder.objectRef<PayloadShape & UserShape>("UserPayload").implement({
  interfaces: [PayloadInterface, UserViewInterface],
});

const User = builder.objectRef<UserShape>("User").implement({
  description: "A user in search results (the search view of behaviour §6.2).",
  interfaces: [UserViewInterface],
});

const SearchPayload = builder.objectRef<PayloadShape & SearchResult>("SearchPayload").implement({
  interfaces: [PayloadInterface],
  fields: (t) => ({
    total: t.exposeInt("total"),
    numPages: t.exposeInt("num_pages"),
    pageSize: t.exposeInt("page_size"),
    curPage: t.exposeInt("cur_page"),
    hasNextPage: t.exposeBoolean("has_next_page"),
    hasPrevPage: t.exposeBoolean("has_prev_page"),
    nextPage: t.exposeInt("next_page", { nullable: true }),
    prevPage: t.exposeInt("prev_page"),
    result: t.field({ type: [User], resolve: (page) => page.result }),
  }),
});

const ResetTotpKeyPayload = builder.objectRef<PayloadShape & { totp_key: string }>("ResetTotpKeyPayload").implement({
  interfaces: [PayloadInterface],
  fields: (t) => ({ totpKey: t.exposeString("totp_key", { description: "The key now in force; shown only here." }) }),
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

builder.queryField("search", (t) =>
  t.field({
    type: SearchPayload,
    description: "Searches users (super-users only), one page at a time. REST: GET /zato/sso/user/search.",
    errors: errorOptions,
    args: {
      ust: t.arg.string(),
      currentApp: t.arg.string(),
      userId: t.arg.string(),
      username: t.arg.string(),
      email: t.arg.string(),
      displayName: t.arg.string(),
      firstName: t.arg.string(),
      middleName: t.arg.string(),
      lastName: t.arg.string(),
      signUpStatus: t.arg.string(),
      approvalStatus: t.arg.string(),
      isNameExact: t.arg.boolean(),
      nameOp: t.arg.string(),
      curPage: t.arg.int(),
      pageSize: t.arg.int(),
      paginate: t.arg.boolean(),
    },
    resolve: (_, args, ctx) => runOperation(ctx, search, args),
  }),
);

/** The fields of behaviour §8.1; super-user fields are refused (E008002) to regular users. */
const updateArgs = builder.args((t) => ({
  ust: t.string(),
  currentApp: t.string(),
  username: t.string(),
  email: t.string(),
  displayName: t.string(),
  firstName: t.string(),
  middleName: t.string(),
  lastName: t.string(),
  isTotpEnabled: t.boolean(),
  totpLabel: t.string(),
  isLocked: t.boolean(),
  passwordExpiry: t.string(),
  passwordMustChange: t.boolean(),
  signUpStatus: t.string(),
  approvalStatus: t.string(),
}));

const onUserArgs = builder.args((t) => ({
  ust: t.string(),
  currentApp: t.string(),
  userId: t.string({ required: true }),
}));

builder.mutationField("updateCurrentUser", (t) =>
  t.field({
    type: EmptyPayload,
    description: "Updates the caller's own account. REST: PATCH /zato/sso/user.",
    errors: errorOptions,
    args: updateArgs,
    resolve: (_, args, ctx) => runOperation(ctx, updateCurrentUser, args),
  }),
);

builder.mutationField("updateUserById", (t) =>
  t.field({
    type: EmptyPayload,
    description: "Updates any account (super-users). REST: PATCH /zato/sso/user with user_id.",
    errors: errorOptions,
    args: { ...updateArgs, userId: t.arg.string({ required: true }) },
    resolve: (_, args, ctx) => runOperation(ctx, updateUserById, args),
  }),
);

builder.mutationField("deleteUserById", (t) =>
  t.field({
    type: EmptyPayload,
    description: "Deletes another user and all that is theirs (super-users). REST: DELETE /zato/sso/user.",
    errors: errorOptions,
    // user_id is optional on REST (absent: E008003), so it may be null here too.
    args: { ust: t.arg.string(), currentApp: t.arg.string(), userId: t.arg.string() },
    resolve: (_, args, ctx) => runOperation(ctx, deleteUserById, args),
  }),
);

builder.mutationField("deleteUserByUsername", (t) =>
  t.field({
    type: EmptyPayload,
    description: "Deletes another user, named by username (super-users). No REST counterpart.",
    errors: errorOptions,
    args: { ust: t.arg.string(), currentApp: t.arg.string(), username: t.arg.string() },
    resolve: (_, args, ctx) => runOperation(ctx, deleteUserByUsername, args),
  }),
);

builder.mutationField("lockUser", (t) =>
  t.field({
    type: EmptyPayload,
    description: "Locks a user (super-users). REST: POST /zato/sso/user/lock.",
    errors: errorOptions,
    args: onUserArgs,
    resolve: (_, args, ctx) => runOperation(ctx, lockUser, args),
  }),
);

builder.mutationField("unlockUser", (t) =>
  t.field({
    type: EmptyPayload,
    description: "Unlocks a user (super-users). REST: DELETE /zato/sso/user/lock.",
    errors: errorOptions,
    args: onUserArgs,
    resolve: (_, args, ctx) => runOperation(ctx, unlockUser, args),
  }),
);

builder.mutationField("approveUser", (t) =>
  t.field({
    type: EmptyPayload,
    description: "Approves a user (super-users). REST: POST /zato/sso/user/approve.",
    errors: errorOptions,
    args: onUserArgs,
    resolve: (_, args, ctx) => runOperation(ctx, approveUser, args),
  }),
);

builder.mutationField("rejectUser", (t) =>
  t.field({
    type: EmptyPayload,
    description:
      "Rejects a user (super-users): an account from signup is deleted, others are kept as rejected. " +
      "REST: POST /zato/sso/user/reject.",
    errors: errorOptions,
    args: { ...onUserArgs, reason: t.arg.string({ description: "Written to the audit log only." }) },
    resolve: (_, args, ctx) => runOperation(ctx, rejectUser, args),
  }),
);

builder.mutationField("changePassword", (t) =>
  t.field({
    type: EmptyPayload,
    description:
      "Changes one's own password (old password needed), or anyone's (super-users). REST: PATCH /zato/sso/user/password.",
    errors: errorOptions,
    args: {
      ust: t.arg.string(),
      currentApp: t.arg.string(),
      newPassword: t.arg.string({ required: true }),
      oldPassword: t.arg.string(),
      userId: t.arg.string(),
      passwordExpiry: t.arg.int({ description: "Days until the new password expires." }),
      mustChange: t.arg.boolean(),
    },
    resolve: (_, args, ctx) => runOperation(ctx, changePassword, args),
  }),
);

builder.mutationField("resetTotpKey", (t) =>
  t.field({
    type: ResetTotpKeyPayload,
    description: "Sets a new TOTP key (given, or generated when empty). REST: PATCH /zato/sso/user/totp.",
    errors: errorOptions,
    args: {
      ust: t.arg.string(),
      currentApp: t.arg.string(),
      totpKey: t.arg.string({ required: true }),
      totpLabel: t.arg.string({ required: true }),
      userId: t.arg.string(),
    },
    resolve: (_, args, ctx) => runOperation(ctx, resetTotpKey, args),
  }),
);
