/** One line per event on stderr (stdout for info); the `sso.audit` logger writes JSON lines. */
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

export function consoleSink(minimum: Level = "info"): LogSink {
  return {
    write(level, name, message, fields) {
      if (ORDER[level] < ORDER[minimum]) return;
      const line =
        name === "sso.audit"
          ? message
          : `${new Date().toISOString()} ${level.toUpperCase()} ${name} ${message}${fields ? ` ${JSON.stringify(fields)}` : ""}`;
      (level === "info" || level === "debug" ? process.stdout : process.stderr).write(`${line}\n`);
    },
  };
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
