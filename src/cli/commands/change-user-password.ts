import { operatorChangePassword } from "../../core/passwords/change.js";
import { type Command, option, passwordOption } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";
import { askNewPassword } from "../terminal.js";

export const expiryOptions = {
  expiry: option.integer("DAYS", "days until the password expires (default and ≤ 0: [password] expiry)"),
  "must-change": option.boolean("BOOL", "whether the next login must change it (default: unchanged)"),
};

export const changeUserPasswordCommand: Command = {
  name: "change-user-password",
  summary: "Set a user's password",
  args: ["username"],
  options: { password: passwordOption, ...expiryOptions },
  async run({ session, args, options }) {
    const username = args.username as string;
    const outcome = await session.execute(operatorChangePassword, {
      username,
      password: options.password,
      ask_password: () => askNewPassword(session.terminal),
      expiry: options.expiry,
      must_change: options["must-change"],
    });
    if (outcome.status === "error") return reportFailure(outcome, { missing: `No such user \`${username}\`` });
    say(`Changed password for user \`${username}\``);
    return EXIT.OK;
  },
};
