import { deleteBasicAuth } from "../../core/linked-auth/credentials.js";
import { type Command, option } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";
import { confirm } from "../terminal.js";

export const deleteBasicAuthCommand: Command = {
  name: "delete-basic-auth",
  summary: "Delete a basic_auth credential with its link and the sessions created through it",
  args: ["username"],
  options: { yes: option.flag("do not ask for confirmation") },
  async run({ session, args, options }) {
    const username = args.username as string;
    const outcome = await session.execute(deleteBasicAuth, {
      username,
      confirm: options.yes ? undefined : () => confirm(session.terminal, `Delete basic_auth credential? \`${username}\``),
    });
    if (outcome.status === "error") {
      return reportFailure(outcome, { missing: `No such basic_auth credential \`${username}\`` });
    }
    say(
      outcome.data.deleted
        ? `Deleted basic_auth credential \`${username}\``
        : `basic_auth credential \`${username}\` kept intact`,
    );
    return EXIT.OK;
  },
};
