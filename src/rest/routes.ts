import { optionalId, type Shape } from "../core/input.js";
import type { AnyOperation, Operation } from "../core/operation.js";
import { changePassword } from "../core/passwords/change.js";
import { login } from "../core/sessions/login.js";
import { logout } from "../core/sessions/logout.js";
import { getSession, getSessionList, renewSession, verifySession } from "../core/sessions/operations.js";
import { resetTotpKey } from "../core/totp/reset.js";
import { approveUser, rejectUser } from "../core/users/approval.js";
import { createUser } from "../core/users/create.js";
import { deleteUserById } from "../core/users/delete.js";
import { getCurrentUser, getUserById } from "../core/users/get.js";
import { lockUser, unlockUser } from "../core/users/lock.js";
import { search } from "../core/users/search.js";
import { updateCurrentUser, updateUserById } from "../core/users/update.js";

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/**
 * One documented path and method, and the core operation behind it. Which keys are required
 * (HTTP 400 when absent) is the operation's own declaration.
 */
export interface Route {
  method: Method;
  path: string;
  op: AnyOperation;
  /** Where one path serves two operations: the other one, and when it applies. */
  variant?: { when: (params: Readonly<Record<string, unknown>>) => boolean; op: AnyOperation };
  /** Response fields besides cid and status; by default every field of the operation's result. */
  output?: (data: never) => Record<string, unknown>;
  /** List fields that, given once in the query string, mean a one-element list. */
  singleValueLists?: readonly string[];
}

const as = <S extends Shape, O>(op: Operation<S, O>) => op as unknown as AnyOperation;
/** `user_id` given, by the rule of its codec (an empty user_id is treated as absent). */
const userIdGiven = (p: Readonly<Record<string, unknown>>) => optionalId.decode(p.user_id) != null;

export const routes: readonly Route[] = [
  { method: "POST", path: "/zato/sso/user", op: as(createUser) },
  { method: "GET", path: "/zato/sso/user", op: as(getCurrentUser), variant: { when: userIdGiven, op: as(getUserById) } },
  { method: "PATCH", path: "/zato/sso/user", op: as(updateCurrentUser), variant: { when: userIdGiven, op: as(updateUserById) } },
  { method: "DELETE", path: "/zato/sso/user", op: as(deleteUserById) },
  { method: "POST", path: "/zato/sso/user/approve", op: as(approveUser) },
  { method: "POST", path: "/zato/sso/user/signup/approve", op: as(approveUser) },
  { method: "POST", path: "/zato/sso/user/reject", op: as(rejectUser) },
  { method: "POST", path: "/zato/sso/user/signup/reject", op: as(rejectUser) },
  { method: "POST", path: "/zato/sso/user/login", op: as(login), output: (d: { ust: string }) => ({ ust: d.ust }) },
  { method: "POST", path: "/zato/sso/user/logout", op: as(logout) },
  { method: "GET", path: "/zato/sso/user/search", op: as(search) },
  { method: "PATCH", path: "/zato/sso/user/password", op: as(changePassword) },
  { method: "POST", path: "/zato/sso/user/lock", op: as(lockUser) },
  { method: "DELETE", path: "/zato/sso/user/lock", op: as(unlockUser) },
  { method: "PATCH", path: "/zato/sso/user/totp", op: as(resetTotpKey) },
  { method: "POST", path: "/zato/sso/user/session", op: as(verifySession) },
  { method: "PATCH", path: "/zato/sso/user/session", op: as(renewSession) },
  { method: "GET", path: "/zato/sso/user/session", op: as(getSession) },
  { method: "GET", path: "/zato/sso/user/session/list", op: as(getSessionList) },
];
