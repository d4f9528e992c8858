import { input, optionalId, string } from "../input.js";
import { operation } from "../operation.js";
import { resolveCaller } from "../sessions/resolve.js";
import { Code, invalidInput, SsoError } from "../status.js";
import { checkLengths } from "../users/create.js";
import { resetTotpKey as storeTotpKey } from "../users/lifecycle.js";
import { findUserByUserId } from "../users/record.js";
import { isValidTotpKey } from "./totp.js";

/**
 * Resets a TOTP key (behaviour §11): the given key or a generated one, returned once; the
 * caller's own, or (super-users) anyone's. Does not change is_totp_enabled.
 */
export const resetTotpKey = operation({
  name: "user.reset_totp_key",
  input: input({ ust: string, current_app: string, totp_key: string, totp_label: string, user_id: optionalId }),
  async run(call, i) {
    const { user: caller } = await resolveCaller(call, i.ust);
    let target = caller;
    if (i.user_id != null) {
      if (!caller.is_super_user) throw invalidInput();
      call.target({ user_id: i.user_id });
      const found = await findUserByUserId(call.sql, i.user_id);
      if (!found) throw new SsoError(Code.AUTH_NOT_ALLOWED);
      target = found;
    }
    call.target(target);
    if (i.totp_key && !isValidTotpKey(i.totp_key)) throw invalidInput();
    // The label is held to the length update holds it to (behaviour §8.3).
    checkLengths({ totp_label: i.totp_label });
    call.audit.details.key_generated = !i.totp_key;
    const key = await storeTotpKey(call.sql, call, target, i.totp_key, i.totp_label);
    return { totp_key: key };
  },
});
