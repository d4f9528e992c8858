import { changePassword } from "../core/passwords/change.js";
import { resetTotpKey } from "../core/totp/reset.js";
import { approveUser, rejectUser } from "../core/users/approval.js";
import { createUser } from "../core/users/create.js";
import { deleteUserById, deleteUserByUsername } from "../core/users/delete.js";
import { getCurrentUser, getUserById } from "../core/users/get.js";
import { lockUser, unlockUser } from "../core/users/lock.js";
import { type SearchResult, search } from "../core/users/search.js";
import { updateCurrentUser, updateUserById } from "../core/users/update.js";
import type { SearchView, UserView } from "../core/users/views.js";
import { builder } from "./builder.js";
import { PayloadInterface, type PayloadShape } from "./errors.js";
import { operationField, viewed } from "./operation-field.js";
import { EmptyPayload } from "./session.js";

type UserShape = UserView & Partial<SearchView>;

/** A user in the view the caller may see (docs/rules.md, "What a caller sees"); fields outside that view are null. */
export const UserViewInterface = builder.interfaceRef<UserShape>("UserView").implement({
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

export const User = builder.objectRef<UserShape>("User").implement({
  description: 'A user in search results (the search view of docs/rules.md, "What a caller sees").',
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
    result: t.field({ type: [User], resolve: (page) => viewed(page, page.result) }),
  }),
});

const ResetTotpKeyPayload = builder.objectRef<PayloadShape & { totp_key: string }>("ResetTotpKeyPayload").implement({
  interfaces: [PayloadInterface],
  fields: (t) => ({ totpKey: t.exposeString("totp_key", { description: "The key now in force; shown only here." }) }),
});

operationField("createUser", createUser, {
  type: UserPayload,
  description: "Creates a regular user (super-users only). REST: POST /zato/sso/user.",
});

operationField("getCurrentUser", getCurrentUser, {
  type: UserPayload,
  description: "The caller's own account. REST: GET /zato/sso/user.",
});

operationField("getUserById", getUserById, {
  type: UserPayload,
  description: "Any account (super-users only). REST: GET /zato/sso/user with user_id.",
});

operationField("search", search, {
  type: SearchPayload,
  description: "Searches users (super-users only), one page at a time. REST: GET /zato/sso/user/search.",
});

operationField("updateCurrentUser", updateCurrentUser, {
  type: EmptyPayload,
  description: "Updates the caller's own account. REST: PATCH /zato/sso/user.",
});

operationField("updateUserById", updateUserById, {
  type: EmptyPayload,
  description: "Updates any account (super-users). REST: PATCH /zato/sso/user with user_id.",
});

operationField("deleteUserById", deleteUserById, {
  type: EmptyPayload,
  description: "Deletes another user and all that is theirs (super-users). REST: DELETE /zato/sso/user.",
});

operationField("deleteUserByUsername", deleteUserByUsername, {
  type: EmptyPayload,
  description: "Deletes another user, named by username (super-users). No REST counterpart.",
});

operationField("lockUser", lockUser, {
  type: EmptyPayload,
  description: "Locks a user (super-users). REST: POST /zato/sso/user/lock.",
});

operationField("unlockUser", unlockUser, {
  type: EmptyPayload,
  description: "Unlocks a user (super-users). REST: DELETE /zato/sso/user/lock.",
});

operationField("approveUser", approveUser, {
  type: EmptyPayload,
  description: "Approves a user (super-users). REST: POST /zato/sso/user/approve.",
});

operationField("rejectUser", rejectUser, {
  type: EmptyPayload,
  description:
    "Rejects a user (super-users): an account from signup is deleted, others are kept as rejected. " +
    "REST: POST /zato/sso/user/reject.",
});

operationField("changePassword", changePassword, {
  type: EmptyPayload,
  description:
    "Changes one's own password (old password needed), or anyone's (super-users). REST: PATCH /zato/sso/user/password.",
});

operationField("resetTotpKey", resetTotpKey, {
  type: ResetTotpKeyPayload,
  description: "Sets a new TOTP key (given, or generated when empty). REST: PATCH /zato/sso/user/totp.",
});
