import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateUserDocument, GetCurrentUserDocument, GetUserByIdDocument } from "../generated/graphql.js";
import { ADMIN_PASSWORD, CID, expectOk, FULL_VIEW, PASSWORD, USER_ID, userRow } from "../support/fixtures.js";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";
import { as, gql } from "../support/graphql.js";
import { expectUnchanged } from "../support/state.js";

// createUser, getCurrentUser, getUserById (docs/graphql.md; docs/rules.md, "What a caller sees").

let gw: TestGateway;
let adminId: string;
let userId: string;
let adminUst: string;
let userUst: string;

beforeAll(async () => {
  gw = await startGateway();
  adminId = await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  userId = await gw.createUser("user1", PASSWORD, { email: "user1@example.com" });
  adminUst = await gw.login("admin1", ADMIN_PASSWORD);
  userUst = await gw.login("user1", PASSWORD);
});
afterAll(() => gw.close());

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const SUPER_ONLY = FULL_VIEW.filter(
  (k) =>
    !["username", "email", "display_name", "first_name", "middle_name", "last_name", "is_totp_enabled", "totp_label"].includes(k),
);

/** The REST full view of a user, in GraphQL's field names. */
async function restFullView(id: string): Promise<Record<string, unknown>> {
  const body = expectOk(await gw.rest("GET", "/zato/sso/user", { query: { ust: adminUst, current_app: APP, user_id: id } }));
  return Object.fromEntries(FULL_VIEW.map((k) => [camel(k), body[k]]));
}

describe("getCurrentUser", () => {
  it("gives a regular user the regular view, every super-user field null, and isCurrentSuperUser false", async () => {
    const r = await gql(gw, GetCurrentUserDocument, { ust: userUst, currentApp: APP });
    const user = as(r.data?.getCurrentUser, "UserPayload");
    expect(user).toEqual({
      __typename: "UserPayload",
      cid: r.cid,
      status: "ok",
      subStatus: [],
      isCurrentSuperUser: false,
      username: "user1",
      email: "user1@example.com",
      displayName: "",
      firstName: null,
      middleName: null,
      lastName: null,
      isTotpEnabled: false,
      totpLabel: "",
      ...Object.fromEntries(SUPER_ONLY.map((k) => [camel(k), null])),
    });
    expect(user.cid).toMatch(CID);
  });

  it("gives a super-user the full view of their own account, as REST does, and isCurrentSuperUser true", async () => {
    const r = await gql(gw, GetCurrentUserDocument, { ust: adminUst, currentApp: APP });
    const user = as(r.data?.getCurrentUser, "UserPayload");
    expect(user).toMatchObject({ ...(await restFullView(adminId)), isCurrentSuperUser: true, status: "ok", subStatus: [] });
    expect(user.userId).toMatch(USER_ID);
  });

  it("takes the UST and current_app from the X-Zato-SSO-* headers when the arguments are absent", async () => {
    const r = await gql(gw, GetCurrentUserDocument, {}, { "X-Zato-SSO-UST": userUst, "X-Zato-SSO-Current-App": APP });
    expect(as(r.data?.getCurrentUser, "UserPayload").username).toBe("user1");
  });

  it("reports an invalid UST as an SsoError with E007001, its cid and Zato's code name", async () => {
    const r = await gql(gw, GetCurrentUserDocument, { ust: `zust${"0".repeat(52)}`, currentApp: APP });
    expect(as(r.data?.getCurrentUser, "SsoError")).toEqual({
      __typename: "SsoError",
      cid: r.cid,
      status: "error",
      subStatus: ["E007001"],
      message: "session.no_such_session",
    });
    expect(r.errors).toBeUndefined();
  });

  it("reports the current_app pre-check as an SsoError with E004001", async () => {
    const r = await gql(gw, GetCurrentUserDocument, { ust: userUst, currentApp: "Nope" });
    expect(as(r.data?.getCurrentUser, "SsoError").subStatus).toEqual(["E004001"]);
    expect(r.status).toBe(200);
  });

  it.each([
    ["current_app", { ust: "USER" }, {}],
    ["the UST", { currentApp: APP }, {}],
    ["current_app, its header empty (as on REST, an empty header is none)", { ust: "USER" }, { "X-Zato-SSO-Current-App": "" }],
  ])(
    "answers %s neither sent nor in a header as REST's HTTP 400: a BAD_REQUEST error, and no audit record",
    async (_, variables, headers) => {
      const withUst = "ust" in variables ? { ...variables, ust: userUst } : variables;
      await gw.services.audit.flush();
      const before = await gw.query("SELECT count(*) AS n FROM sso_audit_log");
      const r = await gql(gw, GetCurrentUserDocument, withUst, headers);
      expect(r.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Bad request", "BAD_REQUEST"]]);
      expect(r.data?.getCurrentUser ?? null).toBeNull();
      await gw.services.audit.flush();
      expect(await gw.query("SELECT count(*) AS n FROM sso_audit_log")).toEqual(before);
    },
  );

  it("takes the UST and current_app from their headers when the arguments are absent", async () => {
    const r = await gql(gw, GetCurrentUserDocument, {}, { "X-Zato-SSO-UST": userUst, "X-Zato-SSO-Current-App": APP });
    expect(as(r.data?.getCurrentUser, "UserPayload").username).toBeTypeOf("string");
  });
});

describe("getUserById", () => {
  it("gives a super-user the full view of another user, as REST does", async () => {
    const r = await gql(gw, GetUserByIdDocument, { ust: adminUst, currentApp: APP, userId });
    const user = as(r.data?.getUserById, "UserPayload");
    expect(user).toMatchObject({ ...(await restFullView(userId)), isCurrentSuperUser: true });
    expect(user.approvalStatusModBy).toBe("auto");
  });

  it("refuses a regular user with E005001", async () => {
    const r = await gql(gw, GetUserByIdDocument, { ust: userUst, currentApp: APP, userId });
    expect(as(r.data?.getUserById, "SsoError")).toMatchObject({ subStatus: ["E005001"], message: "auth.not_allowed" });
  });

  it("refuses an unknown user_id with E005001", async () => {
    const r = await gql(gw, GetUserByIdDocument, { ust: adminUst, currentApp: APP, userId: `zusr${"1".repeat(26)}` });
    expect(as(r.data?.getUserById, "SsoError").subStatus).toEqual(["E005001"]);
  });
});

describe("createUser", () => {
  it("creates a regular user and returns its full view, as REST's get shows it afterwards", async () => {
    const r = await gql(gw, CreateUserDocument, {
      ust: adminUst,
      currentApp: APP,
      username: "g1",
      password: PASSWORD,
      firstName: " Grace ",
      lastName: "Hopper",
      email: "grace@example.com",
      isLocked: false,
      passwordMustChange: true,
      totpLabel: "Key",
      autoApprove: true,
    });
    const user = as(r.data?.createUser, "UserPayload");
    expect(user).toMatchObject({
      status: "ok",
      subStatus: [],
      isCurrentSuperUser: true,
      username: "g1",
      displayName: "Grace Hopper",
      firstName: "Grace",
      approvalStatus: "approved",
      approvalStatusModBy: adminId,
      passwordMustChange: true,
      totpLabel: "Key",
      isSuperUser: false,
    });
    const { __typename, cid, status, subStatus, isCurrentSuperUser, ...fields } = user;
    expect(fields).toEqual(await restFullView(user.userId as string));
    expect(JSON.parse(user.creationCtx as string)).toMatchObject({ source: "api", current_app: "CRM" });
  });

  it("changes nothing when it fails", async () => {
    await expectUnchanged(gw, async () => {
      const r = await gql(gw, CreateUserDocument, { ust: adminUst, currentApp: APP, username: "g2", password: "short" });
      expect(as(r.data?.createUser, "SsoError").subStatus).toEqual(["E003002"]);
    });
  });

  it("stores the rate-limit settings given", async () => {
    const r = await gql(gw, CreateUserDocument, {
      ust: adminUst,
      currentApp: APP,
      username: "g3",
      isRateLimitActive: true,
      rateLimitDef: "x",
    });
    as(r.data?.createUser, "UserPayload");
    expect(await userRow(gw, "g3")).toMatchObject({ is_rate_limit_active: true, rate_limit_def: "x" });
  });
});
