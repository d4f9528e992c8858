import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type TestGateway } from "../support/gateway.js";

// Clients that hold connections open without finishing their requests are cut off, and the
// number of connections is bounded: configurable, with defaults of seconds, not minutes.

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({ server: { headers_timeout: 1, request_timeout: 2, max_connections: 4 } });
});
afterAll(() => gw.close());

const port = () => Number(new URL(gw.url).port);

/** A raw connection; resolves with what the server sent and how long it stayed open, once closed. */
function open(): { socket: Socket; closed: Promise<{ text: string; ms: number }> } {
  const socket = connect(port(), "127.0.0.1");
  const started = Date.now();
  let text = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    text += chunk;
  });
  socket.on("error", () => {});
  const closed = new Promise<{ text: string; ms: number }>((resolve) =>
    socket.on("close", () => resolve({ text, ms: Date.now() - started })),
  );
  return { socket, closed };
}

/** Writes `text` a character every `everyMs`, until the connection closes. */
function trickle(socket: Socket, text: string, everyMs: number) {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++] as string);
  }, everyMs);
}

describe("slow clients", () => {
  it("one trickling its headers is cut off after [server] headers_timeout", async () => {
    const { socket, closed } = open();
    trickle(socket, "POST /zato/sso/user/login HTTP/1.1\r\nHost: x\r\nX-Slow: ".padEnd(400, "a"), 200);
    const { ms } = await closed;
    expect(ms).toBeLessThan(10_000);
  }, 20_000);

  it("one trickling its body gets HTTP 408 after [server] request_timeout", async () => {
    const { socket, closed } = open();
    socket.write("POST /zato/sso/user/login HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
    trickle(socket, "{".padEnd(1000, " "), 200);
    const { text, ms } = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(10_000);
  }, 20_000);

  it("connections past [server] max_connections are closed as they arrive", async () => {
    const held = Array.from({ length: 4 }, () => open());
    await new Promise((r) => setTimeout(r, 300));
    const extra = open();
    const { ms } = await extra.closed;
    expect(ms).toBeLessThan(1_000);
    for (const { socket } of held) socket.destroy();
    // Once they are gone, a request is served again.
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${gw.url}/health/live`)).status).toBe(200);
  }, 20_000);
});

describe("answers", () => {
  it("are never cached and never type-sniffed, on REST, GraphQL and the rest", async () => {
    for (const [method, path, body] of [
      ["POST", "/zato/sso/user/login", '{"username": "x", "password": "y", "current_app": "CRM"}'],
      ["POST", gw.config.server.graphql_path, '{"query": "{ __typename }"}'],
      ["GET", "/health/live", undefined],
      ["GET", "/no/such/path", undefined],
    ] as const) {
      const r = await fetch(`${gw.url}${path}`, { method, body, headers: { "content-type": "application/json" } });
      expect({ path, cache: r.headers.get("cache-control"), sniff: r.headers.get("x-content-type-options") }).toEqual({
        path,
        cache: "no-store",
        sniff: "nosniff",
      });
    }
  });
});
