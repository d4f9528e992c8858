import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localRequest } from "../../src/core/context.js";
import { auditRows } from "../support/admin.js";
import { ADMIN_PASSWORD } from "../support/fixtures.js";
import { startGateway, type TestGateway } from "../support/gateway.js";

// Documents made to exhaust the gateway: each is refused with a GraphQL error (or HTTP 413 for
// its size), never HTTP 500, without running what it asks, and without logging an error.

let gw: TestGateway;
let logged: number;

beforeAll(async () => {
  gw = await startGateway();
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
});
afterAll(() => gw.close());

async function post(query: string) {
  logged = gw.logs.length;
  const r = await fetch(`${gw.url}${gw.config.server.graphql_path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  const text = await r.text();
  return {
    status: r.status,
    text,
    body: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

function expectRefusedDocument(r: Awaited<ReturnType<typeof post>>, message: RegExp) {
  expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
  expect(r.body.data ?? null).toBeNull();
  expect(r.body.errors?.[0]?.message).toMatch(message);
  expect(r.text).not.toMatch(/at \w+ \(|node_modules/);
  expect(gw.logs.slice(logged).filter((l) => l.level === "error")).toEqual([]);
}

/** A body of about 2 MB, streamed with no declared length: `head`, 32 chunks of 64 KiB of spaces, `tail`. */
function paddedStream(head: string, tail: string): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode(head));
      if (sent >= 32) {
        controller.enqueue(new TextEncoder().encode(tail));
        controller.close();
        return;
      }
      sent++;
      controller.enqueue(chunk);
    },
  });
}

describe("GraphQL document limits", () => {
  it("5 000 aliases: refused while parsing (token limit); 50 by the alias limit", async () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: getCurrentUser(currentApp: "CRM") { __typename }`).join(" ")} }`;
    expectRefusedDocument(await post(aliases(5000)), /token/i);
    expectRefusedDocument(await post(aliases(50)), /aliases/i);
  });

  it("aliases of __typename count as any alias does", async () => {
    const typenames = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(" ")} }`;
    expectRefusedDocument(await post(typenames(300)), /aliases/i);
    const allowed = await post(typenames(15));
    expect(allowed.status).toBe(200);
  });

  it("a 20 000-deep selection: refused while parsing (token limit), no stack overflow", async () => {
    const query = `${"{ a ".repeat(20_000)}${"}".repeat(20_000)}`;
    expectRefusedDocument(await post(query), /token/i);
  });

  it("a selection deeper than [graphql] max_depth: refused", async () => {
    const query = `{ search(ust: "", currentApp: "CRM") { ... on SearchPayload { result { ${"__typename ".repeat(1)} } } } }`;
    expect((await post(query)).body.errors).toBeUndefined();
    const deep = await startGateway({ graphql: { max_depth: 2 } });
    try {
      const r = await fetch(`${deep.url}${deep.config.server.graphql_path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
      const body = (await r.json()) as { errors?: { message: string }[] };
      expect(body.errors?.[0]?.message).toMatch(/depth/i);
    } finally {
      await deep.close();
    }
  });

  it("a 23 MB document: HTTP 413 before it is read in full", async () => {
    const r = await post(`{ __typename ${" ".repeat(23 * 1024 * 1024)}}`);
    expect(r.status).toBe(413);
    expect(r.body.errors?.[0]?.extensions?.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("a 2 MB document sent in chunks, with no declared length: HTTP 413 once the limit is passed", async () => {
    const stream = paddedStream('{"query": "{ __typename ', '}"}');
    const r = await fetch(`${gw.url}${gw.config.server.graphql_path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(r.status).toBe(413);
    expect(r.headers.get("content-length")).not.toBeNull();
    const body = (await r.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("in process, a declared length is checked too: 413 past the limit, 400 when it is not a number", async () => {
    const send = (length: string) =>
      gw.gateway.yoga.fetch(`http://localhost${gw.config.server.graphql_path}`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": length },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
    const tooLarge = await send(String(2 * 1024 * 1024));
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    expect((await send("29, 29")).status).toBe(400);
  });

  it("a chunked body that also declares a small length (what a lenient parser lets through) is counted: 413", async () => {
    const body = paddedStream('{"query": "{ __typename ', '}"}');
    const request = new Request(`http://localhost${gw.config.server.graphql_path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": "10", "transfer-encoding": "chunked" },
      body,
      duplex: "half",
    } as RequestInit);
    // As the HTTP server hands a request in: with its request information.
    const r = await gw.gateway.yoga.fetch(request, { info: localRequest("test") });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      "PAYLOAD_TOO_LARGE",
    );
  });

  it("a 2 MB multipart body sent in chunks: refused as invalid multipart data once the limit is passed", async () => {
    const head = '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query": "{ __typename ';
    const stream = paddedStream(head, '}"}\r\n--x--\r\n');
    const r = await fetch(`${gw.url}${gw.config.server.graphql_path}`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "x-graphql-yoga-csrf": "1" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(r.status).toBe(400);
    const body = (await r.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    expect(body.errors?.[0]?.message).toMatch(/Payload too large$/);
  });

  it("two credential-checking fields in one operation: refused before either runs", async () => {
    const attempt = (password: string, i: number) =>
      `l${i}: login(username: "admin1", password: "${password}", currentApp: "CRM") { __typename }`;
    const before = (await auditRows(gw)).filter((r) => r.op === "user.login").length;
    const r = await post(`mutation { ${["guess-1", "guess-2", ADMIN_PASSWORD].map(attempt).join(" ")} }`);
    expectRefusedDocument(r, /credentials/);
    expect(r.body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_CREDENTIAL_CHECKS");
    expect((await auditRows(gw)).filter((row) => row.op === "user.login")).toHaveLength(before);
    // One is fine.
    expect((await post(`mutation { ${attempt(ADMIN_PASSWORD, 0)} }`)).body).toEqual({
      data: { l0: { __typename: "LoginPayload" } },
    });
  });

  it.each([
    ["an inline fragment", (a: string, b: string) => `mutation { ... on Mutation { ${a} ${b} } }`],
    ["a named fragment", (a: string, b: string) => `mutation { ...F } fragment F on Mutation { ${a} ${b} }`],
    ["a field and a fragment", (a: string, b: string) => `mutation { ${a} ...F } fragment F on Mutation { ${b} }`],
    [
      "nested fragments",
      (a: string, b: string) =>
        `mutation { ...F } fragment F on Mutation { ${a} ...G } fragment G on Mutation { ... on Mutation { ${b} } }`,
    ],
  ])("two credential-checking fields through %s: refused before either runs", async (_, document) => {
    const attempt = (password: string, i: number) =>
      `l${i}: login(username: "admin1", password: "${password}", currentApp: "CRM") { __typename }`;
    const before = (await auditRows(gw)).filter((r) => r.op === "user.login").length;
    const r = await post(document(attempt("guess-1", 1), attempt(ADMIN_PASSWORD, 2)));
    expectRefusedDocument(r, /credentials/);
    expect(r.body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_CREDENTIAL_CHECKS");
    expect((await auditRows(gw)).filter((row) => row.op === "user.login")).toHaveLength(before);
  });

  it("two __schema fields in one operation (aliases, fragments): refused before either runs", async () => {
    const schema = (alias: string) => `${alias}: __schema { types { name fields { name } } }`;
    for (const document of [
      `{ ${schema("a")} ${schema("b")} }`,
      `{ ${schema("a")} ...F } fragment F on Query { ${schema("b")} }`,
      `{ ... on Query { ${Array.from({ length: 15 }, (_, i) => schema(`s${i}`)).join(" ")} } }`,
    ]) {
      const r = await post(document);
      expectRefusedDocument(r, /__schema/);
      expect(r.body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_INTROSPECTIONS");
    }
    // One is fine, and so are several __type look-ups.
    const one = await post(`{ ${schema("a")} t1: __type(name: "Query") { name } t2: __type(name: "Mutation") { name } }`);
    expect(one.body.errors).toBeUndefined();
  });

  it.each(["variables", "extensions"])("a GET whose %s parameter is not JSON: HTTP 400, nothing logged", async (name) => {
    logged = gw.logs.length;
    for (const value of ["{bad", "[1,", "nul"]) {
      const query = new URLSearchParams({ query: "{ __typename }", [name]: value });
      const r = await fetch(`${gw.url}${gw.config.server.graphql_path}?${query}`, { headers: { "x-graphql-yoga-csrf": "1" } });
      const text = await r.text();
      expect(r.status, text).toBe(400);
      expect(JSON.parse(text)).toEqual({
        errors: [{ message: "Request parameters are not valid JSON", extensions: { code: "BAD_REQUEST" } }],
      });
    }
    expect(gw.logs.slice(logged).filter((l) => l.level === "error")).toEqual([]);
    const valid = new URLSearchParams({ query: "{ __typename }", [name]: "{}" });
    const ok = await fetch(`${gw.url}${gw.config.server.graphql_path}?${valid}`, { headers: { "x-graphql-yoga-csrf": "1" } });
    expect(await ok.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("GraphiQL's introspection query still passes", async () => {
    const r = await post(getIntrospectionQuery());
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
  });
});
