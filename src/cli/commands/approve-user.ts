import { operatorApproveUser } from "../../core/users/approval.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";

export const approveUserCommand: Command = {
  name: "approve-user",
  summary: "Approve a user account (one newly approved is sent the welcome message)",
  args: ["username"],
  options: {},
  async run({ session, args }) {
    const username = args.username as string;
    const outcome = await session.execute(operatorApproveUser, { username });
    if (outcome.status === "error") return reportFailure(outcome, { missing: `No such user \`${username}\`` });
    say(`Approved user account \`${username}\``);
    return EXIT.OK;
  },
};
