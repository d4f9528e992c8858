import { createBasicAuth } from "../../core/linked-auth/credentials.js";
import { type Command, option, passwordOption } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";
import { askNewPassword } from "../terminal.js";

export const createBasicAuthCommand: Command = {
  name: "create-basic-auth",
  summary: "Create a basic_auth external credential (any non-empty password)",
  args: ["username"],
  options: { password: passwordOption, inactive: option.flag("create it inactive") },
  async run({ session, args, options }) {
    const username = args.username as string;
    const outcome = await session.execute(createBasicAuth, {
      username,
      password: options.password,
      ask_password: () => askNewPassword(session.terminal),
      is_active: !options.inactive,
    });
    if (outcome.status === "error") {
      return reportFailure(outcome, { exists: `basic_auth credential already exists \`${username}\`` });
    }
    say(`Created basic_auth credential \`${username}\``);
    return EXIT.OK;
  },
};
