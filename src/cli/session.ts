import { hostname, userInfo } from "node:os";
import { type Config, loadConfig } from "../config/index.js";
import { localRequest, RequestContext, type RequestInfo, type Services } from "../core/context.js";
import type { Shape } from "../core/input.js";
import { checkSecretKey } from "../core/key-check/check.js";
import { execute, type Failure, type Operation, type Outcome } from "../core/operation.js";
import { MISSING_INPUT, NO_SUCH_USER } from "../core/operator.js";
import { createServices } from "../core/services.js";
import { Code, SsoError } from "../core/status.js";
import { type OpenDatabase, openDatabase } from "../db/index.js";
import { atLeast, auditLine, createLogger, type Level, type Logger, openAuditFile } from "../lib/log.js";
import { EXIT, type ExitCode } from "./exit-codes.js";
import { complain } from "./output.js";
import { Terminal } from "./terminal.js";

/**
 * Every log line on standard error, so that standard output carries only the command's own
 * output. The core's own line about an unexpected failure (it names the cid and the error) is
 * left out: the CLI reports that failure itself, in the form docs/cli.md gives.
 */
function stderrLogger(minimum: Level, auditFile?: string): Logger {
  let audit: { write(line: string): void } | undefined;
  if (auditFile) {
    try {
      audit = openAuditFile(auditFile);
    } catch (e) {
      // The gateway's own file, say, not writable by this operator: the records still reach the table.
      process.stderr.write(`WARN sso could not open [log] audit_file ${auditFile}: ${(e as Error).message}\n`);
    }
  }
  return createLogger({
    write(level, name, message, fields) {
      if (name === "sso.audit" && audit) audit.write(auditLine(message));
      if (level === "error" && typeof fields?.cid === "string" && typeof fields.error === "string") return;
      if (!atLeast(level, minimum)) return;
      const line = name === "sso.audit" ? message : `${level.toUpperCase()} ${name} ${message}`;
      process.stderr.write(`${line}${fields ? ` ${JSON.stringify(fields)}` : ""}\n`);
    },
  });
}

/** `<os-user>@<host>`: the actor of the CLI's audit records and the locked_by of its locks. */
export function operatorName(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = String(process.getuid?.() ?? "unknown");
  }
  return `${user}@${hostname()}`;
}

export interface SessionOptions {
  configPath: string | undefined;
  verbose: boolean;
}

/**
 * What one run of the CLI works with: the configuration, the database (opened on first use
 * and closed at the end) and the terminal. It acts as the operator on the core.
 */
export class CliSession {
  readonly log: Logger;
  readonly terminal = new Terminal();
  #config: Config | undefined;
  #opened: Promise<{ database: OpenDatabase; services: Services }> | undefined;
  readonly #minimum: Level;

  constructor(readonly options: SessionOptions) {
    this.#minimum = options.verbose ? "debug" : "warn";
    this.log = stderrLogger(this.#minimum);
  }

  get config(): Config {
    this.#config ??= loadConfig({ configPath: this.options.configPath, warn: (message) => this.log.warn(message) });
    return this.#config;
  }

  /** The database (DATABASE_URL, else the embedded PostgreSQL of a running gateway, else our own), migrated. */
  async open(): Promise<{ database: OpenDatabase; services: Services }> {
    this.#opened ??= (async () => {
      const config = this.config;
      const database = await openDatabase(config, this.log, { shareRunning: true, poolSize: 2 });
      process.once("exit", () => database.abandon());
      this.log.debug(`database: ${database.description}`);
      // Audit records also go to `[log] audit_file`, as the gateway's do.
      const log = config.auditFile ? stderrLogger(this.#minimum, config.auditFile) : this.log;
      const services = createServices(config, database.db, log);
      try {
        if (await checkSecretKey(services))
          log.warn("recorded a new secret key: processes with only the previous one stop at start-up");
      } catch (e) {
        await database.close();
        throw e;
      }
      return { database, services };
    })();
    return this.#opened;
  }

  request(): RequestInfo {
    return localRequest(`sso CLI ${hostname()}`, [{ kind: "operator", name: operatorName() }]);
  }

  /** Runs a core operation as the operator; it writes its own audit record. */
  async execute<S extends Shape, O>(op: Operation<S, O>, input: Record<string, unknown>): Promise<Outcome<O>> {
    const { services } = await this.open();
    return execute(new RequestContext(services, this.request()), op, input);
  }

  /** Stores pending audit records, closes the database and stops an embedded PostgreSQL we started. */
  async close(): Promise<void> {
    this.terminal.close();
    const opened = await this.#opened?.catch(() => undefined);
    if (!opened) return;
    const { database, services } = opened;
    try {
      await services.audit.flush();
    } finally {
      await database.close();
    }
  }
}

/** How a command names what it works on, in its failure messages. */
export interface Subject {
  /** Printed when the username (or name) is taken: exit 20. */
  exists?: string;
  /** Printed when there is no such user (or credential): exit 22. */
  missing?: string;
}

/**
 * Prints the failure of an operation and returns its exit code (docs/cli.md, "Exit codes"). A code the command
 * has no message for is unexpected: it is thrown, and ends the command with exit 16.
 */
export function reportFailure(failure: Failure, subject: Subject): ExitCode {
  const code = failure.subStatus[0];
  if (code === Code.USERNAME_EXISTS && subject.exists) {
    complain(subject.exists);
    return EXIT.USER_EXISTS;
  }
  if (code === NO_SUCH_USER && subject.missing) {
    complain(subject.missing);
    return EXIT.NO_SUCH_SSO_USER;
  }
  if (code === MISSING_INPUT) {
    complain("Option --password is required when not running interactively");
    return EXIT.PARAMETER_MISSING;
  }
  if (code?.startsWith("E003")) {
    complain(`Password validation error, reason code:\`${code}\``);
    return EXIT.VALIDATION_ERROR;
  }
  if (code === Code.USERNAME_INVALID || code === Code.COMMON_INVALID_INPUT) {
    complain(`Validation error, reason code:\`${code}\``);
    return EXIT.VALIDATION_ERROR;
  }
  throw new SsoError(failure.subStatus);
}
