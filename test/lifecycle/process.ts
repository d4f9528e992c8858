import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Cheap argon2 and no cleanup timer, as every test configuration has. */
export const TEST_TOML = `[argon2]
memory_cost = 1024
time_cost = 1
parallelism = 1

[hash_secret]
salt_size = 16

[cleanup]
interval = 0
`;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface GatewayProcess {
  child: ChildProcess;
  pid: number;
  /** stdout and stderr, line by line, in arrival order. */
  lines: string[];
  exited: Promise<Exit>;
  /** Resolves with the first line matching `pattern`; rejects when the process exits first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the base URL once the start-up line is logged. */
  listening(timeoutMs?: number): Promise<string>;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
  output(): string;
}

const children = new Set<GatewayProcess>();
const dirs = new Set<string>();

/** Whatever happened in the test: no gateway, no PostgreSQL of ours and no temp directory survives it. */
afterEach(async () => {
  for (const gw of children) {
    if (gw.child.exitCode === null && gw.child.signalCode === null) {
      gw.child.kill("SIGKILL");
      await gw.exited;
    }
  }
  children.clear();
  for (const dir of dirs) {
    for (const pid of postgresPids(dir)) {
      try {
        process.kill(pid, "SIGQUIT");
      } catch {
        // gone already
      }
      await waitUntil(() => !isAlive(pid), 10_000).catch(() => process.kill(pid, "SIGKILL"));
    }
    rmSync(dir, { recursive: true, force: true });
  }
  dirs.clear();
});

/** A new temp directory the postgres user can enter (the embedded PostgreSQL runs as postgres when we are root). */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sso-life-"));
  chmodSync(dir, 0o755);
  dirs.add(dir);
  return dir;
}

/** Writes `sso.toml` (TEST_TOML plus `extra`) into a new temp directory; returns its path. */
export function writeConfig(extra = "", dir = tempDir()): string {
  const file = path.join(dir, "sso.toml");
  writeFileSync(file, `${TEST_TOML}\n${extra}`);
  return file;
}

/**
 * Starts the compiled gateway from the project root with exactly `env` (plus PATH and HOME):
 * `node bin/sso-gateway.mjs`, or `npm start` in a process group of its own, as a terminal or a
 * supervisor runs it.
 */
export function spawnGateway(env: Record<string, string>, how: "node" | "npm start" = "node"): GatewayProcess {
  const [command, args] = how === "node" ? [process.execPath, ["bin/sso-gateway.mjs"]] : ["npm", ["start"]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: how === "npm start",
  });
  if (child.pid === undefined) throw new Error("could not spawn the gateway");
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      lines.push(...parts);
      for (const listener of listeners) listener();
    });
    stream.on("end", () => {
      if (rest) lines.push(rest);
      for (const listener of listeners) listener();
    });
  };
  collect(child.stdout as NodeJS.ReadableStream);
  collect(child.stderr as NodeJS.ReadableStream);
  const exited = new Promise<Exit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  const self: GatewayProcess = {
    child,
    pid: child.pid,
    lines,
    exited,
    output: () => lines.join("\n"),
    waitFor(pattern, timeoutMs = 45_000) {
      return new Promise((resolve, reject) => {
        let done = false;
        const finish = (error: Error | null, line?: string) => {
          if (done) return;
          done = true;
          listeners.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(line as string);
        };
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (line !== undefined) finish(null, line);
        };
        const timer = setTimeout(
          () => finish(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${self.output()}`)),
          timeoutMs,
        );
        listeners.add(check);
        check();
        void exited.then((exit) => {
          // Let the last output arrive before giving up.
          setTimeout(() => {
            check();
            finish(new Error(`the gateway exited (${exit.code ?? exit.signal}) before ${pattern}:\n${self.output()}`));
          }, 50);
        });
      });
    },
    async listening(timeoutMs) {
      const line = await self.waitFor(/"msg":"listening on /, timeoutMs);
      const graphiql = /GraphiQL: (\S+)/.exec(line)?.[1];
      if (!graphiql) throw new Error(`no GraphiQL address in ${line}`);
      const base = new URL(graphiql);
      if (base.hostname === "localhost") base.hostname = "127.0.0.1";
      return base.origin;
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  children.add(self);
  return self;
}

export interface EmbeddedState {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  clusterDir: string;
  ownerPid: number | null;
}

export function embeddedState(dataDir: string): EmbeddedState | null {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, "embedded-pg.json"), "utf8")) as EmbeddedState;
  } catch {
    return null;
  }
}

/** Every process, from `ps` (Linux and macOS alike). */
function processes(): { pid: number; ppid: number; state: string; command: string }[] {
  return execFileSync("ps", ["-axo", "pid=,ppid=,stat=,command="], { encoding: "utf8" })
    .split("\n")
    .flatMap((line) => {
      const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
      return m ? [{ pid: Number(m[1]), ppid: Number(m[2]), state: m[3] as string, command: m[4] as string }] : [];
    });
}

/** Every live postgres server working on a cluster under `dir` (by its command line). */
export function postgresPids(dir: string): number[] {
  const clusters = new Set(findStates(dir).map((s) => s.clusterDir));
  return processes()
    .filter((p) => !p.state.startsWith("Z"))
    .flatMap((p) => {
      const dataArg = /\/postgres\s.*-D\s+(\S+)/.exec(p.command)?.[1];
      return dataArg && (dataArg.startsWith(`${dir}/`) || clusters.has(dataArg)) ? [p.pid] : [];
    });
}

/** The embedded-pg.json files under `dir` (the data_dir itself or one level down). */
function findStates(dir: string): EmbeddedState[] {
  const candidates = [dir];
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) candidates.push(path.join(dir, entry.name));
  } catch {
    return [];
  }
  return candidates.map(embeddedState).filter((s): s is EmbeddedState => s !== null);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped by its parent) no longer runs.
  return processes().some((p) => p.pid === pid && !p.state.startsWith("Z"));
}

export async function waitUntil(condition: () => boolean, timeoutMs = 10_000, stepMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Descendant processes of `pid`, with their command lines. */
export function descendants(pid: number): { pid: number; command: string }[] {
  const all = processes();
  const found: { pid: number; command: string }[] = [];
  const visit = (parent: number) => {
    for (const p of all) {
      if (p.ppid === parent) {
        found.push({ pid: p.pid, command: p.command });
        visit(p.pid);
      }
    }
  };
  visit(pid);
  return found;
}
