import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { embeddedState, type GatewayProcess, isAlive, postgresPids, spawnGateway, waitUntil, writeConfig } from "./process.js";
import { createUser, login } from "./users.js";

const PASSWORD = "Hq7!wz-paper-lamp";

/** A config directory whose `[server] data_dir` is `data` (no DATABASE_URL: the embedded PostgreSQL). */
function embeddedSetup() {
  const config = writeConfig('[server]\nhost = "127.0.0.1"\ndata_dir = "data"\n');
  const dataDir = path.join(path.dirname(config), "data");
  return { config, dataDir, env: { SSO_CONFIG: config, PORT: "0" } };
}

/** After the process has gone: no postgres of that data_dir runs, and it is recorded as stopped. */
async function expectNoPostgres(dataDir: string) {
  const state = embeddedState(dataDir);
  expect(state).not.toBeNull();
  await waitUntil(() => postgresPids(dataDir).length === 0, 5_000).catch(() => {});
  expect(postgresPids(dataDir)).toEqual([]);
  expect(existsSync(path.join(state?.clusterDir ?? "", "postmaster.pid"))).toBe(false);
}

async function stopped(gw: GatewayProcess, signal: NodeJS.Signals) {
  const exit = await gw.stop(signal);
  expect(exit).toEqual({ code: 0, signal: null });
}

describe("embedded PostgreSQL", () => {
  it("first start initialises, a restart after a clean stop reuses data and key; no postgres is left after SIGINT or SIGTERM", async () => {
    const { config, dataDir, env } = embeddedSetup();

    const first = spawnGateway(env);
    const url1 = await first.listening(90_000);
    expect(first.output()).toMatch(/initialising the embedded PostgreSQL in /);
    expect(first.output()).toContain(`database: embedded PostgreSQL in ${dataDir}`);
    const state = embeddedState(dataDir);
    expect(state?.ownerPid).toBe(first.pid);
    expect(state?.clusterDir).toBe(path.join(dataDir, "pg"));
    expect(first.output()).not.toContain(state?.password);
    const keyFile = path.join(dataDir, "secret.key");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, "utf8");

    // Create something, through the CLI's path to a running gateway's database.
    await createUser(config, env, "keeper", PASSWORD);
    expect((await login(url1, "keeper", PASSWORD)).body).toMatchObject({ status: "ok" });
    await stopped(first, "SIGINT");
    await expectNoPostgres(dataDir);
    expect(embeddedState(dataDir)?.ownerPid).toBeNull();

    const second = spawnGateway(env);
    const url2 = await second.listening(60_000);
    expect(second.output()).not.toMatch(/initialising/);
    expect(readFileSync(keyFile, "utf8")).toBe(key);
    // The user is still there and the (encrypted) password hash still opens with the reused key.
    const again = await login(url2, "keeper", PASSWORD);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: "ok" });
    await stopped(second, "SIGTERM");
    await expectNoPostgres(dataDir);
  }, 150_000);

  it("a second process on the same data_dir fails with a clear message and leaves the first one running", async () => {
    // An absolute data_dir, outside the config directory, is used as is.
    const dataDir = path.join(path.dirname(writeConfig()), "elsewhere");
    const env = { SSO_CONFIG: writeConfig(`[server]\nhost = "127.0.0.1"\ndata_dir = "${dataDir}"\n`), PORT: "0" };
    const first = spawnGateway(env);
    const url = await first.listening(90_000);

    const second = spawnGateway(env);
    const exit = await second.exited;
    expect(exit.code).toBe(1);
    expect(second.output()).toMatch(new RegExp(`could not start: .*${dataDir}.* in use .*process ${first.pid}`));

    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(embeddedState(dataDir)?.ownerPid).toBe(first.pid);
    await stopped(first, "SIGTERM");
    await expectNoPostgres(dataDir);
  }, 150_000);

  it("two processes started together on a new data_dir: one serves, the other fails clearly", async () => {
    const { dataDir, env } = embeddedSetup();
    const a = spawnGateway(env);
    const b = spawnGateway(env);
    const outcomes = await Promise.all(
      [a, b].map((gw) =>
        Promise.race([gw.listening(90_000).then(() => "listening" as const), gw.exited.then(() => "exited" as const)]),
      ),
    );
    expect([...outcomes].sort()).toEqual(["exited", "listening"]);
    const [winner, loser] = outcomes[0] === "listening" ? [a, b] : [b, a];
    const winnerUrl = await winner.listening();
    expect((await loser.exited).code).toBe(1);
    expect(loser.output()).toMatch(/could not start: .*in use/);
    expect((await fetch(`${winnerUrl}/health`)).status).toBe(200);
    await stopped(winner, "SIGTERM");
    await expectNoPostgres(dataDir);
  }, 150_000);

  it("a signal during start-up still stops the embedded PostgreSQL", async () => {
    const { dataDir, env } = embeddedSetup();
    const gw = spawnGateway(env);
    // The state file names this process as soon as its PostgreSQL runs; signal right then, before it listens.
    await waitUntil(() => embeddedState(dataDir)?.ownerPid === gw.pid || gw.child.exitCode !== null, 90_000, 5);
    gw.child.kill("SIGTERM");
    const exit = await gw.exited;
    expect(exit.signal).toBeNull();
    expect(exit.code).toBe(0);
    await expectNoPostgres(dataDir);
  }, 150_000);

  it("a PostgreSQL left running by a killed gateway is adopted by the next start, then stopped", async () => {
    const { config, dataDir, env } = embeddedSetup();
    const first = spawnGateway(env);
    const url1 = await first.listening(90_000);
    await createUser(config, env, "survivor", PASSWORD);
    expect((await login(url1, "survivor", PASSWORD)).status).toBe(200);
    first.child.kill("SIGKILL");
    await first.exited;
    const orphans = postgresPids(dataDir);
    expect(orphans.length).toBeGreaterThan(0);

    const second = spawnGateway(env);
    const url2 = await second.listening(60_000);
    expect(second.output()).toMatch(/adopting an embedded PostgreSQL/);
    expect(embeddedState(dataDir)?.ownerPid).toBe(second.pid);
    expect((await login(url2, "survivor", PASSWORD)).status).toBe(200);
    await stopped(second, "SIGINT");
    await expectNoPostgres(dataDir);
    for (const pid of orphans) expect(isAlive(pid)).toBe(false);
  }, 150_000);
});
