import { boolean, input, integer, optionalId, string } from "../input.js";
import { operation } from "../operation.js";
import { checkPasswordPolicy } from "../passwords/policy.js";
import { resolveCaller } from "../sessions/resolve.js";
import { Code, invalidInput, SsoError } from "../status.js";
import { setPassword } from "./password.js";
import { findPasswordHash, lockUserRow } from "./record.js";

/**
 * Changes a password (behaviour §10.5). Users changing their own need the old password, and
 * any failure is reported as E005001; super-users set anyone else's without it, with policy
 * codes shown, and may pass the expiry in days and must_change.
 */
export const changePassword = operation({
  name: "user.change_password",
  input: input({
    ust: string,
    current_app: string,
    new_password: string,
    old_password: string,
    user_id: optionalId,
    password_expiry: integer,
    must_change: boolean,
  }),
  async run(call, i) {
    const { user: caller } = await resolveCaller(call, i.ust);
    const own = i.user_id == null || i.user_id === caller.user_id;
    if (!own && !caller.is_super_user) throw invalidInput();
    call.target({ user_id: i.user_id ?? caller.user_id });
    const newPassword = i.new_password ?? "";
    call.audit.details.new_password_sent = true;

    if (!own) {
      await checkPasswordPolicy(call.config, newPassword);
      await call.services.db.transaction(async (sql) => {
        const target = await lockUserRow(sql, i.user_id as string);
        if (!target) return; // an unknown user_id changes nothing
        await setPassword(sql, call, target, newPassword, {
          expiryDays: i.password_expiry,
          mustChange: i.must_change ?? undefined,
        });
      });
      return {};
    }

    const stored = i.old_password ? await findPasswordHash(call.sql, caller) : undefined;
    const oldMatches = stored && i.old_password ? await call.services.passwords.verify(stored, i.old_password) : false;
    if (!oldMatches) throw new SsoError(Code.AUTH_NOT_ALLOWED);
    try {
      await checkPasswordPolicy(call.config, newPassword);
      // Users who change their own password have done what must_change asked of them.
      await setPassword(call.sql, call, caller, newPassword, {
        expiryDays: caller.is_super_user ? i.password_expiry : undefined,
        mustChange: caller.is_super_user ? (i.must_change ?? false) : false,
      });
    } catch (e) {
      if (e instanceof SsoError) throw new SsoError(Code.AUTH_NOT_ALLOWED);
      throw e;
    }
    return {};
  },
});
