import cluster from "node:cluster";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { type Config, ConfigError, loadConfig } from "./config/index.js";
import { scheduleCleanup } from "./core/cleanup.js";
import { checkSecretKey } from "./core/key-check/check.js";
import { ensurePubapiCredential } from "./core/linked-auth/credentials.js";
import { checkArgon2Cost } from "./core/passwords/hashing.js";
import { createServices } from "./core/services.js";
import { type OpenOptions, openDatabase } from "./db/index.js";
import { respondToClusterScrapes } from "./http/metrics.js";
import { createGateway } from "./http/server.js";
import { createLogger, jsonSink, type Logger } from "./lib/log.js";
import { startWorkers } from "./workers.js";

// Composition root: configuration, database, migrations, HTTP. Nothing imports this module.

// V8 moves the objects of an allocation site to the old generation from birth once most of them
// have survived a scavenge. Under a steady load some request-scoped sites qualified in about half
// the runs of the verify benchmark: their objects then died in the old generation, which grew
// by 10 MB a second until a full collection, taking the resident memory from 130 MB to over
// 220 MB. Without pretenuring they die young and the old generation stays at its live size.
setFlagsFromString("--no-allocation-site-pretenuring");

/** Longest a stop may take before the process exits anyway (requests get 15 s of it). */
const STOP_DEADLINE_MS = 30_000;
// Until the configuration has said where and how much to log: info and above, on standard output.
let log: Logger = createLogger(jsonSink({ level: "info" }));

// Signals are handled from the first moment: one that arrives during start-up takes effect once
// the step under way is done, so that what was started (the embedded PostgreSQL above all) is
// stopped rather than orphaned by the default handler's immediate exit. Whoever sends it (npm
// relaying its own, a supervisor signalling the process group, Ctrl-C reaching both), there is
// one drain: later signals do not cut it short, a deadline does.
let signal: NodeJS.Signals | undefined;
let stop: (() => Promise<void>) | undefined;
let stopDeadlineMs = STOP_DEADLINE_MS;

function onSignal(received: NodeJS.Signals) {
  if (signal) {
    log.info(`${received}: already stopping`);
    return;
  }
  signal = received;
  setTimeout(() => {
    log.error(`still stopping after ${stopDeadlineMs / 1000} s: exiting`);
    process.exit(1);
  }, stopDeadlineMs).unref();
  if (stop) void stop();
  else log.info(`${received}: stopping once start-up has reached a safe point`);
}

async function main() {
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // A closed terminal: its default would end the process at once and leave the embedded PostgreSQL running.
  process.on("SIGHUP", onSignal);
  const config = loadConfig({ warn: (message) => log.warn(message) });
  const worker = cluster.worker?.id;
  log = createLogger(jsonSink({ level: config.log.level, auditFile: config.auditFile, fields: worker ? { worker } : undefined }));
  if (config.server.workers > 1 && cluster.isPrimary) return supervise(config);
  // A worker answers the primary's requests for its metrics from the start, so that a scrape
  // during its start-up does not wait for it in vain.
  if (cluster.isWorker) respondToClusterScrapes();
  return serve(config);
}

/** One gateway process: alone, or one of `[server] workers` on the primary's database. */
async function serve(config: Config) {
  await checkArgon2Cost(config);
  const { database, exit } = await openUntilExit(config, { shareRunning: cluster.isWorker, joinOnly: cluster.isWorker });
  if (signal) return exit();

  const services = createServices(config, database.db, log);
  try {
    if (await checkSecretKey(services, { sealedData: true })) {
      log.warn(
        "recorded a new secret key: processes with only the previous one stop at start-up; run `sso reseal`, then drop [secret_keys] previous_keys",
      );
    }
  } catch (e) {
    await database.close();
    throw e;
  }
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
  if (cluster.isWorker) log.debug(`worker listening on port ${port}`);
  else logListening(config, port, database.description);
}

/**
 * The primary of `[server] workers`: starts (and migrates) the database, forks the workers,
 * replaces one that dies, and on a signal lets every worker drain before it stops the database.
 */
async function supervise(config: Config) {
  // The workers' drains come first: the primary stops the database after them.
  stopDeadlineMs = STOP_DEADLINE_MS + 15_000;
  const { database, exit } = await openUntilExit(config, { poolSize: 1 });
  if (signal) return exit();

  const workers = startWorkers(config.server.workers, fileURLToPath(import.meta.url), log, (e) => {
    if (signal) return;
    signal = "SIGTERM";
    log.error(`${e.message}: stopping`);
    void workers.stop("SIGTERM").then(() => exit(1));
  });
  stop = async () => {
    log.info(`${signal}: letting the workers finish their requests, then stopping`);
    const code = await workers.stop(signal ?? "SIGTERM");
    await exit(code);
  };
  let port: number;
  try {
    port = await workers.listening;
  } catch (e) {
    if (signal) return; // stopping already
    await workers.stop("SIGTERM");
    await database.close();
    throw e;
  }
  if (signal) return;
  logListening(config, port, `${database.description}; workers: ${config.server.workers}`);
}

/** The database, and the way out: close it, say so, exit with `code`. */
async function openUntilExit(config: Config, options: OpenOptions) {
  const database = await openDatabase(config, log, options);
  // The embedded PostgreSQL runs detached from our process group: never leave it orphaned.
  process.on("exit", () => database.abandon());
  const exit = async (code = 0) => {
    await database.close();
    log.info("stopped");
    process.exit(code);
  };
  return { database, exit };
}

function logListening(config: Config, port: number, database: string) {
  const { host } = config.server;
  // IPv6 literals are bracketed in host:port; a wildcard address is reached as localhost.
  const shown = host.includes(":") ? `[${host}]` : host;
  const base = `http://${host === "0.0.0.0" || host === "::" ? "localhost" : shown}:${port}`;
  log.info(`listening on ${shown}:${port}; database: ${database}; GraphiQL: ${base}${config.server.graphql_path}`);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    log.error(`invalid configuration: ${e.message}`);
  } else {
    log.error(`could not start: ${(e as Error).message}`);
  }
  process.exit(1);
});
