import { setTimeout as sleep } from "node:timers/promises";
import { newPasswordResetToken, newResetKey } from "../../lib/ids.js";
import type { Call } from "../context.js";
import { input, string } from "../input.js";
import { notify, recipientOf } from "../notifications/send.js";
import { operation } from "../operation.js";
import { passwordExpiry } from "../passwords/expiry.js";
import { checkPasswordPolicy } from "../passwords/policy.js";
import { Code, SsoError } from "../status.js";
import { countInWindow } from "../throttle/store.js";
import { checkUser } from "../users/checks.js";
import { findApprovedUserByEmailHash, findApprovedUserByUsername, setPasswordHash } from "../users/store.js";
import type { User } from "../users/user.js";
import {
  type FoundToken,
  insertResetToken,
  lockAccessibleToken,
  lockChangeableToken,
  markAccessed,
  markUsed,
  type ResetContext,
} from "./store.js";

const contextOf = (call: Call): ResetContext => ({
  remote_addr: call.request.remoteAddr,
  user_agent: call.request.userAgent,
  current_app: call.currentApp ?? null,
});

/** The approved user a credential names, by `[password_reset] user_search_by`. */
async function userNamedBy(call: Call, credential: string): Promise<User | undefined> {
  const by = call.config.password_reset.user_search_by;
  const byUsername = by !== "email" ? await findApprovedUserByUsername(call.sql, credential) : undefined;
  if (byUsername || by === "username") return byUsername;
  const email = credential.trim();
  return email ? findApprovedUserByEmailHash(call.sql, call.services.keys.emailHash(email)) : undefined;
}

/**
 * Whether a request is past the limits of token requests, per client address (every request)
 * and per user (requests that named one), counted in the database so that every process shares them.
 */
async function pastLimit(call: Call, user: User | undefined): Promise<"address" | "user" | undefined> {
  const { max_per_address, max_per_user, limit_window } = call.config.password_reset;
  const address = call.request.clientAddr;
  if (address && (await countInWindow(call.sql, `reset:from:${address}`, call.now, limit_window)) > max_per_address) {
    return "address";
  }
  if (user && (await countInWindow(call.sql, `reset:user:${user.id}`, call.now, limit_window)) > max_per_user) return "user";
  return undefined;
}

/**
 * Creates a password-reset token and sends it by email (docs/rules.md, "Password reset"). The
 * answer is `ok` whoever the credential names, and comes no sooner than `[password_reset]
 * min_answer_time`, so that neither it nor its timing tells whether a user matched.
 */
export const createPasswordResetToken = operation({
  name: "password_reset.create_token",
  kind: "mutation",
  input: input({ credential: string, current_app: string }),
  async run(call, i) {
    const answerAt = sleep(call.config.password_reset.min_answer_time);
    const credential = i.credential ?? "";
    const user = credential ? await userNamedBy(call, credential) : undefined;
    call.audit.details.found = user !== undefined;
    if (user) call.target(user);
    const limited = await pastLimit(call, user);
    if (limited) call.audit.details.limited = limited;
    if (user && !limited) {
      const token = newPasswordResetToken();
      const { valid_for } = call.config.password_reset;
      await insertResetToken(call.sql, {
        user,
        token,
        now: call.now,
        expiration: new Date(call.now.getTime() + valid_for * 60_000),
        context: contextOf(call),
      });
      const sent = notify(call.services, call.request.cid, "password_reset", recipientOf(call.services, user), token);
      // The message is out before the answer, unless sending through a hook or SMTP outlasts the
      // answer time: then the answer does not wait for it (a slow mail server would otherwise tell
      // who has an account). The outbox, for development and tests, is always waited for.
      const outbox = call.config.main.email_service.startsWith("outbox:");
      await (outbox ? sent : Promise.race([sent, answerAt]));
    }
    await answerAt;
    return {};
  },
});

/** The checks of a token's user at access and change: every user check but the password's expiry. */
function checkTokenUser(call: Call, found: FoundToken | undefined): FoundToken {
  if (!found) throw new SsoError(Code.PASSWORD_RESET_COULD_NOT_ACCESS);
  call.target(found.user);
  checkUser(call.config, found.user, { clientAddr: call.request.clientAddr, now: call.now, passwordExpiry: false });
  return found;
}

/**
 * Accesses a token, once: answers a new reset key, valid for `[password_reset]
 * password_change_session_duration` seconds and never past the token's own expiry.
 */
export const accessPasswordResetToken = operation({
  name: "password_reset.access_token",
  kind: "mutation",
  codes: {
    E010001: "the token is unknown, expired, already accessed or already used",
    E005002: "its user is locked (or another failed user check: E005001, E005003)",
  },
  input: input({ token: string, current_app: string }),
  async run(call, i) {
    const resetKey = newResetKey();
    const seconds = call.config.password_reset.password_change_session_duration;
    await call.services.db.transaction(async (sql) => {
      const found = checkTokenUser(call, i.token ? await lockAccessibleToken(sql, i.token, call.now) : undefined);
      await markAccessed(sql, found, {
        now: call.now,
        context: contextOf(call),
        resetKey,
        keyExpiration: new Date(call.now.getTime() + seconds * 1000),
      });
    });
    return { reset_key: resetKey };
  },
});

/**
 * Sets a new password with an accessed token and its reset key, once. The password policy
 * applies; must_change is cleared and the expiry starts afresh; sessions stay.
 */
export const changePasswordResetPassword = operation({
  name: "password_reset.change_password",
  kind: "mutation",
  codes: {
    E010001: "no token with this reset key, not accessed, already used, or either has expired",
    E005002: "its user is locked (or another failed user check: E005001, E005003)",
    E003008: "the new password is not complex enough",
    E003002: "the new password is too short",
    E003003: "the new password is too long",
    E003001: "the new password holds a refused term (or whitespace where refused)",
  },
  input: input({ token: string, reset_key: string, password: string, current_app: string }),
  async run(call, i) {
    const { token, reset_key: resetKey } = i;
    const password = i.password ?? "";
    const lock = (sql = call.sql) =>
      token && resetKey ? lockChangeableToken(sql, token, resetKey, call.now) : Promise.resolve(undefined);
    checkTokenUser(call, await lock());
    await checkPasswordPolicy(call.config, password);
    // Hashed before the transaction: no row stays locked while argon2 runs. The token is checked
    // again inside it, so that of two concurrent changes one only succeeds.
    const hash = await call.services.passwords.hash(password, call.request.clientAddr);
    await call.services.db.transaction(async (sql) => {
      const found = checkTokenUser(call, await lock(sql));
      await setPasswordHash(sql, found.user, {
        hash,
        now: call.now,
        expiry: passwordExpiry(call.now, call.config.password.expiry),
        mustChange: false,
      });
      await markUsed(sql, found, call.now, contextOf(call));
    });
    return {};
  },
});
