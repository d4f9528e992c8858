import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminGateway, auditRows, expectNoSecretsInAudit, loginAs, makeUser, send, startAdmin } from "../support/admin.js";
import { expectOk, userRow } from "../support/fixtures.js";
import { APP } from "../support/gateway.js";
import { unique } from "../support/names.js";

// Transactions and concurrency (docs/rules.md, "Concurrency"): uniqueness races report the code of the check
// they raced with, and a failed call changes nothing.

let a: AdminGateway;

beforeAll(async () => {
  a = await startAdmin();
});
afterAll(() => a.gw.close());

const patch = (ust: string, fields: Record<string, unknown>) =>
  send(a.gw, "PATCH", "/zato/sso/user", { ust, current_app: APP, ...fields });

async function pair() {
  const first = unique("racer");
  const second = unique("racer");
  const firstId = await makeUser(a, { username: first, display_name: "Before" });
  const secondId = await makeUser(a, { username: second, display_name: "Before" });
  return { first, second, firstId, secondId };
}

describe("concurrent updates taking the same username", () => {
  it("lets exactly one succeed; the other gets E001002 and writes none of its fields", async () => {
    for (let round = 0; round < 8; round++) {
      const p = await pair();
      const wanted = unique("contested");
      const [one, two] = await Promise.all([
        patch(a.adminUst, { user_id: p.firstId, username: wanted, display_name: "Winner one", is_locked: true }),
        patch(a.adminUst, { user_id: p.secondId, username: wanted, display_name: "Winner two", is_locked: true }),
      ]);
      const outcomes = [one, two].map((r) => ({ http: r.status, status: r.body.status, sub_status: r.body.sub_status }));
      expect(outcomes).toEqual(
        expect.arrayContaining([
          { http: 200, status: "ok", sub_status: undefined },
          { http: 403, status: "error", sub_status: ["E001002"] },
        ]),
      );
      const [winner, loser] = one.body.status === "ok" ? [p.first, p.second] : [p.second, p.first];
      const holders = await a.gw.query("SELECT username FROM sso_user WHERE username = $1", [wanted]);
      expect(holders).toHaveLength(1);
      expect(await a.gw.query("SELECT 1 FROM sso_user WHERE username = $1", [winner])).toEqual([]);
      // The loser is exactly as it was: same username, display name and lock.
      expect(await userRow(a.gw, loser)).toMatchObject({ display_name: "Before", is_locked: false, locked_time: null });
      // Each call wrote one audit record with its own outcome.
      for (const r of [one, two]) {
        const rows = await auditRows(a.gw, r.headers.get("x-zato-cid"));
        expect(rows).toHaveLength(1);
        expect(rows[0]?.outcome).toBe(r.body.status);
      }
    }
  });

  it("also when a regular user renames themselves while a super-user renames another user to the same name", async () => {
    const p = await pair();
    const ust = await loginAs(a, p.first);
    const wanted = unique("contested");
    const [own, byAdmin] = await Promise.all([
      patch(ust, { username: wanted }),
      patch(a.adminUst, { user_id: p.secondId, username: wanted }),
    ]);
    expect([own.body.status, byAdmin.body.status].sort()).toEqual(["error", "ok"]);
    expect([...(own.body.sub_status ?? []), ...(byAdmin.body.sub_status ?? [])]).toEqual(["E001002"]);
  });
});

describe("concurrent changes to one user", () => {
  it("applies both of two updates of different fields", async () => {
    const p = await pair();
    const [one, two] = await Promise.all([
      patch(a.adminUst, { user_id: p.firstId, first_name: "Concurrent" }),
      patch(a.adminUst, { user_id: p.firstId, last_name: "Writer" }),
    ]);
    expectOk(one);
    expectOk(two);
    expect(await userRow(a.gw, p.first)).toMatchObject({ first_name: "Concurrent", last_name: "Writer" });
  });

  it("deleting a user while it is being updated leaves no half-written user", async () => {
    const p = await pair();
    const [update, del] = await Promise.all([
      patch(a.adminUst, { user_id: p.firstId, display_name: "Late" }),
      send(a.gw, "DELETE", "/zato/sso/user", { ust: a.adminUst, current_app: APP, user_id: p.firstId }),
    ]);
    expect(update.status).toBeLessThan(500);
    expectOk(del);
    expect(await a.gw.query("SELECT 1 FROM sso_user WHERE user_id = $1", [p.firstId])).toEqual([]);
  });
});

describe("concurrency: audit", () => {
  it("wrote no secret in any audit record", async () => {
    await expectNoSecretsInAudit(a.gw, a.secrets);
  });
});
