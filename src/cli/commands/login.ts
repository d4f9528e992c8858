import { operatorLogin } from "../../core/sessions/login.js";
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
    const { username: name, user_id, ust, creation_time, expiration_time } = outcome.data;
    say(
      `User logged in ${JSON.stringify({ username: name, user_id, ust, creation_time, expiration_time, has_w_about_to_exp: false })}`,
    );
    return EXIT.OK;
  },
};
