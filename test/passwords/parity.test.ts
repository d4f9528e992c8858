import { afterAll, beforeAll } from "vitest";
import { AdminChangePasswordDocument } from "../generated/graphql.js";
import { type AdminGateway, send, startAdmin } from "../support/admin.js";
import { PASSWORD } from "../support/fixtures.js";
import { APP } from "../support/gateway.js";
import { gql } from "../support/graphql.js";
import { freshUser, parityTests, type UserFixture, userState } from "../support/parity.js";

// Changing a password reports the same outcome through REST and through GraphQL (docs/graphql.md),
// with the same effect and the same audit operation.

let a: AdminGateway;

beforeAll(async () => {
  a = await startAdmin();
});
afterAll(() => a.gw.close());

const rest = (method: string, path: string, params: Record<string, unknown>) =>
  send(a.gw, method, path, { current_app: APP, ...params });
const state = (f: UserFixture) => userState(a.gw, f);

parityTests<UserFixture>(
  [
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
  ],
  { gateway: () => a.gw, fixture: () => freshUser(a) },
);
