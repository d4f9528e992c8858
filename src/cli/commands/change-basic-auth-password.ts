import { changeBasicAuthPassword } from "../../core/linked-auth/credentials.js";
import { type Command, passwordOption } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";
import { askNewPassword } from "../terminal.js";

export const changeBasicAuthPasswordCommand: Command = {
  name: "change-basic-auth-password",
  summary: "Replace the password of a basic_auth credential",
  args: ["username"],
  options: { password: passwordOption },
  async run({ session, args, options }) {
    const username = args.username as string;
    const outcome = await session.execute(changeBasicAuthPassword, {
      username,
      password: options.password,
      ask_password: () => askNewPassword(session.terminal),
    });
    if (outcome.status === "error") {
      return reportFailure(outcome, { missing: `No such basic_auth credential \`${username}\`` });
    }
    say(`Changed password for basic_auth credential \`${username}\``);
    return EXIT.OK;
  },
};
