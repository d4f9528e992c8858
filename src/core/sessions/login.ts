import { parseAddressList } from "../../lib/addresses.js";
import { formatTimestamp, timestampMs } from "../../lib/time.js";
import type { Call } from "../context.js";
import { input, string } from "../input.js";
import { operation } from "../operation.js";
import { checkPasswordPolicy } from "../passwords/policy.js";
import { Code, informed, SsoError } from "../status.js";
import { totpMatches } from "../totp/totp.js";
import { checkUser } from "../users/checks.js";
import { setPassword } from "../users/password.js";
import { findUserByUsername, type UserRecord } from "../users/record.js";
import { reveal } from "../users/views.js";
import { sessionExpiration } from "./expiry.js";
import { insertSession } from "./store.js";

const DAY_MS = 86_400_000;

/**
 * Logs a user in (behaviour §4): the checks run in the order of §4.1 and the first failure
 * ends the call. Credentials are checked before anything that could reveal the account's state.
 */
export const login = operation({
  name: "user.login",
  masks: true,
  input: input({
    username: string,
    password: string,
    current_app: string,
    totp_code: string,
    new_password: string,
    remote_addr: string,
    user_agent: string,
  }),
  async run(call, i) {
    const { config } = call;
    const password = i.password ?? "";
    call.target({ username: i.username });
    call.audit.details.has_totp_code = Boolean(i.totp_code);
    call.audit.details.new_password_sent = Boolean(i.new_password);

    // Steps 1 and 2: unknown, unapproved and wrong-password logins are indistinguishable,
    // in their answer and in their cost (one argon2 verification each).
    const user = i.username ? await findUserByUsername(call.sql, i.username) : undefined;
    if (user?.approval_status !== "approved") {
      await call.services.passwords.verifyDummy(password);
      throw new SsoError(Code.AUTH_NOT_ALLOWED, { disclosable: false });
    }
    call.target(user);
    const matches = await call.services.passwords.verify(user.password, password);
    if (!matches || password === "") throw new SsoError(Code.AUTH_NOT_ALLOWED, { disclosable: false });

    // Steps 3 and 4: the second factor.
    if (user.is_totp_enabled) {
      if (!i.totp_code) throw informed(config.login.inform_if_totp_missing, Code.AUTH_TOTP_MISSING);
      const key = reveal(call.services.keys, call.services.log, user.totp_key, "TOTP key") ?? "";
      if (!totpMatches(key, i.totp_code, call.now, config.totp.window))
        throw new SsoError(Code.AUTH_NOT_ALLOWED, { disclosable: false });
    }

    // Step 5: the application must be one users may log in through.
    if (!call.currentApp || !config.apps.login_allowed.includes(call.currentApp)) {
      throw informed(config.apps.inform_if_app_invalid, Code.APP_LIST_INVALID);
    }

    // Step 6: the user checks, from the address the login names when it may name one (§4.2, §4.3).
    const sentMetadata = Boolean(i.remote_addr) || Boolean(i.user_agent);
    const remoteAddr = i.remote_addr ? parseAddressList(i.remote_addr) : call.request.remoteAddr;
    const userAgent = i.user_agent ? i.user_agent : call.request.userAgent;
    checkUser(config, user, {
      remoteAddr,
      now: call.now,
      passwordExpiry: true,
      metadataRefused: sentMetadata && !config.apps.login_metadata_allowed.includes(call.currentApp),
    });

    // Step 7: a password about to expire is a warning, or a failure when configuration says so.
    const threshold = timestampMs(user.password_expiry) - config.password.about_to_expire_threshold * DAY_MS;
    if (call.now.getTime() > threshold) {
      if (!config.password.inform_if_about_to_expire) throw new SsoError(Code.PASSWORD_E_ABOUT_TO_EXP, { disclosable: false });
      call.warn(Code.PASSWORD_W_ABOUT_TO_EXP);
    }

    // Steps 8 and 9: a password that must change is changed by this login.
    const newPassword = i.new_password ?? "";
    if (user.password_must_change) {
      if (!newPassword && config.password.inform_if_must_be_changed) throw new SsoError(Code.PASSWORD_MUST_SEND_NEW);
      await checkPasswordPolicy(config, newPassword);
    }

    return startSession(call, user, user.password_must_change ? newPassword : null, remoteAddr, userAgent);
  },
});

async function startSession(
  call: Call,
  user: UserRecord,
  newPassword: string | null,
  remoteAddr: readonly string[],
  userAgent: string | null,
) {
  const expirationTime = await sessionExpiration(call, user.username);
  const newSession = { user, expirationTime, remoteAddr, userAgent, authType: "default" as const, now: call.now };
  const created = newPassword
    ? await call.services.db.transaction(async (sql) => {
        await setPassword(sql, call, user, newPassword, { mustChange: false });
        return insertSession(sql, newSession);
      })
    : await insertSession(call.sql, newSession);
  return {
    ust: created.ust,
    user_id: user.user_id,
    username: user.username,
    creation_time: formatTimestamp(created.creation_time),
    expiration_time: formatTimestamp(created.expiration_time),
  };
}
