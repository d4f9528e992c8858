import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { descendants, embeddedState, isAlive, postgresPids, spawnGateway, waitUntil, writeConfig } from "./process.js";
import { createUser, login } from "./users.js";

const PASSWORD = "Hq7!wz-paper-lamp";

/**
 * `[server] workers = 2` on a new data_dir, with a session expiry hook that records which
 * process ran it and then takes `delayMs`: a login in flight is visible and slow.
 */
async function twoWorkers(delayMs: number) {
  const config = writeConfig(
    '[server]\nhost = "127.0.0.1"\ndata_dir = "data"\nworkers = 2\n[session]\nexpiry_hook = "module:hook.mjs"\n',
  );
  const dir = path.dirname(config);
  const calls = path.join(dir, "calls");
  writeFileSync(
    path.join(dir, "hook.mjs"),
    `import { mkdirSync, writeFileSync } from "node:fs";
export default async function () {
  mkdirSync(${JSON.stringify(calls)}, { recursive: true });
  writeFileSync(${JSON.stringify(calls)} + "/" + process.pid + "-" + Math.random(), "");
  await new Promise((resolve) => setTimeout(resolve, ${delayMs}));
  return { expiry: 5 };
}
`,
  );
  const env = { SSO_CONFIG: config, PORT: "0" };
  await createUser(config, env, "alice", PASSWORD);
  const gateway = spawnGateway(env, "npm start");
  const url = await gateway.listening(90_000);
  const workerPids = () =>
    descendants(gateway.pid)
      .filter((p) => /dist\/main\.js$/.test(p.command))
      .map((p) => p.pid);
  /** The processes that ran the hook, one entry per login. */
  const hookPids = () => (existsSync(calls) ? readdirSync(calls).map((name) => Number(name.split("-")[0])) : []);
  return { gateway, url, dataDir: path.join(dir, "data"), workerPids, hookPids };
}

async function renew(url: string, ust: string) {
  const answer = await fetch(`${url}/zato/sso/user/session`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ust, current_app: "CRM" }),
  });
  return (await answer.json()) as Record<string, unknown>;
}

describe("[server] workers = 2", () => {
  it("two processes serve one port on one embedded PostgreSQL; SIGTERM to the group: each drains once, exit 0, nothing left", async () => {
    const { gateway, url, dataDir, workerPids, hookPids } = await twoWorkers(1_000);
    const workers = workerPids();
    expect(workers).toHaveLength(2);
    expect(postgresPids(dataDir)).not.toEqual([]);

    // Four logins at once, on four connections: the primary hands them to both workers.
    const logins = await Promise.all([1, 2, 3, 4].map(() => login(url, "alice", PASSWORD)));
    for (const answer of logins) expect(answer.body).toMatchObject({ status: "ok" });
    expect(new Set(hookPids())).toEqual(new Set(workers));
    // Each session, made by one worker, is renewed by whichever worker takes the call.
    for (const answer of logins) expect(await renew(url, answer.body.ust as string)).toMatchObject({ status: "ok" });

    // Metrics answer for both workers, whichever takes the scrape.
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const logins200 = /sso_http_requests_total\{route="\/zato\/sso\/user\/login",method="POST",status="200"\} (\d+)/.exec(
      metrics,
    );
    expect(Number(logins200?.[1])).toBe(4);

    // Slow logins in flight on both workers when the whole process group is told to stop.
    const before = hookPids().length;
    const slow = [1, 2].map(() => login(url, "alice", PASSWORD));
    await waitUntil(() => hookPids().length === before + 2, 20_000, 10);
    process.kill(-gateway.pid, "SIGTERM");
    for (const answer of await Promise.all(slow)) expect(answer.body).toMatchObject({ status: "ok" });

    expect(await gateway.exited, gateway.output()).toEqual({ code: 0, signal: null });
    expect(gateway.lines.filter((l) => /finishing requests in flight/.test(l))).toHaveLength(2);
    expect(gateway.lines.filter((l) => /letting the workers finish/.test(l))).toHaveLength(1);
    for (const pid of workers) expect(isAlive(pid)).toBe(false);
    expect(postgresPids(dataDir)).toEqual([]);
    expect(embeddedState(dataDir)?.ownerPid).toBeNull();
  }, 120_000);

  it("a worker that dies is replaced; SIGTERM to the primary alone still drains every worker", async () => {
    const { gateway, url, dataDir, workerPids } = await twoWorkers(0);
    const [killed, kept] = workerPids() as [number, number];
    process.kill(killed, "SIGKILL");
    await gateway.waitFor(/"msg":"worker 3 listening"/);
    expect(gateway.output()).toMatch(/"msg":"worker \d+ exited \(SIGKILL\): starting another in 1 s"/);
    expect(workerPids()).toHaveLength(2);
    expect(workerPids()).toContain(kept);
    for (let i = 0; i < 4; i++) expect((await login(url, "alice", PASSWORD)).body).toMatchObject({ status: "ok" });

    const workers = workerPids();
    process.kill(gateway.pid, "SIGTERM");
    expect(await gateway.exited, gateway.output()).toEqual({ code: 0, signal: null });
    expect(gateway.lines.filter((l) => /finishing requests in flight/.test(l))).toHaveLength(2);
    for (const pid of workers) await waitUntil(() => !isAlive(pid), 5_000);
    expect(postgresPids(dataDir)).toEqual([]);
  }, 120_000);

  it("a worker replaced while the PostgreSQL is down never starts one of its own: it fails, and the others keep the one database", async () => {
    const { gateway, dataDir, workerPids } = await twoWorkers(0);
    const before = embeddedState(dataDir);
    const postgres = postgresPids(dataDir);
    expect(postgres).not.toEqual([]);
    // The server goes away (killed, out of memory), then a worker dies and is replaced.
    for (const pid of postgres) process.kill(pid, "SIGKILL");
    await waitUntil(() => postgresPids(dataDir).length === 0, 10_000);
    const [killed] = workerPids() as [number];
    process.kill(killed, "SIGKILL");
    await gateway.waitFor(/exited \(code 1\) before it listened/, 30_000);
    expect(gateway.output()).toMatch(/does not run/);
    expect(postgresPids(dataDir)).toEqual([]);
    expect(embeddedState(dataDir)).toMatchObject({ port: before?.port, ownerPid: before?.ownerPid });

    process.kill(gateway.pid, "SIGTERM");
    await gateway.exited;
    await waitUntil(() => descendants(gateway.pid).length === 0, 10_000);
    expect(postgresPids(dataDir)).toEqual([]);
  }, 120_000);

  it("workers that cannot listen (the port is taken) stop the start: exit 1, a clear message, nothing left", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    try {
      const port = String((blocker.address() as { port: number }).port);
      const config = writeConfig('[server]\nhost = "127.0.0.1"\ndata_dir = "data"\nworkers = 2\n');
      const gateway = spawnGateway({ SSO_CONFIG: config, PORT: port });
      expect((await gateway.exited).code, gateway.output()).toBe(1);
      expect(gateway.output()).toMatch(/could not start: worker \d+ exited \(code 1\) before it listened/);
      expect(gateway.output()).toMatch(/EADDRINUSE/);
      expect(postgresPids(path.join(path.dirname(config), "data"))).toEqual([]);
    } finally {
      blocker.close();
    }
  }, 90_000);
});
