import { SIGNUP_VALIDATOR } from "../../config/schema.js";
import { sha256Hex } from "../../lib/crypto.js";
import { parseTimestamp } from "../../lib/time.js";
import { resolveCaller } from "../caller.js";
import type { Call } from "../context.js";
import { securityEvent } from "../events/bus.js";
import { described, input, integer, list, string, ust } from "../input.js";
import { notify, recipientOf } from "../notifications/send.js";
import { operation } from "../operation.js";
import { requireOperator } from "../operator.js";
import { Code, informed, invalidInput, SsoError } from "../status.js";
import { countInWindowSince } from "../throttle/store.js";
import { throttledRefusal } from "../throttle/throttle.js";
import { createValidatedUser, validateNewUser } from "../users/create.js";
import { confirmSignUp, listPendingSignups, type PendingFilter } from "../users/store.js";
import type { User } from "../users/user.js";
import { reveal } from "../users/views.js";
import { builtInValidator, checkSignupApps, hookVerdict, type SignupInput } from "./validate.js";

/**
 * Signups per client address are limited (`[signup] max_per_address` in `limit_window`, counted in
 * the database for every process): each one makes an account, an argon2 hash and a message to an
 * address the caller chose. Addresses of `[brute_force] anonymous_exempt` are not counted.
 */
async function refuseSignupFlood(call: Call): Promise<void> {
  const address = call.request.clientAddr;
  if (!address || call.config.anonymousExempt.contains(address)) return;
  const { max_per_address, limit_window } = call.config.signup;
  const { count, since } = await countInWindowSince(call.sql, `signup:from:${address}`, call.now, limit_window);
  if (count <= max_per_address) return;
  call.audit.details.limited = "address";
  // As every throttled attempt: the call's usual failure, unless `[brute_force] inform` says to tell.
  const refusal = throttledRefusal(call, new Date(since.getTime() + limit_window * 1000));
  throw new SsoError(Code.AUTH_NOT_ALLOWED, { disclosable: false, refusal });
}

/** Runs the validators of `[user_validation] service` in order; a hook that fails or times out refuses the signup. */
async function runValidators(call: Call, i: SignupInput): Promise<void> {
  for (const ref of call.config.user_validation.service) {
    if (ref === SIGNUP_VALIDATOR) {
      await builtInValidator(call, i);
      continue;
    }
    try {
      hookVerdict(await call.services.hooks.call(ref, { ...i }));
    } catch (e) {
      if (e instanceof SsoError) throw e;
      call.services.log.warn("a signup validator failed: the signup is refused", {
        cid: call.request.cid,
        hook: ref,
        error: (e as Error).message,
      });
      throw new SsoError(Code.AUTH_NOT_ALLOWED);
    }
  }
}

/** Calls the hooks of `[signup] callback_service_list`; a failing one is logged and undoes nothing. */
async function runCallbacks(call: Call, payload: Record<string, unknown>): Promise<void> {
  for (const ref of call.config.signup.callback_service_list) {
    try {
      await call.services.hooks.call(ref, payload);
    } catch (e) {
      call.services.log.warn("a signup callback failed", { cid: call.request.cid, hook: ref, error: (e as Error).message });
    }
  }
}

/**
 * Self-service signup (docs/rules.md, "Signup"): the applications, the validators, then a new
 * unconfirmed user, approved or awaiting approval by `[signup] is_approval_needed`; the
 * callbacks and the confirmation message follow, and neither failing undoes the signup.
 */
export const signup = operation({
  name: "user.signup",
  kind: "mutation",
  codes: {
    E004002: "[apps] signup_allowed does not hold current_app (E005001 unless [apps] inform_if_app_invalid)",
    E004001: "app_list names an application not in [apps] all (likewise)",
    E001002: "the username is taken (E005001 unless [signup] inform_if_user_exists)",
    E002002: "the email is taken, when emails are not encrypted (E005001 unless [signup] inform_if_email_exists)",
    E001003: "the username is too long (E005001 unless [signup] inform_if_user_invalid)",
    E001004: "the username holds whitespace (likewise)",
    E001001: "the username holds a refused term (likewise), or is empty",
    E003002: "the password is too short (E005001 unless [password] inform_if_invalid)",
    E003003: "the password is too long (likewise)",
    E003001: "the password holds a refused term (likewise)",
    E002005: "no email, when required and emails are not encrypted (E005001 unless [signup] inform_if_email_invalid)",
    E002003: "the email is too long (likewise)",
    E002004: "the email holds whitespace (likewise)",
    E002001: "the email holds a refused term (likewise)",
    E003008: "the password is not complex enough",
    E005001: "a validator hook refused the signup, failed or timed out (or one of the above, not informed)",
  },
  input: input({ username: string, password: string, email: string, current_app: string, app_list: list }),
  async run(call, i) {
    const appList = i.app_list ?? [];
    checkSignupApps(call.config, call.currentApp, appList);
    await refuseSignupFlood(call);
    const fields: SignupInput = {
      username: i.username ?? "",
      password: i.password ?? "",
      email: i.email || null,
      current_app: call.currentApp ?? null,
      app_list: appList as string[],
    };
    call.target({ username: fields.username });
    await runValidators(call, fields);
    const newUser = {
      username: fields.username,
      password: fields.password,
      email: fields.email,
      sign_up_status: "before_confirmation",
    };
    await validateNewUser(call, newUser);
    const { user, confirmToken } = await createValidatedUser(call, newUser, {
      source: "signup",
      isSuperUser: false,
      approvalStatus: call.config.signup.is_approval_needed ? "before_decision" : "approved",
      approvalStatusModBy: "auto",
    }).catch((e: unknown) => {
      // A concurrent signup took the name after the check: answered as the check answers it.
      if (e instanceof SsoError && e.subStatus.includes(Code.USERNAME_EXISTS)) {
        throw informed(call.config.signup.inform_if_user_exists, Code.USERNAME_EXISTS);
      }
      throw e;
    });
    call.target(user);
    if (user.approval_status === "before_decision") securityEvent(call, "approval_pending", user);
    await runCallbacks(call, {
      username: user.username,
      email: fields.email,
      current_app: fields.current_app,
      app_list: fields.app_list,
      sign_up_status: user.sign_up_status,
      user_id: user.user_id,
      confirm_token: confirmToken,
    });
    await notify(call.services, call.request.cid, "signup_confirmation", recipientOf(call.services, user), confirmToken);
    return call.config.signup.always_return_confirm_token ? { confirm_token: confirmToken } : {};
  },
});

/**
 * Confirms a signup with its token, once. An unknown token (E005006) and an account confirmed
 * already (E005007) are both answered as E005001.
 */
export const confirmSignup = operation({
  name: "user.confirm_signup",
  kind: "mutation",
  masks: true,
  codes: {
    E005001: "no account has this token (E005006), or it is confirmed already (E005007); the audit record keeps which",
  },
  input: input({ confirm_token: string, current_app: string }),
  async run(call, i) {
    const outcome = await confirmSignUp(call.sql, sha256Hex(i.confirm_token ?? ""), call.now);
    if ("confirmed" in outcome) {
      call.target(outcome.confirmed);
      return {};
    }
    if (!outcome.unchanged) throw new SsoError(Code.AUTH_NO_SUCH_SIGN_UP_TOKEN, { disclosable: false });
    call.target(outcome.unchanged);
    throw new SsoError(Code.AUTH_SIGN_UP_CONFIRMED, { disclosable: false });
  },
});

/** One user of the pending list, as it shows them. */
export interface PendingSignup {
  user_id: string;
  username: string;
  email: string | null;
  display_name: string | null;
  sign_up_time: string;
  sign_up_status: string;
  approval_status: string;
  remote_ip: string | null;
  remote_addr: string | null;
}

/** The values of `status` that narrow the pending list; absent: both. */
export const PENDING_STATUSES = ["to-approve", "to-confirm"] as const satisfies readonly PendingFilter[];
const PAGE_LIMIT = 1000;

/** The filter a `status` names: E008002 for a value that names none. */
function pendingFilter(status: string | null | undefined): PendingFilter {
  if (status == null) return "any";
  const filter = PENDING_STATUSES.find((s) => s === status);
  if (!filter) throw invalidInput();
  return filter;
}

/** The remote addresses recorded at creation (creation_ctx), if any. */
function creationAddresses(user: User): string[] {
  try {
    const ctx = JSON.parse(user.creation_ctx) as { remote_addr?: unknown };
    const addr = ctx.remote_addr;
    if (Array.isArray(addr)) return addr.filter((a): a is string => typeof a === "string");
    return typeof addr === "string" && addr ? addr.split(/,\s*/) : [];
  } catch {
    return [];
  }
}

const encodeCursor = (user: User) => Buffer.from(JSON.stringify([user.sign_up_time, user.username])).toString("base64url");

function decodeCursor(cursor: string): { signUpTime: string; username: string } {
  try {
    const [time, username] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    // A cursor comes back from the client: its time must be one PostgreSQL takes, its name storable text.
    const signUpTime = typeof time === "string" ? parseTimestamp(time) : null;
    if (signUpTime && string.decode(username) === username && typeof username === "string") return { signUpTime, username };
  } catch {
    // falls through
  }
  throw invalidInput();
}

/** A user of the pending list as the list shows them. */
function pendingView(call: Call, user: User): PendingSignup {
  const addresses = creationAddresses(user);
  return {
    user_id: user.user_id,
    username: user.username,
    email: reveal(call.services.keys, call.services.log, user.email, "email"),
    display_name: user.display_name,
    sign_up_time: user.sign_up_time,
    sign_up_status: user.sign_up_status,
    approval_status: user.approval_status,
    remote_ip: addresses[0] ?? null,
    remote_addr: addresses.length > 0 ? addresses.join(", ") : null,
  };
}

/**
 * Accounts awaiting an action, for super-users (docs/rules.md, "Pending signups"): to approve,
 * to confirm, or both; by sign-up time, then username. `first` and `after` page through them.
 */
export const getSignupList = operation({
  name: "user.get_signup_list",
  kind: "query",
  codes: {
    E005001: "the caller is not a super-user",
    E008002: "status is neither to-approve nor to-confirm; a bad first or after",
  },
  input: input(
    {
      ust,
      current_app: string,
      status: described(string, "`to-approve`, `to-confirm`, or absent for both."),
      first: described(integer, `How many at most (1 to ${PAGE_LIMIT}; all up to ${PAGE_LIMIT} by default).`),
      after: described(string, "The cursor of the last one seen (`endCursor`)."),
    },
    { required: ["ust", "current_app"] },
  ),
  async run(call, i) {
    await resolveCaller(call, { superUser: true });
    const filter = pendingFilter(i.status);
    const first = i.first ?? PAGE_LIMIT;
    if (first < 1 || first > PAGE_LIMIT) throw invalidInput();
    const after = i.after ? decodeCursor(i.after) : undefined;
    const users = await listPendingSignups(call.sql, filter, after, first + 1);
    const page = users.slice(0, first);
    call.audit.details.count = page.length;
    const last = page[page.length - 1];
    return {
      result: page.map((user) => pendingView(call, user)),
      has_next_page: users.length > first,
      end_cursor: last ? encodeCursor(last) : null,
    };
  },
});

/** Every account awaiting an action that `filter` selects, read page by page, in getSignupList's order and form. */
async function everyPendingSignup(call: Call, filter: ReturnType<typeof pendingFilter>): Promise<PendingSignup[]> {
  const pending: PendingSignup[] = [];
  let after: { signUpTime: string; username: string } | undefined;
  for (;;) {
    const page = await listPendingSignups(call.sql, filter, after, PAGE_LIMIT);
    pending.push(...page.map((user) => pendingView(call, user)));
    const last = page[page.length - 1];
    if (!last || page.length < PAGE_LIMIT) break;
    after = { signUpTime: last.sign_up_time, username: last.username };
  }
  call.audit.details.count = pending.length;
  return pending;
}

/**
 * REST's list of pending signups: the whole list, as Zato answers it (paging is GraphQL's; REST
 * takes no `first` or `after`, and ignores them as it ignores every key a call does not define).
 */
export const getWholeSignupList = operation({
  name: "user.get_signup_list",
  kind: "query",
  codes: { E005001: "the caller is not a super-user", E008002: "status is neither to-approve nor to-confirm" },
  input: input(
    { ust, current_app: string, status: described(string, "`to-approve`, `to-confirm`, or absent for both.") },
    { required: ["ust", "current_app"] },
  ),
  async run(call, i) {
    await resolveCaller(call, { superUser: true });
    return { result: await everyPendingSignup(call, pendingFilter(i.status)) };
  },
});

/**
 * The CLI's list-signups: every account awaiting an action (`status` narrows it as in
 * getSignupList, E008002 for another value), in the order and the form of getSignupList.
 */
export const operatorGetSignupList = operation({
  name: "user.get_signup_list",
  kind: "query",
  codes: { E008002: "status is neither to-approve nor to-confirm" },
  input: input({ status: described(string, "`to-approve`, `to-confirm`, or absent for both.") }),
  async run(call, i) {
    requireOperator(call);
    return everyPendingSignup(call, pendingFilter(i.status));
  },
});
