import { operatorRejectUser } from "../../core/users/approval.js";
import { type Command, option } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";

export const rejectUserCommand: Command = {
  name: "reject-user",
  summary: "Reject a user account: one from self-service signup is deleted, any other kept as rejected, without sessions",
  args: ["username"],
  options: { reason: option.string("R", "why, written to the audit log only") },
  async run({ session, args, options }) {
    const username = args.username as string;
    const outcome = await session.execute(operatorRejectUser, { username, reason: options.reason });
    if (outcome.status === "error") return reportFailure(outcome, { missing: `No such user \`${username}\`` });
    say(outcome.data.deleted ? `Rejected and deleted signup account \`${username}\`` : `Rejected user account \`${username}\``);
    return EXIT.OK;
  },
};
