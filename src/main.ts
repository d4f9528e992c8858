import { ConfigError, loadConfig } from "./config/index.js";
import { scheduleCleanup } from "./core/cleanup.js";
import { ensurePubapiCredential } from "./core/linked-auth/credentials.js";
import { createServices } from "./core/services.js";
import { openDatabase } from "./db/index.js";
import { createGateway } from "./http/server.js";
import { createLogger, jsonSink, type Logger } from "./lib/log.js";

// Composition root: configuration, database, migrations, HTTP. Nothing imports this module.

/** Longest a stop may take before the process exits anyway (requests get 15 s of it). */
const STOP_DEADLINE_MS = 30_000;
// Until the configuration has said where and how much to log: info and above, on standard output.
let log: Logger = createLogger(jsonSink({ level: "info" }));

async function main() {
  const config = loadConfig({ warn: (message) => log.warn(message) });
  log = createLogger(jsonSink({ level: config.log.level, auditFile: config.auditFile }));

  // Signals are handled from the first moment: one that arrives during start-up takes effect
  // once the step under way is done, so that what was started (the embedded PostgreSQL above
  // all) is stopped rather than orphaned by the default handler's immediate exit. Whoever sends
  // it (npm relaying its own, a supervisor signalling the process group, Ctrl-C reaching both),
  // there is one drain: later signals do not cut it short, a deadline does.
  let signal: string | undefined;
  let stop: (() => Promise<void>) | undefined;
  const onSignal = (received: NodeJS.Signals) => {
    if (signal) {
      log.info(`${received}: already stopping`);
      return;
    }
    signal = received;
    setTimeout(() => {
      log.error(`still stopping after ${STOP_DEADLINE_MS / 1000} s: exiting`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    if (stop) void stop();
    else log.info(`${received}: stopping once start-up has reached a safe point`);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const database = await openDatabase(config, log);
  // The embedded PostgreSQL runs detached from our process group: never leave it orphaned.
  process.on("exit", () => database.abandon());
  const exit = async () => {
    await database.close();
    log.info("stopped");
    process.exit(0);
  };
  if (signal) return exit();

  const services = createServices(config, database.db, log);
  await ensurePubapiCredential(services);
  const stopCleanup = scheduleCleanup(services);
  const gateway = createGateway(services);

  try {
    await new Promise<void>((resolve, reject) => {
      gateway.server.once("error", reject);
      gateway.server.listen(config.server.port, config.server.host, resolve);
    });
  } catch (e) {
    await database.close();
    throw e;
  }
  stop = async () => {
    log.info(`${signal}: finishing requests in flight, then stopping`);
    stopCleanup();
    await gateway.close();
    await services.audit.flush();
    await exit();
  };
  if (signal) return stop();

  const address = gateway.server.address();
  const port = typeof address === "object" && address ? address.port : config.server.port;
  const { host } = config.server;
  // IPv6 literals are bracketed in host:port; a wildcard address is reached as localhost.
  const shown = host.includes(":") ? `[${host}]` : host;
  const base = `http://${host === "0.0.0.0" || host === "::" ? "localhost" : shown}:${port}`;
  log.info(`listening on ${shown}:${port}; database: ${database.description}; GraphiQL: ${base}${config.server.graphql_path}`);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    log.error(`invalid configuration: ${e.message}`);
  } else {
    log.error(`could not start: ${(e as Error).message}`);
  }
  process.exit(1);
});
