import { sessionAttributes, userAttributes } from "../core/attributes/operations.js";
import { optionalId, type Shape } from "../core/input.js";
import { createLinkedAuth, deleteLinkedAuth, getLinkedAuthList } from "../core/linked-auth/links.js";
import type { AnyOperation, Operation } from "../core/operation.js";
import {
  accessPasswordResetToken,
  changePasswordResetPassword,
  createPasswordResetToken,
} from "../core/password-reset/operations.js";
import { changePassword } from "../core/passwords/change.js";
import { login } from "../core/sessions/login.js";
import { logout } from "../core/sessions/logout.js";
import { getSession, getSessionList, renewSession, verifySession } from "../core/sessions/operations.js";
import { confirmSignup, getSignupList, getWholeSignupList, signup } from "../core/signup/operations.js";
import { resetTotpKey } from "../core/totp/reset.js";
import { approveUser, rejectUser } from "../core/users/approval.js";
import { createUser } from "../core/users/create.js";
import { deleteUserById } from "../core/users/delete.js";
import { getCurrentUser, getUserById } from "../core/users/get.js";
import { lockUser, unlockUser } from "../core/users/lock.js";
import { search } from "../core/users/search.js";
import { updateCurrentUser, updateUserById } from "../core/users/update.js";
import { type Answer, answers } from "./answers.js";

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/**
 * One documented path and method, and the core operation behind it. Which keys are required
 * (HTTP 400 when absent) is the operation's own declaration.
 */
export interface Route {
  method: Method;
  path: string;
  op: AnyOperation;
  /** What a successful answer carries besides cid and status (/openapi.json publishes it). */
  answer: Answer;
  /** Where one path serves two operations: the other one, when it applies, and what it answers. */
  variant?: {
    when: (params: Readonly<Record<string, unknown>>) => boolean;
    op: AnyOperation;
    answer: Answer;
    /** When it applies, and when it does not, in words: `user_id`, `name`. */
    given: string;
    otherwise: string;
  };
  /** The operation GraphQL serves the call with, when not `op`: REST answers the whole list GraphQL pages through. */
  graphqlOp?: AnyOperation;
  /** Response fields besides cid and status; by default every field of the operation's result. */
  output?: (data: never) => Record<string, unknown>;
  /** List fields that, given once in the query string, mean a one-element list. */
  singleValueLists?: readonly string[];
}

const as = <S extends Shape, O>(op: Operation<S, O>) => op as unknown as AnyOperation;
/** `user_id` given, by the rule of its codec (an empty user_id is treated as absent). */
/** Attribute calls: `name` (the single form) wins over `data` (the many form). */
const nameGiven = (p: Readonly<Record<string, unknown>>) => p.name !== undefined && p.name !== null;

/** The rows of one attribute path family: `data` is the many form, `name` the single one. */
function attributeRoutes(base: string, ops: typeof userAttributes): Route[] {
  const pair = (
    method: Method,
    path: string,
    many: AnyOperation,
    single: AnyOperation,
    answer: Answer,
    singleAnswer: Answer,
  ) => ({
    method,
    path,
    op: many,
    answer,
    variant: { when: nameGiven, op: single, answer: singleAnswer, given: "with `name`", otherwise: "with `data`" },
    singleValueLists: method === "GET" || method === "DELETE" ? ["data"] : [],
  });
  return [
    pair("POST", base, as(ops.createMany), as(ops.create), answers.none, answers.none),
    pair("PATCH", base, as(ops.updateMany), as(ops.update), answers.none, answers.none),
    pair("PUT", base, as(ops.setMany), as(ops.set), answers.none, answers.none),
    pair("DELETE", base, as(ops.deleteMany), as(ops.delete), answers.none, answers.none),
    pair("GET", base, as(ops.getMany), as(ops.get), answers.attributeMap, answers.attribute),
    pair("GET", `${base}/exists`, as(ops.existsMany), as(ops.exists), answers.existsMap, answers.exists),
    { method: "GET", path: `${base}/names`, op: as(ops.names), answer: answers.names },
  ];
}

const WITH_USER_ID = { given: "with `user_id`", otherwise: "without `user_id`" };
const userIdGiven = (p: Readonly<Record<string, unknown>>) => optionalId.decode(p.user_id) != null;

export const routes: readonly Route[] = [
  { method: "POST", path: "/zato/sso/user", op: as(createUser), answer: answers.fullView },
  {
    method: "GET",
    path: "/zato/sso/user",
    op: as(getCurrentUser),
    answer: answers.ownView,
    variant: { when: userIdGiven, op: as(getUserById), answer: answers.fullView, ...WITH_USER_ID },
  },
  {
    method: "PATCH",
    path: "/zato/sso/user",
    op: as(updateCurrentUser),
    answer: answers.none,
    variant: { when: userIdGiven, op: as(updateUserById), answer: answers.none, ...WITH_USER_ID },
  },
  { method: "DELETE", path: "/zato/sso/user", op: as(deleteUserById), answer: answers.none },
  { method: "POST", path: "/zato/sso/user/signup", op: as(signup), answer: answers.confirmToken },
  { method: "PATCH", path: "/zato/sso/user/signup", op: as(confirmSignup), answer: answers.none },
  { method: "POST", path: "/zato/sso/user/signup/confirm", op: as(confirmSignup), answer: answers.none },
  {
    method: "GET",
    path: "/zato/sso/user/signup",
    op: as(getWholeSignupList),
    graphqlOp: as(getSignupList),
    answer: answers.signupList,
  },
  { method: "POST", path: "/zato/sso/user/approve", op: as(approveUser), answer: answers.none },
  { method: "POST", path: "/zato/sso/user/signup/approve", op: as(approveUser), answer: answers.none },
  { method: "POST", path: "/zato/sso/user/reject", op: as(rejectUser), answer: answers.none },
  { method: "POST", path: "/zato/sso/user/signup/reject", op: as(rejectUser), answer: answers.none },
  {
    method: "POST",
    path: "/zato/sso/user/login",
    op: as(login),
    answer: answers.login,
    output: (d: { ust: string }) => ({ ust: d.ust }),
  },
  { method: "POST", path: "/zato/sso/user/logout", op: as(logout), answer: answers.none },
  { method: "GET", path: "/zato/sso/user/search", op: as(search), answer: answers.search },
  { method: "PATCH", path: "/zato/sso/user/password", op: as(changePassword), answer: answers.none },
  { method: "POST", path: "/zato/sso/user/lock", op: as(lockUser), answer: answers.none },
  { method: "DELETE", path: "/zato/sso/user/lock", op: as(unlockUser), answer: answers.none },
  { method: "PATCH", path: "/zato/sso/user/totp", op: as(resetTotpKey), answer: answers.totpKey },
  { method: "POST", path: "/zato/sso/user/session", op: as(verifySession), answer: answers.isValid },
  { method: "PATCH", path: "/zato/sso/user/session", op: as(renewSession), answer: answers.expirationTime },
  {
    method: "GET",
    path: "/zato/sso/user/session",
    op: as(getSession),
    answer: answers.session,
    // Zato's answer has no session id: GraphQL's has one, for the session's nested fields.
    output: ({ session_id: _, ...fields }: { session_id: string }) => fields,
  },
  { method: "GET", path: "/zato/sso/user/session/list", op: as(getSessionList), answer: answers.sessionList },
  { method: "POST", path: "/zato/sso/password/reset", op: as(createPasswordResetToken), answer: answers.none },
  { method: "PATCH", path: "/zato/sso/password/reset", op: as(accessPasswordResetToken), answer: answers.resetKey },
  { method: "DELETE", path: "/zato/sso/password/reset", op: as(changePasswordResetPassword), answer: answers.none },
  { method: "POST", path: "/zato/sso/user/linked", op: as(createLinkedAuth), answer: answers.none },
  { method: "GET", path: "/zato/sso/user/linked", op: as(getLinkedAuthList), answer: answers.linkList },
  { method: "DELETE", path: "/zato/sso/user/linked", op: as(deleteLinkedAuth), answer: answers.none },
  ...attributeRoutes("/zato/sso/user/attr", userAttributes),
  ...attributeRoutes("/zato/sso/session/attr", sessionAttributes),
];
