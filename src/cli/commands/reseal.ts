import { resealWithCurrentKey } from "../../core/key-check/reseal.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { complain, say } from "../output.js";

export const resealCommand: Command = {
  name: "reseal",
  summary:
    "Seal with the current secret key what a previous key sealed, and hash emails with it, after a key rotation; then the previous keys can go",
  args: [],
  options: {},
  async run({ session }) {
    const { services } = await session.open();
    const report = await resealWithCurrentKey(services);
    say(
      `Sealed anew with the current key: ${report.users} users, ${report.attributes} attributes` +
        (report.changed > 0 ? `; ${report.changed} rows changed meanwhile and were left as written` : ""),
    );
    const { users, attributes } = report.unreadable;
    if (users.length + attributes.length > 0) {
      complain(
        `${users.length} users and ${attributes.length} attributes hold values none of the keys opens ` +
          "(is a previous key missing from [secret_keys] previous_keys?): " +
          JSON.stringify({ user_ids: users, attribute_ids: attributes }),
      );
      return EXIT.EXCEPTION_CAUGHT;
    }
    say("OK");
    return EXIT.OK;
  },
};
