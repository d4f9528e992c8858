import { operatorCreateSuperUser, operatorCreateUser } from "../../core/users/create.js";
import { type Command, option, passwordOption } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { say } from "../output.js";
import { reportFailure } from "../session.js";
import { askNewPassword } from "../terminal.js";

const createCommand = (superUser: boolean): Command => ({
  name: superUser ? "create-super-user" : "create-user",
  summary: superUser ? "Create a super-user (the only way to create one)" : "Create a regular user, approved",
  args: ["username"],
  options: {
    email: option.string("E", "email address"),
    "display-name": option.string("D", "display name (default: built from the other names)"),
    "first-name": option.string("F", "first name"),
    "middle-name": option.string("M", "middle name"),
    "last-name": option.string("L", "last name"),
    password: passwordOption,
  },
  async run({ session, args, options }) {
    const username = args.username as string;
    const outcome = await session.execute(superUser ? operatorCreateSuperUser : operatorCreateUser, {
      username,
      password: options.password,
      ask_password: () => askNewPassword(session.terminal),
      email: options.email,
      display_name: options["display-name"],
      first_name: options["first-name"],
      middle_name: options["middle-name"],
      last_name: options["last-name"],
    });
    if (outcome.status === "error") return reportFailure(outcome, { exists: `User already exists \`${username}\`` });
    say(`Created ${superUser ? "super-user" : "user"} \`${username}\``);
    return EXIT.OK;
  },
});

export const createUserCommand = createCommand(false);
export const createSuperUserCommand = createCommand(true);
