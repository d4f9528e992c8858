import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes } from "../../src/rest/routes.js";
import { ADMIN_PASSWORD, PASSWORD } from "../support/fixtures.js";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";

// /openapi.json describes every REST path from the route table and the operations' input
// declarations; it is valid OpenAPI 3.1, and real answers of the gateway match it.

type Json = Record<string, unknown>;
let gw: TestGateway;
let document: Json;
let resolved: Json;

beforeAll(async () => {
  gw = await startGateway();
  const r = await fetch(`${gw.url}/openapi.json`);
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toMatch(/^application\/json/);
  document = (await r.json()) as Json;
  const validator = new Validator();
  const result = await validator.validate(document);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  resolved = validator.resolveRefs() as Json;
});
afterAll(() => gw.close());

const operation = (doc: Json, method: string, path: string) =>
  (doc.paths as Record<string, Record<string, Json> | undefined>)[path]?.[method.toLowerCase()] as Json;

/** Checks a real answer against the schema the document gives for that path, method and status. */
function matches(method: string, path: string, status: number, body: unknown) {
  const responses = operation(resolved, method, path).responses as Record<string, Json>;
  const response = responses[String(status)];
  if (!response) return [`no response ${status} described`];
  const schema = ((response.content as Json)["application/json"] as Json).schema as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const valid = ajv.validate(schema, body);
  return valid ? [] : (ajv.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe("/openapi.json", () => {
  it("is valid OpenAPI 3.1 and has every path and method of the route table", () => {
    expect(document.openapi).toBe("3.1.0");
    for (const route of routes)
      expect(operation(document, route.method, route.path), `${route.method} ${route.path}`).toBeDefined();
    const ids = routes.map((r) => operation(document, r.method, r.path).operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("gives each call its fields and required keys, from the operation's input declaration", () => {
    const login = operation(document, "POST", "/zato/sso/user/login");
    const body = (((login.requestBody as Json).content as Json)["application/json"] as Json).schema as Json;
    expect(Object.keys(body.properties as Json)).toEqual(
      expect.arrayContaining(["username", "password", "current_app", "totp_code", "new_password"]),
    );
    expect(body.required).toEqual(["username", "password"]);
    const search = operation(document, "GET", "/zato/sso/user/search");
    const names = (search.parameters as Json[]).map((p) => `${p.in}:${p.name}`);
    expect(names).toEqual(expect.arrayContaining(["query:ust", "query:page_size", "header:X-Zato-SSO-UST"]));
    expect(String(search.description)).toContain("E008002");
  });

  it("describes what the gateway really answers: success, warnings, failures and plain errors", async () => {
    await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
    const ust = await gw.login("admin1", ADMIN_PASSWORD);
    await gw.createUser("user1", PASSWORD);
    const userUst = await gw.login("user1", PASSWORD);
    const calls: [string, string, Record<string, unknown>][] = [
      ["POST", "/zato/sso/user/login", { username: "admin1", password: ADMIN_PASSWORD, current_app: APP }],
      ["POST", "/zato/sso/user/login", { username: "admin1", password: "wrong", current_app: APP }],
      ["POST", "/zato/sso/user/login", { username: "admin1", password: "wrong", current_app: "Nope" }],
      ["POST", "/zato/sso/user/login", { username: "admin1" }],
      ["GET", "/zato/sso/user", { ust, current_app: APP }],
      ["GET", "/zato/sso/user", { ust: userUst, current_app: APP }],
      ["POST", "/zato/sso/user", { ust, current_app: APP, username: "made1", password: PASSWORD }],
      ["GET", "/zato/sso/user/search", { ust, current_app: APP }],
      ["GET", "/zato/sso/user/session/list", { ust, current_app: APP }],
      ["GET", "/zato/sso/user/session", { current_ust: ust, target_ust: userUst, current_app: APP }],
      ["POST", "/zato/sso/user/session", { current_ust: ust, target_ust: userUst, current_app: APP }],
      ["PATCH", "/zato/sso/user/session", { ust, current_app: APP }],
      ["PATCH", "/zato/sso/user/totp", { ust, current_app: APP, totp_key: "", totp_label: "" }],
      ["PATCH", "/zato/sso/user", { ust, current_app: APP, display_name: "Admin" }],
      ["DELETE", "/zato/sso/user", { ust, current_app: APP }],
    ];
    const mismatches: string[] = [];
    for (const [method, path, params] of calls) {
      const query = method === "GET" ? `?${new URLSearchParams(params as Record<string, string>)}` : "";
      const r = await fetch(`${gw.url}${path}${query}`, { method, body: method === "GET" ? undefined : JSON.stringify(params) });
      const errors = matches(method, path, r.status, await r.json());
      if (errors.length > 0) mismatches.push(`${method} ${path} (${r.status}): ${errors.join("; ")}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("is not served when [server] openapi is false", async () => {
    const off = await startGateway({ server: { openapi: false } });
    try {
      expect((await fetch(`${off.url}/openapi.json`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
