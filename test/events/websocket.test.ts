import { randomBytes } from "node:crypto";
import net from "node:net";
import { type Client, createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { MAX_STREAMS_PER_ADDRESS } from "../../src/http/streams.js";
import { MAX_SUBSCRIPTIONS_PER_SOCKET } from "../../src/http/websocket.js";
import { send } from "../support/admin.js";
import { freshDatabase } from "../support/database.js";
import { ADMIN_PASSWORD, expectOk, PASSWORD } from "../support/fixtures.js";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";

// Live events over WebSocket (graphql-ws): the same subscriptions as over server-sent events,
// with the same authorisation and limits, subscriptions only, from allowed origins only.

let database: Awaited<ReturnType<typeof freshDatabase>>;
let one: TestGateway;
let two: TestGateway;

beforeAll(async () => {
  database = await freshDatabase();
  const secretKey = randomBytes(32).toString("base64");
  one = await startGateway({ server: { cors_origins: ["https://app.example.com"] } }, { database, secretKey });
  two = await startGateway({ server: { cors_origins: ["https://app.example.com"] } }, { database, secretKey });
  await one.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
});
afterAll(async () => {
  await one.close();
  await two.close();
  await database.drop();
});

const wsUrl = (g: TestGateway, path = "/graphql") => `${g.url.replace(/^http/, "ws")}${path}`;

const clients: Client[] = [];
function client(g: TestGateway, options: { connectionParams?: Record<string, unknown>; origin?: string } = {}): Client {
  const made = createClient({
    url: wsUrl(g),
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, options.origin ? { origin: options.origin } : {});
      }
    },
    connectionParams: options.connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
  clients.push(made);
  return made;
}
afterAll(async () => {
  for (const c of clients) await c.dispose();
});

interface Results {
  values: Record<string, unknown>[];
  errors: unknown[];
  done: Promise<void>;
  next(count: number, ms?: number): Promise<Record<string, unknown>[]>;
  stop(): void;
}

function subscribe(c: Client, query: string, variables: Record<string, unknown> = {}): Results {
  const values: Record<string, unknown>[] = [];
  const errors: unknown[] = [];
  let wake: (() => void) | undefined;
  let stop = () => {};
  const done = new Promise<void>((resolve) => {
    stop = c.subscribe(
      { query, variables },
      {
        next: (value) => {
          values.push(value as Record<string, unknown>);
          wake?.();
        },
        error: (e) => {
          errors.push(e);
          resolve();
          wake?.();
        },
        complete: () => {
          resolve();
          wake?.();
        },
      },
    );
  });
  return {
    values,
    errors,
    done,
    stop: () => stop(),
    async next(count, ms = 2000) {
      const deadline = Date.now() + ms;
      while (values.length < count) {
        const left = deadline - Date.now();
        if (left <= 0 || errors.length > 0)
          throw new Error(`${values.length} of ${count} values within ${ms} ms: ${JSON.stringify({ values, errors })}`);
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), new Promise((r) => setTimeout(r, left))]);
      }
      return values;
    },
  };
}

/**
 * A subscription has no acknowledgement of its start: `act` (which causes an event) is repeated
 * until the first event arrives.
 */
async function primed(results: Results, act: () => Promise<unknown>, ms = 5000) {
  const deadline = Date.now() + ms;
  while (results.values.length === 0) {
    if (Date.now() > deadline || results.errors.length > 0) throw new Error(`not started: ${JSON.stringify(results)}`);
    await act();
    await results.next(1, 250).catch(() => {});
  }
}

const SESSION_EVENTS = `subscription($ust: String) { sessionEvents(ust: $ust) { type userId sessionId reason } }`;
const SECURITY_EVENTS = `subscription($ust: String) { securityEvents(ust: $ust) { type userId username } }`;

/** Opens a WebSocket and resolves with the HTTP status of a refused upgrade, or 101. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, "graphql-transport-ws", { headers });
    ws.on("open", () => {
      ws.close();
      resolve(101);
    });
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("error", () => resolve(0));
  });
}

describe("subscriptions over WebSocket", () => {
  it("a subscriber on one gateway sees a session event caused on the other; the subscription ends with its session", async () => {
    const userId = await one.createUser("ws-watcher", PASSWORD);
    const ust = await one.login("ws-watcher", PASSWORD);
    const results = subscribe(client(two), SESSION_EVENTS, { ust });
    const others: string[] = [];
    await primed(results, async () => others.push(await one.login("ws-watcher", PASSWORD)));
    expect(results.values[0]).toMatchObject({ data: { sessionEvents: { type: "created", userId, reason: null } } });
    const seen = results.values.length;
    const started = Date.now();
    expectOk(await send(one, "POST", "/zato/sso/user/logout", { ust: others[0], current_app: APP }));
    await results.next(seen + 1);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(results.values[seen]).toMatchObject({ data: { sessionEvents: { type: "ended", userId, reason: "logout" } } });
    expectOk(await send(one, "POST", "/zato/sso/user/logout", { ust, current_app: APP }));
    await results.done;
    expect(results.errors).toEqual([]);
    expect(results.values.at(-1)).toMatchObject({ data: { sessionEvents: { type: "ended", reason: "logout" } } });
    expect(JSON.stringify(results.values)).not.toContain(ust);
  });

  it("takes the UST from the connection's init payload when the subscription names none", async () => {
    await one.createUser("ws-init", PASSWORD);
    const ust = await one.login("ws-init", PASSWORD);
    const results = subscribe(client(one, { connectionParams: { ust } }), SESSION_EVENTS);
    await primed(results, () => one.login("ws-init", PASSWORD));
    expect(results.values[0]).toMatchObject({ data: { sessionEvents: { type: "created" } } });
    results.stop();
  });

  it("refuses without a live session, and security events to anyone but a super-user, as over HTTP", async () => {
    // A refusal is the operation's result, as over HTTP: one message with its errors, then the end.
    const none = subscribe(client(one), SESSION_EVENTS, { ust: "not-a-ust" });
    await none.done;
    expect(none.values).toMatchObject([{ errors: [{ extensions: { code: "FORBIDDEN", subStatus: ["E007001"] } }] }]);
    await one.createUser("ws-plain", PASSWORD);
    const ust = await one.login("ws-plain", PASSWORD);
    const security = subscribe(client(one), SECURITY_EVENTS, { ust });
    await security.done;
    expect(security.values).toMatchObject([{ errors: [{ extensions: { code: "FORBIDDEN", subStatus: ["E005001"] } }] }]);

    const admin = await one.login("admin1", ADMIN_PASSWORD);
    const watching = subscribe(client(two), SECURITY_EVENTS, { ust: admin });
    await primed(watching, () =>
      send(one, "POST", "/zato/sso/user/login", { username: "ws-plain", password: "wrong", current_app: APP }),
    );
    expect(watching.values[0]).toMatchObject({
      data: { securityEvents: { type: "login_refused", username: "ws-plain" } },
    });
    watching.stop();
  });

  it("serves subscriptions only: a query or mutation is refused and runs nothing", async () => {
    const c = client(one);
    const query = subscribe(c, "{ __typename }");
    await query.done;
    expect(query.errors).toMatchObject([[{ extensions: { code: "BAD_REQUEST" } }]]);
    await one.createUser("ws-mutation", PASSWORD);
    const ust = await one.login("ws-mutation", PASSWORD);
    const logout = subscribe(c, `mutation($ust: String) { logout(ust: $ust, currentApp: "${APP}") { __typename } }`, { ust });
    await logout.done;
    expect(logout.errors).toMatchObject([[{ extensions: { code: "BAD_REQUEST" } }]]);
    expect(logout.values).toEqual([]);
    expectOk(await send(one, "PATCH", "/zato/sso/user/session", { ust, current_app: APP }));
  });

  it("applies the document limits of HTTP, and at most a fixed number of subscriptions per socket", async () => {
    const deep = `subscription { sessionEvents { ${"type ".repeat(1)}${"a { ".repeat(30)}${"}".repeat(30)} } }`;
    const tooDeep = subscribe(client(one), deep);
    await tooDeep.done;
    expect(tooDeep.errors.length).toBe(1);
    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: type`).join(" ");
    const manyAliases = subscribe(client(one), `subscription { sessionEvents { ${aliases} } }`);
    await manyAliases.done;
    expect(JSON.stringify(manyAliases.errors)).toMatch(/alias/i);

    await one.createUser("ws-many", PASSWORD);
    const ust = await one.login("ws-many", PASSWORD);
    const c = client(one);
    const held = Array.from({ length: MAX_SUBSCRIPTIONS_PER_SOCKET }, () => subscribe(c, SESSION_EVENTS, { ust }));
    await new Promise((r) => setTimeout(r, 300));
    const extra = subscribe(c, SESSION_EVENTS, { ust });
    await extra.done;
    expect(extra.errors).toMatchObject([[{ extensions: { code: "TOO_MANY_SUBSCRIPTIONS" } }]]);
    // One ends: there is room again.
    held[0]?.stop();
    await new Promise((r) => setTimeout(r, 300));
    const again = subscribe(c, SESSION_EVENTS, { ust });
    await primed(again, () => one.login("ws-many", PASSWORD));
    expect(again.values[0]).toMatchObject({ data: { sessionEvents: { type: "created" } } });
    for (const h of [...held, again]) h.stop();
  });

  it("refuses upgrades from other origins and on other paths; a non-browser client (no Origin) is served", async () => {
    expect(await upgradeStatus(wsUrl(one))).toBe(101);
    expect(await upgradeStatus(wsUrl(one), { origin: "https://app.example.com" })).toBe(101);
    expect(await upgradeStatus(wsUrl(one), { origin: one.url })).toBe(101);
    expect(await upgradeStatus(wsUrl(one), { origin: "https://evil.example" })).toBe(403);
    expect(await upgradeStatus(wsUrl(one), { origin: "null" })).toBe(403);
    expect(await upgradeStatus(wsUrl(one, "/zato/sso/user/login"))).toBe(404);
  });

  it("a socket that never says connection_init, or sends garbage, is closed; the gateway keeps serving", async () => {
    const silent = new WebSocket(wsUrl(one), "graphql-transport-ws");
    const silentClosed = new Promise<number>((resolve) => silent.on("close", (code) => resolve(code)));
    const garbage = new WebSocket(wsUrl(one), "graphql-transport-ws");
    const garbageClosed = new Promise<number>((resolve) => garbage.on("close", (code) => resolve(code)));
    garbage.on("open", () => garbage.send("{not json"));
    expect(await garbageClosed).toBe(4400);
    expect(await silentClosed).toBe(4408);
    const huge = new WebSocket(wsUrl(one), "graphql-transport-ws");
    const hugeClosed = new Promise<number>((resolve) => huge.on("close", (code) => resolve(code)));
    huge.on("open", () => huge.send("x".repeat(2 * 1024 * 1024)));
    expect(await hugeClosed).toBe(1009);
    expect((await fetch(`${one.url}/health/live`)).status).toBe(200);
  }, 15_000);

  it("a gateway that stops closes its sockets with 1001 (going away) and stops in time", async () => {
    const three = await startGateway({}, { database });
    const ws = new WebSocket(wsUrl(three), "graphql-transport-ws");
    const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
    const acknowledged = new Promise<void>((resolve) =>
      ws.on("message", (data) => {
        if (JSON.parse(String(data)).type === "connection_ack") resolve();
      }),
    );
    ws.on("open", () => ws.send(JSON.stringify({ type: "connection_init" })));
    await acknowledged;
    const started = Date.now();
    await three.close();
    expect(await closed).toBe(1001);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a client resetting its connection at an upgrade refused or accepted does not take the gateway down", async () => {
    const { port } = new URL(one.url);
    for (const path of ["/nowhere", "/graphql"]) {
      for (let i = 0; i < 5; i++) {
        const socket = net.connect(Number(port), "127.0.0.1");
        await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
        socket.write(
          `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        );
        socket.resetAndDestroy();
      }
    }
    await new Promise((r) => setTimeout(r, 200));
    expect((await fetch(`${one.url}/health/live`)).status).toBe(200);
  });

  it(`one address holds at most ${MAX_STREAMS_PER_ADDRESS} sockets (HTTP 503 past them); closing one makes room`, async () => {
    const open: WebSocket[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_ADDRESS; i++) {
      const ws = new WebSocket(wsUrl(two), "graphql-transport-ws");
      await new Promise<void>((resolve, reject) => {
        ws.once("open", () => resolve());
        ws.once("error", reject);
      });
      open.push(ws);
    }
    expect(await upgradeStatus(wsUrl(two))).toBe(503);
    const first = open.shift() as WebSocket;
    const gone = new Promise((resolve) => first.once("close", resolve));
    first.close();
    await gone;
    await new Promise((r) => setTimeout(r, 100));
    expect(await upgradeStatus(wsUrl(two))).toBe(101);
    for (const ws of open) ws.terminate();
  });
});
