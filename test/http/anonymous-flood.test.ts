import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBasicAuth } from "../../src/core/linked-auth/credentials.js";
import { auditRows, send } from "../support/admin.js";
import { ADMIN_PASSWORD, arrangeUser, expectFailure, expectOk, PASSWORD } from "../support/fixtures.js";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";

// Calls that fail without a caller (invalid USTs, failed logins) are limited per client address
// (docs/rules.md, "Brute-force defence"): past [brute_force] anonymous_threshold in a window, every
// call from that address is refused, with no audit record: as any throttled attempt is, with the
// masked E005001 (HTTP 403), or with HTTP 429 and Retry-After when [brute_force] inform is true.

const FORGED = `zust${"0".repeat(52)}`;

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({
    server: { trusted_proxies: ["127.0.0.1"] },
    brute_force: { anonymous_threshold: 10, anonymous_window: 60 },
  });
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  await arrangeUser(gw, "owner");
});
afterAll(() => gw.close());

const from = (address: string) => ({ "X-Forwarded-For": address });
const getWithForgedUst = (address: string) =>
  gw.rest("GET", "/zato/sso/user", { query: { ust: FORGED, current_app: APP }, headers: from(address) });
const loginFrom = (address: string) =>
  gw.rest("POST", "/zato/sso/user/login", {
    body: { username: "owner", password: PASSWORD, current_app: APP },
    headers: from(address),
  });

const currentUserFrom = async (g: TestGateway, address: string) => {
  const q = await g.graphql(
    `query { getCurrentUser(ust: "${FORGED}", currentApp: "${APP}") { __typename ... on SsoError { subStatus retryAfter } } }`,
    {},
    from(address),
  );
  return (q.body.data as { getCurrentUser: { subStatus: string[]; retryAfter: number | null } }).getCurrentUser;
};

describe("anonymous failures per client address", () => {
  it("past the threshold every call from the address is refused with the masked E005001 (HTTP 403), unaudited; other addresses are served", async () => {
    for (let i = 0; i < 10; i++) expectFailure(await getWithForgedUst("192.0.2.50"), "E007001");
    const before = (await auditRows(gw)).length;

    const refused = [await getWithForgedUst("192.0.2.50"), await loginFrom("192.0.2.50")];
    for (const r of refused) {
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ status: "error", sub_status: ["E005001"] });
      expect(r.headers.get("retry-after")).toBeNull();
    }
    expect(await currentUserFrom(gw, "192.0.2.50")).toMatchObject({ subStatus: ["E005001"], retryAfter: null });
    expect((await auditRows(gw)).length).toBe(before);
    expect(gw.logs.filter((l) => l.name === "sso.audit" && l.message.includes("192.0.2.50"))).toHaveLength(10);

    expectOk(await loginFrom("192.0.2.51"));
  });

  it("a caller whose UST names a live session is served from a refused address; a login or an unknown UST is not", async () => {
    const ust = await gw.login("admin1", ADMIN_PASSWORD);
    for (let i = 0; i < 10; i++) expectFailure(await getWithForgedUst("192.0.2.60"), "E007001");
    expectFailure(await getWithForgedUst("192.0.2.60"), "E005001");
    expectFailure(await loginFrom("192.0.2.60"), "E005001");

    const byParameter = await gw.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP }, headers: from("192.0.2.60") });
    expect(expectOk(byParameter).username).toBe("admin1");
    const byHeader = await gw.rest("GET", "/zato/sso/user", {
      query: { current_app: APP },
      headers: { ...from("192.0.2.60"), "X-Zato-SSO-UST": ust },
    });
    expect(expectOk(byHeader).username).toBe("admin1");
    const graph = await gw.graphql(
      `query($ust: String) { getCurrentUser(ust: $ust, currentApp: "${APP}") { __typename ... on UserPayload { username } } }`,
      { ust },
      from("192.0.2.60"),
    );
    expect(graph.body.data).toEqual({ getCurrentUser: { __typename: "UserPayload", username: "admin1" } });
    // Nor does it carry a login (or any credential check) through: spraying stays refused.
    const login = await gw.rest("POST", "/zato/sso/user/login", {
      body: { username: "owner", password: PASSWORD, current_app: APP },
      headers: { ...from("192.0.2.60"), "X-Zato-SSO-UST": ust },
    });
    expectFailure(login, "E005001");
    const change = await gw.rest("PATCH", "/zato/sso/user/password", {
      body: { ust, current_app: APP, old_password: ADMIN_PASSWORD, new_password: `${ADMIN_PASSWORD}-2` },
      headers: from("192.0.2.60"),
    });
    expectFailure(change, "E005001");
    // A live UST in the header does not carry a forged parameter through.
    const forged = await gw.rest("GET", "/zato/sso/user", {
      query: { ust: FORGED, current_app: APP },
      headers: { ...from("192.0.2.60"), "X-Zato-SSO-UST": ust },
    });
    expectFailure(forged, "E005001");
  });

  it("with [brute_force] inform, the refusal is HTTP 429 with Retry-After, and GraphQL's retryAfter", async () => {
    const g = await startGateway({
      server: { trusted_proxies: ["127.0.0.1"] },
      brute_force: { anonymous_threshold: 3, anonymous_window: 60, inform: true },
    });
    try {
      const forged = () =>
        g.rest("GET", "/zato/sso/user", { query: { ust: FORGED, current_app: APP }, headers: from("192.0.2.55") });
      for (let i = 0; i < 3; i++) expectFailure(await forged(), "E007001");
      const r = await forged();
      expect(r.status).toBe(429);
      expect(r.body).toMatchObject({ status: "error", sub_status: ["E005001"] });
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Number(r.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      expect((await currentUserFrom(g, "192.0.2.55")).retryAfter).toBeGreaterThan(0);
    } finally {
      await g.close();
    }
  });

  it("logout is not refused: it answers ok whatever its UST names, so it tells a flood nothing, and ends the session", async () => {
    const ust = await gw.login("admin1", ADMIN_PASSWORD);
    for (let i = 0; i < 10; i++) await getWithForgedUst("192.0.2.56");
    expect((await loginFrom("192.0.2.56")).status).toBe(403);
    const r = await gw.rest("POST", "/zato/sso/user/logout", { body: { ust, current_app: APP }, headers: from("192.0.2.56") });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("ok");
    expectFailure(
      await gw.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP }, headers: from("192.0.2.57") }),
      "E007001",
    );
  });

  it("Basic principals that fail count as failures; while the address is refused, none is checked or audited", async () => {
    const name = "sprayed-credential";
    expect((await gw.asOperator(createBasicAuth, { username: name, password: "credential-pass-1" })).status).toBe("ok");
    const admin = await gw.login("admin1", ADMIN_PASSWORD);
    const [{ user_id: ownerId }] = (await gw.query("SELECT user_id FROM sso_user WHERE username = 'owner'")) as [
      { user_id: string },
    ];
    expectOk(
      await send(gw, "POST", "/zato/sso/user/linked", {
        ust: admin,
        current_app: APP,
        user_id: ownerId,
        auth_type: "basic_auth",
        auth_username: name,
        is_active: true,
      }),
    );
    const basic = (user: string, password: string) => ({
      ...from("192.0.2.80"),
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
    });
    // A call whose UST is required and absent: the principal is tried, fails, and the call is a 400.
    const getAs = (user: string, password: string) =>
      gw.rest("GET", "/zato/sso/user", { query: { current_app: APP }, headers: basic(user, password) });
    for (let i = 0; i < 10; i++) expect((await getAs(`spray-${i}`, "guess")).status).toBe(400);
    expect((await loginFrom("192.0.2.80")).status).toBe(403);

    const before = (await auditRows(gw)).length;
    const wrong = await getAs(name, "wrong-guess");
    const right = await getAs(name, "credential-pass-1");
    // Refused unheard: the right password answers as a wrong one, and neither is checked or recorded.
    expect([wrong.status, right.status]).toEqual([400, 400]);
    expect(right.headers.get("x-zato-sso-ust")).toBeNull();
    expect((await auditRows(gw)).length).toBe(before);
    expect(await gw.query("SELECT 1 FROM sso_session WHERE auth_type = 'basic_auth'")).toEqual([]);
    // With a call that takes no UST, the refusal is that of every call.
    const listed = await gw.rest("GET", "/zato/sso/user/session/list", {
      query: { current_app: APP },
      headers: basic(name, "credential-pass-1"),
    });
    expect(listed.status).toBe(403);
  });

  it("the refusal ends with its window", async () => {
    for (let i = 0; i < 10; i++) await getWithForgedUst("192.0.2.60");
    expect((await loginFrom("192.0.2.60")).status).toBe(403);
    gw.clock.advance(61_000);
    expectOk(await loginFrom("192.0.2.60"));
  });

  it("failures of a signed-in caller do not count", async () => {
    const ust = await gw.login("admin1", ADMIN_PASSWORD);
    const bodies = new Set<string>();
    for (let i = 0; i < 15; i++) {
      const r = await gw.rest("GET", "/zato/sso/user", {
        query: { ust, current_app: APP, user_id: `zusr${"0".repeat(26)}` },
        headers: from("192.0.2.70"),
      });
      bodies.add(JSON.stringify({ ...r.body, cid: undefined }));
    }
    expect(bodies.size).toBe(1);
    expectOk(await loginFrom("192.0.2.70"));
  });
});

describe("[brute_force] anonymous_exempt", () => {
  /** The codes of `count` calls with a forged UST from the test's own address. */
  const directFailures = async (g: TestGateway, count: number) => {
    const codes = new Set<string>();
    for (let i = 0; i < count; i++) {
      const r = await g.rest("GET", "/zato/sso/user", { query: { ust: FORGED, current_app: APP } });
      codes.add(`${r.status} ${r.body.sub_status?.join()}`);
    }
    return [...codes];
  };

  it("spares the gateway's own host by default: a local proxy left out of trusted_proxies does not refuse everyone", async () => {
    const g = await startGateway({ brute_force: { anonymous_threshold: 10 } });
    try {
      expect(await directFailures(g, 25)).toEqual(["403 E007001"]);
      expect(await g.query("SELECT key FROM sso_throttle WHERE key LIKE 'anonymous:%'")).toEqual([]);
    } finally {
      await g.close();
    }
  });

  it("an empty list limits the local host like any other address", async () => {
    const g = await startGateway({ brute_force: { anonymous_threshold: 10, anonymous_exempt: [] } });
    try {
      expect(await directFailures(g, 10)).toEqual(["403 E007001"]);
      expect(await directFailures(g, 1)).toEqual(["403 E005001"]);
    } finally {
      await g.close();
    }
  });
});
