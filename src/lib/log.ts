import { chmodSync } from "node:fs";
import pino from "pino";

/** Log levels, least severe first. */
export type Level = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger with the same sink and a new name. */
  child(name: string): Logger;
}

export interface LogSink {
  write(level: Level, name: string, message: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Whether `level` is at least as severe as `minimum`. */
export const atLeast = (level: Level, minimum: Level): boolean => ORDER[level] >= ORDER[minimum];

/** Where the gateway's log lines and its audit lines go. */
export interface JsonSinkOptions {
  /** The least severe level written. */
  level: Level;
  /** A file for the `sso.audit` lines (appended to); absent: standard output, with the rest. */
  auditFile?: string;
  /** On every line but the audit records' (a worker's number). */
  fields?: Record<string, unknown>;
}

/**
 * One JSON object per line on standard output (pino): `level`, `time`, `logger`, `msg` and the
 * fields. The `sso.audit` logger's messages are audit records already serialised as JSON
 * objects: each is written as it is (with its `logger`), one per line, to standard output or to
 * its own file. Writes are synchronous, as Node's own writes to a pipe are: an audit record is
 * out before its call answers.
 */
export function jsonSink(options: JsonSinkOptions): LogSink {
  const out = pino.destination({ dest: 1, sync: true });
  const audit = options.auditFile ? openAuditFile(options.auditFile) : out;
  const logger = pino(
    {
      level: options.level,
      base: options.fields,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    out,
  );
  return {
    write(level, name, message, fields) {
      if (name === "sso.audit") {
        audit.write(auditLine(message));
        return;
      }
      logger[level]({ logger: name, ...fields }, message);
    },
  };
}

/** An audit record, already JSON, as a line named like the other lines. */
export const auditLine = (record: string): string => `{"logger":"sso.audit",${record.slice(1)}\n`;

/** `[log] audit_file`, appended to by synchronous writes. */
export function openAuditFile(file: string): { write(line: string): void } {
  // Usernames, addresses and user agents: the audit file is readable by its writer's own user
  // only, one made before this rule included.
  const destination = pino.destination({ dest: file, sync: true, mkdir: true, mode: 0o600 });
  try {
    chmodSync(file, 0o600);
  } catch {
    // Not ours to change (another user's file we may append to): left as it is.
  }
  return destination;
}

/** Collects every line, for tests that check what is logged. */
export function memorySink(): LogSink & {
  lines: { level: Level; name: string; message: string; fields?: Record<string, unknown> }[];
} {
  const lines: { level: Level; name: string; message: string; fields?: Record<string, unknown> }[] = [];
  return { lines, write: (level, name, message, fields) => lines.push({ level, name, message, fields }) };
}

export function createLogger(sink: LogSink, name = "sso"): Logger {
  return {
    debug: (message, fields) => sink.write("debug", name, message, fields),
    info: (message, fields) => sink.write("info", name, message, fields),
    warn: (message, fields) => sink.write("warn", name, message, fields),
    error: (message, fields) => sink.write("error", name, message, fields),
    child: (child) => createLogger(sink, child),
  };
}
