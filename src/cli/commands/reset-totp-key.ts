import { Code, SsoError } from "../../core/status.js";
import { operatorResetTotpKey } from "../../core/totp/reset.js";
import { isValidTotpKey } from "../../core/totp/totp.js";
import { type Command, option } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";

export const resetTotpKeyCommand: Command = {
  name: "reset-totp-key",
  summary: "Set a user's TOTP key (given or generated); does not switch TOTP on or off",
  args: ["username"],
  options: {
    key: option.string("KEY", "the new key, base32 (default: generated and printed)"),
    "key-label": option.string("LABEL", "the key's label (default: none)"),
  },
  async run({ session, args, options }) {
    const username = args.username as string;
    const outcome = await session.execute(operatorResetTotpKey, { username, key: options.key, key_label: options["key-label"] });
    if (outcome.status === "error") {
      // A key that is not base32 is the unexpected error of Zato's CLI (exit 16); a label too long
      // breaks a rule like any other value (exit 21).
      const badKey = typeof options.key === "string" && options.key !== "" && !isValidTotpKey(options.key);
      if (outcome.subStatus[0] === Code.COMMON_INVALID_INPUT && badKey) throw new SsoError(outcome.subStatus);
      return reportFailure(outcome, { missing: `No such user \`${username}\`` });
    }
    say(
      outcome.data.generated
        ? `TOTP key for user \`${username}\` reset to \`${outcome.data.key}\``
        : `TOTP key for user \`${username}\` reset`,
    );
    return EXIT.OK;
  },
};
