import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CreateUserDocument, GetCurrentUserDocument, GetSessionListDocument, LoginDocument } from "../generated/graphql.js";
import { ADMIN_PASSWORD, PASSWORD } from "../support/fixtures.js";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";
import { as, gql } from "../support/graphql.js";
import { expectUnchanged } from "../support/state.js";

// Hostile input over GraphQL: GraphQL errors play the role of REST's 400 (docs/graphql.md);
// never a 5xx, nothing changed.

let gw: TestGateway;
let adminUst: string;

beforeAll(async () => {
  gw = await startGateway();
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  adminUst = await gw.login("admin1", ADMIN_PASSWORD);
});
afterAll(() => gw.close());

let logged = 0;
beforeEach(() => {
  logged = gw.logs.length;
});
afterEach(() => {
  // Nothing unexpected happened, and every audit record was stored.
  expect(gw.logs.slice(logged).filter((l) => l.level === "error")).toEqual([]);
});

/** Runs `call`, expects it to change nothing and never to be a 5xx; returns its answer. */
async function harmless<T extends { status: number }>(call: () => Promise<T>): Promise<T> {
  return expectUnchanged(gw, async () => {
    const r = await call();
    expect(r.status).toBeLessThan(500);
    return r;
  });
}

describe("GraphQL-level errors stand for REST's 400", () => {
  it("a missing non-null argument is a GraphQL error, and nothing runs", async () => {
    const r = await harmless(() => gw.graphql(`mutation { login(username: "admin1", currentApp: "CRM") { __typename } }`));
    expect(r.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining("password") })]);
    expect(r.body.data).toBeUndefined();
  });

  it.each([
    ["a string where a Boolean goes", { isLocked: "maybe" }],
    ["a number where a Boolean goes", { isLocked: 1 }],
    ["an object where a String goes", { username: { $ne: null } }],
    ["a list where a String goes", { username: ["a", "b"] }],
    ["a number where a String goes", { username: 12 }],
  ])("%s in the variables is a GraphQL error, and nothing runs", async (_, variables) => {
    const r = await harmless(() =>
      gql(gw, CreateUserDocument, { ust: adminUst, currentApp: APP, username: "h1", ...(variables as object) }),
    );
    expect(r.errors?.length).toBeGreaterThan(0);
    expect(r.data ?? undefined).toBeUndefined();
    logged = gw.logs.length; // what is logged about it is the subject of the next test
  });

  // docs/graphql.md: errors in a client's variables are ordinary GraphQL errors, the role of
  // REST's 400; only unexpected failures are logged as such. src/http/yoga.ts logs every error
  // that has an originalError, and variable coercion errors have one.
  it("a client's bad variable is not logged as an unexpected failure", async () => {
    const r = await gql(gw, CreateUserDocument, {
      ust: adminUst,
      currentApp: APP,
      username: "h1",
      ...({ isLocked: "maybe" } as object),
    });
    expect(r.errors?.length).toBeGreaterThan(0);
    expect(gw.logs.slice(logged).filter((l) => l.level === "error")).toEqual([]);
  });

  it("an unknown field is a GraphQL error", async () => {
    const r = await harmless(() =>
      gw.graphql(`{ getCurrentUser(ust: "x", currentApp: "CRM") { ... on UserPayload { password } } }`),
    );
    expect(r.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining("password") })]);
  });

  it("a body that is not JSON is refused with a 4xx", async () => {
    const r = await harmless(async () => {
      const response = await fetch(`${gw.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{",
      });
      return { status: response.status };
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
  });

  it("a document of a megabyte is answered without a 5xx", async () => {
    const r = await harmless(() =>
      gw.graphql(`{ getCurrentUser(ust: "${"u".repeat(1_000_000)}", currentApp: "CRM") { __typename } }`),
    );
    expect(r.status).toBeLessThan(500);
  });
});

describe("business failures stay SsoErrors", () => {
  it.each([
    ["a NUL character", "admin1\u0000"],
    ["an unpaired surrogate", "\ud800admin1"],
  ])("a string with %s is E008002", async (_, username) => {
    const r = await harmless(() => gql(gw, LoginDocument, { username, password: ADMIN_PASSWORD, currentApp: APP }));
    expect(as(r.data?.login, "SsoError").subStatus).toEqual(["E008002"]);
  });

  it("a 900 kB username is a failed login, E005001", async () => {
    const r = await harmless(() =>
      gql(gw, LoginDocument, { username: "a".repeat(900_000), password: PASSWORD, currentApp: APP }),
    );
    expect(as(r.data?.login, "SsoError").subStatus).toEqual(["E005001"]);
  });

  it("a 100 000-character name is E008002 on createUser", async () => {
    const r = await harmless(() =>
      gql(gw, CreateUserDocument, { ust: adminUst, currentApp: APP, username: "h2", firstName: "f".repeat(100_000) }),
    );
    expect(as(r.data?.createUser, "SsoError").subStatus).toEqual(["E008002"]);
  });

  it.each([
    ["a forged", `zust${"f".repeat(52)}`],
    ["an empty", ""],
    ["a null", null],
  ])("%s UST is E007001, even with X-Zato-SSO-UST set", async (_, ust) => {
    const r = await harmless(() => gql(gw, GetCurrentUserDocument, { ust, currentApp: APP }, { "X-Zato-SSO-UST": adminUst }));
    expect(as(r.data?.getCurrentUser, "SsoError").subStatus).toEqual(["E007001"]);
  });

  it("a null currentApp is the pre-check failure, E004001", async () => {
    const r = await harmless(() => gql(gw, GetSessionListDocument, { ust: adminUst, currentApp: null }));
    expect(as(r.data?.getSessionList, "SsoError").subStatus).toEqual(["E004001"]);
  });
});

describe("unexpected failures", () => {
  it("are masked as Unexpected error., without a stack trace, and logged with the cid", async () => {
    const broken = await startGateway();
    try {
      await broken.createUser("user1", PASSWORD);
      const ust = await broken.login("user1", PASSWORD);
      await broken.query("ALTER TABLE sso_session RENAME TO sso_session_gone");
      const r = await gql(broken, GetCurrentUserDocument, { ust, currentApp: APP });
      expect(r.status).toBeLessThan(500);
      expect(r.errors).toEqual([expect.objectContaining({ message: "Unexpected error." })]);
      expect(JSON.stringify(r.errors)).not.toMatch(/sso_session|at |stack/);
      expect(broken.logs.some((l) => l.level === "error" && JSON.stringify(l.fields).includes(r.cid as string))).toBe(true);
    } finally {
      await broken.close();
    }
  });
});
