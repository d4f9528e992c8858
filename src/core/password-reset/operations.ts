import { setTimeout as sleep } from "node:timers/promises";
import { newPasswordResetToken, newResetKey } from "../../lib/ids.js";
import { capped, MINUTE_MS } from "../../lib/time.js";
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

/**
 * The approved users a credential names, by `[password_reset] user_search_by`: one at most,
 * but two under `username_or_email` when one user has it as username and another as email.
 * Each gets a token at their own address, so that nobody's username can take someone else's
 * reset (a username may be any text, someone's email address included).
 */
async function usersNamedBy(call: Call, credential: string): Promise<User[]> {
  const by = call.config.password_reset.user_search_by;
  const byUsername = by !== "email" ? await findApprovedUserByUsername(call.sql, credential) : undefined;
  const email = credential.trim();
  const byEmail =
    by !== "username" && email ? await findApprovedUserByEmailHash(call.sql, call.services.keys.emailHashes(email)) : undefined;
  const users = byUsername ? [byUsername] : [];
  if (byEmail && byEmail.id !== byUsername?.id) users.push(byEmail);
  return users;
}

/**
 * Whether a request is past the limits of token requests: per client address (every request
 * counts) and per user (each request naming them counts), in the database so that every process
 * shares them.
 */
async function pastAddressLimit(call: Call): Promise<boolean> {
  const { max_per_address, limit_window } = call.config.password_reset;
  const address = call.request.clientAddr;
  return (
    address !== undefined && (await countInWindow(call.sql, `reset:from:${address}`, call.now, limit_window)) > max_per_address
  );
}

/**
 * The user's limit a request is past, if any. Each client address has a share of the user's
 * tokens, so that a client naming someone else cannot use up what that person's own requests
 * need; the cap on all addresses together bounds what many addresses can send one user. A
 * request past its address's share does not count towards the cap.
 */
async function pastUserLimit(call: Call, user: User): Promise<"user_and_address" | "user" | undefined> {
  const { max_per_user, max_per_user_and_address, limit_window } = call.config.password_reset;
  const address = call.request.clientAddr ?? "unknown";
  const fromAddress = await countInWindow(call.sql, `reset:user:${user.id}:from:${address}`, call.now, limit_window);
  if (fromAddress > max_per_user_and_address) return "user_and_address";
  if ((await countInWindow(call.sql, `reset:user:${user.id}`, call.now, limit_window)) > max_per_user) return "user";
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
    const users = credential ? await usersNamedBy(call, credential) : [];
    call.audit.details.found = users.length > 0;
    const [named, alsoNamed] = users;
    if (named) call.target(named);
    if (alsoNamed) call.audit.details.also_user_id = alsoNamed.user_id;
    const sending: Promise<unknown>[] = [];
    const { valid_for } = call.config.password_reset;
    if (await pastAddressLimit(call)) {
      call.audit.details.limited = "address";
    } else {
      for (const user of users) {
        const limited = await pastUserLimit(call, user);
        if (limited) {
          call.audit.details.limited = limited;
          continue;
        }
        const token = newPasswordResetToken();
        await insertResetToken(call.sql, {
          user,
          token,
          now: call.now,
          expiration: capped(call.now, valid_for * MINUTE_MS),
          context: contextOf(call),
        });
        sending.push(notify(call.services, call.request.cid, "password_reset", recipientOf(call.services, user), token));
      }
    }
    if (sending.length > 0) {
      // The messages are out before the answer, unless sending through a hook or SMTP outlasts the
      // answer time: then the answer does not wait for them (a slow mail server would otherwise
      // tell who has an account). The outbox, for development and tests, is always waited for.
      const sent = Promise.all(sending);
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
        keyExpiration: capped(call.now, seconds * 1000),
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
