import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteExpired, scheduleCleanup } from "../../src/core/cleanup.js";
import { type AdminGateway, makeUser, send, startAdmin } from "../support/admin.js";
import { freshDatabase } from "../support/database.js";
import { ADMIN_PASSWORD, expectOk, PASSWORD } from "../support/fixtures.js";
import { APP, MINUTE, startGateway } from "../support/gateway.js";

// The cleanup job (docs/rules.md, "Cleanup"): one transaction deleting what has expired and
// nothing else, never needed for correctness, one process at a time, failures retried.

let a: AdminGateway;
beforeAll(async () => {
  a = await startAdmin({ main: { email_service: "outbox:outbox" }, password_reset: { min_answer_time: 0 } });
});
afterAll(() => a.gw.close());

const count = async (table: string) => (await a.gw.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n;

async function seed(prefix: string, lifetime: number) {
  const userId = await makeUser(a, { username: `${prefix}-owner`, email: `${prefix}@example.net` });
  const ust = await a.gw.login(`${prefix}-owner`, PASSWORD);
  expectOk(
    await send(a.gw, "POST", "/zato/sso/user/attr", {
      ust: a.adminUst,
      current_app: APP,
      user_id: userId,
      name: "brief",
      value: prefix,
      expiration: lifetime,
    }),
  );
  expectOk(
    await send(a.gw, "POST", "/zato/sso/session/attr", {
      current_ust: a.adminUst,
      target_ust: ust,
      current_app: APP,
      name: "cart",
      value: 1,
    }),
  );
  expectOk(await send(a.gw, "POST", "/zato/sso/password/reset", { credential: `${prefix}-owner`, current_app: APP }));
  return { userId, ust };
}

describe("the cleanup job", () => {
  it("reads ignore what has expired before it runs; it deletes exactly that, in one run", async () => {
    const session = a.gw.config.session.expiry * MINUTE;
    const resetFor = a.gw.config.password_reset.valid_for * MINUTE;
    const old = await seed("old", 30);
    const before = {
      sessions: await count("sso_session"),
      attrs: await count("sso_attr"),
      resets: await count("sso_password_reset"),
    };
    // Past the session's lifetime and the token's: everything "old" made has expired.
    a.gw.clock.advance(Math.max(session, resetFor) + 1000);
    try {
      a.adminUst = await a.gw.login("admin1", ADMIN_PASSWORD);
      // Still stored, already invisible.
      expect(await count("sso_attr")).toBe(before.attrs);
      const names = await send(a.gw, "GET", "/zato/sso/user/attr/names", {
        ust: a.adminUst,
        current_app: APP,
        user_id: old.userId,
      });
      expect(names.body, names.text).toMatchObject({ status: "ok", result: [] });
      const verify = await send(a.gw, "POST", "/zato/sso/user/session", {
        current_ust: a.adminUst,
        target_ust: old.ust,
        current_app: APP,
      });
      expect(expectOk(verify).is_valid).toBe(false);

      const young = await seed("young", 3600);
      const stored = {
        sessions: await count("sso_session"),
        attrs: await count("sso_attr"),
        resets: await count("sso_password_reset"),
      };
      const removed = await deleteExpired(a.gw.services);
      expect(removed.ran).toBe(true);
      // The old owner's session (with its attribute), the admin's old sessions, the old user attribute, the old token.
      expect(removed.attributes).toBeGreaterThanOrEqual(1);
      expect(removed.resets).toBe(1);
      expect(removed.sessions).toBeGreaterThanOrEqual(2);
      expect(await count("sso_password_reset")).toBe((stored.resets ?? 0) - 1);
      expect(await count("sso_session")).toBe((stored.sessions ?? 0) - removed.sessions);
      // What "young" made is all there.
      const left = await a.gw.query<{ name: string }>(
        "SELECT a.name FROM sso_attr a JOIN sso_user u ON u.id = a.user_id WHERE u.user_id = $1 ORDER BY a.name",
        [young.userId],
      );
      expect(left.map((r) => r.name)).toEqual(["brief", "cart"]);
      expect(await deleteExpired(a.gw.services)).toEqual({ ran: true, sessions: 0, attributes: 0, resets: 0, throttles: 0 });
    } finally {
      a.gw.clock.advance(-(Math.max(session, resetFor) + 1000));
    }
  });

  it("runs in one process at a time: another finding it running skips its turn", async () => {
    const database = await freshDatabase();
    const g = await startGateway({}, { database });
    const client = new pg.Client(database.url);
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(7310583202)");
      expect((await deleteExpired(g.services)).ran).toBe(false);
      await client.query("COMMIT");
      expect((await deleteExpired(g.services)).ran).toBe(true);
    } finally {
      await client.end();
      await g.close();
      await database.drop();
    }
  });

  it("is not cut short by [database] query_timeout: a run that waits on a lock finishes", async () => {
    const database = await freshDatabase();
    const g = await startGateway({ database: { query_timeout: 1 } }, { database });
    const client = new pg.Client(database.url);
    await client.connect();
    try {
      await g.createUser("waiting", PASSWORD);
      await g.login("waiting", PASSWORD);
      await g.query("UPDATE sso_session SET expiration_time = now() - interval '1 minute'");
      // Another transaction holds the expired session's row for longer than query_timeout.
      await client.query("BEGIN");
      await client.query("SELECT 1 FROM sso_session FOR UPDATE");
      const run = deleteExpired(g.services);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await client.query("COMMIT");
      expect(await run).toMatchObject({ ran: true, sessions: 1 });
      // The pool's own calls stay bounded.
      await client.query("BEGIN");
      await client.query("SELECT 1 FROM sso_user FOR UPDATE");
      await expect(g.services.db.sql.run("UPDATE sso_user SET display_name = 'x'")).rejects.toThrow(/statement timeout/);
      await client.query("COMMIT");
    } finally {
      await client.end();
      await g.close();
      await database.drop();
    }
  });

  it("logs a failed run and tries again at the next interval", async () => {
    const g = await startGateway({ cleanup: { interval: 1 } });
    const stop = scheduleCleanup(g.services);
    try {
      await g.query("ALTER TABLE sso_password_reset RENAME TO sso_password_reset_away");
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const failed = g.logs.filter((l) => l.message.includes("cleanup failed"));
      expect(failed.length).toBeGreaterThanOrEqual(1);
      await g.query("ALTER TABLE sso_password_reset_away RENAME TO sso_password_reset");
      await g.createUser("expiring", PASSWORD);
      await g.login("expiring", PASSWORD);
      await g.query("UPDATE sso_session SET expiration_time = now() - interval '1 minute'");
      await new Promise((resolve) => setTimeout(resolve, 2200));
      expect(await g.query("SELECT 1 FROM sso_session")).toEqual([]);
    } finally {
      stop();
      await g.close();
    }
  });
});
