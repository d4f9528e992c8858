import { afterAll, beforeAll } from "vitest";
import { AdminResetTotpKeyDocument } from "../generated/graphql.js";
import { type AdminGateway, send, startAdmin } from "../support/admin.js";
import { APP } from "../support/gateway.js";
import { gql } from "../support/graphql.js";
import { freshUser, parityTests, type UserFixture } from "../support/parity.js";

// Resetting a TOTP key reports the same outcome through REST and through GraphQL (docs/graphql.md),
// with the same audit operation.

let a: AdminGateway;

beforeAll(async () => {
  a = await startAdmin();
});
afterAll(() => a.gw.close());

const ZERO = "zusr00000000000000000000000000";
const rest = (method: string, path: string, params: Record<string, unknown>) =>
  send(a.gw, method, path, { current_app: APP, ...params });

parityTests<UserFixture>(
  [
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
  ],
  { gateway: () => a.gw, fixture: () => freshUser(a) },
);
