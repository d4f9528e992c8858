import { afterAll, beforeAll } from "vitest";
import {
  GetSessionDocument,
  GetSessionListDocument,
  LoginDocument,
  LogoutDocument,
  RenewSessionDocument,
  VerifySessionDocument,
} from "../generated/graphql.js";
import { ADMIN_PASSWORD, arrangeUser, currentTotp, enableTotp, PASSWORD, setUser } from "../support/fixtures.js";
import { APP, DAY, startGateway, type TestGateway } from "../support/gateway.js";
import { gql } from "../support/graphql.js";
import { unique } from "../support/names.js";
import { error, ok, type ParityOutcome, type ParityScenario, parityTests } from "../support/parity.js";

// Login, logout and the session calls report the same status and sub_status through REST and
// through GraphQL (docs/graphql.md).

const KEY = "JBSWY3DPEHPK3PXP";
const FORGED = `zust${"9".repeat(52)}`;

let gw: TestGateway;
let adminUst: string;
let userUst: string;

/** A fresh, approved user in the given state; returns its name. */
async function user(columns: Record<string, unknown> = {}): Promise<string> {
  const username = unique("p");
  await arrangeUser(gw, username, columns);
  return username;
}

/** A fresh user, logged in, then put in the given state; returns its UST. */
async function loggedIn(columns: Record<string, unknown> = {}): Promise<string> {
  const username = await user();
  const ust = await gw.login(username, PASSWORD);
  if (Object.keys(columns).length > 0) await setUser(gw, username, columns);
  return ust;
}

const currentCode = () => currentTotp(gw, KEY);

beforeAll(async () => {
  gw = await startGateway({ apps: { all: ["CRM", "Other"], login_allowed: ["CRM"] } });
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  await gw.createUser("user1", PASSWORD);
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

const loginBoth = (
  name: string,
  expected: ParityOutcome,
  input: () => Promise<LoginInput>,
  extra: Partial<ParityScenario> = {},
): ParityScenario => ({
  name: `login: ${name}`,
  expected,
  ...extra,
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
    return gql(gw, LoginDocument, { password: PASSWORD, currentApp: APP, ...i });
  },
});

const totpUser = async () => {
  const username = await user();
  await enableTotp(gw, username, KEY);
  return username;
};

parityTests<void>(
  [
    loginBoth("success", ok, async () => ({ username: await user() })),
    loginBoth("unknown user", error("E005001"), async () => ({ username: "nobody" })),
    loginBoth("wrong password", error("E005001"), async () => ({ username: await user(), password: "Wrong-Pass-1" })),
    loginBoth("user waiting for approval", error("E005001"), async () => ({
      username: await user({ approval_status: "before_decision" }),
    })),
    loginBoth("TOTP code missing", error("E005008"), async () => ({ username: await totpUser() })),
    loginBoth("TOTP code wrong", error("E005001"), async () => ({ username: await totpUser(), totpCode: "abcdef" })),
    loginBoth("TOTP code right", ok, async () => ({ username: await totpUser(), totpCode: currentCode() })),
    // login's own [apps] login_allowed step, not the pre-check: REST answers it with 403.
    loginBoth("application not allowed for login", error("E004001"), async () => ({
      username: await user(),
      currentApp: "Other",
    })),
    loginBoth("unknown application (pre-check)", error("E004001"), async () => ({ username: await user(), currentApp: "Nope" }), {
      precheck: true,
    }),
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
      graphql: async () => gql(gw, LogoutDocument, { ust: await loggedIn(), currentApp: APP }),
    },
    {
      name: "logout: unknown UST",
      expected: ok,
      rest: () => gw.rest("POST", "/zato/sso/user/logout", { body: { ust: FORGED, current_app: APP } }),
      graphql: () => gql(gw, LogoutDocument, { ust: FORGED, currentApp: APP }),
    },
    {
      name: "logout: pre-check",
      expected: error("E004001"),
      precheck: true,
      rest: () => gw.rest("POST", "/zato/sso/user/logout", { body: { ust: userUst, current_app: "Nope" } }),
      graphql: () => gql(gw, LogoutDocument, { ust: userUst, currentApp: "Nope" }),
    },
    ...(
      [
        ["valid target", ok, () => adminUst, () => userUst],
        ["unknown target", ok, () => adminUst, () => FORGED],
        ["no target", error("E007001"), () => adminUst, () => undefined],
        ["null target (not valid)", ok, () => adminUst, () => null],
        ["empty target (not valid)", ok, () => adminUst, () => ""],
        ["regular caller", error("E005001"), () => userUst, () => userUst],
        ["invalid caller", error("E007001"), () => FORGED, () => userUst],
      ] as const
    ).map(
      ([name, expected, current, target]): ParityScenario => ({
        name: `verifySession: ${name}`,
        expected,
        rest: () =>
          gw.rest("POST", "/zato/sso/user/session", { body: { current_ust: current(), target_ust: target(), current_app: APP } }),
        graphql: () => gql(gw, VerifySessionDocument, { currentUst: current(), targetUst: target(), currentApp: APP }),
      }),
    ),
    ...(
      [
        ["success", ok, () => userUst],
        ["unknown UST", error("E007001"), () => FORGED],
        ["no UST", error("E007001"), () => undefined],
      ] as const
    ).map(
      ([name, expected, ust]): ParityScenario => ({
        name: `renewSession: ${name}`,
        expected,
        rest: () => gw.rest("PATCH", "/zato/sso/user/session", { body: { ust: ust(), current_app: APP } }),
        graphql: () => gql(gw, RenewSessionDocument, { ust: ust(), currentApp: APP }),
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
      ([name, expected, current, target]): ParityScenario => ({
        name: `getSession: ${name}`,
        expected,
        rest: async () =>
          gw.rest("GET", "/zato/sso/user/session", {
            query: { current_ust: current(), target_ust: await target(), current_app: APP },
          }),
        graphql: async () => gql(gw, GetSessionDocument, { currentUst: current(), targetUst: await target(), currentApp: APP }),
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
      ([name, expected, args]): ParityScenario => ({
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
        graphql: () => gql(gw, GetSessionListDocument, { ...args(), currentApp: APP }),
      }),
    ),
  ],
  { gateway: () => gw },
);
