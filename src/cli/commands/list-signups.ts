import { operatorGetSignupList, PENDING_STATUSES } from "../../core/signup/operations.js";
import { type Command, option } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";

export const listSignupsCommand: Command = {
  name: "list-signups",
  summary: "List the accounts awaiting approval or confirmation, one JSON object per line, by sign-up time then username",
  args: [],
  options: {
    status: option.choice(PENDING_STATUSES, "only those awaiting approval, or only those awaiting confirmation (default: both)"),
  },
  async run({ session, options }) {
    const outcome = await session.execute(operatorGetSignupList, { status: options.status });
    if (outcome.status === "error") return reportFailure(outcome, {});
    for (const item of outcome.data) say(JSON.stringify(item));
    return EXIT.OK;
  },
};
