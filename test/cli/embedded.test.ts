import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { stringify } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP, TEST_CONFIG } from "../support/gateway.js";
import { cleanEnv, REPO, runCli } from "./support.js";

let dir: string;
let env: Record<string, string | undefined>;
let gateway: ChildProcess | undefined;
const PASSWORD = "hQ9nl93UDqGus";

interface EmbeddedState {
  port: number;
  clusterDir: string;
  ownerPid: number | null;
  user: string;
  password: string;
  database: string;
}

const state = (): EmbeddedState => JSON.parse(readFileSync(path.join(dir, "data", "embedded-pg.json"), "utf8"));

async function accepts(s: EmbeddedState): Promise<boolean> {
  const client = new pg.Client({ host: "127.0.0.1", port: s.port, user: s.user, password: s.password, database: s.database });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function nothingRunning() {
  const s = state();
  expect(s.ownerPid).toBeNull();
  expect(existsSync(path.join(s.clusterDir, "postmaster.pid"))).toBe(false);
  expect(await accepts(s)).toBe(false);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "sso-cli-embedded-"));
  chmodSync(dir, 0o755);
  writeFileSync(path.join(dir, "sso.toml"), stringify({ ...TEST_CONFIG, server: { data_dir: "data" } }));
  env = { SSO_CONFIG: path.join(dir, "sso.toml") };
});
afterAll(async () => {
  if (gateway && gateway.exitCode === null) {
    gateway.kill("SIGTERM");
    await new Promise((resolve) => gateway?.once("exit", resolve));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("the embedded PostgreSQL", { timeout: 180_000 }, () => {
  it("is started for the command and stopped after it when no gateway runs", async () => {
    const created = await runCli(["create-user", "bob", "--password", PASSWORD], env);
    expect(created).toMatchObject({ code: 0, stdout: "Created user `bob`\n" });
    await nothingRunning();
    const again = await runCli(["create-user", "bob", "--password", PASSWORD], env);
    expect(again).toMatchObject({ code: 20, stderr: "User already exists `bob`\n" });
    await nothingRunning();
  });

  it("started by one command, outlives it while another command still uses it; the last one out stops it", async () => {
    const hold = () => {
      const child = spawn(process.execPath, ["--import", "tsx", "test/cli/hold-database.ts"], {
        cwd: REPO,
        env: cleanEnv(env),
        stdio: ["pipe", "pipe", "inherit"],
      });
      let output = "";
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        output += chunk;
      });
      const said = (word: string) =>
        new Promise<void>((resolve, reject) => {
          const check = setInterval(() => {
            if (output.includes(`${word}\n`)) {
              clearInterval(check);
              resolve();
            } else if (child.exitCode !== null) {
              clearInterval(check);
              reject(new Error(`exited before "${word}": ${output}`));
            }
          }, 20);
        });
      const close = async () => {
        child.stdin?.write("close\n");
        await said("closed");
        await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
      };
      return { ready: said("ready"), close, pid: child.pid };
    };
    const first = hold();
    await first.ready;
    expect(state().ownerPid).toBe(first.pid);
    const second = hold();
    await second.ready;

    await first.close();
    expect(await accepts(state())).toBe(true);
    const created = await runCli(["create-user", "dave", "--password", PASSWORD], env);
    expect(created).toMatchObject({ code: 0, stdout: "Created user `dave`\n" });
    expect(await accepts(state())).toBe(true);

    await second.close();
    await nothingRunning();
  });

  it("is the running gateway's when one runs on the same data_dir", async () => {
    gateway = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: REPO,
      env: cleanEnv({ ...env, PORT: "0" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const port = await new Promise<number>((resolve, reject) => {
      gateway?.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        output += chunk;
        const match = /listening on [^:]+:(\d+);/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      gateway?.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
        output += chunk;
      });
      gateway?.once("exit", () => reject(new Error(`the gateway exited: ${output}`)));
    });
    const gatewayPostgres = state();
    expect(gatewayPostgres.ownerPid).toBe(gateway.pid);

    const created = await runCli(["create-user", "carol", "--password", PASSWORD, "--verbose"], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toBe("Created user `carol`\n");
    expect(created.stderr).toContain("using the embedded PostgreSQL of a running process");
    expect(state()).toEqual(gatewayPostgres);

    const response = await fetch(`http://127.0.0.1:${port}/zato/sso/user/login`, {
      method: "POST",
      body: JSON.stringify({ username: "carol", password: PASSWORD, current_app: APP }),
    });
    expect(await response.json()).toMatchObject({ status: "ok", ust: expect.stringMatching(/^zust/) });

    gateway.kill("SIGTERM");
    await new Promise((resolve) => gateway?.once("exit", resolve));
    await nothingRunning();
  });
});
