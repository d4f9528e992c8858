import type { Sql } from "../../db/sql.js";
import { newTotpKey } from "../../lib/ids.js";
import { resolveCaller } from "../caller.js";
import type { Call } from "../context.js";
import { input, optionalId, string, ust } from "../input.js";
import { operation } from "../operation.js";
import { operatorTarget, requireOperator } from "../operator.js";
import { Code, invalidInput, SsoError } from "../status.js";
import { checkLengths, storedTotpLabel } from "../users/fields.js";
import { findUserByUserId, setTotpKey } from "../users/store.js";
import type { User } from "../users/user.js";
import { isValidTotpKey } from "./totp.js";

/**
 * Replaces the TOTP key with `key` when given (it must be base32: E008002), else a generated
 * one, and its label (empty: none), which is held to the length of names; returns the key now
 * in force. Does not change is_totp_enabled (docs/rules.md, "Two-factor login").
 */
async function replaceTotpKey(
  sql: Sql,
  call: Call,
  user: Pick<User, "id">,
  key: string | null | undefined,
  label: string | null | undefined,
): Promise<string> {
  if (key && !isValidTotpKey(key)) throw invalidInput();
  checkLengths({ totp_label: label });
  call.audit.details.key_generated = !key;
  const inForce = key || newTotpKey();
  await setTotpKey(sql, user, call.services.keys.seal(inForce), storedTotpLabel(call.services.keys, label));
  return inForce;
}

/**
 * Resets a TOTP key: the given key or a generated one, returned once; the caller's own, or
 * (super-users) anyone's.
 */
export const resetTotpKey = operation({
  name: "user.reset_totp_key",
  kind: "mutation",
  codes: {
    E008002: "user_id from a regular user; a key that is not base32; a label too long",
    E005001: "no user has this user_id",
  },
  input: input(
    { ust, current_app: string, totp_key: string, totp_label: string, user_id: optionalId },
    { required: ["ust", "current_app", "totp_key", "totp_label"] },
  ),
  async run(call, i) {
    const { user: caller } = await resolveCaller(call);
    let target = caller;
    if (i.user_id != null) {
      if (!caller.is_super_user) throw invalidInput();
      call.target({ user_id: i.user_id });
      const found = await findUserByUserId(call.sql, i.user_id);
      if (!found) throw new SsoError(Code.AUTH_NOT_ALLOWED);
      target = found;
    }
    call.target(target);
    return { totp_key: await replaceTotpKey(call.sql, call, target, i.totp_key, i.totp_label) };
  },
});

/** The CLI's reset-totp-key, by username; returns the key in force and whether it was generated. Unknown user: E008001. */
export const operatorResetTotpKey = operation({
  name: "user.reset_totp_key",
  kind: "mutation",
  codes: { E008001: "no such user", E008002: "a key that is not base32; a label too long" },
  input: input({ username: string, key: string, key_label: string }),
  async run(call, i) {
    requireOperator(call);
    const user = await operatorTarget(call, i.username);
    const key = await replaceTotpKey(call.sql, call, user, i.key, i.key_label);
    return { key, generated: !i.key };
  },
});
