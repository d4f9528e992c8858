import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/lib/crypto.js";
import { auditRows } from "../support/admin.js";
import { expectFailure, expectOk, expectPlainError, PASSWORD, raw } from "../support/fixtures.js";
import { APP, type ConfigOverrides, type HttpAnswer, startGateway, type TestGateway } from "../support/gateway.js";
import type { GraphQLAnswer } from "../support/graphql.js";
import { unique } from "../support/names.js";
import { tableDigests } from "../support/state.js";

// Hostile input on every method of /zato/sso/password/reset and on the three GraphQL fields:
// never a 5xx and never a stack trace, always a 4xx or the exact business failure (the error
// envelope, or an SsoError), and nothing written: no token row, no message, no password change.
// Guessing tokens or reset keys counts as anonymous failures of the client address; two racing
// uses of one token or one reset key succeed once.

const PATH = "/zato/sso/password/reset";
const TOKEN = /^[0-9a-hjkmnp-tv-z]{26}$/;
const RESET_KEY = /^zprtrkey[0-9a-hjkmnp-tv-z]{52}$/;
const NEW_PASSWORD = "fresh-Harbor-lamp-29";
const OTHER_PASSWORD = "second-Quiet-river-41";
const HUGE = 500_000;
const FORGED_KEY = `zprtrkey${"0".repeat(52)}`;
/** A stack frame, a source location or a module path: none may reach a client. */
const STACK = /\n\s+at |\bat [\w$.<>]+ \(|\bat (file|node):|\.[cm]?[jt]s:\d+|node_modules|\/src\//;

const config = (extra: ConfigOverrides = {}): ConfigOverrides => ({
  main: { email_service: "outbox:outbox" },
  password_reset: { min_answer_time: 0, max_per_user: 100_000, max_per_user_and_address: 100_000, max_per_address: 100_000 },
  ...extra,
});

let gw: TestGateway;
let victimId: string;
let victimUst: string;
/** Accessed tokens of the victim, with their reset keys; and one never accessed. */
let tokenA: string;
let keyA: string;
let tokenB: string;
let keyB: string;
let tokenC: string;

beforeAll(async () => {
  gw = await startGateway(config());
  victimId = await gw.createUser("victim", PASSWORD, { email: "victim@example.net" });
  victimUst = await gw.login("victim", PASSWORD);
  tokenA = await requestToken(gw, "victim");
  keyA = await accessToken(gw, tokenA);
  tokenB = await requestToken(gw, "victim");
  keyB = await accessToken(gw, tokenB);
  tokenC = await requestToken(gw, "victim");
});
afterAll(() => gw.close());

let logMark = 0;
beforeEach(() => {
  logMark = gw.logs.length;
});
afterEach(() => {
  // Nothing unexpected happened (an unexpected failure is logged as an error).
  expect(gw.logs.slice(logMark).filter((l) => l.level === "error")).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// Helpers

/** Every message the outbox: transport wrote so far. */
function outbox(g: TestGateway): { kind: string; token: string; user: { username: string } }[] {
  const dir = path.join(g.config.configDir, "outbox");
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.sort().map((file) => JSON.parse(readFileSync(path.join(dir, file), "utf8")));
}

/** Asks for a token of `username` over REST (by `credential`); returns the one the outbox received. */
async function requestToken(g: TestGateway, username: string, credential = username): Promise<string> {
  const before = outbox(g).length;
  expectOk(await post(g, "POST", { current_app: APP, credential }));
  const sent = outbox(g);
  expect(sent).toHaveLength(before + 1);
  const message = sent.at(-1);
  expect(message).toMatchObject({ kind: "password_reset", user: { username } });
  expect(message?.token).toMatch(TOKEN);
  return message?.token as string;
}

/** Accesses a token over REST; returns its reset key. */
async function accessToken(g: TestGateway, token: string): Promise<string> {
  const key = expectOk(await post(g, "PATCH", { current_app: APP, token })).reset_key as string;
  expect(key).toMatch(RESET_KEY);
  return key;
}

/** A call as Zato's test client makes it: the parameters as a JSON body (or the body as given), no Content-Type. */
const post = (g: TestGateway, method: string, body: unknown, query = "") =>
  raw(g, method, `${PATH}${query}`, typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body));

const FIELD_ARGS = {
  createPasswordResetToken: "",
  accessPasswordResetToken: "... on AccessPasswordResetTokenPayload { resetKey }",
  changePasswordResetPassword: "",
} as const;
type Field = keyof typeof FIELD_ARGS;

interface GraphQLCall
  extends GraphQLAnswer<
    Record<string, { __typename: string; subStatus?: string[]; resetKey?: string; retryAfter?: number | null }>
  > {
  text: string;
}

/** One of the three mutations, every argument passed as a variable of type `String` (or the declared type). */
async function gq(
  g: TestGateway,
  field: Field,
  args: Record<string, unknown>,
  types: Record<string, string> = {},
): Promise<GraphQLCall> {
  const all: Record<string, unknown> = { currentApp: APP, ...args };
  const keys = Object.keys(all).filter((k) => all[k] !== undefined);
  const declared = keys.map((k) => `$${k}: ${types[k] ?? "String"}`).join(", ");
  const passed = keys.map((k) => `${k}: $${k}`).join(", ");
  const query = `mutation(${declared}) { ${field}(${passed}) { __typename ... on Payload { cid status subStatus } ... on SsoError { cid status subStatus message retryAfter } ${FIELD_ARGS[field]} } }`;
  return graphqlAnswer(await g.graphql(query, Object.fromEntries(keys.map((k) => [k, all[k]]))));
}

const graphqlAnswer = (answer: HttpAnswer): GraphQLCall => {
  const body = (answer.body ?? {}) as { data?: GraphQLCall["data"]; errors?: GraphQLCall["errors"] };
  return {
    status: answer.status,
    data: body.data,
    errors: body.errors,
    cid: answer.headers.get("x-zato-cid"),
    text: answer.text,
  };
};

/** The one field of a GraphQL answer without GraphQL errors: its type and sub_status. */
function fieldOutcome(r: GraphQLCall) {
  expect(r.status, r.text).toBe(200);
  expect(r.errors, r.text).toBeUndefined();
  const [value, ...more] = Object.values(r.data ?? {});
  expect(more).toEqual([]);
  return { type: value?.__typename, subStatus: value?.subStatus };
}

const expectSsoError = (r: GraphQLCall, code: string) => expect(fieldOutcome(r)).toEqual({ type: "SsoError", subStatus: [code] });

/** A GraphQL-level error (the role of REST's 400): errors and no data, nothing run. */
function expectGraphQLError(r: GraphQLCall) {
  expect(r.status, r.text).toBeLessThan(500);
  expect(r.errors?.length, r.text).toBeGreaterThan(0);
  expect(r.data ?? undefined, r.text).toBeUndefined();
}

/** What a hostile call must leave as it was: the tokens, a user's password, the outbox and every mutable table. */
async function snapshot(g: TestGateway, userId: string) {
  const [{ n }] = (await g.query<{ n: number }>("SELECT count(*)::int AS n FROM sso_password_reset")) as [{ n: number }];
  const [{ password }] = (await g.query<{ password: string }>("SELECT password FROM sso_user WHERE user_id = $1", [userId])) as [
    { password: string },
  ];
  return { reset_rows: n, password_hash: password, outbox: outbox(g).length, digests: await tableDigests(g) };
}

/** Runs a hostile call: never a 5xx, no stack trace, nothing written (the victim's password kept); returns the answer. */
async function harmless<T extends { status: number; text: string }>(
  act: () => Promise<T>,
  g = gw,
  userId = victimId,
): Promise<T> {
  const before = await snapshot(g, userId);
  const r = await act();
  expect(r.status, r.text).toBeLessThan(500);
  expect(r.text).not.toMatch(STACK);
  expect(await snapshot(g, userId)).toEqual(before);
  return r;
}

const rest = (method: string, params: Record<string, unknown>) =>
  harmless(() => post(gw, method, { current_app: APP, ...params }));

/** About 500 kB of UTF-8 made of `unit`. */
const huge = (unit: string) => unit.repeat(Math.floor(HUGE / Buffer.byteLength(unit)));
const upper = (s: string) => s.toUpperCase();
/** A reset key one character off. */
const offByOne = (key: string) => `${key.slice(0, -1)}${key.endsWith("0") ? "1" : "0"}`;

// ---------------------------------------------------------------------------------------------
// REST

const METHODS = [
  { name: "create", method: "POST", valid: () => ({ credential: "victim" }) },
  { name: "access", method: "PATCH", valid: () => ({ token: tokenC }) },
  { name: "change", method: "DELETE", valid: () => ({ token: tokenA, reset_key: keyA, password: NEW_PASSWORD }) },
] as const;

describe.each(METHODS)("$method $name: malformed bodies", (m) => {
  it.each([
    ["not JSON", () => '{"token": '],
    ["JSON with a trailing comma", () => `{"current_app": "${APP}",}`],
    ["a JSON array", () => JSON.stringify([{ current_app: APP, ...m.valid() }])],
    ["a JSON string", () => JSON.stringify(JSON.stringify({ current_app: APP, ...m.valid() }))],
    ["a JSON number", () => "42"],
    ["JSON null", () => "null"],
    ["deeply nested arrays", () => `${"[".repeat(50_000)}${"]".repeat(50_000)}`],
  ])("a body that is %s: HTTP 400, nothing written", async (_, body) => {
    expectPlainError(await harmless(() => post(gw, m.method, body())), 400, "Bad request");
  });

  it("a body over a megabyte: HTTP 413, nothing written", async () => {
    const r = await harmless(() => post(gw, m.method, { current_app: APP, ...m.valid(), padding: "x".repeat(1_100_000) }));
    expectPlainError(r, 413, "Payload too large");
  });

  it("a field repeated in the query string (a list where a string is due): E008002, nothing written", async () => {
    const field = Object.keys(m.valid())[0] as string;
    const r = await harmless(() => post(gw, m.method, { current_app: APP, ...m.valid() }, `?${field}=a&${field}=b`));
    expectFailure(r, "E008002");
  });
});

describe("POST (create a token): hostile credentials answer as an unknown user, or E008002; nothing sent", () => {
  it.each([
    ["an object", { $ne: null }],
    ["a list", ["victim"]],
    ["an empty list", []],
    ["with a NUL character", "victim\u0000"],
    ["a lone high surrogate", "\ud800victim"],
    ["a lone low surrogate", "victim\udc00"],
  ])("a credential that is %s: E008002", async (_, credential) => {
    expectFailure(await rest("POST", { credential }), "E008002");
  });

  it.each([
    ["500 kB long", huge("v")],
    ["500 kB of the victim's name", huge("victim")],
    ["SQL (quote and OR)", "victim' OR '1'='1"],
    ["SQL (comment)", "' OR 1=1 --"],
    ["SQL (statement)", "victim'; DELETE FROM sso_password_reset; --"],
    ["a LIKE pattern", "vict%"],
    ["a LIKE wildcard", "_ictim"],
    ["the victim's email (usernames only are searched)", "victim@example.net"],
    ["the victim's UST", "<ust>"],
    ["a number", 12345],
    ["true", true],
    ["JSON null", null],
    ["invalid UTF-8, read as U+FFFD", "\ufffd\ufffd"],
  ])("a credential that is %s: ok, nothing stored or sent", async (_, credential) => {
    const r = await rest("POST", { credential: credential === "<ust>" ? victimUst : credential });
    expect(expectOk(r)).toEqual({ cid: r.headers.get("x-zato-cid"), status: "ok" });
  });

  it("raw invalid UTF-8 bytes in the credential: ok, nothing stored or sent", async () => {
    const body = Buffer.concat([
      Buffer.from(`{"current_app": "${APP}", "credential": "vic`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    expectOk(await harmless(() => post(gw, "POST", body)));
  });
});

describe("PATCH (access a token): hostile tokens are E010001 or E008002; nothing accessed", () => {
  it.each([
    ["an object", () => ({ $ne: null })],
    ["a list holding the real token", () => [tokenC]],
    ["with a NUL character after the real token", () => `${tokenC}\u0000`],
    ["a lone high surrogate", () => "\ud800"],
    ["a lone low surrogate after the real token", () => `${tokenC}\udc00`],
  ])("a token that is %s: E008002", async (_, token) => {
    expectFailure(await rest("PATCH", { token: token() }), "E008002");
  });

  it.each([
    ["a number", () => 12345],
    ["a number of 26 digits", () => 1e25],
    ["true", () => true],
    ["JSON null", () => null],
    ["empty", () => ""],
    ["500 kB long", () => huge("0")],
    ["500 kB of the real token", () => huge(tokenC)],
    ["SQL (quote and OR)", () => "' OR '1'='1"],
    ["SQL (comment after the real token)", () => `${tokenC}' --`],
    ["SQL (statement)", () => "x'; UPDATE sso_password_reset SET has_been_accessed = false; --"],
    ["the real token upper-cased", () => upper(tokenC)],
    ["the real token with a space after it", () => `${tokenC} `],
    ["a UST", () => victimUst],
    ["a reset key", () => keyA],
    ["a token accessed already", () => tokenA],
  ])("a token that is %s: E010001", async (_, token) => {
    expectFailure(await rest("PATCH", { token: token() }), "E010001");
  });
});

describe("DELETE (change the password): hostile tokens, reset keys and passwords are refused; nothing changed", () => {
  const right = () => ({ token: tokenA, reset_key: keyA, password: NEW_PASSWORD });

  it.each([
    ["token as an object", () => ({ token: { $ne: null } })],
    ["token as a list", () => ({ token: [tokenA] })],
    ["reset_key as an object", () => ({ reset_key: { $gt: "" } })],
    ["reset_key as a list", () => ({ reset_key: [keyA] })],
    ["password as an object", () => ({ password: { value: NEW_PASSWORD } })],
    ["password as a list", () => ({ password: [NEW_PASSWORD] })],
    ["a NUL character in the token", () => ({ token: `${tokenA}\u0000` })],
    ["a NUL character in the reset key", () => ({ reset_key: `\u0000${keyA}` })],
    ["a NUL character in the password", () => ({ password: `${NEW_PASSWORD}\u0000` })],
    ["a lone surrogate in the token", () => ({ token: "\ud800" })],
    ["a lone surrogate in the reset key", () => ({ reset_key: `${keyA}\udfff` })],
    ["a lone surrogate in the password", () => ({ password: `\ud83d${NEW_PASSWORD}` })],
  ])("%s: E008002", async (_, fields) => {
    expectFailure(await rest("DELETE", { ...right(), ...fields() }), "E008002");
  });

  it.each([
    ["token as a number", () => ({ token: 12345 })],
    ["token JSON null", () => ({ token: null })],
    ["reset_key as a number", () => ({ reset_key: 12345 })],
    ["reset_key JSON null", () => ({ reset_key: null })],
    ["a 500 kB token", () => ({ token: huge("0") })],
    ["a 500 kB reset key", () => ({ reset_key: `zprtrkey${huge("0")}` })],
    ["SQL in the token", () => ({ token: "' OR '1'='1" })],
    ["SQL in the reset key", () => ({ reset_key: "x' OR reset_key_hash IS NOT NULL --" })],
    ["a UST as the token", () => ({ token: victimUst })],
    ["a UST as the reset key", () => ({ reset_key: victimUst })],
    ["the token and its reset key swapped", () => ({ token: keyA, reset_key: tokenA })],
    ["a forged reset key for a real accessed token", () => ({ reset_key: FORGED_KEY })],
    ["the real reset key one character off", () => ({ reset_key: offByOne(keyA) })],
    ["the real reset key upper-cased", () => ({ reset_key: upper(keyA) })],
    ["the real reset key without its prefix", () => ({ reset_key: keyA.slice("zprtrkey".length) })],
    ["the reset key of another token of the same user", () => ({ reset_key: keyB })],
    ["the other token with this token's reset key", () => ({ token: tokenB })],
    ["a token never accessed, with another token's reset key", () => ({ token: tokenC })],
    ["the token as the reset key", () => ({ reset_key: tokenA })],
  ])("%s: E010001", async (_, fields) => {
    expectFailure(await rest("DELETE", { ...right(), ...fields() }), "E010001");
  });

  it.each([
    ["500 kB long", huge("p"), "E003003"],
    ["500 kB of multi-byte characters", huge("é"), "E003003"],
    ["SQL text too short for the policy", "'--", "E003002"],
    ["empty", "", "E003002"],
    ["JSON null", null, "E003002"],
  ])("a password %s with the right token and key: %s, nothing changed", async (_, password, code) => {
    expectFailure(await rest("DELETE", { ...right(), password }), code);
  });
});

// ---------------------------------------------------------------------------------------------
// GraphQL

describe("GraphQL: wrong types are GraphQL errors, nothing runs", () => {
  it("a body that is not JSON: a 4xx", async () => {
    const r = await harmless(async () => {
      const response = await fetch(`${gw.url}${gw.config.server.graphql_path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"query": "mutation { accessPasswordResetToken(',
      });
      return { status: response.status, text: await response.text() };
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
  });

  it.each([
    ["createPasswordResetToken", "credential", { $ne: null }],
    ["createPasswordResetToken", "credential", ["victim"]],
    ["createPasswordResetToken", "credential", 12345],
    ["accessPasswordResetToken", "token", 12345],
    ["accessPasswordResetToken", "token", { $ne: null }],
    ["accessPasswordResetToken", "token", [null]],
    ["changePasswordResetPassword", "token", 12345],
    ["changePasswordResetPassword", "token", { $ne: null }],
    ["changePasswordResetPassword", "resetKey", { $gt: "" }],
    ["changePasswordResetPassword", "password", { value: NEW_PASSWORD }],
    ["changePasswordResetPassword", "password", [NEW_PASSWORD]],
  ] as const)("%s with %s = %j: a GraphQL error", async (field, arg, value) => {
    const base = field === "changePasswordResetPassword" ? { token: tokenA, resetKey: keyA, password: NEW_PASSWORD } : {};
    expectGraphQLError(await harmless(() => gq(gw, field, { ...base, [arg]: value })));
  });

  it.each([
    ["createPasswordResetToken", "credential: 12345"],
    ["accessPasswordResetToken", "token: 12345"],
    ["accessPasswordResetToken", 'token: {ne: ""}'],
    ["changePasswordResetPassword", `token: "${"0".repeat(26)}", resetKey: ["a"], password: "x"`],
  ])("%s with the literal argument %s: a GraphQL error", async (field, args) => {
    const r = await harmless(async () =>
      graphqlAnswer(await gw.graphql(`mutation { ${field}(${args}, currentApp: "${APP}") { __typename } }`)),
    );
    expectGraphQLError(r);
  });

  it("an unknown argument (reset_key in snake case): a GraphQL error", async () => {
    const r = await harmless(async () =>
      graphqlAnswer(
        await gw.graphql(
          `mutation { changePasswordResetPassword(token: "${tokenA}", reset_key: "${keyA}", password: "${NEW_PASSWORD}", currentApp: "${APP}") { __typename } }`,
        ),
      ),
    );
    expectGraphQLError(r);
  });
});

describe("GraphQL: hostile strings are SsoErrors (or ok for create), nothing written", () => {
  const right = () => ({ token: tokenA, resetKey: keyA, password: NEW_PASSWORD });

  it.each([
    ["createPasswordResetToken", () => ({ credential: "victim\u0000" })],
    ["createPasswordResetToken", () => ({ credential: "\ud800" })],
    ["accessPasswordResetToken", () => ({ token: `${tokenC}\u0000` })],
    ["accessPasswordResetToken", () => ({ token: `\udc00${tokenC}` })],
    ["changePasswordResetPassword", () => ({ ...right(), token: `${tokenA}\u0000` })],
    ["changePasswordResetPassword", () => ({ ...right(), resetKey: `${keyA}\ud800` })],
    ["changePasswordResetPassword", () => ({ ...right(), password: `${NEW_PASSWORD}\u0000` })],
    ["changePasswordResetPassword", () => ({ ...right(), password: `${NEW_PASSWORD}\udc00` })],
  ] as const)("%s with a NUL character or a lone surrogate: E008002", async (field, args) => {
    expectSsoError(await harmless(() => gq(gw, field, args())), "E008002");
  });

  it.each([
    ["a 500 kB credential", () => huge("v")],
    ["SQL", () => "victim' OR '1'='1"],
    ["the victim's UST", () => victimUst],
    ["a reset key", () => FORGED_KEY],
  ])("createPasswordResetToken with %s: ok, nothing stored or sent", async (_, credential) => {
    expect(fieldOutcome(await harmless(() => gq(gw, "createPasswordResetToken", { credential: credential() })))).toEqual({
      type: "EmptyPayload",
      subStatus: [],
    });
  });

  it.each([
    ["a 500 kB token", () => huge("0")],
    ["SQL", () => "' OR '1'='1"],
    ["a UST", () => victimUst],
    ["a reset key", () => keyA],
    ["the real token upper-cased", () => upper(tokenC)],
    ["a token accessed already", () => tokenB],
  ])("accessPasswordResetToken with %s: E010001", async (_, token) => {
    expectSsoError(await harmless(() => gq(gw, "accessPasswordResetToken", { token: token() })), "E010001");
  });

  it.each([
    ["a 500 kB token", () => ({ token: huge("0") })],
    ["a 500 kB reset key", () => ({ resetKey: `zprtrkey${huge("0")}` })],
    ["SQL in the reset key", () => ({ resetKey: "' OR '1'='1" })],
    ["a UST as the token", () => ({ token: victimUst })],
    ["the token and its reset key swapped", () => ({ token: keyA, resetKey: tokenA })],
    ["a forged reset key for a real accessed token", () => ({ resetKey: FORGED_KEY })],
    ["the real reset key one character off", () => ({ resetKey: offByOne(keyA) })],
    ["the reset key of another token", () => ({ resetKey: keyB })],
    ["a token never accessed", () => ({ token: tokenC })],
  ])("changePasswordResetPassword with %s: E010001", async (_, fields) => {
    expectSsoError(await harmless(() => gq(gw, "changePasswordResetPassword", { ...right(), ...fields() })), "E010001");
  });

  it("changePasswordResetPassword with a 500 kB password and the right token and key: E003003", async () => {
    const r = await harmless(() => gq(gw, "changePasswordResetPassword", { ...right(), password: huge("p") }));
    expectSsoError(r, "E003003");
  });

  it("five guesses aliased in one document: five E010001, nothing accessed", async () => {
    const fields = Array.from(
      { length: 5 },
      (_, i) =>
        `g${i}: accessPasswordResetToken(token: "${String(i).repeat(26)}", currentApp: "${APP}") { __typename ... on SsoError { subStatus } }`,
    );
    const r = await harmless(async () => graphqlAnswer(await gw.graphql(`mutation { ${fields.join(" ")} }`)));
    expect(r.errors, r.text).toBeUndefined();
    expect(Object.values(r.data ?? {})).toEqual(Array(5).fill({ __typename: "SsoError", subStatus: ["E010001"] }));
  });
});

describe("[password_reset] user_search_by = username_or_email: hostile credentials find no one", () => {
  let byEmail: TestGateway;
  let ownerId: string;

  beforeAll(async () => {
    byEmail = await startGateway(config({ password_reset: { min_answer_time: 0, user_search_by: "username_or_email" } }));
    ownerId = await byEmail.createUser("owner", PASSWORD, { email: "owner@example.net" });
  });
  afterAll(() => byEmail.close());

  it.each([
    ["500 kB long", huge("o")],
    ["500 kB of the email", huge("owner@example.net")],
    ["a LIKE pattern on the email", "%@example.net"],
    ["a LIKE wildcard in the email", "owner@example.ne_"],
    ["SQL", "owner@example.net' OR '1'='1"],
    ["the email with a NUL-free control character", "owner@example.net\u0001"],
    ["only whitespace", " \t\n "],
    ["the email's domain", "example.net"],
  ])("a credential that is %s: ok, nothing stored or sent", async (_, credential) => {
    const r = await harmless(() => post(byEmail, "POST", { current_app: APP, credential }), byEmail, ownerId);
    expectOk(r);
  });

  it.each([
    ["a NUL character", "owner@example.net\u0000"],
    ["a lone surrogate", "owner@example.net\ud800"],
    ["an object", { $regex: ".*" }],
  ])("a credential with %s: E008002", async (_, credential) => {
    const r = await harmless(() => post(byEmail, "POST", { current_app: APP, credential }), byEmail, ownerId);
    expectFailure(r, "E008002");
  });

  it("the email itself still finds the owner (the cases above were not vacuous)", async () => {
    const rows = async () => (await byEmail.query("SELECT id FROM sso_password_reset")).length;
    expect(await rows()).toBe(0);
    await requestToken(byEmail, "owner", "owner@example.net");
    expect(await rows()).toBe(1);
  });
});

describe("after all the hostile calls", () => {
  it("no audit record and no log line holds a token, a reset key, a password or the email given as a credential", async () => {
    const rows = (await auditRows(gw)).map((row) => JSON.stringify(row));
    expect(rows.length).toBeGreaterThan(100);
    const texts = [...rows, ...gw.logs.map((l) => JSON.stringify(l))];
    const found = [tokenA, tokenB, tokenC, keyA, keyB, NEW_PASSWORD, "victim@example.net"].flatMap((secret) =>
      texts.filter((t) => t.includes(secret)).map((t) => `${secret} in ${t.slice(0, 300)}`),
    );
    expect(found).toEqual([]);
  });

  it("the victim's tokens still work as they should: the untouched one accesses, the accessed one changes the password", async () => {
    const key = await accessToken(gw, tokenC);
    const [row] = await gw.query<{ reset_key_hash: string }>(
      "SELECT reset_key_hash FROM sso_password_reset WHERE token_hash = $1",
      [sha256Hex(tokenC)],
    );
    expect(row?.reset_key_hash).toBe(sha256Hex(key));
    expectOk(await post(gw, "DELETE", { current_app: APP, token: tokenA, reset_key: keyA, password: NEW_PASSWORD }));
    expectOk(
      await gw.rest("POST", "/zato/sso/user/login", { body: { username: "victim", password: NEW_PASSWORD, current_app: APP } }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Guessing counts as anonymous failures

describe("guessing tokens and reset keys: anonymous failures of the client address", () => {
  const THRESHOLD = 5;
  let bf: TestGateway;
  let ownerId: string;
  let token: string;

  beforeAll(async () => {
    // The gateway's own host is exempt by default ([brute_force] anonymous_exempt): not here.
    bf = await startGateway(
      config({ brute_force: { anonymous_exempt: [], anonymous_threshold: THRESHOLD, anonymous_window: 60, inform: true } }),
    );
    ownerId = await bf.createUser("owner", PASSWORD, { email: "owner@example.net" });
    token = await requestToken(bf, "owner");
  });
  afterAll(() => bf.close());

  const guess = (i: number) => post(bf, "PATCH", { current_app: APP, token: String(i % 10).repeat(26) });
  const accessed = async () =>
    (
      await bf.query<{ a: boolean }>("SELECT has_been_accessed AS a FROM sso_password_reset WHERE token_hash = $1", [
        sha256Hex(token),
      ])
    )[0]?.a;

  /** A refusal of a flooding address, told ([brute_force] inform): HTTP 429, Retry-After within the window, E005001, no stack. */
  function expectFlooded(r: HttpAnswer) {
    expect({ http: r.status, status: r.body?.status, sub_status: r.body?.sub_status }).toEqual({
      http: 429,
      status: "error",
      sub_status: ["E005001"],
    });
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(r.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(r.body).not.toHaveProperty("reset_key");
  }

  it(`after ${THRESHOLD} wrong tokens every call of the address is refused with 429, the right token too, unaudited and unwritten`, async () => {
    for (let i = 0; i < THRESHOLD; i++) expectFailure(await guess(i), "E010001");
    const audited = (await auditRows(bf)).length;
    await harmless(
      async () => {
        expectFlooded(await guess(THRESHOLD));
        expectFlooded(await post(bf, "PATCH", { current_app: APP, token }));
        expectFlooded(await post(bf, "DELETE", { current_app: APP, token, reset_key: FORGED_KEY, password: NEW_PASSWORD }));
        // Asking for a token is refused too: no row and no message.
        expectFlooded(await post(bf, "POST", { current_app: APP, credential: "owner" }));
        const g = await gq(bf, "accessPasswordResetToken", { token });
        expect(g.data?.accessPasswordResetToken).toMatchObject({ __typename: "SsoError", subStatus: ["E005001"] });
        expect(g.data?.accessPasswordResetToken?.retryAfter).toBeGreaterThan(0);
        return { status: 200, text: g.text };
      },
      bf,
      ownerId,
    );
    expect(await accessed()).toBe(false);
    expect((await auditRows(bf)).length).toBe(audited);
  });

  it("the refusal ends with its window: the right token is then accessed", async () => {
    expectFlooded(await post(bf, "PATCH", { current_app: APP, token }));
    bf.clock.advance(61_000);
    await accessToken(bf, token);
    expect(await accessed()).toBe(true);
  });

  it(`${THRESHOLD} wrong reset keys are refused as well: the right key then gets 429 and the password stays`, async () => {
    bf.clock.advance(61_000);
    const fresh = await requestToken(bf, "owner");
    const key = await accessToken(bf, fresh);
    for (let i = 0; i < THRESHOLD; i++) {
      expectFailure(
        await post(bf, "DELETE", {
          current_app: APP,
          token: fresh,
          reset_key: `${FORGED_KEY.slice(0, -1)}${i + 1}`,
          password: NEW_PASSWORD,
        }),
        "E010001",
      );
    }
    await harmless(
      async () => {
        const r = await post(bf, "DELETE", { current_app: APP, token: fresh, reset_key: key, password: NEW_PASSWORD });
        expectFlooded(r);
        return r;
      },
      bf,
      ownerId,
    );
    bf.clock.advance(61_000);
    expectOk(await post(bf, "DELETE", { current_app: APP, token: fresh, reset_key: key, password: NEW_PASSWORD }));
  });

  it(`${THRESHOLD} guesses aliased in one GraphQL document count one by one: the next alias is refused`, async () => {
    bf.clock.advance(61_000);
    const fresh = await requestToken(bf, "owner");
    const guesses = Array.from(
      { length: THRESHOLD },
      (_, i) =>
        `g${i}: accessPasswordResetToken(token: "${String(i).repeat(26)}", currentApp: "${APP}") { __typename ... on SsoError { subStatus retryAfter } }`,
    );
    const right = `right: accessPasswordResetToken(token: "${fresh}", currentApp: "${APP}") { __typename ... on SsoError { subStatus retryAfter } }`;
    const r = graphqlAnswer(await bf.graphql(`mutation { ${guesses.join(" ")} ${right} }`));
    expect(r.errors, r.text).toBeUndefined();
    const values = Object.values(r.data ?? {}) as { __typename: string; subStatus: string[]; retryAfter: number | null }[];
    expect(values.slice(0, THRESHOLD)).toEqual(
      Array(THRESHOLD).fill({ __typename: "SsoError", subStatus: ["E010001"], retryAfter: null }),
    );
    expect(values[THRESHOLD]).toMatchObject({ __typename: "SsoError", subStatus: ["E005001"] });
    expect(values[THRESHOLD]?.retryAfter).toBeGreaterThan(0);
    const [row] = await bf.query<{ a: boolean }>("SELECT has_been_accessed AS a FROM sso_password_reset WHERE token_hash = $1", [
      sha256Hex(fresh),
    ]);
    expect(row?.a).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Concurrency

describe("racing uses of one token", () => {
  /** A fresh user with an email, and a token sent to it. */
  async function freshToken(): Promise<{ username: string; token: string }> {
    const username = unique("racer");
    await gw.createUser(username, PASSWORD, { email: `${username}@example.net` });
    return { username, token: await requestToken(gw, username) };
  }

  const loginWith = async (username: string, password: string) => {
    const r = await gw.rest("POST", "/zato/sso/user/login", { body: { username, password, current_app: APP } });
    return r.body?.status === "ok" ? "ok" : (r.body?.sub_status ?? []).join();
  };

  const outcome = (r: HttpAnswer) => (r.body?.status === "ok" ? "ok" : (r.body?.sub_status ?? []).join());

  it.each([1, 2, 3, 4, 5])("two simultaneous accesses of one token: one reset key, one E010001 (round %i)", async () => {
    const { token } = await freshToken();
    const answers = await Promise.all([
      post(gw, "PATCH", { current_app: APP, token }),
      post(gw, "PATCH", { current_app: APP, token }),
    ]);
    expect(answers.map(outcome).sort()).toEqual(["E010001", "ok"]);
    const winner = answers.find((r) => r.body?.status === "ok") as HttpAnswer;
    const loser = answers.find((r) => r.body?.status !== "ok") as HttpAnswer;
    expect(winner.body.reset_key).toMatch(RESET_KEY);
    expectFailure(loser, "E010001");
    const rows = await gw.query<{ reset_key_hash: string }>(
      "SELECT reset_key_hash FROM sso_password_reset WHERE token_hash = $1",
      [sha256Hex(token)],
    );
    expect(rows).toEqual([{ reset_key_hash: sha256Hex(winner.body.reset_key as string) }]);
  });

  it("two simultaneous accesses, one over REST and one over GraphQL: one reset key, one E010001", async () => {
    const { token } = await freshToken();
    const [r, g] = await Promise.all([
      post(gw, "PATCH", { current_app: APP, token }),
      gq(gw, "accessPasswordResetToken", { token }),
    ]);
    const viaGraphql = g.data?.accessPasswordResetToken;
    const outcomes = [outcome(r), viaGraphql?.__typename === "SsoError" ? viaGraphql.subStatus?.join() : "ok"].sort();
    expect(outcomes).toEqual(["E010001", "ok"]);
    const key = (r.body?.reset_key ?? viaGraphql?.resetKey) as string;
    expect(key).toMatch(RESET_KEY);
    const [row] = await gw.query<{ reset_key_hash: string }>(
      "SELECT reset_key_hash FROM sso_password_reset WHERE token_hash = $1",
      [sha256Hex(token)],
    );
    expect(row?.reset_key_hash).toBe(sha256Hex(key));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(
    "two simultaneous changes with the same token and reset key: one ok, one E010001, the winner's password only (round %i)",
    async () => {
      const { username, token } = await freshToken();
      const key = await accessToken(gw, token);
      const passwords = [NEW_PASSWORD, OTHER_PASSWORD];
      const answers = await Promise.all(
        passwords.map((password) => post(gw, "DELETE", { current_app: APP, token, reset_key: key, password })),
      );
      expect(answers.map(outcome).sort()).toEqual(["E010001", "ok"]);
      const won = answers.findIndex((r) => r.body?.status === "ok");
      expectFailure(answers[1 - won] as HttpAnswer, "E010001");
      expect({
        winner: await loginWith(username, passwords[won] as string),
        loser: await loginWith(username, passwords[1 - won] as string),
        old: await loginWith(username, PASSWORD),
      }).toEqual({ winner: "ok", loser: "E005001", old: "E005001" });
      const rows = await gw.query("SELECT is_password_reset FROM sso_password_reset WHERE token_hash = $1", [sha256Hex(token)]);
      expect(rows).toEqual([{ is_password_reset: true }]);
    },
  );

  it("two simultaneous changes, one over REST and one over GraphQL: one ok, one E010001", async () => {
    const { username, token } = await freshToken();
    const key = await accessToken(gw, token);
    const [r, g] = await Promise.all([
      post(gw, "DELETE", { current_app: APP, token, reset_key: key, password: NEW_PASSWORD }),
      gq(gw, "changePasswordResetPassword", { token, resetKey: key, password: OTHER_PASSWORD }),
    ]);
    const viaGraphql = g.data?.changePasswordResetPassword;
    const graphqlOutcome = viaGraphql?.__typename === "SsoError" ? viaGraphql.subStatus?.join() : "ok";
    expect([outcome(r), graphqlOutcome].sort()).toEqual(["E010001", "ok"]);
    const winner = outcome(r) === "ok" ? NEW_PASSWORD : OTHER_PASSWORD;
    const loser = winner === NEW_PASSWORD ? OTHER_PASSWORD : NEW_PASSWORD;
    expect({ winner: await loginWith(username, winner), loser: await loginWith(username, loser) }).toEqual({
      winner: "ok",
      loser: "E005001",
    });
  });
});

describe("the largest lifetimes the configuration accepts", () => {
  let big: TestGateway;
  beforeAll(async () => {
    big = await startGateway(
      config({
        password_reset: {
          min_answer_time: 0,
          valid_for: Number.MAX_SAFE_INTEGER,
          password_change_session_duration: Number.MAX_SAFE_INTEGER,
        },
        password: { about_to_expire_threshold: Number.MAX_SAFE_INTEGER },
      }),
    );
  });
  afterAll(() => big.close());

  it("a token and its reset key live until the far future: request, access and change all work", async () => {
    await big.createUser("far-future", PASSWORD, { email: "far-future@example.net" });
    const token = await requestToken(big, "far-future");
    const key = await accessToken(big, token);
    expectOk(await post(big, "DELETE", { current_app: APP, token, reset_key: key, password: NEW_PASSWORD }));
    const [row] = await big.query<{ expiration: string; reset_key_exp: string }>(
      "SELECT expiration_time::text AS expiration, reset_key_exp_time::text AS reset_key_exp FROM sso_password_reset WHERE token_hash = $1",
      [sha256Hex(token)],
    );
    expect(row).toEqual({ expiration: "9999-12-31 00:00:00", reset_key_exp: "9999-12-31 00:00:00" });
  });

  it("every password is about to expire: a login warns W003005", async () => {
    await big.createUser("always-expiring", PASSWORD);
    const r = await big.rest("POST", "/zato/sso/user/login", {
      body: { username: "always-expiring", password: PASSWORD, current_app: APP },
    });
    expect(r.body).toMatchObject({ status: "warning", sub_status: ["W003005"] });
  });
});
