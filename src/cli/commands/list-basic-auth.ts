import { listBasicAuth } from "../../core/linked-auth/credentials.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";

export const listBasicAuthCommand: Command = {
  name: "list-basic-auth",
  summary: "List basic_auth credentials, one JSON object per line",
  args: [],
  options: {},
  async run({ session }) {
    const outcome = await session.execute(listBasicAuth, {});
    if (outcome.status === "error") return reportFailure(outcome, {});
    for (const item of outcome.data) say(JSON.stringify(item));
    return EXIT.OK;
  },
};
