import { randomBytes, randomUUID } from "node:crypto";
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
export const WARNING = "warning";
export const USERNAME_EXISTS = "E001002";
export const PASSWORD_W_ABOUT_TO_EXP = "W003005";
export const AUTH_TOTP_MISSING = "E005008";

/** The constants of zato.sso.const the cases compare with. */
export const APPROVAL_STATUS = { approved: "approved", rejected: "rejected", before_decision: "before_decision" };
export const SIGNUP_STATUS = { before_confirmation: "before_confirmation", final: "final" };
export const SEARCH_PAGE_SIZE = 50;

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

/**
 * parse_datetime(value) as a value to compare with datetime.utcnow(): microseconds since the epoch.
 * Their comparison is between naive datetimes, so a value with a zone fails (Python raises TypeError).
 */
export function datetimeValue(value: unknown): number {
  parseDatetime(value);
  const v = value as string;
  expect(/(Z|[+-]\d{2}(:?\d{2})?)$/.test(v.slice(10)), `${v} carries a zone; cannot compare with a naive datetime`).toBe(false);
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?$/.exec(v) as RegExpExecArray;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = ""] = m;
  const micro = Number(`${frac}000000`.slice(0, 6));
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) * 1000 + micro;
}

/**
 * datetime.utcnow() in the unit of datetimeValue (microseconds since the epoch), read from the test
 * gateway's clock: their client and server share one machine's clock, and currentTotp may move ours.
 */
export const utcnowMicros = (): number => gw.clock.now().getTime() * 1000;

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

/** datetime.utcnow() (the gateway runs on this machine, as their server does on theirs). */
export const utcnow = () => new Date();

/** datetime.isoformat() of a naive UTC datetime: microseconds only when not zero. */
export function isoformat(d: Date): string {
  const base = d.toISOString().slice(0, 19);
  const ms = d.getUTCMilliseconds();
  return ms === 0 ? base : `${base}.${String(ms * 1000).padStart(6, "0")}`;
}

/** parse_datetime(value).isoformat(): fails where the parser does; a zone shows as +HH:MM. */
export function parsedIsoformat(value: unknown): string {
  parseDatetime(value);
  const m =
    /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(
      value as string,
    ) as RegExpExecArray;
  const [, year, month, day, hour = "00", minute = "00", second = "00", fraction = "", zone] = m;
  const micro = fraction.slice(0, 6).padEnd(6, "0");
  let out = `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  if (Number(micro) !== 0) out += `.${micro}`;
  if (zone === "Z") out += "+00:00";
  else if (zone) {
    const z = zone.replace(":", "");
    out += `${z.slice(0, 3)}:${z.length > 3 ? z.slice(3, 5) : "00"}`;
  }
  return out;
}

/** value.startswith(prefix), failing as attribute access on a non-string does. */
export function startswith(value: unknown, prefix: string): boolean {
  expect(typeof value, `${JSON.stringify(value)} has no startswith`).toBe("string");
  return (value as string).startsWith(prefix);
}

/** base.py _assert_user_dates: string comparisons of isoformat texts, as theirs. */
export function assertUserDates(response: Json, now: Date, isDefaultUser = false) {
  const nowText = isoformat(now);
  const func = isDefaultUser
    ? (a: string, b: string) => expect(a > b, `${a} not greater than ${b}`).toBe(true)
    : (a: string, b: string) => expect(a < b, `${a} not less than ${b}`).toBe(true);
  func(nowText, `${parsedIsoformat(attr(response, "approval_status_mod_time"))}.999999`);
  func(nowText, `${parsedIsoformat(attr(response, "password_last_set"))}.999999`);
  func(nowText, `${parsedIsoformat(attr(response, "sign_up_time"))}.999999`);
  const expiry = `${parsedIsoformat(attr(response, "password_expiry"))}.999999`;
  expect(nowText < expiry, `${nowText} not less than ${expiry}`).toBe(true);
}

/** base.py _assert_default_user_data. */
export function assertDefaultUserData(response: Json, now: Date, approvalStatus: string | null = null) {
  expect(attr(response, "approval_status")).toEqual(truthy(approvalStatus) ? approvalStatus : APPROVAL_STATUS.before_decision);
  expect(attr(response, "sign_up_status")).toEqual(SIGNUP_STATUS.final);

  assertTrue(attr(response, "is_active"));
  assertTrue(attr(response, "password_is_set"));

  assertTrue(startswith(attr(response, "user_id"), "zusr"));
  assertTrue(startswith(attr(response, "username"), "test."));

  assertFalse(attr(response, "is_internal"));
  assertFalse(attr(response, "is_locked"));
  assertFalse(attr(response, "is_super_user"));
  assertFalse(attr(response, "password_must_change"));

  expect(attr(response, "approval_status_mod_by")).not.toBeNull();
  assertUserDates(response, now);
}

/** base.py _create_and_approve_user. */
export async function createAndApproveUser(username: string | null = null, password: string | null = null) {
  username = username || getRandomUsername();
  password = password || getRandomData();

  let response = await post("/zato/sso/user", {
    ust: ctx.super_user_ust,
    username: username,
    password: password,
  });

  expect(attr(response, "status")).toEqual(OK);

  response = await post("/zato/sso/user/approve", {
    ust: ctx.super_user_ust,
    user_id: attr(response, "user_id"),
  });

  expect(attr(response, "status")).toEqual(OK);
}

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
    await loginSuperUser();
  });
}

/** base.py's _login_super_user: a fresh login (with a TOTP code), then the super-user's own user_id. */
export async function loginSuperUser() {
  let response = await post("/zato/sso/user/login", {
    username: CONFIG.super_user_name,
    password: CONFIG.super_user_password,
    totp_code: currentTotp(gw, CONFIG.super_user_totp_key),
  });
  ctx.super_user_ust = attr(response, "ust") as string;
  response = await get("/zato/sso/user", { ust: ctx.super_user_ust });
  ctx.super_user_id = attr(response, "user_id") as string;
}

/** CryptoManager.generate_password(to_str=True): urlsafe base64 of 192 random bits (32 characters, no padding). */
export const generatePassword = () => randomBytes(24).toString("base64url");
