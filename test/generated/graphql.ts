/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
};

export type AccessPasswordResetTokenPayload = Payload & {
  __typename?: 'AccessPasswordResetTokenPayload';
  cid: Scalars['String']['output'];
  /** Needed, with the token, to set the new password; shown only here. */
  resetKey: Scalars['String']['output'];
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

export type AccessPasswordResetTokenResult = AccessPasswordResetTokenPayload | SsoError;

export type ApproveUserResult = EmptyPayload | SsoError;

/** A user or session attribute. */
export type Attribute = {
  __typename?: 'Attribute';
  creationTime: Scalars['String']['output'];
  /** `9999-12-31T00:00:00` for an attribute that never expires. */
  expirationTime: Scalars['String']['output'];
  isEncrypted: Scalars['Boolean']['output'];
  lastModified: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /** Any JSON value. */
  value?: Maybe<Scalars['JSON']['output']>;
};

export type AttributeExistsPayload = Payload & {
  __typename?: 'AttributeExistsPayload';
  cid: Scalars['String']['output'];
  result: Scalars['Boolean']['output'];
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

/** Every requested name mapped to its answer (an attribute or null; or whether it exists), as on REST. */
export type AttributeMapPayload = Payload & {
  __typename?: 'AttributeMapPayload';
  cid: Scalars['String']['output'];
  result: Scalars['JSON']['output'];
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

export type AttributeNamesPayload = Payload & {
  __typename?: 'AttributeNamesPayload';
  cid: Scalars['String']['output'];
  /** In code point order. */
  result: Array<Scalars['String']['output']>;
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

/** One attribute, when `found`; its other fields are null otherwise. */
export type AttributePayload = Payload & {
  __typename?: 'AttributePayload';
  cid: Scalars['String']['output'];
  creationTime?: Maybe<Scalars['String']['output']>;
  expirationTime?: Maybe<Scalars['String']['output']>;
  found: Scalars['Boolean']['output'];
  isEncrypted?: Maybe<Scalars['Boolean']['output']>;
  lastModified?: Maybe<Scalars['String']['output']>;
  name?: Maybe<Scalars['String']['output']>;
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
  value?: Maybe<Scalars['JSON']['output']>;
};

/** A page of the audit log, newest first. */
export type AuditLogPayload = Payload & {
  __typename?: 'AuditLogPayload';
  cid: Scalars['String']['output'];
  records: Array<AuditRecord>;
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

export type AuditLogResult = AuditLogPayload | SsoError;

export type AuditRecord = {
  __typename?: 'AuditRecord';
  actorSessionId?: Maybe<Scalars['String']['output']>;
  actorUserId?: Maybe<Scalars['String']['output']>;
  cid: Scalars['String']['output'];
  createdAt: Scalars['String']['output'];
  currentApp?: Maybe<Scalars['String']['output']>;
  details: Scalars['JSON']['output'];
  /** The record's position in the log; pass it as `after` to read older records. */
  id: Scalars['String']['output'];
  operation: Scalars['String']['output'];
  outcome: Scalars['String']['output'];
  /** The TCP peer of the request (a proxy, behind one); null for the CLI. */
  peerAddr?: Maybe<Scalars['String']['output']>;
  remoteAddr?: Maybe<Scalars['String']['output']>;
  subStatus: Array<Scalars['String']['output']>;
  targetUserId?: Maybe<Scalars['String']['output']>;
  targetUsername?: Maybe<Scalars['String']['output']>;
  userAgent?: Maybe<Scalars['String']['output']>;
};

export type AuthType =
  | 'basic_auth';

/** What a bulk decision did to one user: the status and sub_status the single call would answer. */
export type BulkDecision = {
  __typename?: 'BulkDecision';
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
  userId: Scalars['String']['output'];
};

export type ChangePasswordResetPasswordResult = EmptyPayload | SsoError;

export type ChangePasswordResult = EmptyPayload | SsoError;

export type ConfirmSignupResult = EmptyPayload | SsoError;

export type CreateLinkedAuthResult = EmptyPayload | SsoError;

export type CreatePasswordResetTokenResult = EmptyPayload | SsoError;

export type CreateSessionAttrManyResult = EmptyPayload | SsoError;

export type CreateSessionAttrResult = EmptyPayload | SsoError;

export type CreateUserAttrManyResult = EmptyPayload | SsoError;

export type CreateUserAttrResult = EmptyPayload | SsoError;

export type CreateUserResult = SsoError | UserPayload;

export type DeleteLinkedAuthResult = EmptyPayload | SsoError;

export type DeleteSessionAttrManyResult = EmptyPayload | SsoError;

export type DeleteSessionAttrResult = EmptyPayload | SsoError;

export type DeleteUserAttrManyResult = EmptyPayload | SsoError;

export type DeleteUserAttrResult = EmptyPayload | SsoError;

export type DeleteUserByIdResult = EmptyPayload | SsoError;

export type DeleteUserByUsernameResult = EmptyPayload | SsoError;

/** A call whose answer is its status alone. */
export type EmptyPayload = Payload & {
  __typename?: 'EmptyPayload';
  cid: Scalars['String']['output'];
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

/** A failure returned as data, not as a GraphQL error. */
export type Error = {
  message: Scalars['String']['output'];
};

export type ExistsSessionAttrManyResult = AttributeMapPayload | SsoError;

export type ExistsSessionAttrResult = AttributeExistsPayload | SsoError;

export type ExistsUserAttrManyResult = AttributeMapPayload | SsoError;

export type ExistsUserAttrResult = AttributeExistsPayload | SsoError;

export type GetCurrentUserResult = SsoError | UserPayload;

export type GetLinkedAuthListResult = LinkedAuthListPayload | SsoError;

export type GetSessionAttrManyResult = AttributeMapPayload | SsoError;

export type GetSessionAttrResult = AttributePayload | SsoError;

export type GetSessionListResult = SessionListPayload | SsoError;

export type GetSessionResult = SessionPayload | SsoError;

export type GetSignupListResult = SignupListPayload | SsoError;

export type GetUserAttrManyResult = AttributeMapPayload | SsoError;

export type GetUserAttrResult = AttributePayload | SsoError;

export type GetUserByIdResult = SsoError | UserPayload;

/** An external credential linked to a user. */
export type LinkedAuth = {
  __typename?: 'LinkedAuth';
  authType: Scalars['String']['output'];
  authUsername: Scalars['String']['output'];
  creationTime: Scalars['String']['output'];
  isActive: Scalars['Boolean']['output'];
};

export type LinkedAuthListPayload = Payload & {
  __typename?: 'LinkedAuthListPayload';
  cid: Scalars['String']['output'];
  result: Array<LinkedAuth>;
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

export type LockUserResult = EmptyPayload | SsoError;

export type LoginPayload = Payload & {
  __typename?: 'LoginPayload';
  cid: Scalars['String']['output'];
  creationTime: Scalars['String']['output'];
  expirationTime: Scalars['String']['output'];
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
  userId: Scalars['String']['output'];
  username: Scalars['String']['output'];
  /** The user session token: treat it as opaque. */
  ust: Scalars['String']['output'];
};

export type LoginResult = LoginPayload | SsoError;

export type LogoutResult = EmptyPayload | SsoError;

export type Mutation = {
  __typename?: 'Mutation';
  /** Accesses a password-reset token, once, for its reset key. REST: PATCH /zato/sso/password/reset. */
  accessPasswordResetToken?: Maybe<AccessPasswordResetTokenResult>;
  /** Approves a user (super-users). REST: POST /zato/sso/user/approve. */
  approveUser?: Maybe<ApproveUserResult>;
  /** approveUser for each of up to 100 users (super-users), one transaction and one audit record each, answering for each what happened. No REST counterpart. */
  approveUsers?: Maybe<Array<BulkDecision>>;
  /** Changes one's own password (old password needed), or anyone's (super-users). REST: PATCH /zato/sso/user/password. */
  changePassword?: Maybe<ChangePasswordResult>;
  /** Sets a new password with an accessed token and its reset key, once. REST: DELETE /zato/sso/password/reset. */
  changePasswordResetPassword?: Maybe<ChangePasswordResetPasswordResult>;
  /** Confirms a signup with its token. REST: PATCH /zato/sso/user/signup, POST /zato/sso/user/signup/confirm. */
  confirmSignup?: Maybe<ConfirmSignupResult>;
  /** Links an external credential to a user (super-users); its Basic principal then acts as the user. REST: POST /zato/sso/user/linked. */
  createLinkedAuth?: Maybe<CreateLinkedAuthResult>;
  /** Sends a password-reset token to the user a username or email names; always ok, whoever it names. REST: POST /zato/sso/password/reset. */
  createPasswordResetToken?: Maybe<CreatePasswordResetTokenResult>;
  /** Creates one of a session's attributes (targetUst), super-users only. REST: POST /zato/sso/session/attr with name. */
  createSessionAttr?: Maybe<CreateSessionAttrResult>;
  /** Creates several of a session's attributes (targetUst) in one transaction, super-users only. REST: POST /zato/sso/session/attr with data. */
  createSessionAttrMany?: Maybe<CreateSessionAttrManyResult>;
  /** Creates a regular user (super-users only). REST: POST /zato/sso/user. */
  createUser?: Maybe<CreateUserResult>;
  /** Creates one of a user's attributes (userId), super-users only. REST: POST /zato/sso/user/attr with name. */
  createUserAttr?: Maybe<CreateUserAttrResult>;
  /** Creates several of a user's attributes (userId) in one transaction, super-users only. REST: POST /zato/sso/user/attr with data. */
  createUserAttrMany?: Maybe<CreateUserAttrManyResult>;
  /** Unlinks an external credential (super-users), ending the sessions made through it. REST: DELETE /zato/sso/user/linked. */
  deleteLinkedAuth?: Maybe<DeleteLinkedAuthResult>;
  /** Deletes one of a session's attributes (targetUst), super-users only. REST: DELETE /zato/sso/session/attr with name. */
  deleteSessionAttr?: Maybe<DeleteSessionAttrResult>;
  /** Deletes several of a session's attributes (targetUst) in one transaction, super-users only. REST: DELETE /zato/sso/session/attr with data. */
  deleteSessionAttrMany?: Maybe<DeleteSessionAttrManyResult>;
  /** Deletes one of a user's attributes (userId), super-users only. REST: DELETE /zato/sso/user/attr with name. */
  deleteUserAttr?: Maybe<DeleteUserAttrResult>;
  /** Deletes several of a user's attributes (userId) in one transaction, super-users only. REST: DELETE /zato/sso/user/attr with data. */
  deleteUserAttrMany?: Maybe<DeleteUserAttrManyResult>;
  /** Deletes another user and all that is theirs (super-users). REST: DELETE /zato/sso/user. */
  deleteUserById?: Maybe<DeleteUserByIdResult>;
  /** Deletes another user, named by username (super-users). No REST counterpart. */
  deleteUserByUsername?: Maybe<DeleteUserByUsernameResult>;
  /** Locks a user (super-users). REST: POST /zato/sso/user/lock. */
  lockUser?: Maybe<LockUserResult>;
  /** Logs a user in. REST: POST /zato/sso/user/login. */
  login?: Maybe<LoginResult>;
  /** Ends a session; always ok. REST: POST /zato/sso/user/logout. */
  logout?: Maybe<LogoutResult>;
  /** Rejects a user (super-users): an account from signup is deleted, others are kept as rejected. REST: POST /zato/sso/user/reject. */
  rejectUser?: Maybe<RejectUserResult>;
  /** rejectUser for each of up to 100 users (super-users), one transaction and one audit record each, answering for each what happened. No REST counterpart. */
  rejectUsers?: Maybe<Array<BulkDecision>>;
  /** Extends the caller's session. REST: PATCH /zato/sso/user/session. */
  renewSession?: Maybe<RenewSessionResult>;
  /** Sets a new TOTP key (given, or generated when empty). REST: PATCH /zato/sso/user/totp. */
  resetTotpKey?: Maybe<ResetTotpKeyResult>;
  /** Ends every live session matching a predicate (super-users), in one transaction; dryRun answers what would end. No REST counterpart. */
  revokeSessions?: Maybe<RevokeSessionsResult>;
  /** Creates or updates one of a session's attributes (targetUst), super-users only. REST: PUT /zato/sso/session/attr with name. */
  setSessionAttr?: Maybe<SetSessionAttrResult>;
  /** Creates or updates several of a session's attributes (targetUst) in one transaction, super-users only. REST: PUT /zato/sso/session/attr with data. */
  setSessionAttrMany?: Maybe<SetSessionAttrManyResult>;
  /** Creates or updates one of a user's attributes (userId), super-users only. REST: PUT /zato/sso/user/attr with name. */
  setUserAttr?: Maybe<SetUserAttrResult>;
  /** Creates or updates several of a user's attributes (userId) in one transaction, super-users only. REST: PUT /zato/sso/user/attr with data. */
  setUserAttrMany?: Maybe<SetUserAttrManyResult>;
  /** Signs up a new user, unconfirmed until confirmSignup. REST: POST /zato/sso/user/signup. */
  signup?: Maybe<SignupResult>;
  /** Unlocks a user (super-users). REST: DELETE /zato/sso/user/lock. */
  unlockUser?: Maybe<UnlockUserResult>;
  /** Updates the caller's own account. REST: PATCH /zato/sso/user. */
  updateCurrentUser?: Maybe<UpdateCurrentUserResult>;
  /** Updates one of a session's attributes (targetUst), super-users only. REST: PATCH /zato/sso/session/attr with name. */
  updateSessionAttr?: Maybe<UpdateSessionAttrResult>;
  /** Updates several of a session's attributes (targetUst) in one transaction, super-users only. REST: PATCH /zato/sso/session/attr with data. */
  updateSessionAttrMany?: Maybe<UpdateSessionAttrManyResult>;
  /** Updates one of a user's attributes (userId), super-users only. REST: PATCH /zato/sso/user/attr with name. */
  updateUserAttr?: Maybe<UpdateUserAttrResult>;
  /** Updates several of a user's attributes (userId) in one transaction, super-users only. REST: PATCH /zato/sso/user/attr with data. */
  updateUserAttrMany?: Maybe<UpdateUserAttrManyResult>;
  /** Updates any account (super-users). REST: PATCH /zato/sso/user with user_id. */
  updateUserById?: Maybe<UpdateUserByIdResult>;
};


export type MutationAccessPasswordResetTokenArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  token?: InputMaybe<Scalars['String']['input']>;
};


export type MutationApproveUserArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  reason?: InputMaybe<Scalars['String']['input']>;
  userId: Scalars['String']['input'];
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationApproveUsersArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  reason?: InputMaybe<Scalars['String']['input']>;
  userIds: Array<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationChangePasswordArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  mustChange?: InputMaybe<Scalars['Boolean']['input']>;
  newPassword: Scalars['String']['input'];
  oldPassword?: InputMaybe<Scalars['String']['input']>;
  passwordExpiry?: InputMaybe<Scalars['Int']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationChangePasswordResetPasswordArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  password?: InputMaybe<Scalars['String']['input']>;
  resetKey?: InputMaybe<Scalars['String']['input']>;
  token?: InputMaybe<Scalars['String']['input']>;
};


export type MutationConfirmSignupArgs = {
  confirmToken?: InputMaybe<Scalars['String']['input']>;
  currentApp?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCreateLinkedAuthArgs = {
  authType?: InputMaybe<AuthType>;
  authUsername?: InputMaybe<Scalars['String']['input']>;
  currentApp?: InputMaybe<Scalars['String']['input']>;
  isActive?: InputMaybe<Scalars['Boolean']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCreatePasswordResetTokenArgs = {
  credential?: InputMaybe<Scalars['String']['input']>;
  currentApp?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCreateSessionAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  encrypt?: InputMaybe<Scalars['Boolean']['input']>;
  expiration?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
  value?: InputMaybe<Scalars['JSON']['input']>;
};


export type MutationCreateSessionAttrManyArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  data?: InputMaybe<Array<InputMaybe<Scalars['JSON']['input']>>>;
  encrypt?: InputMaybe<Scalars['Boolean']['input']>;
  expiration?: InputMaybe<Scalars['Int']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCreateUserArgs = {
  autoApprove?: InputMaybe<Scalars['Boolean']['input']>;
  currentApp?: InputMaybe<Scalars['String']['input']>;
  displayName?: InputMaybe<Scalars['String']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  firstName?: InputMaybe<Scalars['String']['input']>;
  isLocked?: InputMaybe<Scalars['Boolean']['input']>;
  isRateLimitActive?: InputMaybe<Scalars['Boolean']['input']>;
  isTotpEnabled?: InputMaybe<Scalars['Boolean']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  middleName?: InputMaybe<Scalars['String']['input']>;
  password?: InputMaybe<Scalars['String']['input']>;
  passwordMustChange?: InputMaybe<Scalars['Boolean']['input']>;
  rateLimitDef?: InputMaybe<Scalars['String']['input']>;
  signUpStatus?: InputMaybe<Scalars['String']['input']>;
  totpKey?: InputMaybe<Scalars['String']['input']>;
  totpLabel?: InputMaybe<Scalars['String']['input']>;
  username?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCreateUserAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  encrypt?: InputMaybe<Scalars['Boolean']['input']>;
  expiration?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
  value?: InputMaybe<Scalars['JSON']['input']>;
};


export type MutationCreateUserAttrManyArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  data?: InputMaybe<Array<InputMaybe<Scalars['JSON']['input']>>>;
  encrypt?: InputMaybe<Scalars['Boolean']['input']>;
  expiration?: InputMaybe<Scalars['Int']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationDeleteLinkedAuthArgs = {
  authType?: InputMaybe<AuthType>;
  authUsername?: InputMaybe<Scalars['String']['input']>;
  currentApp?: InputMaybe<Scalars['String']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationDeleteSessionAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
};


export type MutationDeleteSessionAttrManyArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  data?: InputMaybe<Array<InputMaybe<Scalars['JSON']['input']>>>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
};


export type MutationDeleteUserAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationDeleteUserAttrManyArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  data?: InputMaybe<Array<InputMaybe<Scalars['JSON']['input']>>>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationDeleteUserByIdArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationDeleteUserByUsernameArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  username?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationLockUserArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  userId: Scalars['String']['input'];
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationLoginArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  newPassword?: InputMaybe<Scalars['String']['input']>;
  password: Scalars['String']['input'];
  remoteAddr?: InputMaybe<Scalars['String']['input']>;
  totpCode?: InputMaybe<Scalars['String']['input']>;
  userAgent?: InputMaybe<Scalars['String']['input']>;
  username: Scalars['String']['input'];
};


export type MutationLogoutArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRejectUserArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  reason?: InputMaybe<Scalars['String']['input']>;
  userId: Scalars['String']['input'];
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRejectUsersArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  reason?: InputMaybe<Scalars['String']['input']>;
  userIds: Array<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRenewSessionArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationResetTotpKeyArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  totpKey: Scalars['String']['input'];
  totpLabel: Scalars['String']['input'];
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRevokeSessionsArgs = {
  application?: InputMaybe<Scalars['String']['input']>;
  authType?: InputMaybe<Scalars['String']['input']>;
  createdAfter?: InputMaybe<Scalars['String']['input']>;
  createdBefore?: InputMaybe<Scalars['String']['input']>;
  currentApp?: InputMaybe<Scalars['String']['input']>;
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  remoteNetwork?: InputMaybe<Scalars['String']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationSetSessionAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  encrypt?: InputMaybe<Scalars['Boolean']['input']>;
  expiration?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
  value?: InputMaybe<Scalars['JSON']['input']>;
};


export type MutationSetSessionAttrManyArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  data?: InputMaybe<Array<InputMaybe<Scalars['JSON']['input']>>>;
  encrypt?: InputMaybe<Scalars['Boolean']['input']>;
  expiration?: InputMaybe<Scalars['Int']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
};


export type MutationSetUserAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  encrypt?: InputMaybe<Scalars['Boolean']['input']>;
  expiration?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
  value?: InputMaybe<Scalars['JSON']['input']>;
};


export type MutationSetUserAttrManyArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  data?: InputMaybe<Array<InputMaybe<Scalars['JSON']['input']>>>;
  encrypt?: InputMaybe<Scalars['Boolean']['input']>;
  expiration?: InputMaybe<Scalars['Int']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationSignupArgs = {
  appList?: InputMaybe<Array<InputMaybe<Scalars['JSON']['input']>>>;
  currentApp?: InputMaybe<Scalars['String']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  password?: InputMaybe<Scalars['String']['input']>;
  username?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUnlockUserArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  userId: Scalars['String']['input'];
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateCurrentUserArgs = {
  approvalStatus?: InputMaybe<Scalars['String']['input']>;
  currentApp?: InputMaybe<Scalars['String']['input']>;
  displayName?: InputMaybe<Scalars['String']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  firstName?: InputMaybe<Scalars['String']['input']>;
  isLocked?: InputMaybe<Scalars['Boolean']['input']>;
  isTotpEnabled?: InputMaybe<Scalars['Boolean']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  middleName?: InputMaybe<Scalars['String']['input']>;
  passwordExpiry?: InputMaybe<Scalars['String']['input']>;
  passwordMustChange?: InputMaybe<Scalars['Boolean']['input']>;
  signUpStatus?: InputMaybe<Scalars['String']['input']>;
  totpLabel?: InputMaybe<Scalars['String']['input']>;
  username?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateSessionAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  encrypt?: InputMaybe<Scalars['Boolean']['input']>;
  expiration?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
  value?: InputMaybe<Scalars['JSON']['input']>;
};


export type MutationUpdateSessionAttrManyArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  data?: InputMaybe<Array<InputMaybe<Scalars['JSON']['input']>>>;
  encrypt?: InputMaybe<Scalars['Boolean']['input']>;
  expiration?: InputMaybe<Scalars['Int']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateUserAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  encrypt?: InputMaybe<Scalars['Boolean']['input']>;
  expiration?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
  value?: InputMaybe<Scalars['JSON']['input']>;
};


export type MutationUpdateUserAttrManyArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  data?: InputMaybe<Array<InputMaybe<Scalars['JSON']['input']>>>;
  encrypt?: InputMaybe<Scalars['Boolean']['input']>;
  expiration?: InputMaybe<Scalars['Int']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateUserByIdArgs = {
  approvalStatus?: InputMaybe<Scalars['String']['input']>;
  currentApp?: InputMaybe<Scalars['String']['input']>;
  displayName?: InputMaybe<Scalars['String']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  firstName?: InputMaybe<Scalars['String']['input']>;
  isLocked?: InputMaybe<Scalars['Boolean']['input']>;
  isTotpEnabled?: InputMaybe<Scalars['Boolean']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  middleName?: InputMaybe<Scalars['String']['input']>;
  passwordExpiry?: InputMaybe<Scalars['String']['input']>;
  passwordMustChange?: InputMaybe<Scalars['Boolean']['input']>;
  signUpStatus?: InputMaybe<Scalars['String']['input']>;
  totpLabel?: InputMaybe<Scalars['String']['input']>;
  userId: Scalars['String']['input'];
  username?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};

export type NamesSessionAttrResult = AttributeNamesPayload | SsoError;

export type NamesUserAttrResult = AttributeNamesPayload | SsoError;

/** A successful call: `status` is `ok`, or `warning` with the reasons in `subStatus`. */
export type Payload = {
  cid: Scalars['String']['output'];
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

/** An account awaiting confirmation or approval. */
export type PendingSignup = {
  __typename?: 'PendingSignup';
  approvalStatus: Scalars['String']['output'];
  displayName?: Maybe<Scalars['String']['output']>;
  email?: Maybe<Scalars['String']['output']>;
  /** Every address recorded at creation. */
  remoteAddr?: Maybe<Scalars['String']['output']>;
  /** The first address recorded at creation. */
  remoteIp?: Maybe<Scalars['String']['output']>;
  signUpStatus: Scalars['String']['output'];
  signUpTime: Scalars['String']['output'];
  userId: Scalars['String']['output'];
  username: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The audit log of access to personal data (super-users only), newest first: filter by target user, acting user, operation and time range [from, to); page with `first` and `after` (the id of the last record read). */
  auditLog?: Maybe<AuditLogResult>;
  /** Whether one of a session's attributes (targetUst) exists. REST: GET /zato/sso/session/attr/exists with name. */
  existsSessionAttr?: Maybe<ExistsSessionAttrResult>;
  /** Whether several of a session's attributes (targetUst) exist: each name mapped to a boolean. REST: GET /zato/sso/session/attr/exists with data. */
  existsSessionAttrMany?: Maybe<ExistsSessionAttrManyResult>;
  /** Whether one of a user's attributes (userId) exists. REST: GET /zato/sso/user/attr/exists with name. */
  existsUserAttr?: Maybe<ExistsUserAttrResult>;
  /** Whether several of a user's attributes (userId) exist: each name mapped to a boolean. REST: GET /zato/sso/user/attr/exists with data. */
  existsUserAttrMany?: Maybe<ExistsUserAttrManyResult>;
  /** The caller's own account. REST: GET /zato/sso/user. */
  getCurrentUser?: Maybe<GetCurrentUserResult>;
  /** The caller's linked credentials, or a user's (super-users, with userId). REST: GET /zato/sso/user/linked. */
  getLinkedAuthList?: Maybe<GetLinkedAuthListResult>;
  /** Another session's details (super-users only). REST: GET /zato/sso/user/session. */
  getSession?: Maybe<GetSessionResult>;
  /** One of a session's attributes (targetUst), super-users only. REST: GET /zato/sso/session/attr with name. */
  getSessionAttr?: Maybe<GetSessionAttrResult>;
  /** Several of a session's attributes (targetUst): each name mapped to its attribute or null. REST: GET /zato/sso/session/attr with data. */
  getSessionAttrMany?: Maybe<GetSessionAttrManyResult>;
  /** Live sessions: the caller's own (ust), or another user's (currentUst + targetUst). REST: GET /zato/sso/user/session/list. */
  getSessionList?: Maybe<GetSessionListResult>;
  /** Accounts awaiting confirmation or approval (super-users), oldest first, a page at a time. REST: GET /zato/sso/user/signup. */
  getSignupList?: Maybe<GetSignupListResult>;
  /** One of a user's attributes (userId), super-users only. REST: GET /zato/sso/user/attr with name. */
  getUserAttr?: Maybe<GetUserAttrResult>;
  /** Several of a user's attributes (userId): each name mapped to its attribute or null. REST: GET /zato/sso/user/attr with data. */
  getUserAttrMany?: Maybe<GetUserAttrManyResult>;
  /** Any account (super-users only). REST: GET /zato/sso/user with user_id. */
  getUserById?: Maybe<GetUserByIdResult>;
  /** The names of a session's attributes (targetUst). REST: GET /zato/sso/session/attr/names. */
  namesSessionAttr?: Maybe<NamesSessionAttrResult>;
  /** The names of a user's attributes (userId). REST: GET /zato/sso/user/attr/names. */
  namesUserAttr?: Maybe<NamesUserAttrResult>;
  /** Searches users (super-users only), one page at a time. REST: GET /zato/sso/user/search. */
  search?: Maybe<SearchResult>;
  /** Whether another session is valid (super-users only). REST: POST /zato/sso/user/session. */
  verifySession?: Maybe<VerifySessionResult>;
};


export type QueryAuditLogArgs = {
  actorUserId?: InputMaybe<Scalars['String']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  currentApp?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  operation?: InputMaybe<Scalars['String']['input']>;
  targetUserId?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type QueryExistsSessionAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
};


export type QueryExistsSessionAttrManyArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  data?: InputMaybe<Array<InputMaybe<Scalars['JSON']['input']>>>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
};


export type QueryExistsUserAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type QueryExistsUserAttrManyArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  data?: InputMaybe<Array<InputMaybe<Scalars['JSON']['input']>>>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type QueryGetCurrentUserArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type QueryGetLinkedAuthListArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type QueryGetSessionArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
};


export type QueryGetSessionAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  decrypt?: InputMaybe<Scalars['Boolean']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
};


export type QueryGetSessionAttrManyArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  data?: InputMaybe<Array<InputMaybe<Scalars['JSON']['input']>>>;
  decrypt?: InputMaybe<Scalars['Boolean']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
};


export type QueryGetSessionListArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type QueryGetSignupListArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  currentApp?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type QueryGetUserAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  decrypt?: InputMaybe<Scalars['Boolean']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type QueryGetUserAttrManyArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  data?: InputMaybe<Array<InputMaybe<Scalars['JSON']['input']>>>;
  decrypt?: InputMaybe<Scalars['Boolean']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type QueryGetUserByIdArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  userId: Scalars['String']['input'];
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type QueryNamesSessionAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
};


export type QueryNamesUserAttrArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type QuerySearchArgs = {
  approvalStatus?: InputMaybe<Scalars['String']['input']>;
  curPage?: InputMaybe<Scalars['Int']['input']>;
  currentApp?: InputMaybe<Scalars['String']['input']>;
  displayName?: InputMaybe<Scalars['String']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  firstName?: InputMaybe<Scalars['String']['input']>;
  isNameExact?: InputMaybe<Scalars['Boolean']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  middleName?: InputMaybe<Scalars['String']['input']>;
  nameOp?: InputMaybe<Scalars['String']['input']>;
  pageSize?: InputMaybe<Scalars['Int']['input']>;
  paginate?: InputMaybe<Scalars['Boolean']['input']>;
  signUpStatus?: InputMaybe<Scalars['String']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  username?: InputMaybe<Scalars['String']['input']>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type QueryVerifySessionArgs = {
  currentApp?: InputMaybe<Scalars['String']['input']>;
  currentUst?: InputMaybe<Scalars['String']['input']>;
  targetUst?: InputMaybe<Scalars['String']['input']>;
};

export type RejectUserResult = EmptyPayload | SsoError;

export type RenewSessionPayload = Payload & {
  __typename?: 'RenewSessionPayload';
  cid: Scalars['String']['output'];
  expirationTime: Scalars['String']['output'];
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

export type RenewSessionResult = RenewSessionPayload | SsoError;

export type ResetTotpKeyPayload = Payload & {
  __typename?: 'ResetTotpKeyPayload';
  cid: Scalars['String']['output'];
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
  /** The key now in force; shown only here. */
  totpKey: Scalars['String']['output'];
};

export type ResetTotpKeyResult = ResetTotpKeyPayload | SsoError;

export type RevokeSessionsPayload = Payload & {
  __typename?: 'RevokeSessionsPayload';
  cid: Scalars['String']['output'];
  /** How many sessions ended (or would end, on a dry run). */
  count: Scalars['Int']['output'];
  dryRun: Scalars['Boolean']['output'];
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
  /** Whose sessions they are. */
  userIds: Array<Scalars['String']['output']>;
};

export type RevokeSessionsResult = RevokeSessionsPayload | SsoError;

export type SearchPayload = Payload & {
  __typename?: 'SearchPayload';
  cid: Scalars['String']['output'];
  curPage: Scalars['Int']['output'];
  hasNextPage: Scalars['Boolean']['output'];
  hasPrevPage: Scalars['Boolean']['output'];
  nextPage?: Maybe<Scalars['Int']['output']>;
  numPages: Scalars['Int']['output'];
  pageSize: Scalars['Int']['output'];
  prevPage: Scalars['Int']['output'];
  result: Array<User>;
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
  total: Scalars['Int']['output'];
};

export type SearchResult = SearchPayload | SsoError;

/** Something a super-user watches for. */
export type SecurityEvent = {
  __typename?: 'SecurityEvent';
  at: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
  /** `login_refused`, `login_throttled`, `user_locked`, `approval_pending`, `user_deleted` or `sessions_revoked`. */
  type: Scalars['String']['output'];
  userId?: Maybe<Scalars['String']['output']>;
  /** Only when it names a user. */
  username?: Maybe<Scalars['String']['output']>;
};

/** Something that happened to a session of the subscriber. */
export type SessionEvent = {
  __typename?: 'SessionEvent';
  at: Scalars['String']['output'];
  /** Why it ended: `logout`, `expiry`, `lock`, `revocation`, `deletion`, `rejection` (the user's approval withdrawn), `unlinking` (the linked credential that made it unlinked or deleted) or `refused` (the user no longer passes the user checks: a password expired, a signup no longer confirmed). */
  reason?: Maybe<Scalars['String']['output']>;
  /** Null: every session of the user. */
  sessionId?: Maybe<Scalars['String']['output']>;
  /** `created`, `renewed` or `ended`. */
  type: Scalars['String']['output'];
  userId: Scalars['String']['output'];
};

/** A live session. Its UST is never shown: only its hash is stored. */
export type SessionInfo = {
  __typename?: 'SessionInfo';
  /** The session's live attributes, by name; null unless the caller is a super-user. */
  attributes?: Maybe<Array<Attribute>>;
  authPrincipal: Scalars['String']['output'];
  authType: Scalars['String']['output'];
  creationTime: Scalars['String']['output'];
  expirationTime: Scalars['String']['output'];
  extSessionId?: Maybe<Scalars['String']['output']>;
  remoteAddr: Scalars['String']['output'];
  sessionId: Scalars['String']['output'];
  sessionStateChangeList: Array<SessionStateChange>;
  userAgent?: Maybe<Scalars['String']['output']>;
};

export type SessionListPayload = Payload & {
  __typename?: 'SessionListPayload';
  cid: Scalars['String']['output'];
  result: Array<SessionInfo>;
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

export type SessionPayload = Payload & {
  __typename?: 'SessionPayload';
  /** The session's live attributes, by name; null unless the caller is a super-user. */
  attributes?: Maybe<Array<Attribute>>;
  cid: Scalars['String']['output'];
  creationTime: Scalars['String']['output'];
  expirationTime: Scalars['String']['output'];
  remoteAddr: Scalars['String']['output'];
  /** The session's public id, as session lists show it. */
  sessionId: Scalars['String']['output'];
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
  userAgent?: Maybe<Scalars['String']['output']>;
};

/** One entry of a session's interaction history. */
export type SessionStateChange = {
  __typename?: 'SessionStateChange';
  ctxSource: Scalars['String']['output'];
  idx: Scalars['Int']['output'];
  remoteAddr: Array<Scalars['String']['output']>;
  timestampUtc: Scalars['String']['output'];
  userAgent?: Maybe<Scalars['String']['output']>;
};

export type SetSessionAttrManyResult = EmptyPayload | SsoError;

export type SetSessionAttrResult = EmptyPayload | SsoError;

export type SetUserAttrManyResult = EmptyPayload | SsoError;

export type SetUserAttrResult = EmptyPayload | SsoError;

export type SignupListPayload = Payload & {
  __typename?: 'SignupListPayload';
  cid: Scalars['String']['output'];
  /** Pass it as `after` for the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  result: Array<PendingSignup>;
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

export type SignupPayload = Payload & {
  __typename?: 'SignupPayload';
  cid: Scalars['String']['output'];
  /** The confirmation token; null when `[signup] always_return_confirm_token` is false. */
  confirmToken?: Maybe<Scalars['String']['output']>;
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

export type SignupResult = SignupPayload | SsoError;

/** Zato's `status` `error` with its `sub_status` codes (docs/status-codes.md). */
export type SsoError = Error & {
  __typename?: 'SsoError';
  cid: Scalars['String']['output'];
  message: Scalars['String']['output'];
  /** Seconds to wait before trying again, when the call was refused for load: brute-force defence or busy password hashing (REST: HTTP 429 or 503 with Retry-After). */
  retryAfter?: Maybe<Scalars['Int']['output']>;
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Security events for super-users, live, optionally only some types; the subscription ends when the subscriber's session ends. */
  securityEvents: SecurityEvent;
  /** The subscriber's own session events, live (server-sent events), from every gateway process; the subscription ends when the subscriber's session ends. */
  sessionEvents: SessionEvent;
};


export type SubscriptionSecurityEventsArgs = {
  types?: InputMaybe<Array<Scalars['String']['input']>>;
  ust?: InputMaybe<Scalars['String']['input']>;
};


export type SubscriptionSessionEventsArgs = {
  ust?: InputMaybe<Scalars['String']['input']>;
};

export type UnlockUserResult = EmptyPayload | SsoError;

export type UpdateCurrentUserResult = EmptyPayload | SsoError;

export type UpdateSessionAttrManyResult = EmptyPayload | SsoError;

export type UpdateSessionAttrResult = EmptyPayload | SsoError;

export type UpdateUserAttrManyResult = EmptyPayload | SsoError;

export type UpdateUserAttrResult = EmptyPayload | SsoError;

export type UpdateUserByIdResult = EmptyPayload | SsoError;

/** A user in search results (the search view of docs/rules.md, "What a caller sees"). */
export type User = UserView & {
  __typename?: 'User';
  approvalStatus?: Maybe<Scalars['String']['output']>;
  approvalStatusModBy?: Maybe<Scalars['String']['output']>;
  approvalStatusModTime?: Maybe<Scalars['String']['output']>;
  /** The user's live attributes, by name; null unless the caller is a super-user. */
  attributes?: Maybe<Array<Attribute>>;
  creationCtx?: Maybe<Scalars['String']['output']>;
  displayName?: Maybe<Scalars['String']['output']>;
  email?: Maybe<Scalars['String']['output']>;
  firstName?: Maybe<Scalars['String']['output']>;
  isActive?: Maybe<Scalars['Boolean']['output']>;
  isApprovalNeeded?: Maybe<Scalars['Boolean']['output']>;
  /** Whether the caller is a super-user, and so sees the full view. */
  isCurrentSuperUser: Scalars['Boolean']['output'];
  isInternal?: Maybe<Scalars['Boolean']['output']>;
  isLocked?: Maybe<Scalars['Boolean']['output']>;
  /** Search results only. */
  isRateLimitActive?: Maybe<Scalars['Boolean']['output']>;
  isSuperUser?: Maybe<Scalars['Boolean']['output']>;
  isTotpEnabled: Scalars['Boolean']['output'];
  lastName?: Maybe<Scalars['String']['output']>;
  lockedBy?: Maybe<Scalars['String']['output']>;
  lockedTime?: Maybe<Scalars['String']['output']>;
  middleName?: Maybe<Scalars['String']['output']>;
  passwordExpiry?: Maybe<Scalars['String']['output']>;
  passwordIsSet?: Maybe<Scalars['Boolean']['output']>;
  passwordLastSet?: Maybe<Scalars['String']['output']>;
  passwordMustChange?: Maybe<Scalars['Boolean']['output']>;
  /** Search results only. */
  rateLimitCheckParentDef?: Maybe<Scalars['Boolean']['output']>;
  /** Search results only. */
  rateLimitDef?: Maybe<Scalars['String']['output']>;
  /** Search results only. */
  rateLimitType?: Maybe<Scalars['String']['output']>;
  /** The user's live sessions, oldest first; null unless the caller is a super-user. */
  sessions?: Maybe<Array<SessionInfo>>;
  signUpStatus?: Maybe<Scalars['String']['output']>;
  signUpTime?: Maybe<Scalars['String']['output']>;
  totpLabel: Scalars['String']['output'];
  userId?: Maybe<Scalars['String']['output']>;
  username: Scalars['String']['output'];
};

export type UserPayload = Payload & UserView & {
  __typename?: 'UserPayload';
  approvalStatus?: Maybe<Scalars['String']['output']>;
  approvalStatusModBy?: Maybe<Scalars['String']['output']>;
  approvalStatusModTime?: Maybe<Scalars['String']['output']>;
  /** The user's live attributes, by name; null unless the caller is a super-user. */
  attributes?: Maybe<Array<Attribute>>;
  cid: Scalars['String']['output'];
  creationCtx?: Maybe<Scalars['String']['output']>;
  displayName?: Maybe<Scalars['String']['output']>;
  email?: Maybe<Scalars['String']['output']>;
  firstName?: Maybe<Scalars['String']['output']>;
  isActive?: Maybe<Scalars['Boolean']['output']>;
  isApprovalNeeded?: Maybe<Scalars['Boolean']['output']>;
  /** Whether the caller is a super-user, and so sees the full view. */
  isCurrentSuperUser: Scalars['Boolean']['output'];
  isInternal?: Maybe<Scalars['Boolean']['output']>;
  isLocked?: Maybe<Scalars['Boolean']['output']>;
  /** Search results only. */
  isRateLimitActive?: Maybe<Scalars['Boolean']['output']>;
  isSuperUser?: Maybe<Scalars['Boolean']['output']>;
  isTotpEnabled: Scalars['Boolean']['output'];
  lastName?: Maybe<Scalars['String']['output']>;
  lockedBy?: Maybe<Scalars['String']['output']>;
  lockedTime?: Maybe<Scalars['String']['output']>;
  middleName?: Maybe<Scalars['String']['output']>;
  passwordExpiry?: Maybe<Scalars['String']['output']>;
  passwordIsSet?: Maybe<Scalars['Boolean']['output']>;
  passwordLastSet?: Maybe<Scalars['String']['output']>;
  passwordMustChange?: Maybe<Scalars['Boolean']['output']>;
  /** Search results only. */
  rateLimitCheckParentDef?: Maybe<Scalars['Boolean']['output']>;
  /** Search results only. */
  rateLimitDef?: Maybe<Scalars['String']['output']>;
  /** Search results only. */
  rateLimitType?: Maybe<Scalars['String']['output']>;
  /** The user's live sessions, oldest first; null unless the caller is a super-user. */
  sessions?: Maybe<Array<SessionInfo>>;
  signUpStatus?: Maybe<Scalars['String']['output']>;
  signUpTime?: Maybe<Scalars['String']['output']>;
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
  totpLabel: Scalars['String']['output'];
  userId?: Maybe<Scalars['String']['output']>;
  username: Scalars['String']['output'];
};

export type UserView = {
  approvalStatus?: Maybe<Scalars['String']['output']>;
  approvalStatusModBy?: Maybe<Scalars['String']['output']>;
  approvalStatusModTime?: Maybe<Scalars['String']['output']>;
  /** The user's live attributes, by name; null unless the caller is a super-user. */
  attributes?: Maybe<Array<Attribute>>;
  creationCtx?: Maybe<Scalars['String']['output']>;
  displayName?: Maybe<Scalars['String']['output']>;
  email?: Maybe<Scalars['String']['output']>;
  firstName?: Maybe<Scalars['String']['output']>;
  isActive?: Maybe<Scalars['Boolean']['output']>;
  isApprovalNeeded?: Maybe<Scalars['Boolean']['output']>;
  /** Whether the caller is a super-user, and so sees the full view. */
  isCurrentSuperUser: Scalars['Boolean']['output'];
  isInternal?: Maybe<Scalars['Boolean']['output']>;
  isLocked?: Maybe<Scalars['Boolean']['output']>;
  /** Search results only. */
  isRateLimitActive?: Maybe<Scalars['Boolean']['output']>;
  isSuperUser?: Maybe<Scalars['Boolean']['output']>;
  isTotpEnabled: Scalars['Boolean']['output'];
  lastName?: Maybe<Scalars['String']['output']>;
  lockedBy?: Maybe<Scalars['String']['output']>;
  lockedTime?: Maybe<Scalars['String']['output']>;
  middleName?: Maybe<Scalars['String']['output']>;
  passwordExpiry?: Maybe<Scalars['String']['output']>;
  passwordIsSet?: Maybe<Scalars['Boolean']['output']>;
  passwordLastSet?: Maybe<Scalars['String']['output']>;
  passwordMustChange?: Maybe<Scalars['Boolean']['output']>;
  /** Search results only. */
  rateLimitCheckParentDef?: Maybe<Scalars['Boolean']['output']>;
  /** Search results only. */
  rateLimitDef?: Maybe<Scalars['String']['output']>;
  /** Search results only. */
  rateLimitType?: Maybe<Scalars['String']['output']>;
  /** The user's live sessions, oldest first; null unless the caller is a super-user. */
  sessions?: Maybe<Array<SessionInfo>>;
  signUpStatus?: Maybe<Scalars['String']['output']>;
  signUpTime?: Maybe<Scalars['String']['output']>;
  totpLabel: Scalars['String']['output'];
  userId?: Maybe<Scalars['String']['output']>;
  username: Scalars['String']['output'];
};

export type VerifySessionPayload = Payload & {
  __typename?: 'VerifySessionPayload';
  cid: Scalars['String']['output'];
  isValid: Scalars['Boolean']['output'];
  status: Scalars['String']['output'];
  subStatus: Array<Scalars['String']['output']>;
};

export type VerifySessionResult = SsoError | VerifySessionPayload;

export type AdminAuditLogQueryVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  targetUserId?: string | null | undefined;
  actorUserId?: string | null | undefined;
  operation?: string | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminAuditLogQuery = { auditLog:
    | { __typename: 'AuditLogPayload', cid: string, status: string, subStatus: Array<string>, records: Array<{ id: string, cid: string, createdAt: string, operation: string, actorUserId: string | null, actorSessionId: string | null, targetUserId: string | null, targetUsername: string | null, currentApp: string | null, remoteAddr: string | null, userAgent: string | null, outcome: string, subStatus: Array<string>, details: unknown }> }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type AdminSearchUserFragment = { isRateLimitActive: boolean | null, rateLimitDef: string | null, rateLimitType: string | null, rateLimitCheckParentDef: boolean | null, isCurrentSuperUser: boolean, userId: string | null, username: string, email: string | null, displayName: string | null, firstName: string | null, middleName: string | null, lastName: string | null, isTotpEnabled: boolean, totpLabel: string, isActive: boolean | null, isInternal: boolean | null, isSuperUser: boolean | null, isApprovalNeeded: boolean | null, approvalStatus: string | null, approvalStatusModTime: string | null, approvalStatusModBy: string | null, isLocked: boolean | null, lockedTime: string | null, lockedBy: string | null, creationCtx: string | null, passwordExpiry: string | null, passwordIsSet: boolean | null, passwordMustChange: boolean | null, passwordLastSet: string | null, signUpStatus: string | null, signUpTime: string | null };

export type AdminErrorFragment = { cid: string, status: string, subStatus: Array<string>, message: string };

export type AdminEmptyFragment = { cid: string, status: string, subStatus: Array<string> };

export type AdminSearchQueryVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  userId?: string | null | undefined;
  username?: string | null | undefined;
  email?: string | null | undefined;
  displayName?: string | null | undefined;
  firstName?: string | null | undefined;
  middleName?: string | null | undefined;
  lastName?: string | null | undefined;
  signUpStatus?: string | null | undefined;
  approvalStatus?: string | null | undefined;
  isNameExact?: boolean | null | undefined;
  nameOp?: string | null | undefined;
  curPage?: number | null | undefined;
  pageSize?: number | null | undefined;
  paginate?: boolean | null | undefined;
}>;


export type AdminSearchQuery = { search:
    | { __typename: 'SearchPayload', cid: string, status: string, subStatus: Array<string>, total: number, numPages: number, pageSize: number, curPage: number, hasNextPage: boolean, hasPrevPage: boolean, nextPage: number | null, prevPage: number, result: Array<{ isRateLimitActive: boolean | null, rateLimitDef: string | null, rateLimitType: string | null, rateLimitCheckParentDef: boolean | null, isCurrentSuperUser: boolean, userId: string | null, username: string, email: string | null, displayName: string | null, firstName: string | null, middleName: string | null, lastName: string | null, isTotpEnabled: boolean, totpLabel: string, isActive: boolean | null, isInternal: boolean | null, isSuperUser: boolean | null, isApprovalNeeded: boolean | null, approvalStatus: string | null, approvalStatusModTime: string | null, approvalStatusModBy: string | null, isLocked: boolean | null, lockedTime: string | null, lockedBy: string | null, creationCtx: string | null, passwordExpiry: string | null, passwordIsSet: boolean | null, passwordMustChange: boolean | null, passwordLastSet: string | null, signUpStatus: string | null, signUpTime: string | null }> }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type AdminUpdateCurrentUserMutationVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  username?: string | null | undefined;
  email?: string | null | undefined;
  displayName?: string | null | undefined;
  firstName?: string | null | undefined;
  middleName?: string | null | undefined;
  lastName?: string | null | undefined;
  isTotpEnabled?: boolean | null | undefined;
  totpLabel?: string | null | undefined;
  isLocked?: boolean | null | undefined;
  passwordExpiry?: string | null | undefined;
  passwordMustChange?: boolean | null | undefined;
  signUpStatus?: string | null | undefined;
  approvalStatus?: string | null | undefined;
}>;


export type AdminUpdateCurrentUserMutation = { updateCurrentUser:
    | { __typename: 'EmptyPayload', cid: string, status: string, subStatus: Array<string> }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type AdminUpdateUserByIdMutationVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  userId: string;
  username?: string | null | undefined;
  email?: string | null | undefined;
  displayName?: string | null | undefined;
  firstName?: string | null | undefined;
  middleName?: string | null | undefined;
  lastName?: string | null | undefined;
  isTotpEnabled?: boolean | null | undefined;
  totpLabel?: string | null | undefined;
  isLocked?: boolean | null | undefined;
  passwordExpiry?: string | null | undefined;
  passwordMustChange?: boolean | null | undefined;
  signUpStatus?: string | null | undefined;
  approvalStatus?: string | null | undefined;
}>;


export type AdminUpdateUserByIdMutation = { updateUserById:
    | { __typename: 'EmptyPayload', cid: string, status: string, subStatus: Array<string> }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type AdminDeleteUserByIdMutationVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  userId?: string | null | undefined;
}>;


export type AdminDeleteUserByIdMutation = { deleteUserById:
    | { __typename: 'EmptyPayload', cid: string, status: string, subStatus: Array<string> }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type AdminDeleteUserByUsernameMutationVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  username?: string | null | undefined;
}>;


export type AdminDeleteUserByUsernameMutation = { deleteUserByUsername:
    | { __typename: 'EmptyPayload', cid: string, status: string, subStatus: Array<string> }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type AdminLockUserMutationVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  userId: string;
}>;


export type AdminLockUserMutation = { lockUser:
    | { __typename: 'EmptyPayload', cid: string, status: string, subStatus: Array<string> }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type AdminUnlockUserMutationVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  userId: string;
}>;


export type AdminUnlockUserMutation = { unlockUser:
    | { __typename: 'EmptyPayload', cid: string, status: string, subStatus: Array<string> }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type AdminApproveUserMutationVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  userId: string;
}>;


export type AdminApproveUserMutation = { approveUser:
    | { __typename: 'EmptyPayload', cid: string, status: string, subStatus: Array<string> }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type AdminRejectUserMutationVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  userId: string;
  reason?: string | null | undefined;
}>;


export type AdminRejectUserMutation = { rejectUser:
    | { __typename: 'EmptyPayload', cid: string, status: string, subStatus: Array<string> }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type AdminChangePasswordMutationVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  newPassword: string;
  oldPassword?: string | null | undefined;
  userId?: string | null | undefined;
  passwordExpiry?: number | null | undefined;
  mustChange?: boolean | null | undefined;
}>;


export type AdminChangePasswordMutation = { changePassword:
    | { __typename: 'EmptyPayload', cid: string, status: string, subStatus: Array<string> }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type AdminResetTotpKeyMutationVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  totpKey: string;
  totpLabel: string;
  userId?: string | null | undefined;
}>;


export type AdminResetTotpKeyMutation = { resetTotpKey:
    | { __typename: 'ResetTotpKeyPayload', cid: string, status: string, subStatus: Array<string>, totpKey: string }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type AdminGetCurrentUserQueryVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
}>;


export type AdminGetCurrentUserQuery = { getCurrentUser:
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
    | { __typename: 'UserPayload', isRateLimitActive: boolean | null, rateLimitDef: string | null, rateLimitType: string | null, rateLimitCheckParentDef: boolean | null, cid: string, status: string, subStatus: Array<string>, isCurrentSuperUser: boolean, userId: string | null, username: string, email: string | null, displayName: string | null, firstName: string | null, middleName: string | null, lastName: string | null, isTotpEnabled: boolean, totpLabel: string, isActive: boolean | null, isInternal: boolean | null, isSuperUser: boolean | null, isApprovalNeeded: boolean | null, approvalStatus: string | null, approvalStatusModTime: string | null, approvalStatusModBy: string | null, isLocked: boolean | null, lockedTime: string | null, lockedBy: string | null, creationCtx: string | null, passwordExpiry: string | null, passwordIsSet: boolean | null, passwordMustChange: boolean | null, passwordLastSet: string | null, signUpStatus: string | null, signUpTime: string | null }
   | null };

export type AdminGetUserByIdQueryVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  userId: string;
}>;


export type AdminGetUserByIdQuery = { getUserById:
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
    | { __typename: 'UserPayload', isRateLimitActive: boolean | null, rateLimitDef: string | null, rateLimitType: string | null, rateLimitCheckParentDef: boolean | null, cid: string, status: string, subStatus: Array<string>, isCurrentSuperUser: boolean, userId: string | null, username: string, email: string | null, displayName: string | null, firstName: string | null, middleName: string | null, lastName: string | null, isTotpEnabled: boolean, totpLabel: string, isActive: boolean | null, isInternal: boolean | null, isSuperUser: boolean | null, isApprovalNeeded: boolean | null, approvalStatus: string | null, approvalStatusModTime: string | null, approvalStatusModBy: string | null, isLocked: boolean | null, lockedTime: string | null, lockedBy: string | null, creationCtx: string | null, passwordExpiry: string | null, passwordIsSet: boolean | null, passwordMustChange: boolean | null, passwordLastSet: string | null, signUpStatus: string | null, signUpTime: string | null }
   | null };

export type SsoErrorFieldsFragment = { cid: string, status: string, subStatus: Array<string>, message: string };

export type UserFieldsFragment = { cid: string, status: string, subStatus: Array<string>, isCurrentSuperUser: boolean, userId: string | null, username: string, email: string | null, displayName: string | null, firstName: string | null, middleName: string | null, lastName: string | null, isTotpEnabled: boolean, totpLabel: string, isActive: boolean | null, isInternal: boolean | null, isSuperUser: boolean | null, isApprovalNeeded: boolean | null, approvalStatus: string | null, approvalStatusModTime: string | null, approvalStatusModBy: string | null, isLocked: boolean | null, lockedTime: string | null, lockedBy: string | null, creationCtx: string | null, passwordExpiry: string | null, passwordIsSet: boolean | null, passwordMustChange: boolean | null, passwordLastSet: string | null, signUpStatus: string | null, signUpTime: string | null };

type UserViewFields_User_Fragment = { isCurrentSuperUser: boolean, userId: string | null, username: string, email: string | null, displayName: string | null, firstName: string | null, middleName: string | null, lastName: string | null, isTotpEnabled: boolean, totpLabel: string, isActive: boolean | null, isInternal: boolean | null, isSuperUser: boolean | null, isApprovalNeeded: boolean | null, approvalStatus: string | null, approvalStatusModTime: string | null, approvalStatusModBy: string | null, isLocked: boolean | null, lockedTime: string | null, lockedBy: string | null, creationCtx: string | null, passwordExpiry: string | null, passwordIsSet: boolean | null, passwordMustChange: boolean | null, passwordLastSet: string | null, signUpStatus: string | null, signUpTime: string | null };

type UserViewFields_UserPayload_Fragment = { isCurrentSuperUser: boolean, userId: string | null, username: string, email: string | null, displayName: string | null, firstName: string | null, middleName: string | null, lastName: string | null, isTotpEnabled: boolean, totpLabel: string, isActive: boolean | null, isInternal: boolean | null, isSuperUser: boolean | null, isApprovalNeeded: boolean | null, approvalStatus: string | null, approvalStatusModTime: string | null, approvalStatusModBy: string | null, isLocked: boolean | null, lockedTime: string | null, lockedBy: string | null, creationCtx: string | null, passwordExpiry: string | null, passwordIsSet: boolean | null, passwordMustChange: boolean | null, passwordLastSet: string | null, signUpStatus: string | null, signUpTime: string | null };

export type UserViewFieldsFragment =
  | UserViewFields_User_Fragment
  | UserViewFields_UserPayload_Fragment
;

export type SessionInfoFieldsFragment = { sessionId: string, creationTime: string, expirationTime: string, remoteAddr: string, userAgent: string | null, authType: string, authPrincipal: string, extSessionId: string | null, sessionStateChangeList: Array<{ remoteAddr: Array<string>, userAgent: string | null, timestampUtc: string, ctxSource: string, idx: number }> };

export type LoginMutationVariables = Exact<{
  username: string;
  password: string;
  currentApp?: string | null | undefined;
  totpCode?: string | null | undefined;
  newPassword?: string | null | undefined;
  remoteAddr?: string | null | undefined;
  userAgent?: string | null | undefined;
}>;


export type LoginMutation = { login:
    | { __typename: 'LoginPayload', cid: string, status: string, subStatus: Array<string>, ust: string, userId: string, username: string, creationTime: string, expirationTime: string }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type LogoutMutationVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
}>;


export type LogoutMutation = { logout:
    | { __typename: 'EmptyPayload', cid: string, status: string, subStatus: Array<string> }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type VerifySessionQueryVariables = Exact<{
  currentUst?: string | null | undefined;
  targetUst?: string | null | undefined;
  currentApp?: string | null | undefined;
}>;


export type VerifySessionQuery = { verifySession:
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
    | { __typename: 'VerifySessionPayload', cid: string, status: string, subStatus: Array<string>, isValid: boolean }
   | null };

export type RenewSessionMutationVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
}>;


export type RenewSessionMutation = { renewSession:
    | { __typename: 'RenewSessionPayload', cid: string, status: string, subStatus: Array<string>, expirationTime: string }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type GetSessionQueryVariables = Exact<{
  currentUst?: string | null | undefined;
  targetUst?: string | null | undefined;
  currentApp?: string | null | undefined;
}>;


export type GetSessionQuery = { getSession:
    | { __typename: 'SessionPayload', cid: string, status: string, subStatus: Array<string>, creationTime: string, expirationTime: string, remoteAddr: string, userAgent: string | null }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type GetSessionListQueryVariables = Exact<{
  ust?: string | null | undefined;
  currentUst?: string | null | undefined;
  targetUst?: string | null | undefined;
  currentApp?: string | null | undefined;
}>;


export type GetSessionListQuery = { getSessionList:
    | { __typename: 'SessionListPayload', cid: string, status: string, subStatus: Array<string>, result: Array<{ sessionId: string, creationTime: string, expirationTime: string, remoteAddr: string, userAgent: string | null, authType: string, authPrincipal: string, extSessionId: string | null, sessionStateChangeList: Array<{ remoteAddr: Array<string>, userAgent: string | null, timestampUtc: string, ctxSource: string, idx: number }> }> }
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
   | null };

export type CreateUserMutationVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  username?: string | null | undefined;
  password?: string | null | undefined;
  passwordMustChange?: boolean | null | undefined;
  displayName?: string | null | undefined;
  firstName?: string | null | undefined;
  middleName?: string | null | undefined;
  lastName?: string | null | undefined;
  email?: string | null | undefined;
  isLocked?: boolean | null | undefined;
  signUpStatus?: string | null | undefined;
  isTotpEnabled?: boolean | null | undefined;
  totpKey?: string | null | undefined;
  totpLabel?: string | null | undefined;
  isRateLimitActive?: boolean | null | undefined;
  rateLimitDef?: string | null | undefined;
  autoApprove?: boolean | null | undefined;
}>;


export type CreateUserMutation = { createUser:
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
    | { __typename: 'UserPayload', cid: string, status: string, subStatus: Array<string>, isCurrentSuperUser: boolean, userId: string | null, username: string, email: string | null, displayName: string | null, firstName: string | null, middleName: string | null, lastName: string | null, isTotpEnabled: boolean, totpLabel: string, isActive: boolean | null, isInternal: boolean | null, isSuperUser: boolean | null, isApprovalNeeded: boolean | null, approvalStatus: string | null, approvalStatusModTime: string | null, approvalStatusModBy: string | null, isLocked: boolean | null, lockedTime: string | null, lockedBy: string | null, creationCtx: string | null, passwordExpiry: string | null, passwordIsSet: boolean | null, passwordMustChange: boolean | null, passwordLastSet: string | null, signUpStatus: string | null, signUpTime: string | null }
   | null };

export type GetCurrentUserQueryVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
}>;


export type GetCurrentUserQuery = { getCurrentUser:
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
    | { __typename: 'UserPayload', cid: string, status: string, subStatus: Array<string>, isCurrentSuperUser: boolean, userId: string | null, username: string, email: string | null, displayName: string | null, firstName: string | null, middleName: string | null, lastName: string | null, isTotpEnabled: boolean, totpLabel: string, isActive: boolean | null, isInternal: boolean | null, isSuperUser: boolean | null, isApprovalNeeded: boolean | null, approvalStatus: string | null, approvalStatusModTime: string | null, approvalStatusModBy: string | null, isLocked: boolean | null, lockedTime: string | null, lockedBy: string | null, creationCtx: string | null, passwordExpiry: string | null, passwordIsSet: boolean | null, passwordMustChange: boolean | null, passwordLastSet: string | null, signUpStatus: string | null, signUpTime: string | null }
   | null };

export type GetUserByIdQueryVariables = Exact<{
  ust?: string | null | undefined;
  currentApp?: string | null | undefined;
  userId: string;
}>;


export type GetUserByIdQuery = { getUserById:
    | { __typename: 'SsoError', cid: string, status: string, subStatus: Array<string>, message: string }
    | { __typename: 'UserPayload', cid: string, status: string, subStatus: Array<string>, isCurrentSuperUser: boolean, userId: string | null, username: string, email: string | null, displayName: string | null, firstName: string | null, middleName: string | null, lastName: string | null, isTotpEnabled: boolean, totpLabel: string, isActive: boolean | null, isInternal: boolean | null, isSuperUser: boolean | null, isApprovalNeeded: boolean | null, approvalStatus: string | null, approvalStatusModTime: string | null, approvalStatusModBy: string | null, isLocked: boolean | null, lockedTime: string | null, lockedBy: string | null, creationCtx: string | null, passwordExpiry: string | null, passwordIsSet: boolean | null, passwordMustChange: boolean | null, passwordLastSet: string | null, signUpStatus: string | null, signUpTime: string | null }
   | null };

export const UserViewFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserViewFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserView"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isCurrentSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"middleName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}},{"kind":"Field","name":{"kind":"Name","value":"isTotpEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"totpLabel"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"isInternal"}},{"kind":"Field","name":{"kind":"Name","value":"isSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"isApprovalNeeded"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModTime"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModBy"}},{"kind":"Field","name":{"kind":"Name","value":"isLocked"}},{"kind":"Field","name":{"kind":"Name","value":"lockedTime"}},{"kind":"Field","name":{"kind":"Name","value":"lockedBy"}},{"kind":"Field","name":{"kind":"Name","value":"creationCtx"}},{"kind":"Field","name":{"kind":"Name","value":"passwordExpiry"}},{"kind":"Field","name":{"kind":"Name","value":"passwordIsSet"}},{"kind":"Field","name":{"kind":"Name","value":"passwordMustChange"}},{"kind":"Field","name":{"kind":"Name","value":"passwordLastSet"}},{"kind":"Field","name":{"kind":"Name","value":"signUpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"signUpTime"}}]}}]} as unknown as DocumentNode<UserViewFieldsFragment, unknown>;
export const AdminSearchUserFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminSearchUser"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserViewFields"}},{"kind":"Field","name":{"kind":"Name","value":"isRateLimitActive"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitDef"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitType"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitCheckParentDef"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserViewFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserView"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isCurrentSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"middleName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}},{"kind":"Field","name":{"kind":"Name","value":"isTotpEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"totpLabel"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"isInternal"}},{"kind":"Field","name":{"kind":"Name","value":"isSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"isApprovalNeeded"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModTime"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModBy"}},{"kind":"Field","name":{"kind":"Name","value":"isLocked"}},{"kind":"Field","name":{"kind":"Name","value":"lockedTime"}},{"kind":"Field","name":{"kind":"Name","value":"lockedBy"}},{"kind":"Field","name":{"kind":"Name","value":"creationCtx"}},{"kind":"Field","name":{"kind":"Name","value":"passwordExpiry"}},{"kind":"Field","name":{"kind":"Name","value":"passwordIsSet"}},{"kind":"Field","name":{"kind":"Name","value":"passwordMustChange"}},{"kind":"Field","name":{"kind":"Name","value":"passwordLastSet"}},{"kind":"Field","name":{"kind":"Name","value":"signUpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"signUpTime"}}]}}]} as unknown as DocumentNode<AdminSearchUserFragment, unknown>;
export const AdminErrorFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminErrorFragment, unknown>;
export const AdminEmptyFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminEmpty"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmptyPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}}]}}]} as unknown as DocumentNode<AdminEmptyFragment, unknown>;
export const SsoErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SsoErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<SsoErrorFieldsFragment, unknown>;
export const UserFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserViewFields"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserViewFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserView"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isCurrentSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"middleName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}},{"kind":"Field","name":{"kind":"Name","value":"isTotpEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"totpLabel"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"isInternal"}},{"kind":"Field","name":{"kind":"Name","value":"isSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"isApprovalNeeded"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModTime"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModBy"}},{"kind":"Field","name":{"kind":"Name","value":"isLocked"}},{"kind":"Field","name":{"kind":"Name","value":"lockedTime"}},{"kind":"Field","name":{"kind":"Name","value":"lockedBy"}},{"kind":"Field","name":{"kind":"Name","value":"creationCtx"}},{"kind":"Field","name":{"kind":"Name","value":"passwordExpiry"}},{"kind":"Field","name":{"kind":"Name","value":"passwordIsSet"}},{"kind":"Field","name":{"kind":"Name","value":"passwordMustChange"}},{"kind":"Field","name":{"kind":"Name","value":"passwordLastSet"}},{"kind":"Field","name":{"kind":"Name","value":"signUpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"signUpTime"}}]}}]} as unknown as DocumentNode<UserFieldsFragment, unknown>;
export const SessionInfoFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionInfoFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}},{"kind":"Field","name":{"kind":"Name","value":"expirationTime"}},{"kind":"Field","name":{"kind":"Name","value":"remoteAddr"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}},{"kind":"Field","name":{"kind":"Name","value":"authType"}},{"kind":"Field","name":{"kind":"Name","value":"authPrincipal"}},{"kind":"Field","name":{"kind":"Name","value":"extSessionId"}},{"kind":"Field","name":{"kind":"Name","value":"sessionStateChangeList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"remoteAddr"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}},{"kind":"Field","name":{"kind":"Name","value":"timestampUtc"}},{"kind":"Field","name":{"kind":"Name","value":"ctxSource"}},{"kind":"Field","name":{"kind":"Name","value":"idx"}}]}}]}}]} as unknown as DocumentNode<SessionInfoFieldsFragment, unknown>;
export const AdminAuditLogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AdminAuditLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"targetUserId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"actorUserId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"operation"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"targetUserId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"targetUserId"}}},{"kind":"Argument","name":{"kind":"Name","value":"actorUserId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"actorUserId"}}},{"kind":"Argument","name":{"kind":"Name","value":"operation"},"value":{"kind":"Variable","name":{"kind":"Name","value":"operation"}}},{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuditLogPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"records"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"operation"}},{"kind":"Field","name":{"kind":"Name","value":"actorUserId"}},{"kind":"Field","name":{"kind":"Name","value":"actorSessionId"}},{"kind":"Field","name":{"kind":"Name","value":"targetUserId"}},{"kind":"Field","name":{"kind":"Name","value":"targetUsername"}},{"kind":"Field","name":{"kind":"Name","value":"currentApp"}},{"kind":"Field","name":{"kind":"Name","value":"remoteAddr"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminAuditLogQuery, AdminAuditLogQueryVariables>;
export const AdminSearchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AdminSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"displayName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"firstName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"middleName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"lastName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"signUpStatus"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"approvalStatus"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"isNameExact"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"nameOp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"curPage"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"pageSize"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"paginate"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"search"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}},{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"displayName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"displayName"}}},{"kind":"Argument","name":{"kind":"Name","value":"firstName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"firstName"}}},{"kind":"Argument","name":{"kind":"Name","value":"middleName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"middleName"}}},{"kind":"Argument","name":{"kind":"Name","value":"lastName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"lastName"}}},{"kind":"Argument","name":{"kind":"Name","value":"signUpStatus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"signUpStatus"}}},{"kind":"Argument","name":{"kind":"Name","value":"approvalStatus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"approvalStatus"}}},{"kind":"Argument","name":{"kind":"Name","value":"isNameExact"},"value":{"kind":"Variable","name":{"kind":"Name","value":"isNameExact"}}},{"kind":"Argument","name":{"kind":"Name","value":"nameOp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"nameOp"}}},{"kind":"Argument","name":{"kind":"Name","value":"curPage"},"value":{"kind":"Variable","name":{"kind":"Name","value":"curPage"}}},{"kind":"Argument","name":{"kind":"Name","value":"pageSize"},"value":{"kind":"Variable","name":{"kind":"Name","value":"pageSize"}}},{"kind":"Argument","name":{"kind":"Name","value":"paginate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"paginate"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SearchPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"numPages"}},{"kind":"Field","name":{"kind":"Name","value":"pageSize"}},{"kind":"Field","name":{"kind":"Name","value":"curPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPrevPage"}},{"kind":"Field","name":{"kind":"Name","value":"nextPage"}},{"kind":"Field","name":{"kind":"Name","value":"prevPage"}},{"kind":"Field","name":{"kind":"Name","value":"result"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminSearchUser"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserViewFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserView"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isCurrentSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"middleName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}},{"kind":"Field","name":{"kind":"Name","value":"isTotpEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"totpLabel"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"isInternal"}},{"kind":"Field","name":{"kind":"Name","value":"isSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"isApprovalNeeded"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModTime"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModBy"}},{"kind":"Field","name":{"kind":"Name","value":"isLocked"}},{"kind":"Field","name":{"kind":"Name","value":"lockedTime"}},{"kind":"Field","name":{"kind":"Name","value":"lockedBy"}},{"kind":"Field","name":{"kind":"Name","value":"creationCtx"}},{"kind":"Field","name":{"kind":"Name","value":"passwordExpiry"}},{"kind":"Field","name":{"kind":"Name","value":"passwordIsSet"}},{"kind":"Field","name":{"kind":"Name","value":"passwordMustChange"}},{"kind":"Field","name":{"kind":"Name","value":"passwordLastSet"}},{"kind":"Field","name":{"kind":"Name","value":"signUpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"signUpTime"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminSearchUser"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserViewFields"}},{"kind":"Field","name":{"kind":"Name","value":"isRateLimitActive"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitDef"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitType"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitCheckParentDef"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminSearchQuery, AdminSearchQueryVariables>;
export const AdminUpdateCurrentUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminUpdateCurrentUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"displayName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"firstName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"middleName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"lastName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"isTotpEnabled"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"totpLabel"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"isLocked"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"passwordExpiry"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"passwordMustChange"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"signUpStatus"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"approvalStatus"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateCurrentUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"displayName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"displayName"}}},{"kind":"Argument","name":{"kind":"Name","value":"firstName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"firstName"}}},{"kind":"Argument","name":{"kind":"Name","value":"middleName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"middleName"}}},{"kind":"Argument","name":{"kind":"Name","value":"lastName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"lastName"}}},{"kind":"Argument","name":{"kind":"Name","value":"isTotpEnabled"},"value":{"kind":"Variable","name":{"kind":"Name","value":"isTotpEnabled"}}},{"kind":"Argument","name":{"kind":"Name","value":"totpLabel"},"value":{"kind":"Variable","name":{"kind":"Name","value":"totpLabel"}}},{"kind":"Argument","name":{"kind":"Name","value":"isLocked"},"value":{"kind":"Variable","name":{"kind":"Name","value":"isLocked"}}},{"kind":"Argument","name":{"kind":"Name","value":"passwordExpiry"},"value":{"kind":"Variable","name":{"kind":"Name","value":"passwordExpiry"}}},{"kind":"Argument","name":{"kind":"Name","value":"passwordMustChange"},"value":{"kind":"Variable","name":{"kind":"Name","value":"passwordMustChange"}}},{"kind":"Argument","name":{"kind":"Name","value":"signUpStatus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"signUpStatus"}}},{"kind":"Argument","name":{"kind":"Name","value":"approvalStatus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"approvalStatus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminEmpty"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminEmpty"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmptyPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminUpdateCurrentUserMutation, AdminUpdateCurrentUserMutationVariables>;
export const AdminUpdateUserByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminUpdateUserById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"displayName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"firstName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"middleName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"lastName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"isTotpEnabled"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"totpLabel"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"isLocked"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"passwordExpiry"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"passwordMustChange"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"signUpStatus"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"approvalStatus"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateUserById"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}},{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"displayName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"displayName"}}},{"kind":"Argument","name":{"kind":"Name","value":"firstName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"firstName"}}},{"kind":"Argument","name":{"kind":"Name","value":"middleName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"middleName"}}},{"kind":"Argument","name":{"kind":"Name","value":"lastName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"lastName"}}},{"kind":"Argument","name":{"kind":"Name","value":"isTotpEnabled"},"value":{"kind":"Variable","name":{"kind":"Name","value":"isTotpEnabled"}}},{"kind":"Argument","name":{"kind":"Name","value":"totpLabel"},"value":{"kind":"Variable","name":{"kind":"Name","value":"totpLabel"}}},{"kind":"Argument","name":{"kind":"Name","value":"isLocked"},"value":{"kind":"Variable","name":{"kind":"Name","value":"isLocked"}}},{"kind":"Argument","name":{"kind":"Name","value":"passwordExpiry"},"value":{"kind":"Variable","name":{"kind":"Name","value":"passwordExpiry"}}},{"kind":"Argument","name":{"kind":"Name","value":"passwordMustChange"},"value":{"kind":"Variable","name":{"kind":"Name","value":"passwordMustChange"}}},{"kind":"Argument","name":{"kind":"Name","value":"signUpStatus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"signUpStatus"}}},{"kind":"Argument","name":{"kind":"Name","value":"approvalStatus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"approvalStatus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminEmpty"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminEmpty"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmptyPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminUpdateUserByIdMutation, AdminUpdateUserByIdMutationVariables>;
export const AdminDeleteUserByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminDeleteUserById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteUserById"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminEmpty"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminEmpty"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmptyPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminDeleteUserByIdMutation, AdminDeleteUserByIdMutationVariables>;
export const AdminDeleteUserByUsernameDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminDeleteUserByUsername"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteUserByUsername"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminEmpty"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminEmpty"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmptyPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminDeleteUserByUsernameMutation, AdminDeleteUserByUsernameMutationVariables>;
export const AdminLockUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminLockUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lockUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminEmpty"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminEmpty"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmptyPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminLockUserMutation, AdminLockUserMutationVariables>;
export const AdminUnlockUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminUnlockUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unlockUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminEmpty"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminEmpty"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmptyPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminUnlockUserMutation, AdminUnlockUserMutationVariables>;
export const AdminApproveUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminApproveUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminEmpty"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminEmpty"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmptyPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminApproveUserMutation, AdminApproveUserMutationVariables>;
export const AdminRejectUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminRejectUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminEmpty"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminEmpty"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmptyPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminRejectUserMutation, AdminRejectUserMutationVariables>;
export const AdminChangePasswordDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminChangePassword"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"newPassword"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"oldPassword"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"passwordExpiry"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"mustChange"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changePassword"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"newPassword"},"value":{"kind":"Variable","name":{"kind":"Name","value":"newPassword"}}},{"kind":"Argument","name":{"kind":"Name","value":"oldPassword"},"value":{"kind":"Variable","name":{"kind":"Name","value":"oldPassword"}}},{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}},{"kind":"Argument","name":{"kind":"Name","value":"passwordExpiry"},"value":{"kind":"Variable","name":{"kind":"Name","value":"passwordExpiry"}}},{"kind":"Argument","name":{"kind":"Name","value":"mustChange"},"value":{"kind":"Variable","name":{"kind":"Name","value":"mustChange"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminEmpty"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminEmpty"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmptyPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminChangePasswordMutation, AdminChangePasswordMutationVariables>;
export const AdminResetTotpKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdminResetTotpKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"totpKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"totpLabel"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resetTotpKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"totpKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"totpKey"}}},{"kind":"Argument","name":{"kind":"Name","value":"totpLabel"},"value":{"kind":"Variable","name":{"kind":"Name","value":"totpLabel"}}},{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ResetTotpKeyPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"totpKey"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminResetTotpKeyMutation, AdminResetTotpKeyMutationVariables>;
export const AdminGetCurrentUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AdminGetCurrentUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"getCurrentUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserFields"}},{"kind":"Field","name":{"kind":"Name","value":"isRateLimitActive"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitDef"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitType"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitCheckParentDef"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserViewFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserView"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isCurrentSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"middleName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}},{"kind":"Field","name":{"kind":"Name","value":"isTotpEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"totpLabel"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"isInternal"}},{"kind":"Field","name":{"kind":"Name","value":"isSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"isApprovalNeeded"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModTime"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModBy"}},{"kind":"Field","name":{"kind":"Name","value":"isLocked"}},{"kind":"Field","name":{"kind":"Name","value":"lockedTime"}},{"kind":"Field","name":{"kind":"Name","value":"lockedBy"}},{"kind":"Field","name":{"kind":"Name","value":"creationCtx"}},{"kind":"Field","name":{"kind":"Name","value":"passwordExpiry"}},{"kind":"Field","name":{"kind":"Name","value":"passwordIsSet"}},{"kind":"Field","name":{"kind":"Name","value":"passwordMustChange"}},{"kind":"Field","name":{"kind":"Name","value":"passwordLastSet"}},{"kind":"Field","name":{"kind":"Name","value":"signUpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"signUpTime"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserViewFields"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminGetCurrentUserQuery, AdminGetCurrentUserQueryVariables>;
export const AdminGetUserByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AdminGetUserById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"getUserById"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserFields"}},{"kind":"Field","name":{"kind":"Name","value":"isRateLimitActive"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitDef"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitType"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimitCheckParentDef"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AdminError"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserViewFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserView"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isCurrentSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"middleName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}},{"kind":"Field","name":{"kind":"Name","value":"isTotpEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"totpLabel"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"isInternal"}},{"kind":"Field","name":{"kind":"Name","value":"isSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"isApprovalNeeded"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModTime"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModBy"}},{"kind":"Field","name":{"kind":"Name","value":"isLocked"}},{"kind":"Field","name":{"kind":"Name","value":"lockedTime"}},{"kind":"Field","name":{"kind":"Name","value":"lockedBy"}},{"kind":"Field","name":{"kind":"Name","value":"creationCtx"}},{"kind":"Field","name":{"kind":"Name","value":"passwordExpiry"}},{"kind":"Field","name":{"kind":"Name","value":"passwordIsSet"}},{"kind":"Field","name":{"kind":"Name","value":"passwordMustChange"}},{"kind":"Field","name":{"kind":"Name","value":"passwordLastSet"}},{"kind":"Field","name":{"kind":"Name","value":"signUpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"signUpTime"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserViewFields"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AdminError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AdminGetUserByIdQuery, AdminGetUserByIdQueryVariables>;
export const LoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"totpCode"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"newPassword"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"remoteAddr"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userAgent"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"totpCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"totpCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"newPassword"},"value":{"kind":"Variable","name":{"kind":"Name","value":"newPassword"}}},{"kind":"Argument","name":{"kind":"Name","value":"remoteAddr"},"value":{"kind":"Variable","name":{"kind":"Name","value":"remoteAddr"}}},{"kind":"Argument","name":{"kind":"Name","value":"userAgent"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userAgent"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LoginPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"ust"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}},{"kind":"Field","name":{"kind":"Name","value":"expirationTime"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"SsoErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SsoErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Logout"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logout"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmptyPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"SsoErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SsoErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<LogoutMutation, LogoutMutationVariables>;
export const VerifySessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VerifySession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentUst"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"targetUst"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifySession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"currentUst"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentUst"}}},{"kind":"Argument","name":{"kind":"Name","value":"targetUst"},"value":{"kind":"Variable","name":{"kind":"Name","value":"targetUst"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VerifySessionPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"isValid"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"SsoErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SsoErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<VerifySessionQuery, VerifySessionQueryVariables>;
export const RenewSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RenewSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renewSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RenewSessionPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"expirationTime"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"SsoErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SsoErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<RenewSessionMutation, RenewSessionMutationVariables>;
export const GetSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentUst"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"targetUst"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"getSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"currentUst"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentUst"}}},{"kind":"Argument","name":{"kind":"Name","value":"targetUst"},"value":{"kind":"Variable","name":{"kind":"Name","value":"targetUst"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}},{"kind":"Field","name":{"kind":"Name","value":"expirationTime"}},{"kind":"Field","name":{"kind":"Name","value":"remoteAddr"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"SsoErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SsoErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<GetSessionQuery, GetSessionQueryVariables>;
export const GetSessionListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetSessionList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentUst"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"targetUst"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"getSessionList"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentUst"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentUst"}}},{"kind":"Argument","name":{"kind":"Name","value":"targetUst"},"value":{"kind":"Variable","name":{"kind":"Name","value":"targetUst"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionListPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"result"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionInfoFields"}}]}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"SsoErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionInfoFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SessionInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}},{"kind":"Field","name":{"kind":"Name","value":"expirationTime"}},{"kind":"Field","name":{"kind":"Name","value":"remoteAddr"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}},{"kind":"Field","name":{"kind":"Name","value":"authType"}},{"kind":"Field","name":{"kind":"Name","value":"authPrincipal"}},{"kind":"Field","name":{"kind":"Name","value":"extSessionId"}},{"kind":"Field","name":{"kind":"Name","value":"sessionStateChangeList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"remoteAddr"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}},{"kind":"Field","name":{"kind":"Name","value":"timestampUtc"}},{"kind":"Field","name":{"kind":"Name","value":"ctxSource"}},{"kind":"Field","name":{"kind":"Name","value":"idx"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SsoErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<GetSessionListQuery, GetSessionListQueryVariables>;
export const CreateUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"passwordMustChange"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"displayName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"firstName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"middleName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"lastName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"isLocked"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"signUpStatus"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"isTotpEnabled"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"totpKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"totpLabel"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"isRateLimitActive"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"rateLimitDef"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"autoApprove"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}},{"kind":"Argument","name":{"kind":"Name","value":"passwordMustChange"},"value":{"kind":"Variable","name":{"kind":"Name","value":"passwordMustChange"}}},{"kind":"Argument","name":{"kind":"Name","value":"displayName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"displayName"}}},{"kind":"Argument","name":{"kind":"Name","value":"firstName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"firstName"}}},{"kind":"Argument","name":{"kind":"Name","value":"middleName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"middleName"}}},{"kind":"Argument","name":{"kind":"Name","value":"lastName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"lastName"}}},{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"isLocked"},"value":{"kind":"Variable","name":{"kind":"Name","value":"isLocked"}}},{"kind":"Argument","name":{"kind":"Name","value":"signUpStatus"},"value":{"kind":"Variable","name":{"kind":"Name","value":"signUpStatus"}}},{"kind":"Argument","name":{"kind":"Name","value":"isTotpEnabled"},"value":{"kind":"Variable","name":{"kind":"Name","value":"isTotpEnabled"}}},{"kind":"Argument","name":{"kind":"Name","value":"totpKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"totpKey"}}},{"kind":"Argument","name":{"kind":"Name","value":"totpLabel"},"value":{"kind":"Variable","name":{"kind":"Name","value":"totpLabel"}}},{"kind":"Argument","name":{"kind":"Name","value":"isRateLimitActive"},"value":{"kind":"Variable","name":{"kind":"Name","value":"isRateLimitActive"}}},{"kind":"Argument","name":{"kind":"Name","value":"rateLimitDef"},"value":{"kind":"Variable","name":{"kind":"Name","value":"rateLimitDef"}}},{"kind":"Argument","name":{"kind":"Name","value":"autoApprove"},"value":{"kind":"Variable","name":{"kind":"Name","value":"autoApprove"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserFields"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"SsoErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserViewFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserView"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isCurrentSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"middleName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}},{"kind":"Field","name":{"kind":"Name","value":"isTotpEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"totpLabel"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"isInternal"}},{"kind":"Field","name":{"kind":"Name","value":"isSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"isApprovalNeeded"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModTime"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModBy"}},{"kind":"Field","name":{"kind":"Name","value":"isLocked"}},{"kind":"Field","name":{"kind":"Name","value":"lockedTime"}},{"kind":"Field","name":{"kind":"Name","value":"lockedBy"}},{"kind":"Field","name":{"kind":"Name","value":"creationCtx"}},{"kind":"Field","name":{"kind":"Name","value":"passwordExpiry"}},{"kind":"Field","name":{"kind":"Name","value":"passwordIsSet"}},{"kind":"Field","name":{"kind":"Name","value":"passwordMustChange"}},{"kind":"Field","name":{"kind":"Name","value":"passwordLastSet"}},{"kind":"Field","name":{"kind":"Name","value":"signUpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"signUpTime"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserViewFields"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SsoErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<CreateUserMutation, CreateUserMutationVariables>;
export const GetCurrentUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetCurrentUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"getCurrentUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserFields"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"SsoErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserViewFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserView"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isCurrentSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"middleName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}},{"kind":"Field","name":{"kind":"Name","value":"isTotpEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"totpLabel"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"isInternal"}},{"kind":"Field","name":{"kind":"Name","value":"isSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"isApprovalNeeded"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModTime"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModBy"}},{"kind":"Field","name":{"kind":"Name","value":"isLocked"}},{"kind":"Field","name":{"kind":"Name","value":"lockedTime"}},{"kind":"Field","name":{"kind":"Name","value":"lockedBy"}},{"kind":"Field","name":{"kind":"Name","value":"creationCtx"}},{"kind":"Field","name":{"kind":"Name","value":"passwordExpiry"}},{"kind":"Field","name":{"kind":"Name","value":"passwordIsSet"}},{"kind":"Field","name":{"kind":"Name","value":"passwordMustChange"}},{"kind":"Field","name":{"kind":"Name","value":"passwordLastSet"}},{"kind":"Field","name":{"kind":"Name","value":"signUpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"signUpTime"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserViewFields"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SsoErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<GetCurrentUserQuery, GetCurrentUserQueryVariables>;
export const GetUserByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetUserById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ust"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"getUserById"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ust"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ust"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentApp"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentApp"}}},{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserFields"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"SsoErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserViewFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserView"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isCurrentSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"middleName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}},{"kind":"Field","name":{"kind":"Name","value":"isTotpEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"totpLabel"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"isInternal"}},{"kind":"Field","name":{"kind":"Name","value":"isSuperUser"}},{"kind":"Field","name":{"kind":"Name","value":"isApprovalNeeded"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModTime"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatusModBy"}},{"kind":"Field","name":{"kind":"Name","value":"isLocked"}},{"kind":"Field","name":{"kind":"Name","value":"lockedTime"}},{"kind":"Field","name":{"kind":"Name","value":"lockedBy"}},{"kind":"Field","name":{"kind":"Name","value":"creationCtx"}},{"kind":"Field","name":{"kind":"Name","value":"passwordExpiry"}},{"kind":"Field","name":{"kind":"Name","value":"passwordIsSet"}},{"kind":"Field","name":{"kind":"Name","value":"passwordMustChange"}},{"kind":"Field","name":{"kind":"Name","value":"passwordLastSet"}},{"kind":"Field","name":{"kind":"Name","value":"signUpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"signUpTime"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserViewFields"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SsoErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SsoError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cid"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<GetUserByIdQuery, GetUserByIdQueryVariables>;