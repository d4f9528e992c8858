import type { Sql } from "../db/sql.js";
import { type Call, operatorOf } from "./context.js";
import { Code, SsoError } from "./status.js";
import { findUserByUsername, lockUserByUsername } from "./users/store.js";
import type { User } from "./users/user.js";

// Operations of the `sso` CLI act as the operator: no session, no current_app pre-check. They
// are never routed to REST or GraphQL (no HTTP request carries the operator's credential).

/** What the CLI reports as "no such user" (or credential): exit code 22. */
export const NO_SUCH_USER = Code.COMMON_INVALID_OPERATION;
/** A value the operator must supply (a password) could not be asked for: exit code 29. */
export const MISSING_INPUT = Code.COMMON_MISSING_INPUT;

/** The operator's name; throws when an operator-only operation is run for anyone else. */
export function requireOperator(call: Call): string {
  const operator = operatorOf(call.request);
  if (!operator) throw new Error("operator-only operation called without an operator");
  return operator;
}

/** The password given, else the one the operator types (`ask` answers null when it cannot ask): E008003 without either. */
export async function operatorPassword(
  given: string | null | undefined,
  ask: (() => Promise<string | null>) | null | undefined,
): Promise<string> {
  const password = given ?? (ask ? await ask() : null);
  if (password == null) throw new SsoError(MISSING_INPUT);
  return password;
}

/** Asks the operator to confirm (absent: no question); a no is recorded in the audit record. */
export async function operatorDeclines(call: Call, confirm: (() => Promise<boolean>) | null | undefined): Promise<boolean> {
  if (!confirm || (await confirm())) return false;
  call.audit.details.declined = true;
  return true;
}

/**
 * The user of that username, whatever their approval status: E008001 when there is none.
 * `lock`: the row stays locked until the transaction of `sql` ends.
 */
export async function operatorTarget(
  call: Call,
  username: string | null | undefined,
  options: { sql?: Sql; lock?: boolean } = {},
): Promise<User> {
  call.target({ username });
  const sql = options.sql ?? call.sql;
  const user = !username
    ? undefined
    : options.lock
      ? await lockUserByUsername(sql, username)
      : await findUserByUsername(sql, username);
  if (!user) throw new SsoError(NO_SUCH_USER);
  call.target(user);
  return user;
}
