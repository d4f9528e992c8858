import { operatorResetPassword } from "../../core/passwords/change.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";
import { expiryOptions } from "./change-user-password.js";

export const resetUserPasswordCommand: Command = {
  name: "reset-user-password",
  summary: "Set a new random password for a user and print it",
  args: ["username"],
  options: expiryOptions,
  async run({ session, args, options }) {
    const username = args.username as string;
    const outcome = await session.execute(operatorResetPassword, {
      username,
      expiry: options.expiry,
      must_change: options["must-change"],
    });
    if (outcome.status === "error") return reportFailure(outcome, { missing: `No such user \`${username}\`` });
    say(`Password for user \`${username}\` reset to \`${outcome.data.password}\``);
    return EXIT.OK;
  },
};
