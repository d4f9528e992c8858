import { operatorLogin } from "../../core/users/operator.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";

export const loginCommand: Command = {
  name: "login",
  summary: "Create a session for an approved user, without password or TOTP, and print its UST",
  args: ["username"],
  options: {},
  async run({ session, args }) {
    const username = args.username as string;
    const outcome = await session.execute(operatorLogin, { username });
    if (outcome.status === "error") return reportFailure(outcome, { missing: `No such user \`${username}\`` });
    say(`User logged in ${JSON.stringify(outcome.data)}`);
    return EXIT.OK;
  },
};
