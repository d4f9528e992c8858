import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { operatorResetTotpKey } from "../../src/core/totp/reset.js";
import { currentTotp, raw } from "./fixtures.js";
import { type ConfigOverrides, startGateway, type TestGateway } from "./gateway.js";

// Zato's own REST test cases (code/zato-sso/test/zato in Zato's repository), replayed as they are
// written: the same calls (method, path, every field of the JSON body, also on GET and DELETE), sent
// the way their Python test client (base.py) sends them, and the same assertions, translated
// literally. Each case starts as theirs does: the super-user logs in afresh (with a TOTP code) and
// reads its own user_id.

/** The fixed values of their test configuration. */
export const CONFIG = {
  current_app: "CRM",
  super_user_name: "zato.unit-test.admin1",
  super_user_password: "hQ9nl93UDqGus",
  super_user_totp_key: "KMCLCWN4YPMD2WO3",
  username_prefix: "test.",
  random_prefix: "rand.",
};

/** Status values and codes the cases compare with. */
export const OK = "ok";
export const ERROR = "error";
export const ATTR_ALREADY_EXISTS = "E009001";
export const AUTH_NOT_ALLOWED = "E005001";

/** Headers Python's requests adds to every call; a string body goes out with no Content-Type. */
const REQUESTS_HEADERS = {
  "user-agent": "python-requests/2.31.0",
  "accept-encoding": "gzip, deflate",
  accept: "*/*",
  connection: "keep-alive",
};

export type Json = Record<string, unknown>;

let gw: TestGateway;

/** The gateway the replayed cases run against. */
export const gateway = (): TestGateway => gw;

/** What each case's set-up leaves behind: the super-user's UST and user_id. */
export const ctx = { super_user_ust: "", super_user_id: "" };
let randCounter = 0;

/** Python's json.dumps with its default separators (", " and ": "). */
export function dumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(dumps).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${dumps(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}

/**
 * One call of their test client: current_app is added to the request, the request goes out as a JSON
 * body whatever the method; when a success is expected the HTTP status must be 200 and the body must
 * carry a cid and status "ok". The parsed body is returned.
 */
export async function invoke(method: string, path: string, request: Json, expectOk = true): Promise<Json> {
  request.current_app = CONFIG.current_app;
  const r = await raw(gw, method, path, dumps(request), REQUESTS_HEADERS);
  if (expectOk) {
    expect(r.status, r.text).toBe(200);
    const data = JSON.parse(r.text) as Json;
    expect(Object.hasOwn(data, "cid"), `no cid in ${r.text}`).toBe(true);
    expect(data.status, r.text).toBe(OK);
    return data;
  }
  return JSON.parse(r.text) as Json;
}

export const get = (path: string, request: Json, expectOk = true) => invoke("GET", path, request, expectOk);
export const post = (path: string, request: Json, expectOk = true) => invoke("POST", path, request, expectOk);
export const patch = (path: string, request: Json, expectOk = true) => invoke("PATCH", path, request, expectOk);
export const del = (path: string, request: Json, expectOk = true) => invoke("DELETE", path, request, expectOk);

/** Attribute access on the parsed response, failing as theirs does when the key is absent. */
export function attr(response: Json, key: string): unknown {
  expect(Object.hasOwn(response, key), `no ${key} in ${JSON.stringify(response)}`).toBe(true);
  return response[key];
}

/** Python's truthiness. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

export const assertTrue = (value: unknown) => expect(truthy(value), `${JSON.stringify(value)} is not true`).toBe(true);
export const assertFalse = (value: unknown) => expect(truthy(value), `${JSON.stringify(value)} is not false`).toBe(false);

/** Python's `x in y` on what a JSON body can hold (list items, object keys, substrings). */
export function assertIn(member: unknown, container: unknown) {
  const found = Array.isArray(container)
    ? container.includes(member)
    : typeof container === "string"
      ? typeof member === "string" && container.includes(member)
      : container !== null && typeof container === "object"
        ? Object.hasOwn(container, member as string)
        : false;
  expect(found, `${JSON.stringify(member)} not found in ${JSON.stringify(container)}`).toBe(true);
}

/** What the ISO 8601 datetime parser accepts (a string; date, optional time, fraction and zone); fails otherwise. */
export function parseDatetime(value: unknown) {
  expect(typeof value, `${JSON.stringify(value)} is not a string`).toBe("string");
  const m =
    /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(
      value as string,
    );
  expect(m, `${value} does not parse as a datetime`).not.toBeNull();
  const [, year, month, day, hour = "0", minute = "0", second = "0"] = m as RegExpExecArray;
  const lastDay = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  expect(Number(month) >= 1 && Number(month) <= 12, `${value}: month`).toBe(true);
  expect(Number(day) >= 1 && Number(day) <= lastDay, `${value}: day`).toBe(true);
  expect(Number(hour) <= 23 && Number(minute) <= 59 && Number(second) <= 59, `${value}: time`).toBe(true);
}

/** datetime.utcnow().isoformat(): microseconds, left out when they are zero. */
export function utcnowIsoformat(): string {
  const now = new Date();
  const micro = now.getUTCMilliseconds() * 1000 + Math.floor(Math.random() * 1000);
  const base = now.toISOString().slice(0, 19);
  return micro === 0 ? base : `${base}.${String(micro).padStart(6, "0")}`;
}

/** prefix + utcnow + counter, then "." and the first ten characters of a random string ("a" + uuid4 hex). */
export const getRandom = (prefix: string) =>
  `${prefix}${utcnowIsoformat()}+${randCounter++}.${`a${randomUUID().replaceAll("-", "")}`.slice(0, 10)}`;
export const getRandomUsername = () => getRandom(CONFIG.username_prefix);
export const getRandomData = () => getRandom(CONFIG.random_prefix);

export async function approve(userId: unknown) {
  await post("/zato/sso/user/approve", { ust: ctx.super_user_ust, user_id: userId });
}

/**
 * Their set-up, as hooks of the calling test file: one gateway (with these configuration
 * overrides) for the file, and before each case the super-user's fresh login.
 */
export function replayZatoSuite(overrides: ConfigOverrides = {}) {
  beforeAll(async () => {
    gw = await startGateway(overrides);
    // Their set-up creates the super-user with the CLI (with an email), then resets its TOTP key.
    await gw.createUser(CONFIG.super_user_name, CONFIG.super_user_password, { superUser: true, email: "test@example.com" });
    const reset = await gw.asOperator(operatorResetTotpKey, {
      username: CONFIG.super_user_name,
      key: CONFIG.super_user_totp_key,
    });
    expect(reset.status).toBe("ok");
  });
  afterAll(() => gw.close());

  beforeEach(async () => {
    randCounter = 0;
    let response = await post("/zato/sso/user/login", {
      username: CONFIG.super_user_name,
      password: CONFIG.super_user_password,
      totp_code: currentTotp(gw, CONFIG.super_user_totp_key),
    });
    ctx.super_user_ust = attr(response, "ust") as string;
    response = await get("/zato/sso/user", { ust: ctx.super_user_ust });
    ctx.super_user_id = attr(response, "user_id") as string;
  });
}
