import { resealWithCurrentKey } from "../../core/key-check/reseal.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { complain, say } from "../output.js";

/** Rows named at most, per table, when values cannot be opened. */
const SHOWN = 100;
/** Rows read between two progress lines. */
const PROGRESS_EVERY = 10_000;

export const resealCommand: Command = {
  name: "reseal",
  summary:
    "Seal with the current secret key what a previous key sealed, and hash emails with it, after a key rotation; then the previous keys can go",
  args: [],
  options: {},
  async run({ session }) {
    const { services } = await session.open();
    // A large database takes minutes (one UPDATE per row sealed anew): say how far it is.
    let shown = 0;
    const report = await resealWithCurrentKey(services, {
      progress: ({ users, attributes }) => {
        if (users + attributes - shown < PROGRESS_EVERY) return;
        shown = users + attributes;
        complain(`… ${users} users and ${attributes} encrypted attributes read`);
      },
    });
    say(`Sealed anew with the current key: ${report.users} users, ${report.attributes} attributes`);
    const { users, attributes } = report.unreadable;
    if (users.length + attributes.length > 0) {
      complain(
        `${users.length} users and ${attributes.length} attributes hold values none of the keys opens ` +
          "(is a previous key missing from [secret_keys] previous_keys?): " +
          JSON.stringify({ user_ids: users.slice(0, SHOWN), attribute_ids: attributes.slice(0, SHOWN) }) +
          (users.length > SHOWN || attributes.length > SHOWN ? ` (the first ${SHOWN} of each)` : ""),
      );
    }
    if (report.busy > 0) complain(`${report.busy} rows kept changing while they were sealed anew: run reseal again`);
    if (users.length + attributes.length + report.busy > 0) return EXIT.EXCEPTION_CAUGHT;
    say("OK");
    return EXIT.OK;
  },
};
