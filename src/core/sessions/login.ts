import { parseAddressList } from "../../lib/addresses.js";
import { formatTimestamp } from "../../lib/time.js";
import type { Call } from "../context.js";
import { securityEvent, sessionEvent } from "../events/bus.js";
import { input, string } from "../input.js";
import { operation } from "../operation.js";
import { NO_SUCH_USER, operatorTarget, requireOperator } from "../operator.js";
import { isPasswordAboutToExpire } from "../passwords/expiry.js";
import { checkPasswordPolicy } from "../passwords/policy.js";
import { setPassword } from "../passwords/set.js";
import { upgradeHash } from "../passwords/upgrade.js";
import { Code, informed, SsoError } from "../status.js";
import { throttledCheck } from "../throttle/throttle.js";
import { totpMatch } from "../totp/totp.js";
import { checkUser } from "../users/checks.js";
import { claimTotpStep, findUserWithSecrets, replacePasswordHash } from "../users/store.js";
import type { User, UserSecrets } from "../users/user.js";
import { reveal } from "../users/views.js";
import { sessionExpiration } from "./expiry.js";
import { type CreatedSession, insertSession, type NewSession } from "./store.js";

/** What a login answers: the new session's UST and times, and whose it is. */
export interface LoginResult {
  ust: string;
  user_id: string;
  username: string;
  creation_time: string;
  expiration_time: string;
}

const loginResult = (user: User, created: CreatedSession): LoginResult => ({
  ust: created.ust,
  user_id: user.user_id,
  username: user.username,
  creation_time: formatTimestamp(created.creation_time),
  expiration_time: formatTimestamp(created.expiration_time),
});

/**
 * Logs a user in (docs/rules.md, "Login"): the checks run in their order and the first failure
 * ends the call. Credentials are checked before anything that could reveal the account's state.
 */
export const login = operation({
  name: "user.login",
  kind: "mutation",
  masks: true,
  checksCredentials: true,
  failed: (call, subStatus) =>
    securityEvent(
      call,
      call.audit.details.throttled ? "login_throttled" : "login_refused",
      {
        // The name typed is shown only when it named a user: it might be someone's email otherwise.
        user_id: call.audit.targetUserId,
        username: call.audit.targetUserId ? call.audit.targetUsername : null,
      },
      subStatus,
    ),
  codes: {
    E005001:
      "no approved user of that name, a wrong or empty password, a wrong TOTP code, an address not allowed, or a failure not disclosed",
    E005008: "two-factor login is on and no totp_code was sent",
    E004001: "current_app is not one users may log in through",
    E005002: "the user is locked",
    E005003: "the user has not confirmed the signup, or is not approved",
    E003004: "the password has expired (when [password] inform_if_expired)",
    W003005: "a warning: the password is about to expire; the login succeeded",
    E003007: "the password must change and no new_password was sent",
    E003008: "the new password is not complex enough",
    E003002: "the new password is too short",
    E003003: "the new password is too long",
    E003001: "the new password holds a refused term (or whitespace where refused)",
  },
  input: input(
    {
      username: string,
      password: string,
      current_app: string,
      totp_code: string,
      new_password: string,
      remote_addr: string,
      user_agent: string,
    },
    { required: ["username", "password", "current_app"] },
  ),
  async run(call, i) {
    const { config } = call;
    const password = i.password ?? "";
    call.target({ username: i.username });
    call.audit.details.has_totp_code = Boolean(i.totp_code);
    call.audit.details.new_password_sent = Boolean(i.new_password);

    // Steps 1 to 4, under the brute-force defence: attempts past its thresholds are refused
    // before any of it, whoever the username names.
    const username = i.username ?? "";
    const found = await throttledCheck(call, username, () => checkCredentials(call, username, password, i.totp_code));
    if (!found) throw new SsoError(Code.AUTH_NOT_ALLOWED, { disclosable: false });
    const { user } = found;

    // Steps 5 to 7, the user checks from the address the login names when it may name one (its
    // right-most: the client of a list proxies appended to).
    const remoteAddr = i.remote_addr ? parseAddressList(i.remote_addr) : call.request.remoteAddr;
    const clientAddr = i.remote_addr ? remoteAddr[remoteAddr.length - 1] : call.request.clientAddr;
    const userAgent = i.user_agent ? i.user_agent : call.request.userAgent;
    checkLogin(call, user, { clientAddr, sentMetadata: Boolean(i.remote_addr) || Boolean(i.user_agent) });

    // Steps 8 and 9: a password that must change is changed by this login.
    const newPassword = i.new_password ?? "";
    if (user.password_must_change) {
      if (!newPassword && config.password.inform_if_must_be_changed) throw new SsoError(Code.PASSWORD_MUST_SEND_NEW);
      await checkPasswordPolicy(config, newPassword);
    }

    // A code accepted once is refused to another login (`[totp] allow_code_reuse` false): claimed
    // only now, so that a login refused by a later step leaves it to the one that follows.
    if (found.totpStep !== undefined && !(await claimTotpStep(call.sql, user, found.totpStep))) {
      throw new SsoError(Code.AUTH_NOT_ALLOWED, { disclosable: false });
    }

    const session = await newSession(call, user, remoteAddr, userAgent);
    const replacement = user.password_must_change ? newPassword : "";
    // A deletion or rejection that committed since the user was read leaves no session to make.
    const gone = () => new SsoError(Code.AUTH_NOT_ALLOWED);
    const created = replacement
      ? await call.services.db.transaction(async (sql) => {
          // Of concurrent logins that must change the password, the first one sets its own.
          if (!(await setPassword(sql, call, user, replacement, { mustChange: false, replaces: found.secrets.password }))) {
            throw gone();
          }
          const made = await insertSession(sql, session);
          if (!made) throw gone();
          return made;
        })
      : await insertSession(call.sql, session);
    if (!created) throw gone();
    if (!replacement) {
      const stored = found.secrets.password;
      await upgradeHash(call, stored, password, (next) => replacePasswordHash(call.sql, user, stored, next), { sealable: true });
    }
    sessionEvent(call, "created", { user_id: user.user_id, session_id: created.session_id });
    return loginResult(user, created);
  },
});

/**
 * Steps 5 to 7 of a login, once its credentials are checked (a linked credential's login runs
 * them too): the application must be one users may log in through; the user checks, from
 * `clientAddr`; a password about to expire is a warning, or a failure when configuration says so.
 */
export function checkLogin(call: Call, user: User, from: { clientAddr: string | undefined; sentMetadata: boolean }): void {
  const { config } = call;
  if (!call.currentApp || !config.apps.login_allowed.includes(call.currentApp)) {
    throw informed(config.apps.inform_if_app_invalid, Code.APP_LIST_INVALID);
  }
  checkUser(config, user, {
    clientAddr: from.clientAddr,
    now: call.now,
    passwordExpiry: true,
    metadataRefused: from.sentMetadata && !config.apps.login_metadata_allowed.includes(call.currentApp),
  });
  if (isPasswordAboutToExpire(config, user, call.now)) {
    if (!config.password.inform_if_about_to_expire) throw new SsoError(Code.PASSWORD_E_ABOUT_TO_EXP, { disclosable: false });
    call.warn(Code.PASSWORD_W_ABOUT_TO_EXP);
  }
}

/**
 * Steps 1 and 2, the password: unknown, unapproved and wrong-password logins are
 * indistinguishable, in their answer and in their cost (one argon2 verification each). Steps 3
 * and 4, the second factor: a code of a step a login already used is refused (when codes may
 * not be reused); `totpStep` is the step to claim once the login passes its other checks.
 * Undefined when a check fails; a missing code is an error of its own.
 */
async function checkCredentials(
  call: Call,
  username: string,
  password: string,
  totpCode: string | null | undefined,
): Promise<{ user: User; secrets: UserSecrets; totpStep?: number } | undefined> {
  const owner = call.request.clientAddr;
  const found = username ? await findUserWithSecrets(call.sql, username) : undefined;
  if (found?.user.approval_status !== "approved") {
    await call.services.passwords.verifyDummy(password, owner);
    return undefined;
  }
  const { user, secrets } = found;
  call.target(user);
  if (!(await call.services.passwords.verify(secrets.password, password, owner)) || password === "") return undefined;
  if (user.is_totp_enabled) {
    if (!totpCode) throw informed(call.config.login.inform_if_totp_missing, Code.AUTH_TOTP_MISSING);
    const key = reveal(call.services.keys, call.services.log, secrets.totp_key, "TOTP key") ?? "";
    const step = totpMatch(key, totpCode, call.now, call.config.totp.window);
    if (step === undefined) return undefined;
    if (call.config.totp.allow_code_reuse) return found;
    if (secrets.totp_last_step !== null && Number(secrets.totp_last_step) >= step) return undefined;
    return { ...found, totpStep: step };
  }
  return found;
}

/** A session for `user` starting now, with the lifetime the configuration (or its hook) gives. */
async function newSession(call: Call, user: User, remoteAddr: readonly string[], userAgent: string | null): Promise<NewSession> {
  const expirationTime = await sessionExpiration(call, user.username);
  return { user, expirationTime, remoteAddr, userAgent, authType: "default", currentApp: call.currentApp ?? null, now: call.now };
}

/**
 * The CLI's login: a session for an approved user without password, TOTP or any other check;
 * the usual lifetime. An unknown or unapproved user: E008001.
 */
export const operatorLogin = operation({
  name: "user.login",
  kind: "mutation",
  codes: { E008001: "no such user, or not approved" },
  input: input({ username: string }),
  async run(call, i): Promise<LoginResult> {
    requireOperator(call);
    const user = await operatorTarget(call, i.username);
    if (user.approval_status !== "approved") throw new SsoError(NO_SUCH_USER);
    call.currentApp = "zato-cli";
    const created = await insertSession(call.sql, await newSession(call, user, call.request.remoteAddr, call.request.userAgent));
    if (!created) throw new SsoError(NO_SUCH_USER);
    call.audit.details.session_id = created.session_id;
    sessionEvent(call, "created", { user_id: user.user_id, session_id: created.session_id });
    return loginResult(user, created);
  },
});
