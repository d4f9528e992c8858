import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminGateway, auditRow, loginAs, makeUser, send, startAdmin, unique } from "../admin/support.js";
import {
  AdminApproveUserDocument,
  AdminChangePasswordDocument,
  AdminDeleteUserByIdDocument,
  AdminDeleteUserByUsernameDocument,
  AdminLockUserDocument,
  AdminRejectUserDocument,
  AdminResetTotpKeyDocument,
  AdminSearchDocument,
  AdminUnlockUserDocument,
  AdminUpdateCurrentUserDocument,
  AdminUpdateUserByIdDocument,
} from "../generated/graphql.js";
import { PASSWORD, userRow } from "../support/fixtures.js";
import { APP, type HttpAnswer } from "../support/gateway.js";
import { type GraphQLAnswer, gql } from "../support/graphql.js";

// GraphQL reports exactly what REST reports in the same situation (README, "GraphQL"): the same
// sub_status, the same effects and the same audit operation, scenario by scenario.

let a: AdminGateway;

beforeAll(async () => {
  a = await startAdmin();
  await makeUser(a, { username: "taken" });
});
afterAll(() => a.gw.close());

interface Fixture {
  username: string;
  userId: string;
  ust: string;
}

/** A fresh logged-in regular user, so that each surface acts on its own copy of the scenario. */
async function fresh(fields: Record<string, unknown> = {}): Promise<Fixture> {
  const username = unique("par");
  const userId = await makeUser(a, { username, ...fields });
  return { username, userId, ust: await loginAs(a, username) };
}

/** What a client learns from an answer: status and sub_status (REST), or the same fields (GraphQL). */
const restOutcome = (r: HttpAnswer) => {
  expect(r.status).toBeLessThan(500);
  return { status: r.body.status, subStatus: r.body.sub_status ?? [] };
};
const gqlOutcome = (r: GraphQLAnswer<Record<string, unknown>>) => {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  const [field] = Object.values(r.data ?? {}) as { status: string; subStatus: string[] }[];
  return { status: field?.status, subStatus: field?.subStatus };
};

interface Scenario {
  name: string;
  rest(f: Fixture): Promise<HttpAnswer>;
  graphql(f: Fixture): Promise<GraphQLAnswer<Record<string, unknown>>>;
  expected: { status: string; subStatus: string[] };
  op: string;
  /** The stored state of the fixture's user after the call, compared between surfaces. */
  effect?(f: Fixture): Promise<unknown>;
  fixture?: Record<string, unknown>;
}

const ZERO = "zusr00000000000000000000000000";
const rest = (method: string, path: string, params: Record<string, unknown>) =>
  send(a.gw, method, path, { current_app: APP, ...params });
const state = async (f: Fixture) => {
  const rows = await a.gw.query("SELECT * FROM sso_user WHERE user_id = $1", [f.userId]);
  if (rows.length === 0) return "deleted";
  const { username, display_name, is_locked, approval_status, password_must_change } = rows[0] as Record<string, unknown>;
  return { same_username: username === f.username, display_name, is_locked, approval_status, password_must_change };
};

const SCENARIOS: Scenario[] = [
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
    graphql: (f) => gql(a.gw, AdminUpdateCurrentUserDocument, { ust: f.ust, currentApp: APP, isLocked: true, displayName: "x" }),
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
    graphql: (f) => gql(a.gw, AdminUpdateUserByIdDocument, { ust: f.ust, currentApp: APP, userId: a.adminId, displayName: "x" }),
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
  {
    name: "change password: wrong old password",
    rest: (f) =>
      rest("PATCH", "/zato/sso/user/password", { ust: f.ust, old_password: "Wrong-1234", new_password: "Next-pass-123" }),
    graphql: (f) =>
      gql(a.gw, AdminChangePasswordDocument, {
        ust: f.ust,
        currentApp: APP,
        oldPassword: "Wrong-1234",
        newPassword: "Next-pass-123",
      }),
    expected: { status: "error", subStatus: ["E005001"] },
    op: "user.change_password",
  },
  {
    name: "change password: a regular user naming another user",
    rest: (f) => rest("PATCH", "/zato/sso/user/password", { ust: f.ust, user_id: a.adminId, new_password: "Next-pass-123" }),
    graphql: (f) =>
      gql(a.gw, AdminChangePasswordDocument, { ust: f.ust, currentApp: APP, userId: a.adminId, newPassword: "Next-pass-123" }),
    expected: { status: "error", subStatus: ["E008002"] },
    op: "user.change_password",
  },
  {
    name: "change password: policy code for another user's password",
    rest: (f) => rest("PATCH", "/zato/sso/user/password", { ust: a.adminUst, user_id: f.userId, new_password: "abc" }),
    graphql: (f) =>
      gql(a.gw, AdminChangePasswordDocument, { ust: a.adminUst, currentApp: APP, userId: f.userId, newPassword: "abc" }),
    expected: { status: "error", subStatus: ["E003002"] },
    op: "user.change_password",
  },
  {
    name: "change password: own, policy failure shown as E005001",
    rest: (f) => rest("PATCH", "/zato/sso/user/password", { ust: f.ust, old_password: PASSWORD, new_password: "abc" }),
    graphql: (f) =>
      gql(a.gw, AdminChangePasswordDocument, { ust: f.ust, currentApp: APP, oldPassword: PASSWORD, newPassword: "abc" }),
    expected: { status: "error", subStatus: ["E005001"] },
    op: "user.change_password",
  },
  {
    name: "change password: ok with must_change",
    rest: (f) =>
      rest("PATCH", "/zato/sso/user/password", {
        ust: a.adminUst,
        user_id: f.userId,
        new_password: "Next-pass-123",
        must_change: true,
      }),
    graphql: (f) =>
      gql(a.gw, AdminChangePasswordDocument, {
        ust: a.adminUst,
        currentApp: APP,
        userId: f.userId,
        newPassword: "Next-pass-123",
        mustChange: true,
      }),
    expected: { status: "ok", subStatus: [] },
    op: "user.change_password",
    effect: state,
  },
  {
    name: "reset TOTP key: a regular user naming a user_id",
    rest: (f) => rest("PATCH", "/zato/sso/user/totp", { ust: f.ust, user_id: f.userId, totp_key: "", totp_label: "" }),
    graphql: (f) =>
      gql(a.gw, AdminResetTotpKeyDocument, { ust: f.ust, currentApp: APP, userId: f.userId, totpKey: "", totpLabel: "" }),
    expected: { status: "error", subStatus: ["E008002"] },
    op: "user.reset_totp_key",
  },
  {
    name: "reset TOTP key: unknown user",
    rest: () => rest("PATCH", "/zato/sso/user/totp", { ust: a.adminUst, user_id: ZERO, totp_key: "", totp_label: "" }),
    graphql: () =>
      gql(a.gw, AdminResetTotpKeyDocument, { ust: a.adminUst, currentApp: APP, userId: ZERO, totpKey: "", totpLabel: "" }),
    expected: { status: "error", subStatus: ["E005001"] },
    op: "user.reset_totp_key",
  },
  {
    name: "reset TOTP key: bad key",
    rest: (f) => rest("PATCH", "/zato/sso/user/totp", { ust: f.ust, totp_key: "0OL1", totp_label: "" }),
    graphql: (f) => gql(a.gw, AdminResetTotpKeyDocument, { ust: f.ust, currentApp: APP, totpKey: "0OL1", totpLabel: "" }),
    expected: { status: "error", subStatus: ["E008002"] },
    op: "user.reset_totp_key",
  },
  {
    name: "reset TOTP key: ok",
    rest: (f) => rest("PATCH", "/zato/sso/user/totp", { ust: f.ust, totp_key: "MFRGGZDFMZTWQ2LK", totp_label: "L" }),
    graphql: (f) =>
      gql(a.gw, AdminResetTotpKeyDocument, { ust: f.ust, currentApp: APP, totpKey: "MFRGGZDFMZTWQ2LK", totpLabel: "L" }),
    expected: { status: "ok", subStatus: [] },
    op: "user.reset_totp_key",
  },
];

describe.each(SCENARIOS)("parity: $name", (s) => {
  it("reports the same status and sub_status, has the same effect and writes the same audit operation", async () => {
    const viaRest = await fresh(s.fixture);
    const viaGraphql = await fresh(s.fixture);
    const r = await s.rest(viaRest);
    const g = await s.graphql(viaGraphql);
    expect(restOutcome(r)).toEqual(s.expected);
    expect(gqlOutcome(g)).toEqual(s.expected);
    // REST answers the current_app pre-check with 200, other failures with 403.
    expect(r.status).toBe(s.expected.status === "ok" || s.expected.subStatus[0] === "E004001" ? 200 : 403);
    if (s.effect) expect(await s.effect(viaGraphql)).toEqual(await s.effect(viaRest));
    expect((await auditRow(a.gw, r)).op).toBe(s.op);
    expect(await auditRow(a.gw, { cid: g.cid })).toMatchObject({
      op: s.op,
      outcome: s.expected.status,
      sub_status: s.expected.subStatus,
    });
  });
});

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
    const f = await fresh();
    const none = await gql(a.gw, AdminDeleteUserByUsernameDocument, { ust: a.adminUst, currentApp: APP });
    expect(gqlOutcome(none)).toEqual({ status: "error", subStatus: ["E008003"] });
    const own = await gql(a.gw, AdminDeleteUserByUsernameDocument, { ust: a.adminUst, currentApp: APP, username: "admin1" });
    expect(gqlOutcome(own)).toEqual({ status: "error", subStatus: ["E008001"] });
    const regular = await gql(a.gw, AdminDeleteUserByUsernameDocument, { ust: f.ust, currentApp: APP, username: f.username });
    expect(gqlOutcome(regular)).toEqual({ status: "error", subStatus: ["E005001"] });
    const ok = await gql(a.gw, AdminDeleteUserByUsernameDocument, { ust: a.adminUst, currentApp: APP, username: f.username });
    expect(gqlOutcome(ok)).toEqual({ status: "ok", subStatus: [] });
    await expect(userRow(a.gw, f.username)).rejects.toThrow();
  });

  it("takes the UST and current_app from the headers on GraphQL too", async () => {
    const f = await fresh();
    const g = await gql(
      a.gw,
      AdminUpdateCurrentUserDocument,
      { displayName: "By headers" },
      {
        "X-Zato-SSO-UST": f.ust,
        "X-Zato-SSO-Current-App": APP,
      },
    );
    expect(gqlOutcome(g)).toEqual({ status: "ok", subStatus: [] });
    expect((await userRow(a.gw, f.username)).display_name).toBe("By headers");
  });
});
