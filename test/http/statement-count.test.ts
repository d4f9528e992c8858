import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";

// List queries read with a fixed number of statements, however many
// rows they return. Every statement this process sends to PostgreSQL passes through pg.Client.

let gw: TestGateway;
let adminUst: string;
const statements: string[] = [];
const send = pg.Client.prototype.query;

beforeAll(async () => {
  gw = await startGateway();
  await gw.createUser("admin1", "hQ9nl93UDqGus", { superUser: true });
  adminUst = await gw.login("admin1", "hQ9nl93UDqGus");
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    const text = typeof config === "string" ? config : (config?.text ?? "");
    // The audit log's own inserts are one per batch of calls, not per row: not counted here.
    if (!text.startsWith("INSERT INTO sso_audit_log")) statements.push(text);
    return (send as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
});
afterAll(async () => {
  pg.Client.prototype.query = send;
  await gw.close();
});
afterEach(() => {
  statements.length = 0;
});

/** The statements one call sends, and what it answered. */
async function counted<T>(call: () => Promise<T>): Promise<{ count: number; answer: T }> {
  await gw.services.audit.flush();
  statements.length = 0;
  const answer = await call();
  return { count: statements.length, answer };
}

async function addUsers(prefix: string, n: number) {
  for (let i = 0; i < n; i++) {
    const r = await gw.rest("POST", "/zato/sso/user", {
      body: {
        ust: adminUst,
        current_app: APP,
        username: `${prefix}${i}`,
        password: "hQ9nl93UDqGus",
        display_name: `Listed ${prefix}${i}`,
        auto_approve: true,
      },
    });
    expect(r.body.status).toBe("ok");
  }
}

describe("statements per list call do not grow with the rows listed", () => {
  it("search", async () => {
    const search = () =>
      gw.rest("GET", "/zato/sso/user/search", {
        query: { ust: adminUst, current_app: APP, display_name: "listed", is_name_exact: "false" },
      });
    await addUsers("few", 2);
    const few = await counted(search);
    await addUsers("many", 20);
    const many = await counted(search);
    expect([few.answer.body.total, many.answer.body.total]).toEqual([2, 22]);
    expect(few.count).toBeGreaterThan(0);
    expect(many.count).toBe(few.count);
  });

  it("the session list, over REST and GraphQL", async () => {
    await gw.createUser("traveller", "hQ9nl93UDqGus");
    const ust = await gw.login("traveller", "hQ9nl93UDqGus");
    const rest = () => gw.rest("GET", "/zato/sso/user/session/list", { query: { ust, current_app: APP } });
    const gql = () =>
      gw.graphql(
        `query($ust: String) { getSessionList(ust: $ust, currentApp: "CRM") {
        ... on SessionListPayload { result { sessionId sessionStateChangeList { idx } } } } }`,
        { ust },
      );
    const one = [await counted(rest), await counted(gql)];
    for (let i = 0; i < 6; i++) await gw.login("traveller", "hQ9nl93UDqGus");
    const [restSeven, gqlSeven] = [await counted(rest), await counted(gql)];
    expect(restSeven.answer.body.result).toHaveLength(7);
    expect((gqlSeven.answer.body.data as { getSessionList: { result: unknown[] } }).getSessionList.result).toHaveLength(7);
    expect(one.every((c) => c.count > 0)).toBe(true);
    expect([restSeven.count, gqlSeven.count]).toEqual(one.map((c) => c.count));
  });

  it("a page of the audit log", async () => {
    const page = (first: number) => () =>
      gw.graphql(
        `query($ust: String, $first: Int) { auditLog(ust: $ust, currentApp: "CRM", first: $first) {
        ... on AuditLogPayload { records { id operation subStatus details } } } }`,
        { ust: adminUst, first },
      );
    const three = await counted(page(3));
    const forty = await counted(page(40));
    expect((forty.answer.body.data as { auditLog: { records: unknown[] } }).auditLog.records).toHaveLength(40);
    expect(three.count).toBeGreaterThan(0);
    expect(forty.count).toBe(three.count);
  });
});

describe("one request looks each caller up once", () => {
  const lookups = () => statements.filter((s) => s.includes("FROM sso_session s JOIN sso_user u")).length;

  it("however many fields of a GraphQL document act with the same UST", async () => {
    const { answer } = await counted(() =>
      gw.graphql(
        `{ a: getCurrentUser(currentApp: "CRM") { ... on UserPayload { username } }
           b: getCurrentUser(currentApp: "CRM") { ... on UserPayload { username } }
           c: search(currentApp: "CRM", username: "admin1") { ... on SearchPayload { total } } }`,
        {},
        { "x-zato-sso-ust": adminUst },
      ),
    );
    expect(answer.body.data).toMatchObject({ a: { username: "admin1" }, b: { username: "admin1" }, c: { total: 1 } });
    expect(lookups()).toBe(1);
  });

  it("and afresh after a mutation, which may have changed what was read", async () => {
    await gw.createUser("leaver", "hQ9nl93UDqGus");
    const ust = await gw.login("leaver", "hQ9nl93UDqGus");
    const { answer } = await counted(() =>
      gw.graphql(
        `mutation($ust: String) { a: renewSession(ust: $ust, currentApp: "CRM") { __typename }
           b: logout(ust: $ust, currentApp: "CRM") { __typename }
           c: renewSession(ust: $ust, currentApp: "CRM") { ... on SsoError { subStatus } } }`,
        { ust },
      ),
    );
    expect(answer.body.data).toMatchObject({ a: { __typename: "RenewSessionPayload" }, c: { subStatus: ["E007001"] } });
    expect(lookups()).toBe(2);
  });

  it("with the target of a call about another session in the same statement", async () => {
    await gw.createUser("watched", "hQ9nl93UDqGus");
    const target = await gw.login("watched", "hQ9nl93UDqGus");
    const { answer } = await counted(() =>
      gw.rest("POST", "/zato/sso/user/session", { body: { current_ust: adminUst, target_ust: target, current_app: APP } }),
    );
    expect(answer.body.is_valid).toBe(true);
    expect(lookups()).toBe(1);
  });

  it("with the owner's attributes, when a super-user reads a user's attributes by name", async () => {
    const ownerId = await gw.createUser("holder", "hQ9nl93UDqGus");
    const set = await gw.rest("POST", "/zato/sso/user/attr", {
      body: {
        ust: adminUst,
        current_app: APP,
        user_id: ownerId,
        data: [
          { name: "a", value: "1" },
          { name: "b", value: "2" },
        ],
      },
    });
    expect(set.body.status).toBe("ok");
    const query = { ust: adminUst, current_app: APP, user_id: ownerId };
    const reads = [
      () => gw.rest("GET", "/zato/sso/user/attr", { query: { ...query, name: "a" } }),
      () => gw.rest("GET", "/zato/sso/user/attr", { query: { ...query, data: ["a", "b", "c"] } }),
      () => gw.rest("GET", "/zato/sso/user/attr/exists", { query: { ...query, name: "b" } }),
      () =>
        gw.graphql(
          `query($ust: String, $userId: String) { getUserAttr(ust: $ust, currentApp: "CRM", userId: $userId, name: "a") {
            ... on AttributePayload { found value } } }`,
          { ust: adminUst, userId: ownerId },
        ),
    ];
    const answers = [];
    for (const read of reads) {
      const { count, answer } = await counted(read);
      expect(count).toBe(1);
      answers.push(answer.body);
    }
    expect(answers[0]).toMatchObject({ status: "ok", found: true, value: "1" });
    expect(answers[1]).toMatchObject({ status: "ok", result: { a: { value: "1" }, b: { value: "2" }, c: null } });
    expect(answers[2]).toMatchObject({ status: "ok", result: true });
    expect(answers[3]).toMatchObject({ data: { getUserAttr: { found: true, value: "1" } } });
  });
});
