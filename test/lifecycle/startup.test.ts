import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { freshDatabase } from "../support/database.js";
import { descendants, spawnGateway, waitUntil, writeConfig } from "./process.js";
import { createUser, login } from "./users.js";

const SECRET_KEY = randomBytes(32).toString("base64");
const databases: { drop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const db of databases.splice(0)) await db.drop();
});

async function database() {
  const db = await freshDatabase();
  databases.push(db);
  return db;
}

describe("start-up as a process", () => {
  it("an invalid configuration exits non-zero, naming the section and key, before touching any database", async () => {
    const config = writeConfig('[server]\ndata_dir = "data"\n[session]\nexpiry = "soon"\n');
    const gw = spawnGateway({ SSO_CONFIG: config, PORT: "0" });
    const exit = await gw.exited;
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(gw.output()).toMatch(/invalid configuration: \[session\] expiry: /);
    expect(gw.output()).not.toMatch(/listening on/);
    expect(existsSync(path.join(path.dirname(config), "data"))).toBe(false);
  }, 60_000);

  it("an argon2 cost that cannot run (memory it cannot allocate) exits non-zero at start-up, naming the key", async () => {
    // 4 TiB per hash: within what the key accepts, beyond what any machine here allocates.
    const config = writeConfig('[server]\ndata_dir = "data"\n[argon2]\nmemory_cost = 4294967295\n');
    const gw = spawnGateway({ SSO_CONFIG: config, PORT: "0" });
    const exit = await gw.exited;
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(gw.output()).toMatch(/invalid configuration: \[argon2\] memory_cost: /);
    expect(gw.output()).not.toMatch(/listening on/);
    // Before any database: the data directory holds at most the secret key.
    const data = path.join(path.dirname(config), "data");
    expect((existsSync(data) ? readdirSync(data) : []).filter((f) => f !== "secret.key")).toEqual([]);
  }, 60_000);

  it("with DATABASE_URL: starts nothing else and logs one line (where, which database, GraphiQL)", async () => {
    const db = await database();
    const config = writeConfig('[server]\ndata_dir = "data"\n');
    const gw = spawnGateway({ SSO_CONFIG: config, PORT: "0", DATABASE_URL: db.url, SSO_SECRET_KEY: SECRET_KEY });
    const url = await gw.listening();
    const port = new URL(url).port;

    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });

    // One line, saying where it listens, which database (no password, no user) and where GraphiQL is.
    expect(gw.lines.filter((l) => l.trim() !== "")).toHaveLength(1);
    const line = gw.lines[0] as string;
    expect(line).toContain(`listening on 0.0.0.0:${port}`);
    expect(line).toContain(`PostgreSQL at ${db.params.host}:${db.params.port}/${db.params.database}`);
    expect(line).toContain(`GraphiQL: http://localhost:${port}/graphql`);
    expect(line).not.toContain(db.params.password);
    expect(line).not.toContain(encodeURIComponent(db.params.password));
    expect(line).not.toContain(`${db.params.user}:`);

    const graphiql = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: "text/html" } });
    expect(graphiql.status).toBe(200);
    expect(graphiql.headers.get("content-type")).toMatch(/text\/html/);
    expect(await graphiql.text()).toMatch(/graphiql/i);

    // Nothing else: no PostgreSQL among its descendants, nothing written to the data_dir.
    expect(descendants(gw.pid).filter((p) => /postgres/.test(p.command))).toEqual([]);
    expect(existsSync(path.join(path.dirname(config), "data"))).toBe(false);

    expect(await gw.stop("SIGTERM")).toEqual({ code: 0, signal: null });
  }, 60_000);

  it("a process whose secret key is not the one the database's data was sealed with refuses to start, naming the key", async () => {
    const db = await database();
    const config = writeConfig('[server]\ndata_dir = "data"\n');
    const first = spawnGateway({ SSO_CONFIG: config, PORT: "0", DATABASE_URL: db.url, SSO_SECRET_KEY: SECRET_KEY });
    await first.listening();
    try {
      // Another machine's process with a key of its own (none given: it makes one in its data_dir).
      const other = spawnGateway({ SSO_CONFIG: writeConfig('[server]\ndata_dir = "data"\n'), PORT: "0", DATABASE_URL: db.url });
      const exit = await other.exited;
      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      expect(other.output()).toMatch(/invalid configuration: SSO_SECRET_KEY: /);
      expect(other.output()).not.toMatch(/listening on/);
      // With the same key, a second process joins.
      const second = spawnGateway({ SSO_CONFIG: config, PORT: "0", DATABASE_URL: db.url, SSO_SECRET_KEY: SECRET_KEY });
      await second.listening();
      expect(await second.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    } finally {
      await first.stop("SIGTERM");
    }
  }, 90_000);

  it("SIGTERM while a slow request is in flight: the request finishes, then the process exits 0", async () => {
    const db = await database();
    // Also: an IPv6 listen address is shown bracketed, and GraphiQL's address is usable as shown.
    const config = writeConfig('[server]\nhost = "::1"\n[session]\nexpiry_hook = "module:slow.mjs"\n');
    const dir = path.dirname(config);
    const marker = path.join(dir, "hook-called");
    // The expiry hook makes login slow without changing what login does; it says when it starts.
    writeFileSync(
      path.join(dir, "slow.mjs"),
      `import { writeFileSync } from "node:fs";
export default async function (input) {
  writeFileSync(${JSON.stringify(marker)}, JSON.stringify(input));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return { expiry: 5 };
}
`,
    );
    const env = { SSO_CONFIG: config, PORT: "0", DATABASE_URL: db.url, SSO_SECRET_KEY: SECRET_KEY };
    await createUser(config, env, "slowpoke", "Hq7!wz-paper-lamp");
    const gw = spawnGateway(env);
    const url = await gw.listening();
    const port = new URL(url).port;
    expect(gw.lines[0]).toContain(`listening on [::1]:${port};`);
    expect(gw.lines[0]).toContain(`GraphiQL: http://[::1]:${port}/graphql`);

    const slow = login(url, "slowpoke", "Hq7!wz-paper-lamp");
    await waitUntil(() => existsSync(marker), 20_000, 10);
    gw.child.kill("SIGTERM");
    await gw.waitFor(/SIGTERM: finishing requests in flight/);

    // No new connection is accepted while the slow request finishes.
    await expect(fetch(`${url}/health`)).rejects.toThrow();

    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: "ok" });
    expect(answer.body.ust).toMatch(/^zust/);
    expect(await gw.exited).toEqual({ code: 0, signal: null });
    expect(gw.output()).toMatch(/"msg":"stopped"/);

    // The session and its audit record were stored before the database was closed.
    const client = new pg.Client(db.params);
    await client.connect();
    try {
      const sessions = await client.query(
        "SELECT s.expiration_time - s.creation_time AS lifetime FROM sso_session s JOIN sso_user u ON u.id = s.user_id WHERE u.username = 'slowpoke'",
      );
      expect(sessions.rows).toHaveLength(1);
      expect(sessions.rows[0].lifetime).toMatchObject({ minutes: 5 });
      const audit = await client.query("SELECT outcome FROM sso_audit_log WHERE op = 'user.login'");
      expect(audit.rows).toEqual([{ outcome: "ok" }]);
    } finally {
      await client.end();
    }
  }, 60_000);

  it("a database it cannot reach stops start-up without showing the password", async () => {
    const db = await database();
    const password = `wrong-${randomBytes(6).toString("hex")}`;
    const url = `postgresql://${db.params.user}:${password}@${db.params.host}:${db.params.port}/${db.params.database}`;
    const gw = spawnGateway({ SSO_CONFIG: writeConfig(), PORT: "0", DATABASE_URL: url, SSO_SECRET_KEY: SECRET_KEY });
    const exit = await gw.exited;
    expect(exit.code).toBe(1);
    expect(gw.output()).toMatch(/could not start: /);
    expect(gw.output()).not.toContain(password);
  }, 60_000);

  it("a port already in use stops start-up with a clear message", async () => {
    const db = await database();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    try {
      const port = String((blocker.address() as { port: number }).port);
      const config = writeConfig('[server]\nhost = "127.0.0.1"\n');
      const gw = spawnGateway({ SSO_CONFIG: config, PORT: port, DATABASE_URL: db.url, SSO_SECRET_KEY: SECRET_KEY });
      expect((await gw.exited).code).toBe(1);
      expect(gw.output()).toMatch(/could not start: .*EADDRINUSE/);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
