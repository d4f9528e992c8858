import { operatorLogout } from "../../core/sessions/logout.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";

export const logoutCommand: Command = {
  name: "logout",
  summary: "Delete the session of a UST, if there is one",
  args: ["ust"],
  options: {},
  async run({ session, args }) {
    const outcome = await session.execute(operatorLogout, { ust: args.ust });
    if (outcome.status === "error") return reportFailure(outcome, {});
    say("User logged out by UST");
    return EXIT.OK;
  },
};
