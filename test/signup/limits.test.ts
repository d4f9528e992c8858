import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRows, send } from "../support/admin.js";
import { expectOk, PASSWORD } from "../support/fixtures.js";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";

// Signups per client address (docs/rules.md, "Signup"): each makes an account, an argon2 hash and
// a message to an address the caller chose, so one address may ask for [signup] max_per_address
// of them per limit_window. Without the limit, one client made sixty accounts, and sixty
// confirmation messages to one victim, in two seconds.

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({
    server: { trusted_proxies: ["127.0.0.1"] },
    signup: { max_per_address: 3, limit_window: 60 },
    brute_force: { inform: true },
  });
});
afterAll(() => gw.close());

const signUp = (address?: string, g: TestGateway = gw) => {
  const username = unique("many");
  return send(
    g,
    "POST",
    "/zato/sso/user/signup",
    { username, password: PASSWORD, email: `${username}@example.net`, current_app: APP },
    address ? { "X-Forwarded-For": address } : {},
  );
};
const accounts = async () => Number((await gw.query<{ n: string }>("SELECT count(*) AS n FROM sso_user"))[0]?.n);

describe("signups per client address, [brute_force] inform on", () => {
  it("past max_per_address in its window: HTTP 429, E005001 and Retry-After, no account; other addresses are served", async () => {
    for (let i = 0; i < 3; i++) expectOk(await signUp("192.0.2.10"));
    const before = await accounts();
    const refused = await signUp("192.0.2.10");
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ status: "error", sub_status: ["E005001"] });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await accounts()).toBe(before);
    const [record] = await auditRows(gw, refused.headers.get("x-zato-cid"));
    expect(record).toMatchObject({ op: "user.signup", outcome: "error", details: { limited: "address" } });
    expectOk(await signUp("192.0.2.11"));

    gw.clock.advance(61_000);
    expectOk(await signUp("192.0.2.10"));
  });

  it("GraphQL: past the limit, signup is an SsoError E005001 with retryAfter, and no account is made", async () => {
    const address = { "X-Forwarded-For": "192.0.2.20" };
    const gqlSignUp = () => {
      const username = unique("many");
      return gw.graphql(
        `mutation ($username: String) { signup(username: $username, password: "${PASSWORD}", currentApp: "${APP}") {
           __typename ... on SsoError { subStatus retryAfter } } }`,
        { username },
        address,
      );
    };
    for (let i = 0; i < 3; i++) {
      expect((await gqlSignUp()).body.data).toEqual({ signup: expect.objectContaining({ __typename: "SignupPayload" }) });
    }
    const before = await accounts();
    const refused = (await gqlSignUp()).body.data as { signup: { __typename: string; subStatus: string[]; retryAfter: number } };
    expect(refused.signup).toMatchObject({ __typename: "SsoError", subStatus: ["E005001"] });
    expect(refused.signup.retryAfter).toBeGreaterThan(0);
    expect(await accounts()).toBe(before);
  });

  it("addresses of [brute_force] anonymous_exempt (the gateway's own host, by default) are not counted", async () => {
    for (let i = 0; i < 5; i++) expectOk(await signUp());
  });
});

describe("signups per client address, [brute_force] inform off (the default)", () => {
  let quiet: TestGateway;
  beforeAll(async () => {
    quiet = await startGateway({ server: { trusted_proxies: ["127.0.0.1"] }, signup: { max_per_address: 2, limit_window: 60 } });
  });
  afterAll(() => quiet.close());

  it("past max_per_address: the usual signup failure, HTTP 403 and E005001 without Retry-After, and no account", async () => {
    for (let i = 0; i < 2; i++) expectOk(await signUp("192.0.2.30", quiet));
    const before = Number((await quiet.query<{ n: string }>("SELECT count(*) AS n FROM sso_user"))[0]?.n);
    const refused = await signUp("192.0.2.30", quiet);
    expect({ status: refused.status, body: refused.body, retryAfter: refused.headers.get("retry-after") }).toEqual({
      status: 403,
      body: { cid: refused.body.cid, status: "error", sub_status: ["E005001"] },
      retryAfter: null,
    });
    expect(Number((await quiet.query<{ n: string }>("SELECT count(*) AS n FROM sso_user"))[0]?.n)).toBe(before);
    const [record] = await auditRows(quiet, refused.headers.get("x-zato-cid"));
    expect(record).toMatchObject({ op: "user.signup", outcome: "error", details: { limited: "address" } });
  });
});
