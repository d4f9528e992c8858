import type { ExitCode } from "./exit-codes.js";
import type { CliSession } from "./session.js";

/** An option of one command: a text, a switch, a whole number or a boolean word (the words of docs/rest.md, "Conventions"). */
export interface OptionSpec {
  kind: "string" | "flag" | "integer" | "boolean";
  /** Placeholder of the value in the usage line, e.g. `P`. */
  value?: string;
  /** The only values a text option takes; another is a usage error. */
  choices?: readonly string[];
  help: string;
}

export type OptionValue = string | number | boolean;

export interface Invocation {
  session: CliSession;
  /** Positional arguments, by their names in `Command.args`. */
  args: Record<string, string>;
  /** Options given, by name, converted to their kind. */
  options: Record<string, OptionValue | undefined>;
}

/** One `sso` command: its interface, and a run that parses nothing and decides nothing. */
export interface Command {
  name: string;
  summary: string;
  args: string[];
  options: Record<string, OptionSpec>;
  run(invocation: Invocation): Promise<ExitCode>;
}

export const option = {
  string: (value: string, help: string): OptionSpec => ({ kind: "string", value, help }),
  /** A text that must be one of `choices`, which its usage line shows. */
  choice: (choices: readonly string[], help: string): OptionSpec => ({ kind: "string", value: choices.join("|"), choices, help }),
  flag: (help: string): OptionSpec => ({ kind: "flag", help }),
  integer: (value: string, help: string): OptionSpec => ({ kind: "integer", value, help }),
  boolean: (value: string, help: string): OptionSpec => ({ kind: "boolean", value, help }),
};

export const passwordOption = option.string("P", "the password; asked for at the terminal when absent");

/** The option as text (`--expiry` gives `string | undefined`), for commands that read them. */
export const text = (v: OptionValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);
