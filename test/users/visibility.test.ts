import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminGetCurrentUserDocument, AdminGetUserByIdDocument, AdminSearchDocument } from "../generated/graphql.js";
import { type AdminGateway, expectNoSecretsInAudit, loginAs, makeUser, send, startAdmin } from "../support/admin.js";
import { expectOk, FULL_VIEW, PASSWORD, REGULAR_VIEW } from "../support/fixtures.js";
import { APP } from "../support/gateway.js";
import { as, gql } from "../support/graphql.js";

// Which user fields a caller sees (docs/rules.md, "What a caller sees": on GraphQL, fields outside the view are null).

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const SUPER_ONLY = FULL_VIEW.filter((k) => !(REGULAR_VIEW as readonly string[]).includes(k));
const SEARCH_ONLY = ["is_rate_limit_active", "rate_limit_def", "rate_limit_type", "rate_limit_check_parent_def"];

let a: AdminGateway;
let userId: string;
let userUst: string;

beforeAll(async () => {
  a = await startAdmin();
  userId = await makeUser(a, {
    username: "viewed",
    email: "viewed@example.com",
    first_name: "Vee",
    last_name: "Wood",
    totp_label: "Phone",
    is_totp_enabled: false,
  });
  userUst = await loginAs(a, "viewed", PASSWORD);
});
afterAll(() => a.gw.close());

describe("REST: the same account seen by its regular owner and by a super-user", () => {
  it("gives the regular user exactly the regular view (keys absent, not null) and the super-user the full view", async () => {
    const own = expectOk(await send(a.gw, "GET", "/zato/sso/user", { ust: userUst, current_app: APP }));
    const full = expectOk(await send(a.gw, "GET", "/zato/sso/user", { ust: a.adminUst, current_app: APP, user_id: userId }));
    expect(Object.keys(own).sort()).toEqual(["cid", "status", ...REGULAR_VIEW].sort());
    expect(Object.keys(full).sort()).toEqual(["cid", "status", ...FULL_VIEW].sort());
    for (const key of REGULAR_VIEW) expect(own[key], key).toEqual(full[key]);
    expect(own).toMatchObject({
      username: "viewed",
      email: "viewed@example.com",
      display_name: "Vee Wood",
      first_name: "Vee",
      middle_name: null,
      last_name: "Wood",
      is_totp_enabled: false,
      totp_label: "Phone",
    });
    expect(full.user_id).toBe(userId);
    // Nothing secret in either.
    for (const r of [own, full]) expect(JSON.stringify(r)).not.toMatch(/totp_key|"password"|email_hash|token|v1:/);
  });
});

describe("GraphQL: the same account seen by its regular owner and by a super-user", () => {
  it("gives the regular user the regular fields, null for every other field, and isCurrentSuperUser false", async () => {
    const own = as(
      (await gql(a.gw, AdminGetCurrentUserDocument, { ust: userUst, currentApp: APP })).data?.getCurrentUser,
      "UserPayload",
    );
    const rest = expectOk(await send(a.gw, "GET", "/zato/sso/user", { ust: userUst, current_app: APP }));
    expect(own.isCurrentSuperUser).toBe(false);
    const fields = own as unknown as Record<string, unknown>;
    for (const key of REGULAR_VIEW) expect(fields[camel(key)], key).toEqual(rest[key]);
    for (const key of [...SUPER_ONLY, ...SEARCH_ONLY]) expect(fields[camel(key)], key).toBeNull();
  });

  it("gives the super-user every field of the full view, equal to REST, and isCurrentSuperUser true", async () => {
    const full = as(
      (await gql(a.gw, AdminGetUserByIdDocument, { ust: a.adminUst, currentApp: APP, userId })).data?.getUserById,
      "UserPayload",
    );
    const rest = expectOk(await send(a.gw, "GET", "/zato/sso/user", { ust: a.adminUst, current_app: APP, user_id: userId }));
    expect(full.isCurrentSuperUser).toBe(true);
    const fields = full as unknown as Record<string, unknown>;
    for (const key of FULL_VIEW) expect(fields[camel(key)], key).toEqual(rest[key]);
    for (const key of SEARCH_ONLY) expect(fields[camel(key)], key).toBeNull();
  });

  it("shows the search view in search results, equal to REST", async () => {
    const page = as(
      (await gql(a.gw, AdminSearchDocument, { ust: a.adminUst, currentApp: APP, userId })).data?.search,
      "SearchPayload",
    );
    const rest = expectOk(
      await send(a.gw, "GET", "/zato/sso/user/search", { ust: a.adminUst, current_app: APP, user_id: userId }),
    );
    const [restUser] = rest.result as Record<string, unknown>[];
    const [user] = page.result as unknown as Record<string, unknown>[];
    expect(user?.isCurrentSuperUser).toBe(true);
    for (const key of [...FULL_VIEW, ...SEARCH_ONLY]) expect(user?.[camel(key)], key).toEqual(restUser?.[key]);
  });

  it("shows a super-user's own account in the full view", async () => {
    const own = as(
      (await gql(a.gw, AdminGetCurrentUserDocument, { ust: a.adminUst, currentApp: APP })).data?.getCurrentUser,
      "UserPayload",
    );
    expect(own).toMatchObject({ isCurrentSuperUser: true, userId: a.adminId, isSuperUser: true, approvalStatus: "approved" });
  });
});

describe("visibility: audit", () => {
  it("wrote no secret in any audit record", async () => {
    await expectNoSecretsInAudit(a.gw, a.secrets);
  });
});
