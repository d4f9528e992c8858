import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AdminGateway, auditRows, send, startAdmin } from "../support/admin.js";
import { expectFailure, expectOk, expectPlainError, PASSWORD, raw } from "../support/fixtures.js";
import { APP, type HttpAnswer, startGateway, type TestGateway } from "../support/gateway.js";
import type { GraphQLAnswer } from "../support/graphql.js";
import { unique } from "../support/names.js";
import { tableDigests } from "../support/state.js";

// Hostile input on every signup path, REST and GraphQL: signup, confirmation, the pending list,
// approval and rejection. Never a 5xx and never a stack trace; a refused call is the exact business
// failure (the error envelope, or an SsoError) or a 4xx, and writes nothing: no user row, no change
// to any row, no message in the outbox. Guessing confirmation tokens counts as anonymous failures of
// the client address.

const SIGNUP = "/zato/sso/user/signup";
const DECISION_PATHS = [
  "/zato/sso/user/approve",
  "/zato/sso/user/signup/approve",
  "/zato/sso/user/reject",
  "/zato/sso/user/signup/reject",
] as const;
const HUGE = 500_000;
const ZERO = `zusr${"0".repeat(26)}`;
/** A stack frame, a source location or a module path: none may reach a client. */
const STACK = /\n\s+at |\bat [\w$.<>]+ \(|\bat (file|node):|\.[cm]?[jt]s:\d+|node_modules|\/src\//;

let a: AdminGateway;
let gw: TestGateway;
/** A signup awaiting confirmation and approval, and its confirmation token. */
let pendingId: string;
let pendingToken: string;
/** A regular user's UST. */
let userUst: string;

beforeAll(async () => {
  a = await startAdmin({ main: { email_service: "outbox:outbox" } });
  gw = a.gw;
  const r = expectOk(
    await send(gw, "POST", SIGNUP, { username: "pending", password: PASSWORD, email: "pending@example.net", current_app: APP }),
  );
  pendingToken = r.confirm_token as string;
  const [row] = await gw.query<{ user_id: string }>("SELECT user_id FROM sso_user WHERE username = 'pending'");
  pendingId = row?.user_id as string;
  await gw.createUser("user1", PASSWORD);
  userUst = await gw.login("user1", PASSWORD);
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

/** How many files the outbox: transport wrote so far. */
function outboxFiles(g: TestGateway = gw): number {
  try {
    return readdirSync(path.join(g.config.configDir, "outbox")).length;
  } catch {
    return 0;
  }
}

/** What a hostile call must leave as it was: the number of users, every mutable table and the outbox. */
async function snapshot(g: TestGateway = gw) {
  const [row] = await g.query<{ n: number }>("SELECT count(*)::int AS n FROM sso_user");
  return { users: row?.n, outbox: outboxFiles(g), digests: await tableDigests(g) };
}

/** Runs a hostile call: never a 5xx, no stack trace, nothing written; returns the answer. */
async function harmless<T extends { status: number; text: string }>(act: () => Promise<T>, g: TestGateway = gw): Promise<T> {
  const before = await snapshot(g);
  const r = await act();
  expect(r.status, r.text).toBeLessThan(500);
  expect(r.text).not.toMatch(STACK);
  expect(await snapshot(g)).toEqual(before);
  return r;
}

/** A call as Zato's test client makes it: the parameters as a JSON body (or the body as given), no Content-Type. */
const post = (g: TestGateway, method: string, route: string, body: unknown) =>
  raw(g, method, route, typeof body === "string" ? body : JSON.stringify(body));

const rest = (method: string, route: string, params: Record<string, unknown>) =>
  harmless(() => post(gw, method, route, { current_app: APP, ...params }));

/** About 500 kB of UTF-8 made of `unit`. */
const huge = (unit: string) => unit.repeat(Math.floor(HUGE / Buffer.byteLength(unit)));

interface GraphQLCall extends GraphQLAnswer<Record<string, Record<string, unknown> | Record<string, unknown>[] | null>> {
  text: string;
}

const ARG_TYPES: Record<string, string> = { appList: "[JSON!]", first: "Int", userIds: "[String!]!", userId: "String!" };
const QUERIES = new Set(["getSignupList"]);
const SELECTION: Record<string, string> = {
  approveUsers: "{ userId status subStatus }",
  rejectUsers: "{ userId status subStatus }",
};

/** One root field, every argument a variable of type String unless `types` or ARG_TYPES says otherwise. */
async function gq(g: TestGateway, field: string, args: Record<string, unknown>, types: Record<string, string> = {}) {
  const all: Record<string, unknown> = { currentApp: APP, ...args };
  const keys = Object.keys(all).filter((k) => all[k] !== undefined);
  const declared = keys.map((k) => `$${k}: ${types[k] ?? ARG_TYPES[k] ?? "String"}`).join(", ");
  const passed = keys.map((k) => `${k}: $${k}`).join(", ");
  const selection =
    SELECTION[field] ??
    "{ __typename ... on Payload { cid status subStatus } ... on SsoError { cid status subStatus message retryAfter } }";
  const query = `${QUERIES.has(field) ? "query" : "mutation"}(${declared}) { ${field}(${passed}) ${selection} }`;
  return graphqlAnswer(await g.graphql(query, Object.fromEntries(keys.map((k) => [k, all[k]]))));
}

function graphqlAnswer(answer: HttpAnswer): GraphQLCall {
  const body = (answer.body ?? {}) as { data?: GraphQLCall["data"]; errors?: GraphQLCall["errors"] };
  return {
    status: answer.status,
    data: body.data,
    errors: body.errors,
    cid: answer.headers.get("x-zato-cid"),
    text: answer.text,
  };
}

/** The one field of a GraphQL answer without GraphQL errors: its type and sub_status. */
function fieldOutcome(r: GraphQLCall) {
  expect(r.status, r.text).toBe(200);
  expect(r.errors, r.text).toBeUndefined();
  const [value, ...more] = Object.values(r.data ?? {}) as Record<string, unknown>[];
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

/** A refusal of either surface, whatever its code: a 4xx, an error envelope or an SsoError. */
function expectRefusal(r: HttpAnswer | GraphQLCall) {
  expect(r.status, r.text).toBeLessThan(500);
  if ("headers" in r) {
    if (r.status === 200) expect(r.body?.status, r.text).toBe("error");
    else expect(r.status, r.text).toBeGreaterThanOrEqual(400);
    return;
  }
  if (r.errors) return;
  expect(fieldOutcome(r).type, r.text).toBe("SsoError");
}

const signupFields = () => ({ username: unique("h"), password: PASSWORD, email: "h@example.net" });

// ---------------------------------------------------------------------------------------------
// Malformed bodies, every REST path

const REST_PATHS = [
  { name: "sign up", method: "POST", path: SIGNUP, valid: () => signupFields() },
  { name: "confirm", method: "PATCH", path: SIGNUP, valid: () => ({ confirm_token: pendingToken }) },
  { name: "confirm (alias)", method: "POST", path: `${SIGNUP}/confirm`, valid: () => ({ confirm_token: pendingToken }) },
  { name: "pending list", method: "GET", path: SIGNUP, valid: () => ({ ust: a.adminUst }) },
  ...DECISION_PATHS.map((p) => ({ name: p, method: "POST", path: p, valid: () => ({ ust: a.adminUst, user_id: pendingId }) })),
];

describe.each(REST_PATHS)("$method $path ($name): malformed bodies", (m) => {
  it.each([
    ["not JSON", () => '{"username": '],
    ["JSON with a trailing comma", () => `{"current_app": "${APP}",}`],
    ["a JSON array", () => JSON.stringify([{ current_app: APP, ...m.valid() }])],
    ["a JSON string", () => JSON.stringify(JSON.stringify({ current_app: APP, ...m.valid() }))],
    ["a JSON number", () => "42"],
    ["JSON null", () => "null"],
    ["deeply nested arrays", () => `${"[".repeat(50_000)}${"]".repeat(50_000)}`],
  ])("a body that is %s: HTTP 400, nothing written", async (_, body) => {
    expectPlainError(await harmless(() => post(gw, m.method, m.path, body())), 400, "Bad request");
  });

  it("a body over a megabyte: HTTP 413, nothing written", async () => {
    const r = await harmless(() =>
      post(gw, m.method, m.path, { current_app: APP, ...m.valid(), padding: "x".repeat(1_100_000) }),
    );
    expectPlainError(r, 413, "Payload too large");
  });

  it("raw invalid UTF-8 bytes and an unterminated string: never a 5xx, nothing written", async () => {
    const body = Buffer.concat([Buffer.from(`{"current_app": "${APP}", "username": "x`), Buffer.from([0xff, 0xfe, 0x00])]);
    const r = await harmless(() => raw(gw, m.method, m.path, body));
    expect(r.status).toBe(400);
  });
});

// ---------------------------------------------------------------------------------------------
// POST /zato/sso/user/signup

describe("POST /zato/sso/user/signup: wrong types, NUL and lone surrogates are E008002; nothing written", () => {
  it.each([
    ["username as an object", { username: { $ne: null } }],
    ["username as a list", { username: ["a", "b"] }],
    ["username as an empty list", { username: [] }],
    ["password as an object", { password: { value: PASSWORD } }],
    ["password as a list", { password: [PASSWORD] }],
    ["email as an object", { email: { $regex: ".*" } }],
    ["email as a list", { email: ["a@example.net"] }],
    ["app_list as a string", { app_list: APP }],
    ["app_list as an object", { app_list: { 0: APP } }],
    ["a NUL character in the username", { username: "ab\u0000cd" }],
    ["a NUL character in the password", { password: `${PASSWORD}\u0000` }],
    ["a NUL character in the email", { email: "a\u0000@example.net" }],
    ["a lone high surrogate in the username", { username: "ab\ud800" }],
    ["a lone low surrogate in the password", { password: `\udc00${PASSWORD}` }],
    ["a lone surrogate in the email", { email: "a@example.net\udfff" }],
    ["a 500 kB email", { email: huge("e") }],
  ])("%s: E008002", async (_, fields) => {
    expectFailure(await rest("POST", SIGNUP, { ...signupFields(), ...fields }), "E008002");
  });

  it.each([
    ["an object", [{ app: APP }]],
    ["a list", [[APP]]],
    ["null", [null]],
    ["a number", [1]],
    ["a NUL character", [`${APP}\u0000`]],
    ["a 500 kB name", [huge("c")]],
    ["SQL", ["CRM' OR '1'='1"]],
  ])("app_list holding %s: E004001", async (_, appList) => {
    expectFailure(await rest("POST", SIGNUP, { ...signupFields(), app_list: appList }), "E004001");
  });

  it.each([
    ["a 500 kB username (too long)", { username: huge("u") }, "E005001"],
    ["a 500 kB password", { password: huge("p") }, "E003003"],
    ["a 500 kB password of multi-byte characters", { password: huge("é") }, "E003003"],
    ["SQL in the username (with whitespace)", { username: "x' OR '1'='1" }, "E005001"],
    ["SQL in the username (a statement)", { username: "x'; DELETE FROM sso_user; --" }, "E005001"],
    ["a taken username with SQL in the password", { username: "pending", password: "' OR 1=1; --" }, "E005001"],
    ["an empty username", { username: "" }, "E001001"],
    ["JSON null as the username", { username: null }, "E001001"],
  ])("%s: %s", async (_, fields, code) => {
    expectFailure(await rest("POST", SIGNUP, { ...signupFields(), ...fields }), code);
  });

  it("an unknown current_app with a valid signup (pre-check): HTTP 200, E004001, nothing written", async () => {
    expectFailure(await rest("POST", SIGNUP, { ...signupFields(), current_app: { $ne: null } }), "E004001", 200);
    expectFailure(await rest("POST", SIGNUP, { ...signupFields(), current_app: "CRM\u0000" }), "E004001", 200);
  });
});

/** Whitespace of any kind, as Unicode's White_Space property has it. */
const WHITESPACE: [string, string][] = [
  ["a tab", "\t"],
  ["a line feed", "\n"],
  ["a carriage return", "\r"],
  ["a vertical tab", "\v"],
  ["a form feed", "\f"],
  ["a space", " "],
  ["a next-line (U+0085)", "\u0085"],
  ["a no-break space (U+00A0)", "\u00a0"],
  ["a line separator (U+2028)", "\u2028"],
  ["an ideographic space (U+3000)", "\u3000"],
];
/** Control and invisible formatting characters that are no whitespace. */
const CONTROL: [string, string][] = [
  ["SOH (U+0001)", "\u0001"],
  ["ESC (U+001B), a terminal escape", "\u001b[31m"],
  ["US (U+001F)", "\u001f"],
  ["DEL (U+007F)", "\u007f"],
  ["a backspace (U+0008)", "\u0008"],
  ["a zero-width space (U+200B)", "\u200b"],
  ["a zero-width joiner (U+200D)", "\u200d"],
  ["a right-to-left override (U+202E)", "\u202e"],
  ["a byte order mark (U+FEFF)", "\ufeff"],
  ["a soft hyphen (U+00AD)", "\u00ad"],
];

describe("usernames with whitespace, control or invisible formatting characters: refused on both surfaces, nothing written", () => {
  it.each(WHITESPACE)("REST: a username holding %s: E005001 (E001004, hidden by default)", async (_, c) => {
    expectFailure(await rest("POST", SIGNUP, { ...signupFields(), username: `${unique("ab")}${c}cd` }), "E005001");
  });

  it.each(WHITESPACE)("GraphQL: a username holding %s: E005001", async (_, c) => {
    const r = await harmless(() => gq(gw, "signup", { ...signupFields(), username: `${unique("ab")}${c}cd` }));
    expectSsoError(r, "E005001");
  });

  it.each(CONTROL)("REST: a username holding %s: refused", async (_, c) => {
    expectRefusal(await rest("POST", SIGNUP, { ...signupFields(), username: `${unique("ab")}${c}cd` }));
  });

  it.each(CONTROL)("GraphQL: a username holding %s: refused", async (_, c) => {
    expectRefusal(await harmless(() => gq(gw, "signup", { ...signupFields(), username: `${unique("ab")}${c}cd` })));
  });
});

describe("SQL-looking values that signup accepts are stored as text, and change nothing else", () => {
  it.each([
    ["REST", "x'OR'1'='1"],
    ["REST", "x';DELETE/**/FROM/**/users;--"],
    ["GraphQL", "y'OR'1'='1"],
    ["GraphQL", "y');UPDATE/**/users/**/SET/**/is_super_user=true;--"],
  ])("%s: the username %s", async (surface, username) => {
    const before = await tableDigests(gw);
    const others = await gw.query("SELECT * FROM sso_user ORDER BY id");
    const email = "x'); DROP TABLE sso_user; --@example.net";
    if (surface === "REST") {
      expectOk(await post(gw, "POST", SIGNUP, { username, password: PASSWORD, email, current_app: APP }));
    } else {
      expect(fieldOutcome(await gq(gw, "signup", { username, password: PASSWORD, email })).type).toBe("SignupPayload");
    }
    expect(await gw.query("SELECT * FROM sso_user WHERE id <= $1 ORDER BY id", [others.at(-1)?.id])).toEqual(others);
    const [row] = await gw.query<{ username: string; is_super_user: boolean; approval_status: string }>(
      "SELECT username, is_super_user, approval_status FROM sso_user WHERE username = $1",
      [username],
    );
    expect(row).toEqual({ username, is_super_user: false, approval_status: "before_decision" });
    const after = await tableDigests(gw);
    expect({ ...after, sso_user: "" }).toEqual({ ...before, sso_user: "" });
    // Tidy up: the rows added here would otherwise show in later snapshots as their own.
    await gw.query("DELETE FROM sso_user WHERE username = $1", [username]);
  });
});

// ---------------------------------------------------------------------------------------------
// Confirmation

const CONFIRM_PATHS = [
  ["PATCH", SIGNUP],
  ["POST", `${SIGNUP}/confirm`],
] as const;

describe.each(CONFIRM_PATHS)("%s %s: hostile tokens confirm nothing", (method, route) => {
  it.each([
    ["an object", () => ({ $ne: null })],
    ["a list holding the real token", () => [pendingToken]],
    ["an empty list", () => []],
    ["the real token and a NUL character", () => `${pendingToken}\u0000`],
    ["a lone high surrogate", () => "\ud800"],
    ["the real token and a lone low surrogate", () => `${pendingToken}\udc00`],
  ])("a token that is %s: E008002", async (_, token) => {
    expectFailure(await rest(method, route, { confirm_token: token() }), "E008002");
  });

  it.each([
    ["a number", () => 12345],
    ["true", () => true],
    ["JSON null", () => null],
    ["empty", () => ""],
    ["500 kB long", () => huge("A")],
    ["500 kB of the real token", () => huge(pendingToken)],
    ["SQL (quote and OR)", () => "' OR '1'='1"],
    ["SQL after the real token", () => `${pendingToken}' --`],
    ["SQL (statement)", () => "x'; UPDATE sso_user SET sign_up_status = 'final'; --"],
    ["a LIKE pattern", () => "%"],
    ["the real token upper-cased", () => pendingToken.toUpperCase()],
    ["the real token lower-cased", () => pendingToken.toLowerCase()],
    ["the real token with a space after it", () => `${pendingToken} `],
    ["the real token without its last character", () => pendingToken.slice(0, -1)],
    ["the admin's UST", () => a.adminUst],
    ["the pending user's user_id", () => pendingId],
    ["the SHA-256 of the real token (what is stored)", () => "0".repeat(64)],
  ])("a token that is %s: E005001", async (_, token) => {
    expectFailure(await rest(method, route, { confirm_token: token() }), "E005001");
  });
});

// ---------------------------------------------------------------------------------------------
// The pending list

describe("GET /zato/sso/user/signup: hostile parameters are refused, and nothing is written", () => {
  const list = (params: Record<string, unknown>) => rest("GET", SIGNUP, { ust: a.adminUst, ...params });
  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

  it.each([
    ["status as an object", { status: { $ne: null } }],
    ["status as a list", { status: ["to-approve", "to-confirm"] }],
    ["status with a NUL character", { status: "to-approve\u0000" }],
    ["status with a lone surrogate", { status: "to-approve\ud800" }],
    ["status 500 kB long", { status: huge("s") }],
    ["status as SQL", { status: "to-approve' OR '1'='1" }],
    ["status as a number", { status: 1 }],
    ["status upper-cased", { status: "TO-APPROVE" }],
    ["ust as an object", { ust: { $ne: null } }],
  ])("%s: E008002", async (_, params) => {
    expectFailure(await list(params), "E008002");
  });

  it.each([
    ["first", { first: 1 }],
    ["first as an object", { first: { $gt: 0 } }],
    ["first as text", { first: "all" }],
    ["after as garbage", { after: "' OR '1'='1" }],
    ["after as a cursor with a date that is no date", { after: cursor(["2024-13-45T25:61:61", "pending"]) }],
  ])("%s: ignored, as every key the call does not define (paging is GraphQL's): the whole list", async (_, params) => {
    let whole = expectOk(await list({})).result as unknown[];
    if (whole.length < 2) {
      const username = unique("second");
      expectOk(
        await send(gw, "POST", SIGNUP, { username, password: PASSWORD, email: `${username}@example.net`, current_app: APP }),
      );
      whole = expectOk(await list({})).result as unknown[];
    }
    expect(whole.length).toBeGreaterThan(1);
    expect(expectOk(await list(params)).result).toEqual(whole);
  });

  it("a cursor with a date that is no date in the query string: ignored, not HTTP 500", async () => {
    const r = await harmless(() =>
      gw.rest("GET", SIGNUP, { query: { ust: a.adminUst, current_app: APP, after: cursor(["9999-99-99T99:99:99", "x"]) } }),
    );
    expectOk(r);
  });

  it.each([
    ["a forged UST", `zust${"0".repeat(52)}`],
    ["SQL as the UST", "' OR '1'='1"],
    ["a 500 kB UST", huge("z")],
  ])("%s: E007001", async (_, ust) => {
    expectFailure(await list({ ust }), "E007001");
  });

  it("a regular user: E005001, whatever the status", async () => {
    expectFailure(await list({ ust: userUst, status: "' OR '1'='1" }), "E005001");
  });
});

// ---------------------------------------------------------------------------------------------
// Approval and rejection

describe.each(DECISION_PATHS)("POST %s: hostile user_id and reason change nothing", (route) => {
  it.each([
    ["user_id as an object", { user_id: { $ne: null } }],
    ["user_id as a list", { user_id: [pendingId] }],
    ["user_id with a NUL character", { user_id: `${ZERO}\u0000` }],
    ["user_id with a lone surrogate", { user_id: `${ZERO}\ud800` }],
    ["reason as an object, on a real pending user", { user_id: "<pending>", reason: { why: "x" } }],
    ["reason as a list, on a real pending user", { user_id: "<pending>", reason: ["x"] }],
    ["reason with a NUL character, on a real pending user", { user_id: "<pending>", reason: "x\u0000" }],
    ["reason with a lone surrogate, on a real pending user", { user_id: "<pending>", reason: "\udbff" }],
  ])("%s: E008002", async (_, fields) => {
    const params = { ust: a.adminUst, ...fields, user_id: fields.user_id === "<pending>" ? pendingId : fields.user_id };
    expectFailure(await rest("POST", route, params), "E008002");
  });

  it.each([
    ["a 500 kB user_id", { user_id: huge("z") }],
    ["SQL as the user_id", { user_id: "' OR '1'='1" }],
    ["SQL matching every user_id as a LIKE pattern", { user_id: "zusr%" }],
    ["a user_id upper-cased", { user_id: "<PENDING>" }],
    ["a 500 kB reason, on an unknown user", { user_id: ZERO, reason: huge("r") }],
  ])("%s: ok, and nothing changes", async (_, fields) => {
    const userId = fields.user_id === "<PENDING>" ? pendingId.toUpperCase() : fields.user_id;
    expectOk(await rest("POST", route, { ust: a.adminUst, ...fields, user_id: userId }));
  });

  it("a regular user with a real pending user: E008002", async () => {
    expectFailure(await rest("POST", route, { ust: userUst, user_id: pendingId, reason: "' OR 1=1" }), "E008002");
  });
});

// ---------------------------------------------------------------------------------------------
// GraphQL

describe("GraphQL: a body that is no GraphQL request", () => {
  it.each([
    ["not JSON", '{"query": "mutation { signup('],
    ["JSON without a query", '{"variables": {}}'],
    ["a query that does not parse", JSON.stringify({ query: 'mutation { signup(username: "x" { cid } }' })],
    [
      "variables that are not an object",
      JSON.stringify({ query: "mutation($u: String) { signup(username: $u) { __typename } }", variables: "u" }),
    ],
  ])("%s: GraphQL errors or a 4xx, no data, nothing written", async (_, body) => {
    const r = await harmless(async () => {
      const response = await fetch(`${gw.url}${gw.config.server.graphql_path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      return { status: response.status, text: await response.text() };
    });
    if (r.status === 200) expectGraphQLError(graphqlAnswer({ ...r, headers: new Headers(), body: JSON.parse(r.text) }));
    else expect(r.status).toBeGreaterThanOrEqual(400);
  });
});

describe("GraphQL: wrong types are GraphQL errors, nothing runs", () => {
  it.each([
    ["signup", "username", { $ne: null }],
    ["signup", "username", ["a", "b"]],
    ["signup", "password", { value: PASSWORD }],
    ["signup", "password", [PASSWORD]],
    ["signup", "email", { $regex: ".*" }],
    ["signup", "email", ["a@example.net"]],
    ["confirmSignup", "confirmToken", { $ne: null }],
    ["confirmSignup", "confirmToken", ["token"]],
    ["confirmSignup", "confirmToken", 12345],
    ["getSignupList", "status", { $ne: null }],
    ["getSignupList", "status", ["to-approve"]],
    ["getSignupList", "first", "all"],
    ["getSignupList", "first", 1.5],
    ["getSignupList", "first", 2 ** 40],
    ["getSignupList", "after", { username: "pending" }],
    ["approveUser", "userId", { $ne: null }],
    ["rejectUser", "userId", ["x"]],
    ["rejectUser", "reason", { why: "x" }],
    ["approveUsers", "userIds", [{ $ne: null }]],
    ["rejectUsers", "userIds", [null]],
    ["rejectUsers", "userIds", { 0: "x" }],
  ] as const)("%s with %s = %j: a GraphQL error", async (field, arg, value) => {
    const base: Record<string, Record<string, unknown>> = {
      signup: signupFields(),
      confirmSignup: { confirmToken: pendingToken },
      getSignupList: { ust: a.adminUst },
      approveUser: { ust: a.adminUst, userId: pendingId },
      rejectUser: { ust: a.adminUst, userId: pendingId },
      approveUsers: { ust: a.adminUst, userIds: [pendingId] },
      rejectUsers: { ust: a.adminUst, userIds: [pendingId] },
    };
    expectGraphQLError(await harmless(() => gq(gw, field, { ...base[field], [arg]: value })));
  });

  it("an unknown argument (confirm_token in snake case): a GraphQL error", async () => {
    const r = await harmless(async () =>
      graphqlAnswer(
        await gw.graphql(`mutation { confirmSignup(confirm_token: "${pendingToken}", currentApp: "${APP}") { __typename } }`),
      ),
    );
    expectGraphQLError(r);
  });

  it("names at signup (not accepted): a GraphQL error", async () => {
    const r = await harmless(async () =>
      graphqlAnswer(
        await gw.graphql(
          `mutation { signup(username: "named", password: "${PASSWORD}", displayName: "x", currentApp: "${APP}") { __typename } }`,
        ),
      ),
    );
    expectGraphQLError(r);
  });
});

describe("GraphQL: hostile strings are SsoErrors, nothing written", () => {
  it.each([
    ["signup", () => ({ ...signupFields(), username: "ab\u0000" })],
    ["signup", () => ({ ...signupFields(), username: "\ud800ab" })],
    ["signup", () => ({ ...signupFields(), password: `${PASSWORD}\u0000` })],
    ["signup", () => ({ ...signupFields(), password: `${PASSWORD}\udc00` })],
    ["signup", () => ({ ...signupFields(), email: "a\u0000@example.net" })],
    ["signup", () => ({ ...signupFields(), email: "a@example.net\ud800" })],
    ["signup", () => ({ ...signupFields(), email: huge("e") })],
    ["confirmSignup", () => ({ confirmToken: `${pendingToken}\u0000` })],
    ["confirmSignup", () => ({ confirmToken: `\udc00${pendingToken}` })],
    ["getSignupList", () => ({ ust: a.adminUst, status: "to-approve\u0000" })],
    ["getSignupList", () => ({ ust: a.adminUst, status: "' OR '1'='1" })],
    ["getSignupList", () => ({ ust: a.adminUst, after: "' OR '1'='1" })],
    ["getSignupList", () => ({ ust: a.adminUst, first: 0 })],
    ["getSignupList", () => ({ ust: a.adminUst, first: 1001 })],
    ["approveUser", () => ({ ust: a.adminUst, userId: `${pendingId}\u0000` })],
    ["rejectUser", () => ({ ust: a.adminUst, userId: pendingId, reason: "\ud800" })],
    ["rejectUser", () => ({ ust: a.adminUst, userId: pendingId, reason: "x\u0000" })],
    ["approveUser", () => ({ ust: userUst, userId: pendingId })],
    ["rejectUser", () => ({ ust: userUst, userId: pendingId, reason: "' OR 1=1" })],
  ] as const)("%s with a NUL, a lone surrogate, a bad value or a regular caller: E008002", async (field, args) => {
    expectSsoError(await harmless(() => gq(gw, field, args())), "E008002");
  });

  it.each([
    ["a 500 kB username", { username: huge("u") }, "E005001"],
    ["SQL in the username", { username: "x' OR '1'='1" }, "E005001"],
    ["a taken username", { username: "pending" }, "E005001"],
    ["a 500 kB password", { password: huge("p") }, "E003003"],
    ["an empty username", { username: "" }, "E001001"],
    ["appList as a string naming no application (coerced to a list)", { appList: "Nope" }, "E004001"],
    ["appList holding an object", { appList: [{ app: APP }] }, "E004001"],
    ["appList holding a list", { appList: [[APP]] }, "E004001"],
    ["appList holding a 500 kB name", { appList: [huge("c")] }, "E004001"],
  ])("signup with %s: %s", async (_, fields, code) => {
    expectSsoError(await harmless(() => gq(gw, "signup", { ...signupFields(), ...fields })), code);
  });

  it.each([
    ["a 500 kB token", () => huge("A")],
    ["500 kB of the real token", () => huge(pendingToken)],
    ["SQL", () => "' OR '1'='1"],
    ["the real token upper-cased", () => pendingToken.toUpperCase()],
    ["the real token with a space after it", () => `${pendingToken} `],
    ["empty", () => ""],
    ["the admin's UST", () => a.adminUst],
  ])("confirmSignup with %s: E005001", async (_, token) => {
    expectSsoError(await harmless(() => gq(gw, "confirmSignup", { confirmToken: token() })), "E005001");
  });

  it("getSignupList with a forged cursor whose date is no date: E008002, not an unexpected error", async () => {
    const after = Buffer.from(JSON.stringify(["2024-02-30T00:00:00", "pending"])).toString("base64url");
    expectSsoError(await harmless(() => gq(gw, "getSignupList", { ust: a.adminUst, after })), "E008002");
  });

  it.each([
    ["a 500 kB id", () => huge("z")],
    ["SQL", () => "' OR '1'='1"],
    ["a LIKE pattern", () => "zusr%"],
  ])("approveUser and rejectUser with %s as the userId: ok, nothing changes", async (_, userId) => {
    for (const field of ["approveUser", "rejectUser"]) {
      expect(fieldOutcome(await harmless(() => gq(gw, field, { ust: a.adminUst, userId: userId() })))).toEqual({
        type: "EmptyPayload",
        subStatus: [],
      });
    }
  });

  it("approveUsers and rejectUsers with hostile ids: each as the single call, nothing changes", async () => {
    const ids = [`${pendingId}\u0000`, "\ud800", huge("z"), "' OR '1'='1", "zusr%", ""];
    for (const field of ["approveUsers", "rejectUsers"]) {
      const r = await harmless(() => gq(gw, field, { ust: a.adminUst, userIds: ids, reason: undefined }));
      expect(r.errors, r.text).toBeUndefined();
      const decisions = (r.data?.[field] ?? []) as { status: string; subStatus: string[] }[];
      expect(decisions.map((d) => [d.status, d.subStatus])).toEqual([
        ["error", ["E008002"]],
        ["error", ["E008002"]],
        ["ok", []],
        ["ok", []],
        ["ok", []],
        // An empty id is absent, and the single call a bad request: its code.
        ["error", ["E008002"]],
      ]);
    }
  });

  it("rejectUsers with a hostile reason on a real pending user: E008002 for it, nothing changes", async () => {
    for (const reason of ["x\u0000", "\udfff"]) {
      const r = await harmless(() => gq(gw, "rejectUsers", { ust: a.adminUst, userIds: [pendingId], reason }));
      expect(r.data?.rejectUsers).toEqual([{ userId: pendingId, status: "error", subStatus: ["E008002"] }]);
    }
  });

  it("101 ids, one of them real: E008002 for each, nothing changes", async () => {
    const ids = [pendingId, ...Array.from({ length: 100 }, () => ZERO)];
    const r = await harmless(() => gq(gw, "rejectUsers", { ust: a.adminUst, userIds: ids }));
    const decisions = r.data?.rejectUsers as { subStatus: string[] }[];
    expect(decisions).toHaveLength(101);
    expect(new Set(decisions.map((d) => d.subStatus.join()))).toEqual(new Set(["E008002"]));
  });
});

describe("after all the hostile calls", () => {
  it("the pending user is still there, unconfirmed and undecided, and its token still confirms it", async () => {
    const [row] = await gw.query("SELECT sign_up_status, approval_status FROM sso_user WHERE user_id = $1", [pendingId]);
    expect(row).toEqual({ sign_up_status: "before_confirmation", approval_status: "before_decision" });
    expectOk(await post(gw, "PATCH", SIGNUP, { confirm_token: pendingToken, current_app: APP }));
    const [after] = await gw.query("SELECT sign_up_status FROM sso_user WHERE user_id = $1", [pendingId]);
    expect(after).toEqual({ sign_up_status: "final" });
  });

  it("no audit record and no log line holds the confirmation token or a password", async () => {
    const rows = (await auditRows(gw)).map((row) => JSON.stringify(row));
    expect(rows.length).toBeGreaterThan(100);
    const texts = [...rows, ...gw.logs.map((l) => JSON.stringify(l))];
    const found = [pendingToken, PASSWORD].flatMap((secret) =>
      texts.filter((t) => t.includes(secret)).map((t) => `${secret} in ${t.slice(0, 300)}`),
    );
    expect(found).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Guessing confirmation tokens counts as anonymous failures

describe("guessing confirmation tokens: anonymous failures of the client address", () => {
  const THRESHOLD = 5;
  let bf: TestGateway;
  let token: string;

  beforeAll(async () => {
    // The gateway's own host is exempt by default ([brute_force] anonymous_exempt): not here.
    bf = await startGateway({
      main: { email_service: "outbox:outbox" },
      brute_force: { anonymous_exempt: [], anonymous_threshold: THRESHOLD, anonymous_window: 60, inform: true },
    });
    const r = expectOk(
      await post(bf, "POST", SIGNUP, { username: "owner", password: PASSWORD, email: "owner@example.net", current_app: APP }),
    );
    token = r.confirm_token as string;
  });
  afterAll(() => bf.close());

  const guess = (i: number, route: "PATCH" | "POST" = "PATCH") =>
    route === "PATCH"
      ? post(bf, "PATCH", SIGNUP, { current_app: APP, confirm_token: `guess-${i}` })
      : post(bf, "POST", `${SIGNUP}/confirm`, { current_app: APP, confirm_token: `guess-${i}` });
  const status = async () =>
    (await bf.query<{ s: string }>("SELECT sign_up_status AS s FROM sso_user WHERE username = 'owner'"))[0]?.s;

  /** A refusal of a flooding address, told ([brute_force] inform): HTTP 429, Retry-After within the window, E005001, no stack. */
  function expectFlooded(r: HttpAnswer) {
    expect({ http: r.status, status: r.body?.status, sub_status: r.body?.sub_status }).toEqual({
      http: 429,
      status: "error",
      sub_status: ["E005001"],
    });
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(r.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(r.text).not.toMatch(STACK);
  }

  it(`after ${THRESHOLD} wrong tokens the next call is HTTP 429, the right token too; nothing confirmed, signup refused too`, async () => {
    for (let i = 0; i < THRESHOLD; i++) expectFailure(await guess(i), "E005001");
    const audited = (await auditRows(bf)).length;
    await harmless(async () => {
      expectFlooded(await guess(THRESHOLD));
      expectFlooded(await post(bf, "PATCH", SIGNUP, { current_app: APP, confirm_token: token }));
      expectFlooded(await post(bf, "POST", `${SIGNUP}/confirm`, { current_app: APP, confirm_token: token }));
      expectFlooded(await post(bf, "POST", SIGNUP, { username: "late", password: PASSWORD, current_app: APP }));
      const g = await gq(bf, "confirmSignup", { confirmToken: token });
      expect(g.data?.confirmSignup).toMatchObject({ __typename: "SsoError", subStatus: ["E005001"] });
      expect((g.data?.confirmSignup as { retryAfter?: number } | undefined)?.retryAfter).toBeGreaterThan(0);
      return { status: 200, text: g.text };
    }, bf);
    expect(await status()).toBe("before_confirmation");
    // Refusals of a flood are not audited.
    expect((await auditRows(bf)).length).toBe(audited);
  });

  it("the refusal ends with its window: the right token then confirms", async () => {
    expectFlooded(await post(bf, "PATCH", SIGNUP, { current_app: APP, confirm_token: token }));
    bf.clock.advance(61_000);
    expectOk(await post(bf, "PATCH", SIGNUP, { current_app: APP, confirm_token: token }));
    expect(await status()).toBe("final");
  });

  it("guesses through the alias, GraphQL and the token of a confirmed account count alike", async () => {
    bf.clock.advance(61_000);
    expectFailure(await guess(100, "POST"), "E005001");
    expectFailure(await guess(101, "POST"), "E005001");
    expectSsoError(await gq(bf, "confirmSignup", { confirmToken: "guess-102" }), "E005001");
    // The right token of an account confirmed already fails too, and counts.
    expectFailure(await post(bf, "PATCH", SIGNUP, { current_app: APP, confirm_token: token }), "E005001");
    expectFailure(await guess(103), "E005001");
    expectFlooded(await guess(104, "POST"));
  });
});
