import { newGeneratedPassword } from "../../lib/ids.js";
import { resolveCaller } from "../caller.js";
import type { Call } from "../context.js";
import { boolean, callback, described, input, integer, optionalId, string, ust } from "../input.js";
import { operation } from "../operation.js";
import { NO_SUCH_USER, operatorPassword, operatorTarget, requireOperator } from "../operator.js";
import { Code, invalidInput, SsoError } from "../status.js";
import { throttledCheck } from "../throttle/throttle.js";
import { findPasswordHash, lockUserByUserId } from "../users/store.js";
import type { User } from "../users/user.js";
import { checkPasswordPolicy } from "./policy.js";
import { setPassword } from "./set.js";

/**
 * Changes a password (docs/rules.md, "Changing a password"). Users changing their own need the
 * old password, and any failure is reported as E005001; super-users set anyone else's without
 * it, with policy codes shown, and may pass the expiry in days and must_change.
 */
export const changePassword = operation({
  name: "user.change_password",
  kind: "mutation",
  checksCredentials: true,
  codes: {
    E008002: "a regular user naming another user",
    E005001: "one's own password: the old password is wrong or missing, or the new one is refused",
    E003008: "another user's new password is not complex enough",
    E003002: "another user's new password is too short",
    E003003: "another user's new password is too long",
    E003001: "another user's new password holds a refused term (or whitespace where refused)",
  },
  input: input(
    {
      ust,
      current_app: string,
      new_password: string,
      old_password: string,
      user_id: optionalId,
      password_expiry: described(integer, "Days until the new password expires."),
      must_change: boolean,
    },
    { required: ["ust", "current_app", "new_password"] },
  ),
  async run(call, i) {
    const { user: caller } = await resolveCaller(call);
    const own = i.user_id == null || i.user_id === caller.user_id;
    if (!own && !caller.is_super_user) throw invalidInput();
    call.target({ user_id: i.user_id ?? caller.user_id });
    const newPassword = i.new_password ?? "";
    call.audit.details.new_password_sent = true;

    if (!own) {
      await checkPasswordPolicy(call.config, newPassword);
      const userId = i.user_id as string;
      await call.services.db.transaction(async (sql) => {
        const target = await lockUserByUserId(sql, userId);
        if (!target) return; // an unknown user_id changes nothing
        await setPassword(sql, call, target, newPassword, {
          expiryDays: i.password_expiry,
          mustChange: i.must_change ?? undefined,
        });
      });
      return {};
    }

    // Guessing the old password with a stolen UST is throttled like guessing it at login.
    // The stored value the old password matched: the new one replaces only that.
    const replaces = await throttledCheck(call, caller.username, async () => {
      const stored = i.old_password ? await findPasswordHash(call.sql, caller) : undefined;
      const matches =
        stored && i.old_password && (await call.services.passwords.verify(stored, i.old_password, call.request.clientAddr));
      return matches ? stored : undefined;
    });
    if (!replaces) throw new SsoError(Code.AUTH_NOT_ALLOWED);
    try {
      await checkPasswordPolicy(call.config, newPassword);
      // Users who change their own password have done what must_change asked of them.
      // Of concurrent changes that verified the same old password, the first one sets its own.
      const store = (verified: string) =>
        setPassword(call.sql, call, caller, newPassword, {
          expiryDays: caller.is_super_user ? i.password_expiry : undefined,
          mustChange: caller.is_super_user ? (i.must_change ?? false) : false,
          replaces: verified,
        });
      let set = await store(replaces);
      if (!set) {
        // A sign-in may have stored a stronger hash of the same password meanwhile (docs/rules.md,
        // "Passwords"): the old password is checked once more, against what is stored now.
        const now = await findPasswordHash(call.sql, caller);
        const same =
          now !== undefined &&
          now !== replaces &&
          (await call.services.passwords.verify(now, i.old_password ?? "", call.request.clientAddr));
        if (same) set = await store(now);
      }
      if (!set) throw new SsoError(Code.AUTH_NOT_ALLOWED);
    } catch (e) {
      if (e instanceof SsoError && !e.refusal) throw new SsoError(Code.AUTH_NOT_ALLOWED);
      throw e;
    }
    return {};
  },
});

const operatorPasswordOptions = { username: string, expiry: integer, must_change: boolean };

async function storeOperatorPassword(
  call: Call,
  user: User,
  password: string,
  expiryDays: number | null | undefined,
  mustChange: boolean | null | undefined,
) {
  if (mustChange != null) call.audit.details.must_change = mustChange;
  await call.services.db.transaction(async (sql) => {
    const current = await lockUserByUserId(sql, user.user_id);
    if (!current) throw new SsoError(NO_SUCH_USER);
    await setPassword(sql, call, current, password, { expiryDays, mustChange: mustChange ?? undefined });
  });
}

/**
 * The CLI's change-user-password: the password given, else asked for once the user is known,
 * validated with the policy (E003xxx); `expiry` days (≤ 0 or absent: `[password] expiry`);
 * `must_change` absent leaves password_must_change. Unknown user: E008001.
 */
export const operatorChangePassword = operation({
  name: "user.set_password",
  kind: "mutation",
  codes: {
    E008001: "no such user",
    E008003: "no password given, and none could be asked for",
    E003008: "the password is not complex enough",
    E003002: "the password is too short",
    E003003: "the password is too long",
    E003001: "the password holds a refused term (or whitespace where refused)",
  },
  input: input({ ...operatorPasswordOptions, password: string, ask_password: callback<string | null>() }),
  async run(call, i) {
    requireOperator(call);
    const user = await operatorTarget(call, i.username);
    const password = await operatorPassword(i.password, i.ask_password);
    await checkPasswordPolicy(call.config, password);
    await storeOperatorPassword(call, user, password, i.expiry, i.must_change);
    return {};
  },
});

/** Attempts at a generated password before the policy is taken to refuse every one (its lengths, say). */
const GENERATION_ATTEMPTS = 100;

/**
 * The CLI's reset-user-password: a generated password, regenerated until it passes the policy,
 * with the `expiry` and `must_change` rules of operatorChangePassword; returned for the operator.
 * A policy no generated password can meet: the last policy code. Unknown user: E008001.
 */
export const operatorResetPassword = operation({
  name: "user.set_password",
  kind: "mutation",
  codes: { E008001: "no such user", E003002: "no generated password meets the policy (its last code)" },
  input: input(operatorPasswordOptions),
  async run(call, i) {
    requireOperator(call);
    const user = await operatorTarget(call, i.username);
    call.audit.details.password_generated = true;
    let refusal: unknown;
    for (let attempt = 0; attempt < GENERATION_ATTEMPTS; attempt++) {
      const password = newGeneratedPassword();
      try {
        await checkPasswordPolicy(call.config, password);
      } catch (e) {
        refusal = e;
        continue;
      }
      await storeOperatorPassword(call, user, password, i.expiry, i.must_change);
      return { password };
    }
    throw refusal;
  },
});
