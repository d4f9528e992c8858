import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase } from "../support/database.js";
import { ADMIN_PASSWORD } from "../support/fixtures.js";
import { APP, type ConfigOverrides, startGateway, type TestGateway } from "../support/gateway.js";

// What whoever runs the gateway watches: health checks for the orchestrator, Prometheus metrics.

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway();
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
});
afterAll(() => gw.close());

/**
 * A TCP proxy to PostgreSQL that can stop passing bytes either way (a database that hangs
 * without closing its connections); what it held back flows once it thaws.
 */
async function freezableProxy(host: string, port: number) {
  const sockets = new Set<Socket>();
  const held: (() => void)[] = [];
  const state = {
    port: 0,
    /** The connections open now hang for good (a host that vanished); new ones pass. */
    stallExisting() {
      for (const socket of sockets) stalled.add(socket);
    },
    get frozen() {
      return frozen;
    },
    set frozen(value: boolean) {
      frozen = value;
      if (!value) for (const release of held.splice(0)) release();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  let frozen = false;
  const stalled = new Set<Socket>();
  const pipe = (from: Socket, to: Socket) =>
    from.on("data", (chunk) => {
      if (stalled.has(from) || stalled.has(to)) return;
      if (!frozen) to.write(chunk);
      else held.push(() => to.write(chunk));
    });
  const server = createServer((client) => {
    const upstream = connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

const get = async (path: string) => {
  const r = await fetch(`${gw.url}${path}`);
  return { status: r.status, type: r.headers.get("content-type"), text: await r.text() };
};

describe("health checks", () => {
  it("live: the process answers, without touching the database", async () => {
    for (const path of ["/health", "/health/live"]) {
      const r = await get(path);
      expect({ status: r.status, body: JSON.parse(r.text) }).toEqual({ status: 200, body: { status: "ok" } });
    }
  });

  it("ready: the database answers and every migration is applied; 503 with a migration pending", async () => {
    const ready = await get("/health/ready");
    expect({ status: ready.status, body: JSON.parse(ready.text) }).toEqual({
      status: 200,
      body: { status: "ok", database: "ok", migrations: "ok" },
    });
    const [last] = await gw.query<{ id: string }>(`SELECT id FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`);
    await gw.query(`UPDATE "_prisma_migrations" SET finished_at = NULL WHERE id = $1`, [last?.id]);
    try {
      const pending = await get("/health/ready");
      expect({ status: pending.status, body: JSON.parse(pending.text) }).toEqual({
        status: 503,
        body: { status: "unavailable", database: "ok", migrations: "pending" },
      });
    } finally {
      await gw.query(`UPDATE "_prisma_migrations" SET finished_at = now() WHERE id = $1`, [last?.id]);
    }
  });

  it("ready answers 503 within seconds when the database stops answering, and 200 once it answers again", async () => {
    const database = await freshDatabase();
    const proxy = await freezableProxy(database.params.host, database.params.port);
    const url = new URL(database.url);
    url.host = `127.0.0.1:${proxy.port}`;
    const params = { ...database.params, host: "127.0.0.1", port: proxy.port };
    const stalled = await startGateway({}, { database: { url: url.toString(), params } });
    try {
      expect((await fetch(`${stalled.url}/health/ready`)).status).toBe(200);
      proxy.frozen = true;
      const started = Date.now();
      const answers = await Promise.all([1, 2, 3].map(() => fetch(`${stalled.url}/health/ready`)));
      expect(answers.map((r) => r.status)).toEqual([503, 503, 503]);
      expect(await answers[0]?.json()).toEqual({ status: "unavailable", database: "unreachable" });
      expect(Date.now() - started).toBeLessThan(10_000);
      proxy.frozen = false;
      // What waited meanwhile goes through; the next check finds the database again.
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await fetch(`${stalled.url}/health/ready`)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);

      // Connections that never answer again: the check gives up on them, and readiness comes back
      // on new ones.
      proxy.stallExisting();
      expect((await fetch(`${stalled.url}/health/ready`)).status).toBe(503);
      status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = (await fetch(`${stalled.url}/health/ready`)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
    } finally {
      proxy.frozen = false;
      await stalled.close();
      await proxy.close();
      await database.drop();
    }
  });

  it("are served where [health] path says, and not at all when [health] enabled is false", async () => {
    const moved = await startGateway({ health: { path: "/status" } });
    const off = await startGateway({ health: { enabled: false } });
    try {
      expect((await fetch(`${moved.url}/status/ready`)).status).toBe(200);
      expect((await fetch(`${moved.url}/health/ready`)).status).toBe(404);
      expect((await fetch(`${off.url}/health/live`)).status).toBe(404);
    } finally {
      await Promise.all([moved.close(), off.close()]);
    }
  });
});

describe("when the database does not answer in time", () => {
  const LIMITS = { database: { connect_timeout: 1, query_timeout: 1 } };

  /** A gateway on a fresh database reached through a proxy that can freeze it. */
  async function behindProxy(overrides: ConfigOverrides = LIMITS) {
    const database = await freshDatabase();
    const proxy = await freezableProxy(database.params.host, database.params.port);
    const url = new URL(database.url);
    url.host = `127.0.0.1:${proxy.port}`;
    const params = { ...database.params, host: "127.0.0.1", port: proxy.port };
    const gateway = await startGateway(overrides, { database: { url: url.toString(), params } });
    await gateway.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
    return {
      gateway,
      proxy,
      database,
      async close() {
        proxy.frozen = false;
        await gateway.close();
        await proxy.close();
        await database.drop();
      },
    };
  }

  /** Another transaction holds admin1's row, as a long one would: a change of that user waits for it. */
  async function holdAdminRow(holder: pg.Client) {
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM sso_user WHERE username = 'admin1' FOR UPDATE");
  }

  it("calls beyond those already waiting on a database that stopped answering get HTTP 503 with Retry-After within connect_timeout (GraphQL SERVICE_UNAVAILABLE); all go on once it answers", async () => {
    const setup = await behindProxy({ database: { pool_size: 1, connect_timeout: 1, query_timeout: 30 } });
    const { gateway, proxy } = setup;
    try {
      const ust = await gateway.login("admin1", ADMIN_PASSWORD);
      const verify = () =>
        gateway.rest("POST", "/zato/sso/user/session", { body: { current_app: APP, current_ust: ust, target_ust: ust } });
      expect((await verify()).body.is_valid).toBe(true);

      proxy.frozen = true;
      // This one holds the pool's connection, waiting for the answer.
      const waiting = verify();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      const refused = await verify();
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("5");
      expect(refused.body).toEqual({ result: "Error", cid: expect.any(String), details: "Service unavailable" });
      expect(refused.text).not.toMatch(/timeout|at .*\.js/i);

      const graph = await gateway.graphql(
        `query Me($ust: String!) { currentUser: getCurrentUser(ust: $ust, currentApp: "${APP}") { __typename } }`,
        { ust },
      );
      const errors = graph.body.errors as { message: string; extensions: { code: string } }[];
      expect(errors.map((e) => [e.message, e.extensions.code])).toEqual([["Service unavailable.", "SERVICE_UNAVAILABLE"]]);
      const update = await gateway.rest("PATCH", "/zato/sso/user", { body: { current_app: APP, ust, display_name: "Frozen" } });
      expect(update.status).toBe(503);

      proxy.frozen = false;
      expect((await waiting).body.is_valid).toBe(true);
      const answers = await Promise.all(Array.from({ length: 6 }, verify));
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
      const renamed = await gateway.rest("PATCH", "/zato/sso/user", { body: { current_app: APP, ust, display_name: "Thawed" } });
      expect(renamed.body.status).toBe("ok");
    } finally {
      await setup.close();
    }
  });

  it("a statement past query_timeout is cancelled by PostgreSQL: HTTP 503, and nothing changed", async () => {
    const setup = await behindProxy();
    const { gateway, database } = setup;
    const holder = new pg.Client(database.params);
    try {
      const ust = await gateway.login("admin1", ADMIN_PASSWORD);
      await holdAdminRow(holder);
      const started = Date.now();
      const update = await gateway.rest("PATCH", "/zato/sso/user", { body: { current_app: APP, ust, display_name: "Waited" } });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(update.status).toBe(503);
      await holder.query("ROLLBACK");
      const [row] = await gateway.query<{ display_name: string | null }>(
        "SELECT display_name FROM sso_user WHERE username = 'admin1'",
      );
      expect(row?.display_name).not.toBe("Waited");
      const again = await gateway.rest("PATCH", "/zato/sso/user", { body: { current_app: APP, ust, display_name: "Later" } });
      expect(again.body.status).toBe("ok");

      // Through Prisma (the audit log's page), whose driver adapter wraps the database's error.
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE sso_audit_log IN ACCESS EXCLUSIVE MODE");
      const page = await gateway.graphql(
        `query($ust: String) { auditLog(ust: $ust, currentApp: "${APP}") { __typename ... on AuditLogPayload { records { operation } } } }`,
        { ust },
      );
      await holder.query("ROLLBACK");
      const errors = page.body.errors as { message: string; extensions: { code: string } }[];
      expect(errors.map((e) => [e.message, e.extensions.code])).toEqual([["Service unavailable.", "SERVICE_UNAVAILABLE"]]);
    } finally {
      await holder.end().catch(() => {});
      await setup.close();
    }
  });

  it("a call that gets no connection of a busy pool within connect_timeout answers HTTP 503", async () => {
    const setup = await behindProxy({ database: { pool_size: 1, connect_timeout: 1, query_timeout: 30 } });
    const { gateway, database } = setup;
    const holder = new pg.Client(database.params);
    try {
      const ust = await gateway.login("admin1", ADMIN_PASSWORD);
      await holdAdminRow(holder);
      // The one connection waits on the row; the second call waits for the connection.
      const waiting = gateway.rest("PATCH", "/zato/sso/user", { body: { current_app: APP, ust, display_name: "First" } });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const second = await gateway.rest("POST", "/zato/sso/user/session", {
        body: { current_app: APP, current_ust: ust, target_ust: ust },
      });
      expect(second.status).toBe(503);
      await holder.query("ROLLBACK");
      expect((await waiting).body.status).toBe("ok");
    } finally {
      await holder.end().catch(() => {});
      await setup.close();
    }
  });
});

describe("metrics", () => {
  it("count requests by route and status, operations by outcome and sub_status, with latencies, argon2 and the pool", async () => {
    await gw.rest("POST", "/zato/sso/user/login", { body: { username: "admin1", password: "wrong", current_app: APP } });
    await gw.login("admin1", ADMIN_PASSWORD);
    await gw.rest("GET", "/no/such/path");
    await gw.graphql(`{ getCurrentUser(ust: "", currentApp: "CRM") { __typename } }`);
    const m = await get("/metrics");
    expect(m.status).toBe(200);
    expect(m.type).toMatch(/^text\/plain/);
    for (const line of [
      'sso_http_requests_total{route="/zato/sso/user/login",method="POST",status="403"} 1',
      'sso_http_requests_total{route="/zato/sso/user/login",method="POST",status="200"} 1',
      'sso_http_requests_total{route="other",method="GET",status="404"} 1',
      'sso_http_requests_total{route="/graphql",method="POST",status="200"} 1',
      'sso_operations_total{operation="user.login",outcome="error",sub_status="E005001"} 1',
      'sso_operations_total{operation="user.login",outcome="ok",sub_status=""} 1',
      'sso_operations_total{operation="user.get_current_user",outcome="error",sub_status="E007001"} 1',
    ]) {
      expect(m.text).toContain(line);
    }
    expect(m.text).toMatch(
      /^sso_http_request_duration_seconds_bucket\{le="0\.005",route="\/zato\/sso\/user\/login",method="POST"\} \d+$/m,
    );
    expect(m.text).toMatch(/^sso_operation_duration_seconds_count\{operation="user\.login"\} 2$/m);
    expect(m.text).toMatch(/^sso_argon2_tasks\{state="waiting"\} 0$/m);
    expect(m.text).toMatch(/^sso_db_pool_connections\{state="total"\} [1-9]\d*$/m);
    expect(m.text).toMatch(/^sso_process_resident_memory_bytes \d+/m);
  });

  it("are served where [metrics] path says, and not at all when [metrics] enabled is false", async () => {
    const moved = await startGateway({ metrics: { path: "/internal/metrics" } });
    const off = await startGateway({ metrics: { enabled: false } });
    try {
      expect((await fetch(`${moved.url}/internal/metrics`)).status).toBe(200);
      expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
    } finally {
      await Promise.all([moved.close(), off.close()]);
    }
  });
});
