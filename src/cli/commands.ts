import type { Command, OptionSpec } from "./command.js";
import { approveUserCommand } from "./commands/approve-user.js";
import { changeBasicAuthPasswordCommand } from "./commands/change-basic-auth-password.js";
import { changeUserPasswordCommand } from "./commands/change-user-password.js";
import { createBasicAuthCommand } from "./commands/create-basic-auth.js";
import { createOdbCommand } from "./commands/create-odb.js";
import { createSuperUserCommand, createUserCommand } from "./commands/create-user.js";
import { deleteBasicAuthCommand } from "./commands/delete-basic-auth.js";
import { deleteUserCommand } from "./commands/delete-user.js";
import { listBasicAuthCommand } from "./commands/list-basic-auth.js";
import { listExpiringPasswordsCommand } from "./commands/list-expiring-passwords.js";
import { listSignupsCommand } from "./commands/list-signups.js";
import { lockUserCommand, unlockUserCommand } from "./commands/lock-user.js";
import { loginCommand } from "./commands/login.js";
import { logoutCommand } from "./commands/logout.js";
import { rejectUserCommand } from "./commands/reject-user.js";
import { resealCommand } from "./commands/reseal.js";
import { resetTotpKeyCommand } from "./commands/reset-totp-key.js";
import { resetUserPasswordCommand } from "./commands/reset-user-password.js";

/** Every command of `sso`, in the order help lists them. */
export const COMMANDS: readonly Command[] = [
  createUserCommand,
  createSuperUserCommand,
  deleteUserCommand,
  lockUserCommand,
  unlockUserCommand,
  listSignupsCommand,
  approveUserCommand,
  rejectUserCommand,
  loginCommand,
  logoutCommand,
  changeUserPasswordCommand,
  resetUserPasswordCommand,
  resetTotpKeyCommand,
  createOdbCommand,
  createBasicAuthCommand,
  changeBasicAuthPasswordCommand,
  deleteBasicAuthCommand,
  listBasicAuthCommand,
  listExpiringPasswordsCommand,
  resealCommand,
];

export const COMMON: Record<string, OptionSpec> = {
  config: { kind: "string", value: "PATH", help: "the sso.toml to read (default: $SSO_CONFIG, else ./sso.toml)" },
  verbose: { kind: "flag", help: "print debug output, and the full stack of unexpected errors" },
  help: { kind: "flag", help: "show this help" },
};

/** How README.md runs the CLI. */
export const PROGRAM = "npm run sso --";

/** The usage line of a command: its arguments and options. */
export function usageLine(command: Command): string {
  const args = command.args.map((a) => `<${a}>`);
  const options = Object.entries(command.options).map(([name, spec]) => `[--${name}${spec.value ? ` ${spec.value}` : ""}]`);
  return [`${PROGRAM} ${command.name}`, ...args, ...options].join(" ");
}
