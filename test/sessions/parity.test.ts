import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateUserDocument,
  GetCurrentUserDocument,
  GetSessionDocument,
  GetSessionListDocument,
  GetUserByIdDocument,
  LoginDocument,
  LogoutDocument,
  RenewSessionDocument,
  VerifySessionDocument,
} from "../generated/graphql.js";
import { ADMIN_PASSWORD, arrangeUser, currentTotp, PASSWORD, setUser } from "../support/fixtures.js";
import { APP, DAY, type HttpAnswer, startGateway, type TestGateway } from "../support/gateway.js";
import { gql } from "../support/graphql.js";

// The same scenario through REST and through GraphQL gives the same status and sub_status
// (README, "GraphQL": "GraphQL reports exactly what the REST counterpart reports").

const KEY = "JBSWY3DPEHPK3PXP";
const FORGED = `zust${"9".repeat(52)}`;

let gw: TestGateway;
let adminUst: string;
let userUst: string;
let userId: string;

interface Outcome {
  status: string | undefined;
  subStatus: string[] | undefined;
}

const fromRest = (r: HttpAnswer): Outcome => ({ status: r.body?.status, subStatus: r.body?.sub_status ?? [] });
const fromGraphQL = (field: { status: string; subStatus: string[] } | null | undefined): Outcome => ({
  status: field?.status,
  subStatus: field?.subStatus,
});

/** A fresh, approved user in the given state; returns its name. */
let serial = 0;
async function user(columns: Record<string, unknown> = {}): Promise<string> {
  const username = `p${++serial}`;
  await arrangeUser(gw, username, columns);
  return username;
}

async function loggedIn(columns: Record<string, unknown> = {}): Promise<string> {
  const username = await user();
  const ust = await gw.login(username, PASSWORD);
  if (Object.keys(columns).length > 0) await setUser(gw, username, columns);
  return ust;
}

const currentCode = () => currentTotp(gw, KEY);

interface Scenario {
  name: string;
  expected: Outcome;
  rest(): Promise<HttpAnswer>;
  graphql(): Promise<Outcome>;
}

const ok: Outcome = { status: "ok", subStatus: [] };
const error = (...codes: string[]): Outcome => ({ status: "error", subStatus: codes });

beforeAll(async () => {
  gw = await startGateway({ apps: { all: ["CRM", "Other"], login_allowed: ["CRM"] } });
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  userId = await gw.createUser("user1", PASSWORD);
  adminUst = await gw.login("admin1", ADMIN_PASSWORD);
  userUst = await gw.login("user1", PASSWORD);
});
afterAll(() => gw.close());

type LoginInput = {
  username: string;
  password?: string;
  currentApp?: string;
  totpCode?: string;
  newPassword?: string;
  remoteAddr?: string;
};

const loginBoth = (name: string, expected: Outcome, input: () => Promise<LoginInput>): Scenario => ({
  name: `login: ${name}`,
  expected,
  async rest() {
    const i = await input();
    return gw.rest("POST", "/zato/sso/user/login", {
      body: {
        username: i.username,
        password: i.password ?? PASSWORD,
        current_app: i.currentApp ?? APP,
        totp_code: i.totpCode,
        new_password: i.newPassword,
        remote_addr: i.remoteAddr,
      },
    });
  },
  async graphql() {
    const i = await input();
    const r = await gql(gw, LoginDocument, { password: PASSWORD, currentApp: APP, ...i });
    return fromGraphQL(r.data?.login);
  },
});

const totpUser = async () => {
  const username = await user();
  await gw.query("UPDATE sso_user SET is_totp_enabled = true, totp_key = $2 WHERE username = $1", [
    username,
    gw.services.keys.seal(KEY),
  ]);
  return username;
};

const SCENARIOS: Scenario[] = [
  loginBoth("success", ok, async () => ({ username: await user() })),
  loginBoth("unknown user", error("E005001"), async () => ({ username: "nobody" })),
  loginBoth("wrong password", error("E005001"), async () => ({ username: await user(), password: "Wrong-Pass-1" })),
  loginBoth("user waiting for approval", error("E005001"), async () => ({
    username: await user({ approval_status: "before_decision" }),
  })),
  loginBoth("TOTP code missing", error("E005008"), async () => ({ username: await totpUser() })),
  loginBoth("TOTP code wrong", error("E005001"), async () => ({ username: await totpUser(), totpCode: "abcdef" })),
  loginBoth("TOTP code right", ok, async () => ({ username: await totpUser(), totpCode: currentCode() })),
  loginBoth("application not allowed for login", error("E004001"), async () => ({ username: await user(), currentApp: "Other" })),
  loginBoth("unknown application (pre-check)", error("E004001"), async () => ({ username: await user(), currentApp: "Nope" })),
  loginBoth("locked", error("E005002"), async () => ({ username: await user({ is_locked: true }) })),
  loginBoth("unconfirmed", error("E005003"), async () => ({ username: await user({ sign_up_status: "before_confirmation" }) })),
  loginBoth("password expired", error("E005001"), async () => ({
    username: await user({ password_expiry: new Date(gw.clock.now().getTime() - DAY) }),
  })),
  loginBoth("password about to expire", { status: "warning", subStatus: ["W003005"] }, async () => ({
    username: await user({ password_expiry: new Date(gw.clock.now().getTime() + 3 * DAY) }),
  })),
  loginBoth("must change, no new password", error("E003007"), async () => ({
    username: await user({ password_must_change: true }),
  })),
  loginBoth("must change, new password too short", error("E003002"), async () => ({
    username: await user({ password_must_change: true }),
    newPassword: "short",
  })),
  loginBoth("must change, new password given", ok, async () => ({
    username: await user({ password_must_change: true }),
    newPassword: "Brand-New-Pass-1",
  })),
  loginBoth("login metadata not allowed", error("E005001"), async () => ({ username: await user(), remoteAddr: "10.0.0.1" })),
  {
    name: "logout: success",
    expected: ok,
    rest: async () => gw.rest("POST", "/zato/sso/user/logout", { body: { ust: await loggedIn(), current_app: APP } }),
    graphql: async () => fromGraphQL((await gql(gw, LogoutDocument, { ust: await loggedIn(), currentApp: APP })).data?.logout),
  },
  {
    name: "logout: unknown UST",
    expected: ok,
    rest: () => gw.rest("POST", "/zato/sso/user/logout", { body: { ust: FORGED, current_app: APP } }),
    graphql: async () => fromGraphQL((await gql(gw, LogoutDocument, { ust: FORGED, currentApp: APP })).data?.logout),
  },
  {
    name: "logout: pre-check",
    expected: error("E004001"),
    rest: () => gw.rest("POST", "/zato/sso/user/logout", { body: { ust: userUst, current_app: "Nope" } }),
    graphql: async () => fromGraphQL((await gql(gw, LogoutDocument, { ust: userUst, currentApp: "Nope" })).data?.logout),
  },
  ...(
    [
      ["success", ok, async () => userUst],
      ["unknown UST", error("E007001"), async () => FORGED],
      ["locked user", error("E005002"), () => loggedIn({ is_locked: true })],
      ["password expired", error("E005001"), () => loggedIn({ password_expiry: new Date(gw.clock.now().getTime() - DAY) })],
    ] as const
  ).map(
    ([name, expected, ust]): Scenario => ({
      name: `getCurrentUser: ${name}`,
      expected,
      rest: async () => gw.rest("GET", "/zato/sso/user", { query: { ust: await ust(), current_app: APP } }),
      graphql: async () =>
        fromGraphQL((await gql(gw, GetCurrentUserDocument, { ust: await ust(), currentApp: APP })).data?.getCurrentUser),
    }),
  ),
  {
    name: "getCurrentUser: pre-check",
    expected: error("E004001"),
    rest: () => gw.rest("GET", "/zato/sso/user", { query: { ust: userUst, current_app: "Nope" } }),
    graphql: async () =>
      fromGraphQL((await gql(gw, GetCurrentUserDocument, { ust: userUst, currentApp: "Nope" })).data?.getCurrentUser),
  },
  ...(
    [
      ["success", ok, () => adminUst, () => userId],
      ["regular caller", error("E005001"), () => userUst, () => userId],
      ["unknown user", error("E005001"), () => adminUst, () => `zusr${"0".repeat(26)}`],
      ["invalid UST", error("E007001"), () => FORGED, () => userId],
    ] as const
  ).map(
    ([name, expected, ust, id]): Scenario => ({
      name: `getUserById: ${name}`,
      expected,
      rest: () => gw.rest("GET", "/zato/sso/user", { query: { ust: ust(), current_app: APP, user_id: id() } }),
      graphql: async () =>
        fromGraphQL((await gql(gw, GetUserByIdDocument, { ust: ust(), currentApp: APP, userId: id() })).data?.getUserById),
    }),
  ),
  ...(
    [
      ["success", ok, () => ({ username: `c${++serial}`, password: PASSWORD })],
      ["username taken", error("E001002"), () => ({ username: "user1" })],
      ["no username", error("E001001"), () => ({})],
      ["password too short", error("E003002"), () => ({ username: `c${++serial}`, password: "Ab-1" })],
      ["password in the reject list", error("E003001"), () => ({ username: `c${++serial}`, password: "my-password-1" })],
      ["bad sign_up_status", error("E008002"), () => ({ username: `c${++serial}`, sign_up_status: "done" })],
      ["bad TOTP key", error("E008002"), () => ({ username: `c${++serial}`, totp_key: "1!" })],
      ["name too long", error("E008002"), () => ({ username: `c${++serial}`, last_name: "x".repeat(192) })],
      ["regular caller", error("E005001"), () => ({ ust: userUst, username: `c${++serial}` })],
      ["invalid UST", error("E007001"), () => ({ ust: FORGED, username: `c${++serial}` })],
      ["pre-check", error("E004001"), () => ({ current_app: "Nope", username: `c${++serial}` })],
    ] as const
  ).map(
    ([name, expected, fields]): Scenario => ({
      name: `createUser: ${name}`,
      expected,
      rest: () => gw.rest("POST", "/zato/sso/user", { body: { ust: adminUst, current_app: APP, ...fields() } }),
      graphql: async () => {
        const f: Record<string, string | undefined> = fields();
        const r = await gql(gw, CreateUserDocument, {
          ust: f.ust ?? adminUst,
          currentApp: f.current_app ?? APP,
          username: f.username,
          password: f.password,
          signUpStatus: f.sign_up_status,
          totpKey: f.totp_key,
          lastName: f.last_name,
        });
        return fromGraphQL(r.data?.createUser);
      },
    }),
  ),
  ...(
    [
      ["valid target", ok, () => adminUst, () => userUst],
      ["unknown target", ok, () => adminUst, () => FORGED],
      ["no target", error("E007001"), () => adminUst, () => undefined],
      ["regular caller", error("E005001"), () => userUst, () => userUst],
      ["invalid caller", error("E007001"), () => FORGED, () => userUst],
    ] as const
  ).map(
    ([name, expected, current, target]): Scenario => ({
      name: `verifySession: ${name}`,
      expected,
      rest: () =>
        gw.rest("POST", "/zato/sso/user/session", { body: { current_ust: current(), target_ust: target(), current_app: APP } }),
      graphql: async () =>
        fromGraphQL(
          (await gql(gw, VerifySessionDocument, { currentUst: current(), targetUst: target(), currentApp: APP })).data
            ?.verifySession,
        ),
    }),
  ),
  ...(
    [
      ["success", ok, () => userUst],
      ["unknown UST", error("E007001"), () => FORGED],
      ["no UST", error("E007001"), () => undefined],
    ] as const
  ).map(
    ([name, expected, ust]): Scenario => ({
      name: `renewSession: ${name}`,
      expected,
      rest: () => gw.rest("PATCH", "/zato/sso/user/session", { body: { ust: ust(), current_app: APP } }),
      graphql: async () => fromGraphQL((await gql(gw, RenewSessionDocument, { ust: ust(), currentApp: APP })).data?.renewSession),
    }),
  ),
  ...(
    [
      ["success", ok, () => adminUst, async () => userUst],
      ["unknown target", error("E007001"), () => adminUst, async () => FORGED],
      ["locked target", error("E005002"), () => adminUst, () => loggedIn({ is_locked: true })],
      ["regular caller", error("E005001"), () => userUst, async () => userUst],
    ] as const
  ).map(
    ([name, expected, current, target]): Scenario => ({
      name: `getSession: ${name}`,
      expected,
      rest: async () =>
        gw.rest("GET", "/zato/sso/user/session", {
          query: { current_ust: current(), target_ust: await target(), current_app: APP },
        }),
      graphql: async () =>
        fromGraphQL(
          (await gql(gw, GetSessionDocument, { currentUst: current(), targetUst: await target(), currentApp: APP })).data
            ?.getSession,
        ),
    }),
  ),
  ...(
    [
      ["own sessions", ok, () => ({ ust: userUst })],
      ["another user's sessions", ok, () => ({ currentUst: adminUst, targetUst: userUst })],
      ["wrong combination", error("E008002"), () => ({ ust: userUst, currentUst: adminUst })],
      ["nothing", error("E008002"), () => ({})],
      ["regular caller, other form", error("E005001"), () => ({ currentUst: userUst, targetUst: adminUst })],
      ["unknown target", error("E007001"), () => ({ currentUst: adminUst, targetUst: FORGED })],
    ] as const
  ).map(
    ([name, expected, args]): Scenario => ({
      name: `getSessionList: ${name}`,
      expected,
      rest: () => {
        const a: { ust?: string; currentUst?: string; targetUst?: string } = args();
        return gw.rest("GET", "/zato/sso/user/session/list", {
          query: {
            current_app: APP,
            ...(a.ust ? { ust: a.ust } : {}),
            ...(a.currentUst ? { current_ust: a.currentUst } : {}),
            ...(a.targetUst ? { target_ust: a.targetUst } : {}),
          },
        });
      },
      graphql: async () =>
        fromGraphQL((await gql(gw, GetSessionListDocument, { ...args(), currentApp: APP })).data?.getSessionList),
    }),
  ),
];

describe("REST and GraphQL report the same outcome", () => {
  it.each(SCENARIOS)("$name", async (scenario) => {
    const rest = fromRest(await scenario.rest());
    const graphql = await scenario.graphql();
    expect({ rest, graphql }).toEqual({ rest: scenario.expected, graphql: scenario.expected });
  });
});
