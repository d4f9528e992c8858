import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRows } from "../support/admin.js";
import { ADMIN_PASSWORD } from "../support/fixtures.js";
import { startGateway, type TestGateway } from "../support/gateway.js";

// A page of another origin may not read the gateway's answers unless [server] cors_origins
// names it, and may never make a browser run a mutation through a form.

let gw: TestGateway;
let open: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  open = await startGateway({ server: { cors_origins: ["https://app.example.com"] } });
});
afterAll(async () => {
  await gw.close();
  await open.close();
});

const preflight = (g: TestGateway, path: string, origin: string) =>
  fetch(`${g.url}${path}`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });

describe("CORS", () => {
  it("by default no origin is allowed: a preflight from https://evil.example gets no CORS headers", async () => {
    for (const path of [gw.config.server.graphql_path, "/zato/sso/user/login"]) {
      const r = await preflight(gw, path, "https://evil.example");
      expect(r.headers.get("access-control-allow-origin"), path).toBeNull();
      expect(r.headers.get("access-control-allow-credentials"), path).toBeNull();
    }
    const answer = await fetch(`${gw.url}/zato/sso/user/login`, {
      method: "POST",
      headers: { origin: "https://evil.example" },
      body: "{}",
    });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("an origin of [server] cors_origins is allowed, without credentials unless configured; others still are not", async () => {
    for (const path of [open.config.server.graphql_path, "/zato/sso/user/login"]) {
      const r = await preflight(open, path, "https://app.example.com");
      expect(r.status).toBe(204);
      expect(r.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
      expect(r.headers.get("access-control-allow-headers")).toContain("x-zato-sso-ust");
      expect(r.headers.get("access-control-allow-credentials")).toBeNull();
      expect((await preflight(open, path, "https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
    }
    const withCredentials = await startGateway({ server: { cors_origins: ["https://app.example.com"], cors_credentials: true } });
    try {
      const r = await preflight(withCredentials, "/zato/sso/user/login", "https://app.example.com");
      expect(r.headers.get("access-control-allow-credentials")).toBe("true");
    } finally {
      await withCredentials.close();
    }
  });
});

describe("CSRF", () => {
  const logins = async () => (await auditRows(gw)).filter((r) => r.op === "user.login").length;
  const mutation = `mutation { login(username: "admin1", password: "${ADMIN_PASSWORD}", currentApp: "CRM") { __typename } }`;

  it("a form-encoded POST of a login mutation is refused before it runs", async () => {
    const before = await logins();
    for (const [type, body] of <[string, string][]>[
      ["application/x-www-form-urlencoded", new URLSearchParams({ query: mutation }).toString()],
      ["text/plain", JSON.stringify({ query: mutation })],
      ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${mutation}\r\n--x--\r\n`],
    ]) {
      const r = await fetch(`${gw.url}${gw.config.server.graphql_path}`, {
        method: "POST",
        headers: { "content-type": type },
        body,
      });
      expect(r.status, type).toBe(403);
      expect(await r.text()).toMatch(/CSRF/);
    }
    expect(await logins()).toBe(before);
  });

  it("a GET query without the CSRF header is refused; with it, it runs; JSON POSTs need nothing", async () => {
    const url = `${gw.url}${gw.config.server.graphql_path}?query=${encodeURIComponent("{ __typename }")}`;
    expect((await fetch(url)).status).toBe(403);
    expect(await (await fetch(url, { headers: { "x-graphql-yoga-csrf": "1" } })).json()).toEqual({
      data: { __typename: "Query" },
    });
    const r = await gw.graphql("{ __typename }");
    expect(r.body).toEqual({ data: { __typename: "Query" } });
  });
});
