import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
  await gw.createUser("admin1", "hQ9nl93UDqGus", { superUser: true });
});
afterAll(() => gw.close());

describe("smoke", () => {
  it("logs a super-user in and reads the account", async () => {
    const ust = await gw.login("admin1", "hQ9nl93UDqGus");
    expect(ust).toMatch(/^zust[0-9a-z]{52}$/);
    const r = await gw.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "ok", username: "admin1", is_super_user: true });
    const g = await gw.graphql(
      `query($ust: String) { getCurrentUser(ust: $ust, currentApp: "CRM") { __typename ... on UserPayload { username isCurrentSuperUser } } }`,
      { ust },
    );
    expect(g.body).toMatchObject({
      data: { getCurrentUser: { __typename: "UserPayload", username: "admin1", isCurrentSuperUser: true } },
    });
  });
});
