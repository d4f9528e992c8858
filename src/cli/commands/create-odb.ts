import { ensurePubapiCredential } from "../../core/linked-auth/credentials.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";

export const createOdbCommand: Command = {
  name: "create-odb",
  summary: "Create or upgrade the database schema and make sure the credential `pubapi` exists",
  args: [],
  options: {},
  async run({ session }) {
    const { services } = await session.open();
    const password = await ensurePubapiCredential(services);
    if (password) say(`Created basic_auth credential \`pubapi\` with password \`${password}\``);
    say("OK");
    return EXIT.OK;
  },
};
