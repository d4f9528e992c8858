import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminGateway, auditRows, send, startAdmin } from "../support/admin.js";
import { PASSWORD } from "../support/fixtures.js";
import { APP } from "../support/gateway.js";

// `[audit] valid_verifies = false`: verifies that find the session valid write no record; every
// other call, failed verifies included, still does.

let a: AdminGateway;
beforeAll(async () => {
  a = await startAdmin({ audit: { valid_verifies: false } });
});
afterAll(() => a.gw.close());

describe("[audit] valid_verifies = false", () => {
  it("leaves out valid verifies only", async () => {
    await a.gw.createUser("verified", PASSWORD);
    const ust = await a.gw.login("verified", PASSWORD);
    const verify = (target: string) =>
      send(a.gw, "POST", "/zato/sso/user/session", { current_ust: a.adminUst, target_ust: target, current_app: APP });
    const valid = await verify(ust);
    const invalid = await verify("zust-unknown");
    expect([valid.body.is_valid, invalid.body.is_valid]).toEqual([true, false]);
    const byCid = async (r: { headers: Headers }) => auditRows(a.gw, r.headers.get("x-zato-cid"));
    expect(await byCid(valid)).toEqual([]);
    expect((await byCid(invalid)).map((r) => r.op)).toEqual(["session.verify"]);
    const renewed = await send(a.gw, "PATCH", "/zato/sso/user/session", { ust, current_app: APP });
    expect((await byCid(renewed)).map((r) => r.op)).toEqual(["session.renew"]);
  });
});
