import { operatorListExpiringPasswords } from "../../core/passwords/expiring.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";

export const listExpiringPasswordsCommand: Command = {
  name: "list-expiring-passwords",
  summary: "Print, as a JSON array, the unlocked users whose password has expired or is about to",
  args: [],
  options: {},
  async run({ session }) {
    const outcome = await session.execute(operatorListExpiringPasswords, {});
    if (outcome.status === "error") return reportFailure(outcome, {});
    say(JSON.stringify(outcome.data, null, 2));
    return EXIT.OK;
  },
};
