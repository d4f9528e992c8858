import { operatorLockUser, operatorUnlockUser } from "../../core/users/lock.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";

const lockCommand = (locked: boolean): Command => ({
  name: locked ? "lock-user" : "unlock-user",
  summary: locked ? "Lock a user account (its sessions stop working)" : "Unlock a user account",
  args: ["username"],
  options: {},
  async run({ session, args }) {
    const username = args.username as string;
    const outcome = await session.execute(locked ? operatorLockUser : operatorUnlockUser, { username });
    if (outcome.status === "error") return reportFailure(outcome, { missing: `No such user \`${username}\`` });
    say(`${locked ? "Locked" : "Unlocked"} user account \`${username}\``);
    return EXIT.OK;
  },
});

export const lockUserCommand = lockCommand(true);
export const unlockUserCommand = lockCommand(false);
