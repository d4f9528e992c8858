import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminApproveUserDocument,
  AdminDeleteUserByIdDocument,
  AdminDeleteUserByUsernameDocument,
  AdminLockUserDocument,
  AdminRejectUserDocument,
  AdminSearchDocument,
  AdminUnlockUserDocument,
  AdminUpdateCurrentUserDocument,
  AdminUpdateUserByIdDocument,
  CreateUserDocument,
  GetCurrentUserDocument,
  GetUserByIdDocument,
} from "../generated/graphql.js";
import { type AdminGateway, makeUser, send, startAdmin } from "../support/admin.js";
import { arrangeUser, PASSWORD, setUser, userRow } from "../support/fixtures.js";
import { APP, DAY } from "../support/gateway.js";
import { gql } from "../support/graphql.js";
import { unique } from "../support/names.js";
import {
  error,
  freshUser,
  graphqlOutcome,
  ok,
  type ParityScenario,
  parityTests,
  type UserFixture,
  userState,
} from "../support/parity.js";

// Creating, reading, searching, updating, deleting, locking and approving users report the same
// outcome through REST and through GraphQL (docs/graphql.md), with the same effect and the same
// audit operation where the scenario acts on a user of its own.

const FORGED = `zust${"9".repeat(52)}`;

let a: AdminGateway;
let userUst: string;
let userId: string;

beforeAll(async () => {
  a = await startAdmin({ apps: { all: ["CRM", "Other"], login_allowed: ["CRM"] } });
  await makeUser(a, { username: "taken" });
  userId = await a.gw.createUser("user1", PASSWORD);
  userUst = await a.gw.login("user1", PASSWORD);
});
afterAll(() => a.gw.close());

/** A fresh user, logged in, then put in the given state; returns its UST. */
async function loggedIn(columns: Record<string, unknown> = {}): Promise<string> {
  const username = unique("p");
  await arrangeUser(a.gw, username);
  const ust = await a.gw.login(username, PASSWORD);
  if (Object.keys(columns).length > 0) await setUser(a.gw, username, columns);
  return ust;
}

const ZERO = "zusr00000000000000000000000000";
const rest = (method: string, path: string, params: Record<string, unknown>) =>
  send(a.gw, method, path, { current_app: APP, ...params });
const state = (f: UserFixture) => userState(a.gw, f);

parityTests<void>(
  [
    ...(
      [
        ["success", ok, async () => userUst],
        ["unknown UST", error("E007001"), async () => FORGED],
        ["locked user", error("E005002"), () => loggedIn({ is_locked: true })],
        ["password expired", error("E005001"), () => loggedIn({ password_expiry: new Date(a.gw.clock.now().getTime() - DAY) })],
      ] as const
    ).map(
      ([name, expected, ust]): ParityScenario => ({
        name: `getCurrentUser: ${name}`,
        expected,
        rest: async () => a.gw.rest("GET", "/zato/sso/user", { query: { ust: await ust(), current_app: APP } }),
        graphql: async () => gql(a.gw, GetCurrentUserDocument, { ust: await ust(), currentApp: APP }),
      }),
    ),
    {
      name: "getCurrentUser: pre-check",
      expected: error("E004001"),
      precheck: true,
      rest: () => a.gw.rest("GET", "/zato/sso/user", { query: { ust: userUst, current_app: "Nope" } }),
      graphql: () => gql(a.gw, GetCurrentUserDocument, { ust: userUst, currentApp: "Nope" }),
    },
    ...(
      [
        ["success", ok, () => a.adminUst, () => userId],
        ["regular caller", error("E005001"), () => userUst, () => userId],
        ["unknown user", error("E005001"), () => a.adminUst, () => `zusr${"0".repeat(26)}`],
        ["invalid UST", error("E007001"), () => FORGED, () => userId],
      ] as const
    ).map(
      ([name, expected, ust, id]): ParityScenario => ({
        name: `getUserById: ${name}`,
        expected,
        rest: () => a.gw.rest("GET", "/zato/sso/user", { query: { ust: ust(), current_app: APP, user_id: id() } }),
        graphql: () => gql(a.gw, GetUserByIdDocument, { ust: ust(), currentApp: APP, userId: id() }),
      }),
    ),
    ...(
      [
        ["success", ok, () => ({ username: unique("c"), password: PASSWORD })],
        ["username taken", error("E001002"), () => ({ username: "user1" })],
        ["no username", error("E001001"), () => ({})],
        ["password too short", error("E003002"), () => ({ username: unique("c"), password: "Ab-1" })],
        ["password in the reject list", error("E003001"), () => ({ username: unique("c"), password: "my-password-1" })],
        ["bad sign_up_status", error("E008002"), () => ({ username: unique("c"), sign_up_status: "done" })],
        ["bad TOTP key", error("E008002"), () => ({ username: unique("c"), totp_key: "1!" })],
        ["name too long", error("E008002"), () => ({ username: unique("c"), last_name: "x".repeat(192) })],
        ["regular caller", error("E005001"), () => ({ ust: userUst, username: unique("c") })],
        ["invalid UST", error("E007001"), () => ({ ust: FORGED, username: unique("c") })],
        ["pre-check", error("E004001"), () => ({ current_app: "Nope", username: unique("c") })],
      ] as const
    ).map(
      ([name, expected, fields]): ParityScenario => ({
        name: `createUser: ${name}`,
        expected,
        precheck: name === "pre-check",
        rest: () => a.gw.rest("POST", "/zato/sso/user", { body: { ust: a.adminUst, current_app: APP, ...fields() } }),
        graphql: () => {
          const f: Record<string, string | undefined> = fields();
          return gql(a.gw, CreateUserDocument, {
            ust: f.ust ?? a.adminUst,
            currentApp: f.current_app ?? APP,
            username: f.username,
            password: f.password,
            signUpStatus: f.sign_up_status,
            totpKey: f.totp_key,
            lastName: f.last_name,
          });
        },
      }),
    ),
  ],
  { gateway: () => a.gw },
);

parityTests<UserFixture>(
  [
    {
      name: "search: invalid UST (masked)",
      rest: () => rest("GET", "/zato/sso/user/search", { ust: "zust-nothing" }),
      graphql: () => gql(a.gw, AdminSearchDocument, { ust: "zust-nothing", currentApp: APP }),
      expected: { status: "error", subStatus: ["E005001"] },
      op: "user.search",
    },
    {
      name: "search: a regular user",
      rest: (f) => rest("GET", "/zato/sso/user/search", { ust: f.ust }),
      graphql: (f) => gql(a.gw, AdminSearchDocument, { ust: f.ust, currentApp: APP }),
      expected: { status: "error", subStatus: ["E005001"] },
      op: "user.search",
    },
    {
      name: "search: bad name_op",
      rest: () => rest("GET", "/zato/sso/user/search", { ust: a.adminUst, first_name: "x", name_op: "xor" }),
      graphql: () => gql(a.gw, AdminSearchDocument, { ust: a.adminUst, currentApp: APP, firstName: "x", nameOp: "xor" }),
      expected: { status: "error", subStatus: ["E008002"] },
      op: "user.search",
    },
    {
      name: "search: empty name",
      rest: () => rest("GET", "/zato/sso/user/search", { ust: a.adminUst, last_name: " " }),
      graphql: () => gql(a.gw, AdminSearchDocument, { ust: a.adminUst, currentApp: APP, lastName: " " }),
      expected: { status: "error", subStatus: ["E008002"] },
      op: "user.search",
    },
    {
      name: "search: unknown current_app",
      rest: () => rest("GET", "/zato/sso/user/search", { ust: a.adminUst, current_app: "Nope" }),
      graphql: () => gql(a.gw, AdminSearchDocument, { ust: a.adminUst, currentApp: "Nope" }),
      expected: { status: "error", subStatus: ["E004001"] },
      precheck: true,
      op: "user.search",
    },
    {
      name: "update own: no field",
      rest: (f) => rest("PATCH", "/zato/sso/user", { ust: f.ust }),
      graphql: (f) => gql(a.gw, AdminUpdateCurrentUserDocument, { ust: f.ust, currentApp: APP }),
      expected: { status: "error", subStatus: ["E008003"] },
      op: "user.update_current_user",
      effect: state,
    },
    {
      name: "update own: a super-user field from a regular user",
      rest: (f) => rest("PATCH", "/zato/sso/user", { ust: f.ust, is_locked: true, display_name: "x" }),
      graphql: (f) =>
        gql(a.gw, AdminUpdateCurrentUserDocument, { ust: f.ust, currentApp: APP, isLocked: true, displayName: "x" }),
      expected: { status: "error", subStatus: ["E008002"] },
      op: "user.update_current_user",
      effect: state,
    },
    {
      name: "update own: ok",
      rest: (f) => rest("PATCH", "/zato/sso/user", { ust: f.ust, display_name: "Both surfaces" }),
      graphql: (f) => gql(a.gw, AdminUpdateCurrentUserDocument, { ust: f.ust, currentApp: APP, displayName: "Both surfaces" }),
      expected: { status: "ok", subStatus: [] },
      op: "user.update_current_user",
      effect: state,
    },
    {
      name: "update own: invalid UST",
      rest: () => rest("PATCH", "/zato/sso/user", { ust: "zust-nothing", display_name: "x" }),
      graphql: () => gql(a.gw, AdminUpdateCurrentUserDocument, { ust: "zust-nothing", currentApp: APP, displayName: "x" }),
      expected: { status: "error", subStatus: ["E007001"] },
      op: "user.update_current_user",
    },
    {
      name: "update by id: username taken",
      rest: (f) => rest("PATCH", "/zato/sso/user", { ust: a.adminUst, user_id: f.userId, username: "taken" }),
      graphql: (f) =>
        gql(a.gw, AdminUpdateUserByIdDocument, { ust: a.adminUst, currentApp: APP, userId: f.userId, username: "taken" }),
      expected: { status: "error", subStatus: ["E001002"] },
      op: "user.update_user_by_id",
      effect: state,
    },
    {
      name: "update by id: bad approval_status",
      rest: (f) => rest("PATCH", "/zato/sso/user", { ust: a.adminUst, user_id: f.userId, approval_status: "maybe" }),
      graphql: (f) =>
        gql(a.gw, AdminUpdateUserByIdDocument, { ust: a.adminUst, currentApp: APP, userId: f.userId, approvalStatus: "maybe" }),
      expected: { status: "error", subStatus: ["E008002"] },
      op: "user.update_user_by_id",
      effect: state,
    },
    {
      name: "update by id: null username",
      rest: (f) => rest("PATCH", "/zato/sso/user", { ust: a.adminUst, user_id: f.userId, username: null }),
      graphql: (f) =>
        gql(a.gw, AdminUpdateUserByIdDocument, { ust: a.adminUst, currentApp: APP, userId: f.userId, username: null }),
      expected: { status: "error", subStatus: ["E008002"] },
      op: "user.update_user_by_id",
      effect: state,
    },
    {
      name: "update by id: another user's id from a regular user",
      rest: (f) => rest("PATCH", "/zato/sso/user", { ust: f.ust, user_id: a.adminId, display_name: "x" }),
      graphql: (f) =>
        gql(a.gw, AdminUpdateUserByIdDocument, { ust: f.ust, currentApp: APP, userId: a.adminId, displayName: "x" }),
      expected: { status: "error", subStatus: ["E008002"] },
      op: "user.update_user_by_id",
    },
    {
      name: "update by id: ok, super-user fields",
      rest: (f) =>
        rest("PATCH", "/zato/sso/user", { ust: a.adminUst, user_id: f.userId, is_locked: true, password_must_change: true }),
      graphql: (f) =>
        gql(a.gw, AdminUpdateUserByIdDocument, {
          ust: a.adminUst,
          currentApp: APP,
          userId: f.userId,
          isLocked: true,
          passwordMustChange: true,
        }),
      expected: { status: "ok", subStatus: [] },
      op: "user.update_user_by_id",
      effect: state,
    },
    {
      name: "delete: the caller's own account",
      rest: () => rest("DELETE", "/zato/sso/user", { ust: a.adminUst, user_id: a.adminId }),
      graphql: () => gql(a.gw, AdminDeleteUserByIdDocument, { ust: a.adminUst, currentApp: APP, userId: a.adminId }),
      expected: { status: "error", subStatus: ["E008001"] },
      op: "user.delete_user_by_id",
    },
    {
      name: "delete: unknown user",
      rest: () => rest("DELETE", "/zato/sso/user", { ust: a.adminUst, user_id: ZERO }),
      graphql: () => gql(a.gw, AdminDeleteUserByIdDocument, { ust: a.adminUst, currentApp: APP, userId: ZERO }),
      expected: { status: "error", subStatus: ["E008001"] },
      op: "user.delete_user_by_id",
    },
    {
      name: "delete: empty user_id",
      rest: () => rest("DELETE", "/zato/sso/user", { ust: a.adminUst, user_id: "" }),
      graphql: () => gql(a.gw, AdminDeleteUserByIdDocument, { ust: a.adminUst, currentApp: APP, userId: "" }),
      expected: { status: "error", subStatus: ["E008003"] },
      op: "user.delete_user_by_id",
    },
    {
      name: "delete: no user_id (E008003 [gateway], not a GraphQL error)",
      rest: () => rest("DELETE", "/zato/sso/user", { ust: a.adminUst }),
      graphql: () => gql(a.gw, AdminDeleteUserByIdDocument, { ust: a.adminUst, currentApp: APP }),
      expected: { status: "error", subStatus: ["E008003"] },
      op: "user.delete_user_by_id",
    },
    {
      name: "delete: a regular user",
      rest: (f) => rest("DELETE", "/zato/sso/user", { ust: f.ust, user_id: f.userId }),
      graphql: (f) => gql(a.gw, AdminDeleteUserByIdDocument, { ust: f.ust, currentApp: APP, userId: f.userId }),
      expected: { status: "error", subStatus: ["E005001"] },
      op: "user.delete_user_by_id",
      effect: state,
    },
    {
      name: "delete: ok",
      rest: (f) => rest("DELETE", "/zato/sso/user", { ust: a.adminUst, user_id: f.userId }),
      graphql: (f) => gql(a.gw, AdminDeleteUserByIdDocument, { ust: a.adminUst, currentApp: APP, userId: f.userId }),
      expected: { status: "ok", subStatus: [] },
      op: "user.delete_user_by_id",
      effect: state,
    },
    {
      name: "lock: a regular user",
      rest: (f) => rest("POST", "/zato/sso/user/lock", { ust: f.ust, user_id: f.userId }),
      graphql: (f) => gql(a.gw, AdminLockUserDocument, { ust: f.ust, currentApp: APP, userId: f.userId }),
      expected: { status: "error", subStatus: ["E005001"] },
      op: "user.lock_user",
      effect: state,
    },
    {
      name: "lock: ok",
      rest: (f) => rest("POST", "/zato/sso/user/lock", { ust: a.adminUst, user_id: f.userId }),
      graphql: (f) => gql(a.gw, AdminLockUserDocument, { ust: a.adminUst, currentApp: APP, userId: f.userId }),
      expected: { status: "ok", subStatus: [] },
      op: "user.lock_user",
      effect: state,
    },
    {
      name: "unlock: unknown user",
      rest: () => rest("DELETE", "/zato/sso/user/lock", { ust: a.adminUst, user_id: ZERO }),
      graphql: () => gql(a.gw, AdminUnlockUserDocument, { ust: a.adminUst, currentApp: APP, userId: ZERO }),
      expected: { status: "ok", subStatus: [] },
      op: "user.unlock_user",
    },
    {
      name: "approve: a regular user",
      rest: (f) => rest("POST", "/zato/sso/user/approve", { ust: f.ust, user_id: f.userId }),
      graphql: (f) => gql(a.gw, AdminApproveUserDocument, { ust: f.ust, currentApp: APP, userId: f.userId }),
      expected: { status: "error", subStatus: ["E008002"] },
      op: "user.approve_user",
      effect: state,
    },
    {
      name: "approve: ok",
      rest: (f) => rest("POST", "/zato/sso/user/approve", { ust: a.adminUst, user_id: f.userId }),
      graphql: (f) => gql(a.gw, AdminApproveUserDocument, { ust: a.adminUst, currentApp: APP, userId: f.userId }),
      expected: { status: "ok", subStatus: [] },
      op: "user.approve_user",
      effect: state,
    },
    {
      name: "reject: a regular user",
      rest: (f) => rest("POST", "/zato/sso/user/reject", { ust: f.ust, user_id: f.userId }),
      graphql: (f) => gql(a.gw, AdminRejectUserDocument, { ust: f.ust, currentApp: APP, userId: f.userId }),
      expected: { status: "error", subStatus: ["E008002"] },
      op: "user.reject_user",
      effect: state,
    },
    {
      name: "reject: ok, an API account is kept as rejected",
      rest: (f) => rest("POST", "/zato/sso/user/reject", { ust: a.adminUst, user_id: f.userId, reason: "r" }),
      graphql: (f) => gql(a.gw, AdminRejectUserDocument, { ust: a.adminUst, currentApp: APP, userId: f.userId, reason: "r" }),
      expected: { status: "ok", subStatus: [] },
      op: "user.reject_user",
      effect: state,
    },
  ],
  {
    gateway: () => a.gw,
    fixture: () => freshUser(a),
    title: "REST and GraphQL report the same outcome, effect and audit operation",
  },
);

describe("parity: results", () => {
  it("search returns the same page on both surfaces", async () => {
    for (let i = 0; i < 3; i++) await makeUser(a, { username: unique("listed"), last_name: "Parity" });
    const r = await rest("GET", "/zato/sso/user/search", { ust: a.adminUst, last_name: "parity", page_size: 2, cur_page: 2 });
    const g = await gql(a.gw, AdminSearchDocument, {
      ust: a.adminUst,
      currentApp: APP,
      lastName: "parity",
      pageSize: 2,
      curPage: 2,
    });
    const page = g.data?.search;
    if (page?.__typename !== "SearchPayload") throw new Error(JSON.stringify(g));
    expect({
      total: page.total,
      num_pages: page.numPages,
      page_size: page.pageSize,
      cur_page: page.curPage,
      has_next_page: page.hasNextPage,
      has_prev_page: page.hasPrevPage,
      next_page: page.nextPage,
      prev_page: page.prevPage,
      usernames: page.result.map((u) => u.username),
    }).toEqual({
      total: r.body.total,
      num_pages: r.body.num_pages,
      page_size: r.body.page_size,
      cur_page: r.body.cur_page,
      has_next_page: r.body.has_next_page,
      has_prev_page: r.body.has_prev_page,
      next_page: r.body.next_page,
      prev_page: r.body.prev_page,
      usernames: (r.body.result as { username: string }[]).map((u) => u.username),
    });
    expect(page.total).toBe(3);
  });

  it("deleteUserByUsername follows the rules of deleteUserById", async () => {
    const f = await freshUser(a);
    const none = await gql(a.gw, AdminDeleteUserByUsernameDocument, { ust: a.adminUst, currentApp: APP });
    expect(graphqlOutcome(none)).toEqual({ status: "error", subStatus: ["E008003"] });
    const own = await gql(a.gw, AdminDeleteUserByUsernameDocument, { ust: a.adminUst, currentApp: APP, username: "admin1" });
    expect(graphqlOutcome(own)).toEqual({ status: "error", subStatus: ["E008001"] });
    const regular = await gql(a.gw, AdminDeleteUserByUsernameDocument, { ust: f.ust, currentApp: APP, username: f.username });
    expect(graphqlOutcome(regular)).toEqual({ status: "error", subStatus: ["E005001"] });
    const deleted = await gql(a.gw, AdminDeleteUserByUsernameDocument, {
      ust: a.adminUst,
      currentApp: APP,
      username: f.username,
    });
    expect(graphqlOutcome(deleted)).toEqual({ status: "ok", subStatus: [] });
    await expect(userRow(a.gw, f.username)).rejects.toThrow();
  });

  it("takes the UST and current_app from the headers on GraphQL too", async () => {
    const f = await freshUser(a);
    const g = await gql(
      a.gw,
      AdminUpdateCurrentUserDocument,
      { displayName: "By headers" },
      {
        "X-Zato-SSO-UST": f.ust,
        "X-Zato-SSO-Current-App": APP,
      },
    );
    expect(graphqlOutcome(g)).toEqual({ status: "ok", subStatus: [] });
    expect((await userRow(a.gw, f.username)).display_name).toBe("By headers");
  });
});
