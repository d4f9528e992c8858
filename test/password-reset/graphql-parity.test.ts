import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { sha256Hex } from "../../src/lib/crypto.js";
import { send } from "../support/admin.js";
import { expectOk, PASSWORD, setUser } from "../support/fixtures.js";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";
import type { GraphQLAnswer } from "../support/graphql.js";
import { unique } from "../support/names.js";
import { error, ok, type ParityOutcome, type ParityScenario, parityTests } from "../support/parity.js";

// Creating, accessing and using a password-reset token report the same outcome through REST
// (POST, PATCH and DELETE /zato/sso/password/reset) and through GraphQL (createPasswordResetToken,
// accessPasswordResetToken, changePasswordResetPassword): the same status and sub_status, the same
// audit operation and the same stored effect, scenario by scenario.

const PATH = "/zato/sso/password/reset";
const TOKEN = /^[0-9a-hjkmnp-tv-z]{26}$/;
const RESET_KEY = /^zprtrkey[0-9a-hjkmnp-tv-z]{52}$/;
const NEW_PASSWORD = "fresh-Harbor-lamp-29";
const OTHER_PASSWORD = "second-Quiet-river-41";
const FORGED_TOKEN = "0".repeat(26);
const FORGED_KEY = `zprtrkey${"0".repeat(52)}`;
/** The session duration of the reset key, in seconds (shorter than the token's validity). */
const KEY_SECONDS = 600;
const VALID_FOR_MINUTES = 120;

const OP = {
  create: "password_reset.create_token",
  access: "password_reset.access_token",
  change: "password_reset.change_password",
} as const;

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({
    main: { email_service: "outbox:outbox" },
    apps: { all: ["CRM", "Other"], login_allowed: ["CRM"] },
    password_reset: {
      min_answer_time: 0,
      valid_for: VALID_FOR_MINUTES,
      password_change_session_duration: KEY_SECONDS,
      max_per_user: 1000,
      max_per_user_and_address: 1000,
      max_per_address: 100_000,
    },
  });
});
afterAll(() => gw.close());

// ---------------------------------------------------------------------------------------------
// Outbox, fixtures and calls

interface OutboxMessage {
  file: string;
  kind: string;
  token: string;
  user: { user_id: string; username: string; email: string; display_name: string | null };
  message: { to: string; subject: string; body: string };
}

/** Every message the outbox: transport wrote so far. */
function outbox(): OutboxMessage[] {
  const dir = path.join(gw.config.configDir, "outbox");
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.sort().map((file) => ({ file, ...JSON.parse(readFileSync(path.join(dir, file), "utf8")) }));
}

/** The password-reset messages sent to one user, oldest first. */
const messagesTo = (username: string) => outbox().filter((m) => m.kind === "password_reset" && m.user.username === username);

/** A fresh, approved user with an email of its own, and what the scenarios learn about it. */
interface Fixture {
  username: string;
  userId: string;
  email: string;
  /** The password hash the user had when the fixture was made. */
  initialHash: string;
  token?: string;
  resetKey?: string;
  /** Outbox files written during the scenario's own call. */
  outboxDelta?: number;
}

async function freshUser(): Promise<Fixture> {
  const username = unique("reset");
  const email = `${username}@example.net`;
  const userId = await gw.createUser(username, PASSWORD, { email });
  return { username, userId, email, initialHash: await passwordHash(userId) };
}

async function passwordHash(userId: string): Promise<string> {
  const [row] = await gw.query<{ password: string }>("SELECT password FROM sso_user WHERE user_id = $1", [userId]);
  if (!row) throw new Error(`no user ${userId}`);
  return row.password;
}

/** Asks for a token over REST and reads it from the outbox. */
async function requestToken(f: Fixture): Promise<string> {
  const before = messagesTo(f.username).length;
  expectOk(await rest("POST", { credential: f.username }));
  const sent = messagesTo(f.username);
  expect(sent).toHaveLength(before + 1);
  const token = sent.at(-1)?.token as string;
  expect(token).toMatch(TOKEN);
  return token;
}

/** A fresh user holding a token, not yet accessed. */
async function withToken(): Promise<Fixture> {
  const f = await freshUser();
  f.token = await requestToken(f);
  return f;
}

/** A fresh user holding a token accessed over REST, and its reset key. */
async function withAccessedToken(): Promise<Fixture> {
  const f = await withToken();
  const r = expectOk(await rest("PATCH", { token: f.token }));
  f.resetKey = r.reset_key as string;
  expect(f.resetKey).toMatch(RESET_KEY);
  return f;
}

/** A call the way Zato's test client makes it: every parameter in a JSON body, current_app included. */
const rest = (method: string, params: Record<string, unknown>) => send(gw, method, PATH, { current_app: APP, ...params });

const FIELDS = {
  createPasswordResetToken: { args: ["credential", "currentApp"], extra: "" },
  accessPasswordResetToken: { args: ["token", "currentApp"], extra: "... on AccessPasswordResetTokenPayload { resetKey }" },
  changePasswordResetPassword: { args: ["token", "resetKey", "password", "currentApp"], extra: "" },
} as const;
type Field = keyof typeof FIELDS;

/** Calls one of the three mutations, every argument as a String variable; currentApp defaults to APP. */
async function gq(field: Field, args: Record<string, string | undefined>): Promise<GraphQLAnswer<Record<string, unknown>>> {
  const all: Record<string, string | undefined> = { ...args, currentApp: args.currentApp ?? APP };
  const keys = Object.keys(all).filter((k) => all[k] !== undefined);
  for (const k of keys) if (!(FIELDS[field].args as readonly string[]).includes(k)) throw new Error(`no argument ${k}`);
  const declared = keys.map((k) => `$${k}: String`).join(", ");
  const passed = keys.map((k) => `${k}: $${k}`).join(", ");
  const query = `mutation(${declared}) { ${field}(${passed}) { __typename ... on Payload { cid status subStatus } ... on SsoError { cid status subStatus message } ${FIELDS[field].extra} } }`;
  const answer = await gw.graphql(query, Object.fromEntries(keys.map((k) => [k, all[k]])));
  const body = (answer.body ?? {}) as { data?: Record<string, unknown> | null; errors?: GraphQLAnswer<unknown>["errors"] };
  return { status: answer.status, data: body.data, errors: body.errors, cid: answer.headers.get("x-zato-cid") };
}

/** Runs a call and records in the fixture how many outbox files it wrote. */
async function counting<T>(f: Fixture, call: () => Promise<T>): Promise<T> {
  const before = outbox().length;
  const answer = await call();
  f.outboxDelta = outbox().length - before;
  return answer;
}

// ---------------------------------------------------------------------------------------------
// Stored effects

interface StoredToken {
  token_hash: string;
  type_: string;
  valid_minutes: number;
  has_been_accessed: boolean;
  is_password_reset: boolean;
  reset_key_hash: string | null;
  key_seconds: number | null;
  accessed: boolean;
  used: boolean;
}

/** The user's stored tokens, oldest first. */
const tokensOf = (f: Fixture) =>
  gw.query<StoredToken>(
    `SELECT p.token_hash, p.type_,
            extract(epoch FROM p.expiration_time - p.creation_time)::int / 60 AS valid_minutes,
            p.has_been_accessed, p.is_password_reset, p.reset_key_hash,
            extract(epoch FROM p.reset_key_exp_time - p.access_time)::int AS key_seconds,
            p.access_time IS NOT NULL AS accessed, p.password_reset_time IS NOT NULL AS used
       FROM sso_password_reset p JOIN sso_user u ON u.id = p.user_id
      WHERE u.user_id = $1 ORDER BY p.creation_time, p.id`,
    [f.userId],
  );

/** Whether a REST login of the fixture's user with `password` succeeds: "ok" or its sub_status. */
async function loginWith(f: Fixture, password: string): Promise<string> {
  const r = await gw.rest("POST", "/zato/sso/user/login", { body: { username: f.username, password, current_app: APP } });
  return r.body?.status === "ok" ? "ok" : (r.body?.sub_status ?? []).join();
}

/** A token as a surface-independent summary: what the row says, compared to what the fixture holds. */
const summary = (f: Fixture, t: StoredToken) => ({
  type_: t.type_,
  valid_minutes: t.valid_minutes,
  is_fixture_token: f.token !== undefined && t.token_hash === sha256Hex(f.token),
  has_been_accessed: t.has_been_accessed,
  is_password_reset: t.is_password_reset,
  key_is_fixture_key: t.reset_key_hash !== null && f.resetKey !== undefined && t.reset_key_hash === sha256Hex(f.resetKey),
  key_seconds: t.key_seconds,
  accessed: t.accessed,
  used: t.used,
});

/** The effect of a scenario: the user's tokens, the outbox files of the call and the password. */
async function resetState(f: Fixture) {
  const tokens = (await tokensOf(f)).map((t) => summary(f, t));
  const hash = await passwordHash(f.userId);
  return { tokens, outbox_delta: f.outboxDelta, password_changed: hash !== f.initialHash };
}

/** An effect that must also equal `expected` on each surface (the harness only compares the two). */
const expectEffect =
  (expected: (f: Fixture) => unknown, extra?: (f: Fixture) => Promise<void>) =>
  async (f: Fixture): Promise<unknown> => {
    const state = await resetState(f);
    expect(state, f.username).toEqual(expected(f));
    await extra?.(f);
    return state;
  };

const fresh = {
  type_: "prt",
  valid_minutes: VALID_FOR_MINUTES,
  is_fixture_token: true,
  has_been_accessed: false,
  is_password_reset: false,
  key_is_fixture_key: false,
  key_seconds: null,
  accessed: false,
  used: false,
};
const accessed = { ...fresh, has_been_accessed: true, key_is_fixture_key: true, key_seconds: KEY_SECONDS, accessed: true };
const used = { ...accessed, is_password_reset: true, used: true };

// ---------------------------------------------------------------------------------------------
// Create

const create = (
  name: string,
  expected: ParityOutcome,
  credential: (f: Fixture) => string | undefined,
  effect: (f: Fixture) => unknown,
  options: { currentApp?: string; arrange?: (f: Fixture) => Promise<void> } = {},
): ParityScenario<Fixture> => ({
  name: `create: ${name}`,
  expected,
  precheck: options.currentApp !== undefined,
  op: OP.create,
  async rest(f) {
    await options.arrange?.(f);
    return counting(f, () => send(gw, "POST", PATH, { current_app: options.currentApp ?? APP, credential: credential(f) }));
  },
  async graphql(f) {
    await options.arrange?.(f);
    return counting(f, () => gq("createPasswordResetToken", { credential: credential(f), currentApp: options.currentApp }));
  },
  effect: expectEffect(effect, async (f) => {
    // The token is in the outbox only: whoever asked learns nothing but "ok".
    if ((effect(f) as { outbox_delta: number }).outbox_delta === 0) return;
    const [message, ...more] = messagesTo(f.username);
    expect(more).toEqual([]);
    expect(message).toMatchObject({
      kind: "password_reset",
      user: { user_id: f.userId, username: f.username, email: f.email },
      message: { to: f.email, subject: "Password reset" },
    });
    expect(message?.token).toMatch(TOKEN);
    expect(message?.message.body).toContain(`https://example.com/reset-password/${message?.token}`);
    f.token = message?.token;
    expect((await tokensOf(f)).map((t) => summary(f, t))).toEqual([fresh]);
  }),
});

const nothing = () => ({ tokens: [], outbox_delta: 0, password_changed: false });

parityTests<Fixture>(
  [
    create(
      "a known user: ok, one token stored and sent",
      ok,
      (f) => f.username,
      () => ({ tokens: [{ ...fresh, is_fixture_token: false }], outbox_delta: 1, password_changed: false }),
    ),
    create("an unknown user: ok, nothing stored or sent", ok, (f) => `${f.username}-nobody`, nothing),
    create("an empty credential: ok, nothing stored or sent", ok, () => "", nothing),
    create("no credential: ok, nothing stored or sent", ok, () => undefined, nothing),
    create(
      "a locked user: ok, a token all the same",
      ok,
      (f) => f.username,
      () => ({ tokens: [{ ...fresh, is_fixture_token: false }], outbox_delta: 1, password_changed: false }),
      { arrange: (f) => setUser(gw, f.username, { is_locked: true }) },
    ),
    create("a user awaiting approval: ok, nothing stored or sent", ok, (f) => f.username, nothing, {
      arrange: (f) => setUser(gw, f.username, { approval_status: "before_decision" }),
    }),
    create("unknown current_app (pre-check): E004001, nothing stored or sent", error("E004001"), (f) => f.username, nothing, {
      currentApp: "Nope",
    }),
  ],
  { gateway: () => gw, fixture: freshUser, title: "createPasswordResetToken and POST /zato/sso/password/reset" },
);

// ---------------------------------------------------------------------------------------------
// Access

const access = (
  name: string,
  expected: ParityOutcome,
  token: (f: Fixture) => string | undefined,
  effect: (f: Fixture) => unknown,
  options: { currentApp?: string; arrange?: (f: Fixture) => Promise<void> } = {},
): ParityScenario<Fixture> => ({
  name: `access: ${name}`,
  expected,
  precheck: options.currentApp !== undefined,
  op: OP.access,
  async rest(f) {
    await options.arrange?.(f);
    const r = await counting(f, () => send(gw, "PATCH", PATH, { current_app: options.currentApp ?? APP, token: token(f) }));
    if (expected.status === "ok") {
      expect(r.body.reset_key).toMatch(RESET_KEY);
      f.resetKey = r.body.reset_key as string;
    } else {
      expect(r.body).not.toHaveProperty("reset_key");
    }
    return r;
  },
  async graphql(f) {
    await options.arrange?.(f);
    const g = await counting(f, () => gq("accessPasswordResetToken", { token: token(f), currentApp: options.currentApp }));
    const payload = g.data?.accessPasswordResetToken as { __typename: string; resetKey?: string } | undefined;
    if (expected.status === "ok") {
      expect(payload?.__typename).toBe("AccessPasswordResetTokenPayload");
      expect(payload?.resetKey).toMatch(RESET_KEY);
      f.resetKey = payload?.resetKey;
    } else {
      expect(payload?.__typename).toBe("SsoError");
    }
    return g;
  },
  effect: expectEffect(effect),
});

const tokenState = (token: object) => () => ({ tokens: [token], outbox_delta: 0, password_changed: false });

parityTests<Fixture>(
  [
    access("ok: a reset key, stored as its hash, for password_change_session_duration", ok, (f) => f.token, tokenState(accessed)),
    access("an unknown token: E010001", error("E010001"), () => FORGED_TOKEN, tokenState(fresh)),
    access("an empty token: E010001", error("E010001"), () => "", tokenState(fresh)),
    access("no token: E010001", error("E010001"), () => undefined, tokenState(fresh)),
    access(
      "the token's second access: E010001, the first reset key stays",
      error("E010001"),
      (f) => f.token,
      tokenState(accessed),
      {
        arrange: async (f) => {
          f.resetKey = expectOk(await rest("PATCH", { token: f.token })).reset_key as string;
        },
      },
    ),
    access("a locked user: E005002, the token not accessed", error("E005002"), (f) => f.token, tokenState(fresh), {
      arrange: (f) => setUser(gw, f.username, { is_locked: true }),
    }),
    access(
      "unknown current_app (pre-check): E004001, the token not accessed",
      error("E004001"),
      (f) => f.token,
      tokenState(fresh),
      {
        currentApp: "Nope",
      },
    ),
  ],
  { gateway: () => gw, fixture: withToken, title: "accessPasswordResetToken and PATCH /zato/sso/password/reset" },
);

// ---------------------------------------------------------------------------------------------
// Change

interface ChangeInput {
  token?: string;
  resetKey?: string;
  password?: string;
}

const change = (
  name: string,
  expected: ParityOutcome,
  fields: (f: Fixture) => ChangeInput,
  effect: (f: Fixture) => unknown,
  options: { currentApp?: string; arrange?: (f: Fixture) => Promise<void>; logins?: Record<string, string> } = {},
): ParityScenario<Fixture> => ({
  name: `change: ${name}`,
  expected,
  precheck: options.currentApp !== undefined,
  op: OP.change,
  async rest(f) {
    await options.arrange?.(f);
    const i = fields(f);
    return counting(f, () =>
      send(gw, "DELETE", PATH, {
        current_app: options.currentApp ?? APP,
        token: i.token,
        reset_key: i.resetKey,
        password: i.password,
      }),
    );
  },
  async graphql(f) {
    await options.arrange?.(f);
    const i = fields(f);
    return counting(f, () =>
      gq("changePasswordResetPassword", {
        token: i.token,
        resetKey: i.resetKey,
        password: i.password,
        currentApp: options.currentApp,
      }),
    );
  },
  effect: expectEffect(effect, async (f) => {
    // Which passwords log in afterwards, over REST.
    const logins = options.logins ?? { [PASSWORD]: "ok", [NEW_PASSWORD]: "E005001" };
    const actual: Record<string, string> = {};
    for (const password of Object.keys(logins)) actual[password] = await loginWith(f, password);
    expect(actual).toEqual(logins);
  }),
});

const right = (f: Fixture): ChangeInput => ({ token: f.token, resetKey: f.resetKey, password: NEW_PASSWORD });

parityTests<Fixture>(
  [
    change(
      "ok: the new password logs in, the old one no more, the token used",
      ok,
      right,
      () => ({ tokens: [used], outbox_delta: 0, password_changed: true }),
      { logins: { [NEW_PASSWORD]: "ok", [PASSWORD]: "E005001" } },
    ),
    change("a wrong reset key: E010001", error("E010001"), (f) => ({ ...right(f), resetKey: FORGED_KEY }), tokenState(accessed)),
    change("an unknown token: E010001", error("E010001"), (f) => ({ ...right(f), token: FORGED_TOKEN }), tokenState(accessed)),
    change("no reset key: E010001", error("E010001"), (f) => ({ ...right(f), resetKey: undefined }), tokenState(accessed)),
    change(
      "a token's reset key and token swapped: E010001",
      error("E010001"),
      (f) => ({ ...right(f), token: f.resetKey, resetKey: f.token }),
      tokenState(accessed),
    ),
    change(
      "a token never accessed: E010001",
      error("E010001"),
      right,
      () => ({
        // The first token, accessed for the fixture's reset key, and the second, never accessed.
        tokens: [{ ...accessed, is_fixture_token: false }, fresh],
        outbox_delta: 0,
        password_changed: false,
      }),
      {
        arrange: async (f) => {
          // A second token is named, with the user's only live reset key: that of the first.
          f.token = await requestToken(f);
        },
      },
    ),
    change(
      "the token used already: E010001, the first new password stays",
      error("E010001"),
      (f) => ({ ...right(f), password: OTHER_PASSWORD }),
      () => ({ tokens: [used], outbox_delta: 0, password_changed: true }),
      {
        arrange: async (f) => {
          expectOk(await rest("DELETE", { token: f.token, reset_key: f.resetKey, password: NEW_PASSWORD }));
        },
        logins: { [NEW_PASSWORD]: "ok", [OTHER_PASSWORD]: "E005001", [PASSWORD]: "E005001" },
      },
    ),
    change(
      "a password too short: E003002, the token still unused",
      error("E003002"),
      (f) => ({ ...right(f), password: "Ab-1" }),
      tokenState(accessed),
      { logins: { [PASSWORD]: "ok", "Ab-1": "E005001" } },
    ),
    change(
      "no password: E003002, the token still unused",
      error("E003002"),
      (f) => ({ ...right(f), password: undefined }),
      tokenState(accessed),
    ),
    change("a locked user: E005002", error("E005002"), right, tokenState(accessed), {
      arrange: (f) => setUser(gw, f.username, { is_locked: true }),
      logins: { [NEW_PASSWORD]: "E005001" },
    }),
    change("unknown current_app (pre-check): E004001", error("E004001"), right, tokenState(accessed), { currentApp: "Nope" }),
  ],
  { gateway: () => gw, fixture: withAccessedToken, title: "changePasswordResetPassword and DELETE /zato/sso/password/reset" },
);
