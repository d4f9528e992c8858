import { type ParseArgsConfig, parseArgs } from "node:util";
import { UnexpectedFailure } from "../core/operation.js";
import type { Command, OptionSpec, OptionValue } from "./command.js";
import { COMMANDS, COMMON, PROGRAM, usageLine } from "./commands.js";
import { EXIT } from "./exit-codes.js";
import { complain, say } from "./output.js";
import { CliSession } from "./session.js";

const BOOLEAN_WORDS = new Map<string, boolean>([
  ..."true yes on y t 1".split(" ").map((w) => [w, true] as const),
  ..."false no off n f 0".split(" ").map((w) => [w, false] as const),
]);

/** Wrong command line: exit 2 with the usage of the command, when known. */
class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
  }
}

type Parsed =
  | { help: true; command?: Command }
  | {
      help: false;
      command: Command;
      configPath: string | undefined;
      verbose: boolean;
      args: Record<string, string>;
      options: Record<string, OptionValue | undefined>;
    };

const parseArgsOptions = (specs: Record<string, OptionSpec>): NonNullable<ParseArgsConfig["options"]> =>
  Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      { type: spec.kind === "flag" ? "boolean" : "string", ...(name === "help" ? { short: "h" } : {}) },
    ]),
  );

const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

/**
 * A negative number after an option that takes a value is that value (`--expiry -3`), as with
 * Zato's argparse; util.parseArgs would take it for an option. Other words starting with a dash
 * stay options.
 */
function withNegativeValues(argv: readonly string[], specs: Record<string, OptionSpec>): string[] {
  const out: string[] = [];
  for (const [i, word] of argv.entries()) {
    if (word === "--") return [...out, ...argv.slice(i)];
    const previous = out.at(-1);
    const name = previous?.startsWith("--") && !previous.includes("=") ? previous.slice(2) : undefined;
    const spec = name === undefined ? undefined : specs[name];
    if (spec && spec.kind !== "flag" && NEGATIVE_NUMBER.test(word)) out[out.length - 1] = `${previous}=${word}`;
    else out.push(word);
  }
  return out;
}

function parse(given: string[]): Parsed {
  const everyOption = Object.assign({}, COMMON, ...COMMANDS.map((c) => c.options));
  const argv = withNegativeValues(given, everyOption);
  const loose = parseArgs({ args: argv, options: parseArgsOptions(everyOption), strict: false, allowPositionals: true });
  const name = loose.positionals[0];
  if (name === undefined) {
    if (loose.values.help === true) return { help: true };
    throw new UsageError("no command given");
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command '${name}'`);

  let strict: ReturnType<typeof parseArgs>;
  try {
    strict = parseArgs({
      args: argv,
      options: parseArgsOptions({ ...COMMON, ...command.options }),
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    const { code, message } = e as NodeJS.ErrnoException;
    const unknown = code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? /'([^']+)'/.exec(message)?.[1] : undefined;
    throw new UsageError(unknown ? `unknown option '${unknown}'` : message.replace(/\n/g, " "), command);
  }
  const values = strict.values as Record<string, string | boolean | undefined>;
  if (values.help === true) return { help: true, command };

  const positionals = strict.positionals.slice(1);
  if (positionals.length < command.args.length)
    throw new UsageError(`missing argument <${command.args[positionals.length]}>`, command);
  if (positionals.length > command.args.length)
    throw new UsageError(`unexpected argument '${positionals[command.args.length]}'`, command);
  const args = Object.fromEntries(command.args.map((arg, i) => [arg, positionals[i] as string]));

  const options: Record<string, OptionValue | undefined> = {};
  for (const [key, spec] of Object.entries(command.options)) options[key] = convert(key, spec, values[key], command);
  return {
    help: false,
    command,
    configPath: typeof values.config === "string" ? values.config : undefined,
    verbose: values.verbose === true,
    args,
    options,
  };
}

function convert(name: string, spec: OptionSpec, value: string | boolean | undefined, command: Command): OptionValue | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  if (spec.kind === "integer") {
    if (!/^[-+]?\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
      throw new UsageError(`option --${name} must be a whole number, not '${value}'`, command);
    }
    return Number(value);
  }
  if (spec.kind === "boolean") {
    const word = BOOLEAN_WORDS.get(value.trim().toLowerCase());
    if (word === undefined)
      throw new UsageError(`option --${name} must be a boolean (true/false, yes/no, on/off, y/n, t/f, 1/0)`, command);
    return word;
  }
  if (spec.choices && !spec.choices.includes(value)) {
    throw new UsageError(`option --${name} must be one of ${spec.choices.join(", ")}, not '${value}'`, command);
  }
  return value;
}

function optionLines(specs: Record<string, OptionSpec>): string[] {
  const entries = Object.entries(specs).map(
    ([name, spec]) => [`--${name}${spec.value ? ` ${spec.value}` : ""}`, spec.help] as const,
  );
  const width = Math.max(...entries.map(([left]) => left.length));
  return entries.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`);
}

function help(command: Command | undefined): string {
  if (command) {
    const lines = [`Usage: ${usageLine(command)}`, "", command.summary];
    if (Object.keys(command.options).length > 0) lines.push("", "Options:", ...optionLines(command.options));
    lines.push("", "Options common to every command:", ...optionLines(COMMON));
    return lines.join("\n");
  }
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `Usage: ${PROGRAM} <command> [arguments] [options]`,
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options common to every command:",
    ...optionLines(COMMON),
    "",
    `Run \`${PROGRAM} <command> --help\` for the arguments and options of a command.`,
  ].join("\n");
}

function errorName(e: unknown): string {
  if (!(e instanceof Error)) return "Error";
  if (e.name && e.name !== "Error" && e.name !== "error") return e.name;
  return e.constructor?.name || "Error";
}

function errorDetails(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if (e.message) return e.message;
  if (e instanceof AggregateError) return e.errors.map((inner) => errorDetails(inner)).join("; ");
  return (e as NodeJS.ErrnoException).code ?? "";
}

const HINT = "(Hint: re-run with --verbose for full traceback)";

/**
 * Prints what went wrong and gives the exit code (docs/cli.md: 16 with a hint, or the full stack
 * with --verbose). A failure inside a core operation carries the original error as its cause.
 */
function reportUnexpected(failure: unknown, verbose: boolean): number {
  const e = failure instanceof UnexpectedFailure ? failure.cause : failure;
  if (verbose && e instanceof Error && e.stack) complain(e.stack);
  else complain(`${errorName(e)}: ${errorDetails(e)} ${HINT}`);
  return EXIT.EXCEPTION_CAUGHT;
}

async function main(argv: string[]): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    complain(`sso: ${e.message}`);
    complain(e.command ? `Usage: ${usageLine(e.command)}` : `Usage: ${PROGRAM} <command> [arguments] [options]`);
    complain(`Run \`${PROGRAM} ${e.command ? `${e.command.name} ` : ""}--help\` for details.`);
    return EXIT.USAGE;
  }
  if (parsed.help) {
    say(help(parsed.command));
    return EXIT.OK;
  }

  const session = new CliSession({ configPath: parsed.configPath, verbose: parsed.verbose });
  let code: number;
  try {
    code = await parsed.command.run({ session, args: parsed.args, options: parsed.options });
  } catch (e) {
    code = reportUnexpected(e, parsed.verbose);
  }
  try {
    await session.close();
  } catch (e) {
    const closing = reportUnexpected(e, parsed.verbose);
    if (code === EXIT.OK) code = closing;
  }
  return code;
}

process.on("SIGINT", () => process.exit(EXIT.INTERRUPTED));
process.on("SIGTERM", () => process.exit(143));

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => process.exit(reportUnexpected(e, true)),
);
