import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminGateway, auditRow, makeUser, send, startAdmin } from "../support/admin.js";
import { ADMIN_PASSWORD, PASSWORD } from "../support/fixtures.js";
import { APP } from "../support/gateway.js";

// Ending many sessions at once (docs/rules.md, "Ending many sessions"), for super-users.

let a: AdminGateway;
beforeAll(async () => {
  a = await startAdmin({ apps: { all: ["CRM", "Shop"], login_allowed: ["CRM", "Shop"] } });
});
afterAll(() => a.gw.close());

async function revoke(args: Record<string, unknown>, ust = a.adminUst) {
  const r = await a.gw.graphql(
    `mutation($ust: String, $userId: String, $before: String, $after: String, $app: String, $type: String, $net: String, $dry: Boolean) {
      revokeSessions(ust: $ust, currentApp: "CRM", userId: $userId, createdBefore: $before, createdAfter: $after,
                     application: $app, authType: $type, remoteNetwork: $net, dryRun: $dry) {
        __typename
        ... on RevokeSessionsPayload { cid count userIds dryRun }
        ... on SsoError { cid subStatus }
      } }`,
    { ust, ...args },
  );
  return (r.body.data as { revokeSessions: Record<string, unknown> }).revokeSessions;
}

const live = async (ust: string) => {
  const r = await send(a.gw, "GET", "/zato/sso/user", { ust, current_app: APP });
  return r.body.status === "ok";
};

describe("revokeSessions", () => {
  it("by user: a dry run tells what would end and ends nothing; then they end", async () => {
    const userId = await makeUser(a, { username: "many-sessions" });
    const usts = [await a.gw.login("many-sessions", PASSWORD), await a.gw.login("many-sessions", PASSWORD)];
    const dry = await revoke({ userId, dry: true });
    expect(dry).toMatchObject({ __typename: "RevokeSessionsPayload", count: 2, userIds: [userId], dryRun: true });
    expect(await Promise.all(usts.map(live))).toEqual([true, true]);
    const done = await revoke({ userId });
    expect(done).toMatchObject({ count: 2, userIds: [userId], dryRun: false });
    expect(await Promise.all(usts.map(live))).toEqual([false, false]);
    expect(await auditRow(a.gw, { cid: done.cid as string })).toMatchObject({
      op: "session.revoke_many",
      outcome: "ok",
      details: { count: 2, dry_run: false, filters: [`userId=${userId}`] },
    });
  });

  it("by application and by creation time", async () => {
    await makeUser(a, { username: "shopper" });
    const shop = await a.gw.login("shopper", PASSWORD, { current_app: "Shop" });
    const crm = await a.gw.login("shopper", PASSWORD);
    expect(await revoke({ app: "Shop" })).toMatchObject({ count: 1 });
    expect([await live(shop), await live(crm)]).toEqual([false, true]);
    const later = new Date(Date.now() + 60_000).toISOString();
    const older = await revoke({ before: "2000-01-01T00:00:00", dry: true });
    expect(older).toMatchObject({ count: 0, userIds: [] });
    expect(await revoke({ after: later, dry: true })).toMatchObject({ count: 0 });
  });

  it("by remote network, and by auth type", async () => {
    await makeUser(a, { username: "local-one" });
    const ust = await a.gw.login("local-one", PASSWORD);
    const outside = await revoke({ net: "10.0.0.0/8", dry: true });
    expect(outside).toMatchObject({ count: 0 });
    const inside = await revoke({ net: "127.0.0.0/8", type: "default", dry: true });
    expect(inside.count as number).toBeGreaterThanOrEqual(1);
    expect(await live(ust)).toBe(true);
  });

  it("refuses no criterion, a bad time, a bad network, and callers who are not super-users", async () => {
    for (const args of [{}, { before: "yesterday" }, { net: "10.0.0.0/99" }, { net: "not-an-address" }]) {
      expect(await revoke(args)).toMatchObject({ __typename: "SsoError", subStatus: ["E008002"] });
    }
    await makeUser(a, { username: "plain-user" });
    const plain = await a.gw.login("plain-user", PASSWORD);
    expect(await revoke({ app: "CRM" }, plain)).toMatchObject({ subStatus: ["E005001"] });
    expect(await live(plain)).toBe(true);
    expect(await live(a.adminUst)).toBe(true);
  });

  it("can end the caller's own session too", async () => {
    const fresh = await a.gw.login("admin1", ADMIN_PASSWORD);
    const result = await revoke({ app: "CRM" }, fresh);
    expect(result.count as number).toBeGreaterThanOrEqual(1);
    expect(await live(fresh)).toBe(false);
    a.adminUst = await a.gw.login("admin1", ADMIN_PASSWORD);
  });
});
