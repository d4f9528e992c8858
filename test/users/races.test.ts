import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { send } from "../support/admin.js";
import { freshDatabase } from "../support/database.js";
import { ADMIN_PASSWORD, expectFailure, expectOk, PASSWORD } from "../support/fixtures.js";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";

// Calls that lose a race to another call's committed change (docs/rules.md, "Concurrency"): made
// deterministic by holding a row lock in a transaction of the test's own, so that the gateway's
// statement waits at the racy point; the other change is committed meanwhile. None may answer
// HTTP 500, and none may act on what the other change removed.

let database: Awaited<ReturnType<typeof freshDatabase>>;
let gw: TestGateway;
let admin: string;
let holder: pg.Client;

beforeAll(async () => {
  database = await freshDatabase();
  gw = await startGateway({}, { database });
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  admin = await gw.login("admin1", ADMIN_PASSWORD);
});
afterAll(async () => {
  await gw.close();
  await database.drop();
});
beforeEach(async () => {
  holder = new pg.Client(database.params);
  await holder.connect();
});
afterEach(() => holder.end());

/** Resolves once `count` statements starting with `prefix` wait for a lock. */
async function waitingFor(prefix: string, count: number) {
  for (let i = 0; i < 400; i++) {
    const [row] = await gw.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND ltrim(query) LIKE $1",
      [`${prefix}%`],
    );
    if ((row?.n ?? 0) >= count) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no ${count} statements ${prefix}… waiting`);
}

async function user() {
  const username = unique("racer");
  const userId = await gw.createUser(username, PASSWORD);
  const [{ id }] = (await gw.query("SELECT id::text AS id FROM sso_user WHERE user_id = $1", [userId])) as [{ id: string }];
  return { username, userId, id };
}

const login = (username: string) => send(gw, "POST", "/zato/sso/user/login", { username, password: PASSWORD, current_app: APP });
const sessionCount = async (id: string) =>
  Number((await gw.query<{ n: string }>("SELECT count(*) AS n FROM sso_session WHERE user_id = $1", [id]))[0]?.n);

describe("races lost to a committed change", () => {
  /** A login that reaches its session's insert while `change` (SQL on the user's row) commits. */
  async function loginRacing(change: (id: string) => Promise<void>) {
    const u = await user();
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM sso_user WHERE id = $1 FOR UPDATE", [u.id]);
    const answer = login(u.username);
    await waitingFor("INSERT INTO sso_session", 1);
    await change(u.id);
    await holder.query("COMMIT");
    expectFailure(await answer, "E005001");
    expect(await sessionCount(u.id)).toBe(0);
  }

  it("a login whose user is deleted meanwhile: E005001, no session, no 500", async () => {
    await loginRacing(async (id) => {
      await holder.query("DELETE FROM sso_user WHERE id = $1", [id]);
    });
  });

  it("a login whose user is rejected meanwhile: E005001, and no session to revive on a later approval", async () => {
    // What a rejection writes: the status, and the end of every session.
    await loginRacing(async (id) => {
      await holder.query("UPDATE sso_user SET approval_status = 'rejected' WHERE id = $1", [id]);
      await holder.query("DELETE FROM sso_session WHERE user_id = $1", [id]);
    });
  });

  it("concurrent deletions of one user: one deletes it, the others answer E008001", async () => {
    const u = await user();
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM sso_user WHERE id = $1 FOR UPDATE", [u.id]);
    const answers = Array.from({ length: 4 }, () =>
      send(gw, "DELETE", "/zato/sso/user", { ust: admin, current_app: APP, user_id: u.userId }),
    );
    await waitingFor("DELETE FROM sso_user", 4);
    await holder.query("ROLLBACK");
    const outcomes = (await Promise.all(answers)).map((r) => (r.body.status === "ok" ? "ok" : r.body.sub_status?.join()));
    expect(outcomes.sort()).toEqual(["E008001", "E008001", "E008001", "ok"]);
  });

  it("two changes of one's own password with the right old one: the first sets its own, the other answers E005001", async () => {
    const u = await user();
    const ust = await gw.login(u.username, PASSWORD);
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM sso_user WHERE id = $1 FOR UPDATE", [u.id]);
    const change = (to: string) =>
      send(gw, "PATCH", "/zato/sso/user/password", { ust, current_app: APP, old_password: PASSWORD, new_password: to });
    const answers = [change("First-new-pass-1"), change("Second-new-pass-2")];
    await waitingFor("UPDATE sso_user SET password", 2);
    await holder.query("ROLLBACK");
    const [one, two] = await Promise.all(answers);
    const statuses = [one, two].map((r) => r?.body.status);
    expect(statuses.sort()).toEqual(["error", "ok"]);
    expectFailure([one, two].find((r) => r?.body.status === "error") as Awaited<(typeof answers)[0]>, "E005001");
    // The one told ok is the password now.
    const winner = one?.body.status === "ok" ? "First-new-pass-1" : "Second-new-pass-2";
    expectOk(await send(gw, "POST", "/zato/sso/user/login", { username: u.username, password: winner, current_app: APP }));
  });

  it("a renewal of a session ended meanwhile: E007001, not a renewed session that is gone", async () => {
    const u = await user();
    const ust = await gw.login(u.username, PASSWORD);
    const [{ id: sessionId }] = (await gw.query("SELECT id::text AS id FROM sso_session WHERE user_id = $1", [u.id])) as [
      { id: string },
    ];
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM sso_session WHERE id = $1 FOR UPDATE", [sessionId]);
    const answer = send(gw, "PATCH", "/zato/sso/user/session", { ust, current_app: APP });
    await waitingFor("SELECT state_change_list FROM sso_session", 1);
    await holder.query("DELETE FROM sso_session WHERE id = $1", [sessionId]);
    await holder.query("COMMIT");
    expectFailure(await answer, "E007001");
    // The user can still log in afresh.
    expectOk(await login(u.username));
  });
});
