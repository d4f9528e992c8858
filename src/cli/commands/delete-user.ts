import { operatorDeleteUser } from "../../core/users/delete.js";
import { type Command, option } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";
import { confirm } from "../terminal.js";

export const deleteUserCommand: Command = {
  name: "delete-user",
  summary: "Delete a user with their sessions, attributes and links",
  args: ["username"],
  options: { yes: option.flag("do not ask for confirmation") },
  async run({ session, args, options }) {
    const username = args.username as string;
    const outcome = await session.execute(operatorDeleteUser, {
      username,
      confirm: options.yes ? undefined : () => confirm(session.terminal, `Delete user? \`${username}\``),
    });
    if (outcome.status === "error") return reportFailure(outcome, { missing: `No such user \`${username}\`` });
    say(outcome.data.deleted ? `Deleted user \`${username}\`` : `User \`${username}\` kept intact`);
    return EXIT.OK;
  },
};
