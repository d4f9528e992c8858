import { optionalId, type Shape } from "../core/input.js";
import type { Operation } from "../core/operation.js";
import { login } from "../core/sessions/login.js";
import { getSession, getSessionList, logout, renewSession, verifySession } from "../core/sessions/operations.js";
import { resetTotpKey } from "../core/totp/reset.js";
import { approveUser, deleteUserById, lockUser, rejectUser, unlockUser } from "../core/users/admin.js";
import { changePassword } from "../core/users/change-password.js";
import { createUser, getCurrentUser, getUserById } from "../core/users/operations.js";
import { search } from "../core/users/search.js";
import { updateCurrentUser, updateUserById } from "../core/users/update.js";

type AnyOperation = Operation<Shape, unknown>;
type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** One documented path and method (rest-api.md), and the core operation behind it. */
export interface Route {
  method: Method;
  path: string;
  op: AnyOperation;
  /** Where one path serves two operations: the other one, and when it applies. */
  variant?: { when: (params: Readonly<Record<string, unknown>>) => boolean; op: AnyOperation };
  /** Keys whose absence is HTTP 400. */
  required?: readonly string[];
  /** Response fields besides cid and status; by default every field of the operation's result. */
  output?: (data: never) => Record<string, unknown>;
  /** List fields that, given once in the query string, mean a one-element list. */
  singleValueLists?: readonly string[];
}

const as = <S extends Shape, O>(op: Operation<S, O>) => op as unknown as AnyOperation;
/** `user_id` given, by the rule of its codec (README: an empty user_id is treated as absent). */
const userIdGiven = (p: Readonly<Record<string, unknown>>) => optionalId.decode(p.user_id) != null;
const CALLER = ["ust", "current_app"];
const ON_USER = [...CALLER, "user_id"];

export const routes: readonly Route[] = [
  { method: "POST", path: "/zato/sso/user", op: as(createUser), required: CALLER },
  {
    method: "GET",
    path: "/zato/sso/user",
    op: as(getCurrentUser),
    variant: { when: userIdGiven, op: as(getUserById) },
    required: CALLER,
  },
  {
    method: "PATCH",
    path: "/zato/sso/user",
    op: as(updateCurrentUser),
    variant: { when: userIdGiven, op: as(updateUserById) },
    required: CALLER,
  },
  { method: "DELETE", path: "/zato/sso/user", op: as(deleteUserById), required: CALLER },
  { method: "POST", path: "/zato/sso/user/approve", op: as(approveUser), required: ON_USER },
  { method: "POST", path: "/zato/sso/user/signup/approve", op: as(approveUser), required: ON_USER },
  { method: "POST", path: "/zato/sso/user/reject", op: as(rejectUser), required: ON_USER },
  { method: "POST", path: "/zato/sso/user/signup/reject", op: as(rejectUser), required: ON_USER },
  {
    method: "POST",
    path: "/zato/sso/user/login",
    op: as(login),
    required: ["username", "password", "current_app"],
    output: (d: { ust: string }) => ({ ust: d.ust }),
  },
  { method: "POST", path: "/zato/sso/user/logout", op: as(logout), required: CALLER },
  { method: "GET", path: "/zato/sso/user/search", op: as(search), required: CALLER },
  { method: "PATCH", path: "/zato/sso/user/password", op: as(changePassword), required: [...CALLER, "new_password"] },
  { method: "POST", path: "/zato/sso/user/lock", op: as(lockUser), required: ON_USER },
  { method: "DELETE", path: "/zato/sso/user/lock", op: as(unlockUser), required: ON_USER },
  { method: "PATCH", path: "/zato/sso/user/totp", op: as(resetTotpKey), required: [...CALLER, "totp_key", "totp_label"] },
  { method: "POST", path: "/zato/sso/user/session", op: as(verifySession), required: ["current_app"] },
  { method: "PATCH", path: "/zato/sso/user/session", op: as(renewSession), required: ["current_app"] },
  { method: "GET", path: "/zato/sso/user/session", op: as(getSession), required: ["current_app"] },
  { method: "GET", path: "/zato/sso/user/session/list", op: as(getSessionList), required: ["current_app"] },
];
