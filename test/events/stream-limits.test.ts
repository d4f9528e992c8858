import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { MAX_STREAMS_PER_ADDRESS } from "../../src/http/streams.js";
import { PASSWORD } from "../support/fixtures.js";
import { startGateway, type TestGateway } from "../support/gateway.js";

// Event streams stay open as long as their subscriptions: like WebSockets, and together with
// them, they are limited per client address and in all (docs/graphql.md, "Live events"). Without
// the limit, one user's streams took every connection of the process and every other request
// was refused.

const SESSION_EVENTS = `subscription($ust: String) { sessionEvents(ust: $ust) { type } }`;

let gw: TestGateway;
let small: TestGateway;
let ust: string;

beforeAll(async () => {
  gw = await startGateway();
  // Streams may take half the connections: here 4.
  small = await startGateway({ server: { max_connections: 8 } });
  await gw.createUser("streamer", PASSWORD);
  await small.createUser("streamer", PASSWORD);
  ust = await gw.login("streamer", PASSWORD);
});
afterAll(async () => {
  await gw.close();
  await small.close();
});

/** Opens a subscription (over server-sent events unless `accept` says otherwise); its status, and how to end it. */
async function stream(
  g: TestGateway,
  subscriberUst: string,
  accept: string | null = "text/event-stream",
): Promise<{ status: number; body: unknown; stop(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${g.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(accept === null ? {} : { accept }) },
    body: JSON.stringify({ query: SESSION_EVENTS, variables: { ust: subscriberUst } }),
    signal: controller.signal,
  });
  const text = response.status === 200 ? "" : await response.text();
  const body = text === "" ? undefined : JSON.parse(text);
  return { status: response.status, body, stop: () => controller.abort() };
}

function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, "graphql-transport-ws");
    ws.on("open", () => {
      ws.close();
      resolve(101);
    });
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("error", () => resolve(0));
  });
}

const settle = () => new Promise((r) => setTimeout(r, 150));

describe("event streams", () => {
  it(`one address holds at most ${MAX_STREAMS_PER_ADDRESS}, WebSockets included (HTTP 503 past them); other requests are served; closing one makes room`, async () => {
    const open: { stop(): void }[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_ADDRESS; i++) {
      const s = await stream(gw, ust);
      expect(s.status).toBe(200);
      open.push(s);
    }
    const refused = await stream(gw, ust);
    expect({ status: refused.status, body: refused.body }).toEqual({
      status: 503,
      body: { errors: [{ message: expect.any(String), extensions: { code: "TOO_MANY_STREAMS" } }] },
    });
    expect(await upgradeStatus(`${gw.url.replace(/^http/, "ws")}/graphql`)).toBe(503);
    // Requests that are not streams are still answered.
    const plain = await gw.graphql("{ __typename }");
    expect(plain.body).toEqual({ data: { __typename: "Query" } });

    open.shift()?.stop();
    await settle();
    const again = await stream(gw, ust);
    expect(again.status).toBe(200);
    open.push(again);
    for (const s of open) s.stop();
    await settle();
    expect(await upgradeStatus(`${gw.url.replace(/^http/, "ws")}/graphql`)).toBe(101);
  });

  it("a subscription streamed as multipart/mixed counts as every stream does", async () => {
    const smallUst = await small.login("streamer", PASSWORD);
    const open: { stop(): void }[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await stream(small, smallUst, "multipart/mixed");
      expect(s.status).toBe(200);
      open.push(s);
    }
    expect((await stream(small, smallUst, "multipart/mixed")).status).toBe(503);
    expect((await stream(small, smallUst)).status).toBe(503);
    for (const s of open) s.stop();
    await settle();
  });

  it("a request that does not ask for a stream by its Accept header (none, */*) is never answered with one", async () => {
    // fetch sends `accept: */*` when none is given; without the rule graphql-yoga would stream these as multipart/mixed, uncounted.
    const smallUst = await small.login("streamer", PASSWORD);
    for (const accept of [null, "*/*", "text/html, */*;q=0.8", "multipart/*"]) {
      const s = await stream(small, smallUst, accept);
      expect(s.status, String(accept)).toBe(406);
      s.stop();
    }
    // A browser's GET for GraphiQL still gets the page; with GraphiQL off, it gets no stream either.
    const page = await fetch(`${small.url}/graphql`, { headers: { accept: "text/html, */*;q=0.8" } });
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    await page.body?.cancel();
    const noGraphiql = await startGateway({ server: { graphiql: false } });
    try {
      await noGraphiql.createUser("streamer", PASSWORD);
      const other = await noGraphiql.login("streamer", PASSWORD);
      const query = encodeURIComponent(SESSION_EVENTS);
      const variables = encodeURIComponent(JSON.stringify({ ust: other }));
      const got = await fetch(`${noGraphiql.url}/graphql?query=${query}&variables=${variables}`, {
        headers: { accept: "text/html, */*;q=0.8" },
      });
      expect(got.status).toBeGreaterThanOrEqual(400);
      expect(got.headers.get("content-type")).not.toMatch(/multipart|event-stream/);
      await got.body?.cancel();
    } finally {
      await noGraphiql.close();
    }
    const plain = await small.graphql("{ __typename }", {}, { accept: "*/*" });
    expect(plain.headers.get("content-type")).toMatch(/^application\/json/);
    expect(plain.body).toEqual({ data: { __typename: "Query" } });
  });

  it("all addresses together hold at most half of [server] max_connections", async () => {
    const smallUst = await small.login("streamer", PASSWORD);
    const open: { stop(): void }[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await stream(small, smallUst);
      expect(s.status).toBe(200);
      open.push(s);
    }
    expect((await stream(small, smallUst)).status).toBe(503);
    for (const s of open) s.stop();
    await settle();
    const after = await stream(small, smallUst);
    expect(after.status).toBe(200);
    after.stop();
  });
});
