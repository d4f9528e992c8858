import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";

// The graph beyond Zato's calls: users and sessions expose their attributes, a super-user's
// search selects each user's sessions too, and the statements of such a query do not grow with
// the number of users it returns (every user, on one page).

let gw: TestGateway;
let adminUst: string;
const PASSWORD = "hQ9nl93UDqGus";
const statements: string[] = [];
const send = pg.Client.prototype.query;

beforeAll(async () => {
  gw = await startGateway();
  await gw.createUser("admin1", PASSWORD, { superUser: true });
  adminUst = await gw.login("admin1", PASSWORD);
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    const text = typeof config === "string" ? config : (config?.text ?? "");
    if (!text.startsWith("INSERT INTO sso_audit_log")) statements.push(text);
    return (send as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
});
afterAll(async () => {
  pg.Client.prototype.query = send;
  await gw.close();
});

const asAdmin = () => ({ "x-zato-sso-ust": adminUst, "x-zato-sso-current-app": APP });

/** A user with one attribute, one session, and one attribute on that session; returns its user_id and UST. */
async function member(username: string) {
  await gw.createUser(username, PASSWORD);
  const ust = await gw.login(username, PASSWORD);
  const userId = (await gw.query<{ user_id: string }>("SELECT user_id FROM sso_user WHERE username = $1", [username]))[0]
    ?.user_id as string;
  const user = await gw.rest("PUT", "/zato/sso/user/attr", {
    body: { ust: adminUst, current_app: APP, user_id: userId, data: [{ name: "plan", value: { tier: username } }] },
  });
  const session = await gw.rest("POST", "/zato/sso/session/attr", {
    body: { current_ust: adminUst, target_ust: ust, current_app: APP, name: "cart", value: [username, 1] },
  });
  expect([user.body.status, session.body.status]).toEqual(["ok", "ok"]);
  return { userId, ust };
}

const SEARCH = `query {
  search(currentApp: "CRM", pageSize: 100) {
    ... on SearchPayload { total result { username attributes { name value expirationTime isEncrypted }
      sessions { sessionId attributes { name value } } } } } }`;

interface Found {
  username: string;
  attributes: { name: string; value: unknown }[] | null;
  sessions: { sessionId: string; attributes: { name: string; value: unknown }[] | null }[] | null;
}

async function counted() {
  await gw.services.audit.flush();
  statements.length = 0;
  const answer = await gw.graphql(SEARCH, {}, asAdmin());
  const search = (answer.body.data as { search: { total: number; result: Found[] } }).search;
  return { count: statements.length, search };
}

describe("a super-user's search selects each user's sessions and attributes", () => {
  it("with a number of statements that does not grow with the users returned", async () => {
    for (let i = 0; i < 3; i++) await member(`few${i}`);
    const few = await counted();
    for (let i = 0; i < 50; i++) await member(`many${i}`);
    const many = await counted();

    expect(few.search.total).toBe(4);
    expect(many.search.total).toBe(54);
    const first = many.search.result.find((u) => u.username === "many7");
    expect(first?.attributes).toEqual([
      { name: "plan", value: { tier: "many7" }, expirationTime: "9999-12-31T00:00:00", isEncrypted: false },
    ]);
    expect(first?.sessions).toHaveLength(1);
    expect(first?.sessions?.[0]?.attributes).toEqual([{ name: "cart", value: ["many7", 1] }]);
    expect(few.count).toBeGreaterThan(0);
    expect(many.count).toBe(few.count);
  });
});

describe("users and sessions expose their attributes", () => {
  it("to super-users: getUserById, getSession and getSessionList", async () => {
    const { userId, ust } = await member("exposed");
    const r = await gw.graphql(
      `query($id: String!, $ust: String) {
        u: getUserById(userId: $id) { ... on UserPayload { attributes { name value } sessions { attributes { name } } } }
        s: getSession(targetUst: $ust) { ... on SessionPayload { sessionId attributes { name value } } } }`,
      { id: userId, ust },
      asAdmin(),
    );
    expect(r.body.data).toMatchObject({
      u: { attributes: [{ name: "plan", value: { tier: "exposed" } }], sessions: [{ attributes: [{ name: "cart" }] }] },
      s: { attributes: [{ name: "cart", value: ["exposed", 1] }] },
    });
    expect((r.body.data as { s: { sessionId: string } }).s.sessionId).toMatch(/^zses/);
  });

  it("each user's or session's data read through the graph writes its own audit record, under the request's cid", async () => {
    const { userId, ust } = await member("audited");
    const sessionId = (
      await gw.query<{ session_id: string }>(
        "SELECT s.session_id FROM sso_session s JOIN sso_user u ON u.id = s.user_id WHERE u.user_id = $1",
        [userId],
      )
    )[0]?.session_id;
    const admin = (await gw.query<{ user_id: string }>("SELECT user_id FROM sso_user WHERE username = 'admin1'"))[0]?.user_id;
    // Aliases read the same data again: one record each all the same.
    const r = await gw.graphql(
      `query($id: String!) { getUserById(userId: $id) { ... on UserPayload { attributes { name value } again: attributes { name }
        sessions { attributes { name } } } } }`,
      { id: userId },
      asAdmin(),
    );
    expect(r.body.data).toMatchObject({ getUserById: { attributes: [{ name: "plan" }] } });
    const cid = r.headers.get("x-zato-cid");
    await gw.services.audit.flush();
    const rows = await gw.query<{
      op: string;
      actor_user_id: string;
      target_user_id: string | null;
      current_app: string;
      details: unknown;
    }>("SELECT op, actor_user_id, target_user_id, current_app, details FROM sso_audit_log WHERE cid = $1 ORDER BY id", [cid]);
    const common = { actor_user_id: admin, current_app: APP };
    expect(rows).toEqual([
      { op: "user.get_user_by_id", target_user_id: userId, details: {}, ...common },
      expect.anything(),
      expect.anything(),
      expect.anything(),
    ]);
    expect(rows.slice(1)).toEqual(
      expect.arrayContaining([
        {
          op: "attr.get",
          target_user_id: userId,
          details: { scope: "user", names: ["plan"], count: 1, via: "graph" },
          ...common,
        },
        { op: "session.get_list", target_user_id: userId, details: { count: 1, via: "graph" }, ...common },
        {
          op: "attr.get",
          target_user_id: userId,
          details: { scope: "session", session_id: sessionId, names: ["cart"], count: 1, via: "graph" },
          ...common,
        },
      ]),
    );
    // A regular user's nested fields read nothing, and record nothing besides the call.
    const own = await gw.graphql(
      "query { getCurrentUser { ... on UserPayload { attributes { name } sessions { sessionId } } } }",
      {},
      { "x-zato-sso-ust": ust, "x-zato-sso-current-app": APP },
    );
    await gw.services.audit.flush();
    const ownRows = await gw.query<{ op: string }>("SELECT op FROM sso_audit_log WHERE cid = $1", [
      own.headers.get("x-zato-cid"),
    ]);
    expect(ownRows.map((row) => row.op)).toEqual(["user.get_current_user"]);
  });

  it("decrypts a value only when the query selects it", async () => {
    const { userId } = await member("sealed");
    await gw.rest("POST", "/zato/sso/user/attr", {
      body: { ust: adminUst, current_app: APP, user_id: userId, name: "secret", value: "s3cret", encrypt: true },
    });
    const opened = vi.spyOn(gw.services.keys, "open");
    try {
      const read = (fields: string) =>
        gw.graphql(
          `query($id: String!) { getUserById(userId: $id) { ... on UserPayload { attributes { ${fields} } } } }`,
          { id: userId },
          asAdmin(),
        );
      expect((await read("name isEncrypted")).body.data).toEqual({
        getUserById: {
          attributes: [
            { name: "plan", isEncrypted: false },
            { name: "secret", isEncrypted: true },
          ],
        },
      });
      expect(opened).not.toHaveBeenCalled();
      expect((await read("name value")).body.data).toEqual({
        getUserById: {
          attributes: [
            { name: "plan", value: { tier: "sealed" } },
            { name: "secret", value: "s3cret" },
          ],
        },
      });
      expect(opened).toHaveBeenCalledTimes(1);
    } finally {
      opened.mockRestore();
    }
  });

  it("and to nobody else: a regular user reading their own account and sessions gets null", async () => {
    const { ust } = await member("ordinary");
    const r = await gw.graphql(
      `query { u: getCurrentUser { ... on UserPayload { username attributes { name } sessions { sessionId } } }
        l: getSessionList { ... on SessionListPayload { result { attributes { name } } } } }`,
      {},
      { "x-zato-sso-ust": ust, "x-zato-sso-current-app": APP },
    );
    expect(r.body.data).toEqual({
      u: { username: "ordinary", attributes: null, sessions: null },
      l: { result: [{ attributes: null }] },
    });
  });

  it("without expired attributes, nor the attributes of ended sessions", async () => {
    const { userId, ust } = await member("fading");
    await gw.rest("POST", "/zato/sso/user/attr", {
      body: { ust: adminUst, current_app: APP, user_id: userId, name: "brief", value: "x", expiration: 60 },
    });
    const read = () =>
      gw.graphql(
        `query($id: String!) { getUserById(userId: $id) { ... on UserPayload {
          attributes { name } sessions { attributes { name } } } } }`,
        { id: userId },
        asAdmin(),
      );
    expect((await read()).body.data).toEqual({
      getUserById: { attributes: [{ name: "brief" }, { name: "plan" }], sessions: [{ attributes: [{ name: "cart" }] }] },
    });
    gw.clock.advance(61_000);
    try {
      expect((await read()).body.data).toEqual({
        getUserById: { attributes: [{ name: "plan" }], sessions: [{ attributes: [{ name: "cart" }] }] },
      });
      await gw.rest("POST", "/zato/sso/user/logout", { body: { ust, current_app: APP } });
      expect((await read()).body.data).toEqual({ getUserById: { attributes: [{ name: "plan" }], sessions: [] } });
    } finally {
      gw.clock.advance(-61_000);
    }
  });
});

describe("REST answers stay Zato's", () => {
  it("GET /zato/sso/user/session has no session id", async () => {
    const { ust } = await member("plain");
    const r = await gw.rest("GET", "/zato/sso/user/session", {
      query: { current_ust: adminUst, target_ust: ust, current_app: APP },
    });
    expect(Object.keys(r.body).sort()).toEqual([
      "cid",
      "creation_time",
      "expiration_time",
      "remote_addr",
      "status",
      "user_agent",
    ]);
  });
});
