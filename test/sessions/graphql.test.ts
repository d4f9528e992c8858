import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GetSessionDocument,
  GetSessionListDocument,
  LoginDocument,
  LogoutDocument,
  RenewSessionDocument,
  VerifySessionDocument,
} from "../generated/graphql.js";
import {
  ADMIN_PASSWORD,
  dbMs,
  later,
  ms,
  PASSWORD,
  SESSION_ID,
  sessionsOf,
  setUser,
  TIMESTAMP,
  UST,
  wire,
} from "../support/fixtures.js";
import { APP, DAY, MINUTE, startGateway, type TestGateway } from "../support/gateway.js";
import { as, gql } from "../support/graphql.js";

// login, logout, verifySession, renewSession, getSession, getSessionList over GraphQL.

let gw: TestGateway;
let adminUst: string;
let userId: string;

beforeAll(async () => {
  gw = await startGateway({ server: { trusted_proxies: ["127.0.0.1"] } });
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  userId = await gw.createUser("user1", PASSWORD);
  adminUst = await gw.login("admin1", ADMIN_PASSWORD);
});
afterAll(() => gw.close());

const loginUser1 = async (headers: Record<string, string> = {}) => {
  const r = await gql(gw, LoginDocument, { username: "user1", password: PASSWORD, currentApp: APP }, headers);
  return as(r.data?.login, "LoginPayload").ust;
};

describe("login", () => {
  it("returns the UST with the user's id and name and the session's times", async () => {
    const before = gw.clock.now().getTime();
    const r = await gql(gw, LoginDocument, { username: "user1", password: PASSWORD, currentApp: APP });
    const payload = as(r.data?.login, "LoginPayload");
    expect(payload).toEqual({
      __typename: "LoginPayload",
      cid: r.cid,
      status: "ok",
      subStatus: [],
      ust: expect.stringMatching(UST),
      userId,
      username: "user1",
      creationTime: expect.stringMatching(TIMESTAMP),
      expirationTime: expect.stringMatching(TIMESTAMP),
    });
    expect(ms(payload.creationTime)).toBeGreaterThanOrEqual(before);
    expect(ms(payload.expirationTime)).toBe(ms(payload.creationTime) + 60 * MINUTE);
  });

  it("returns status warning and W003005 with the UST when the password is about to expire", async () => {
    await gw.createUser("soon", PASSWORD);
    await setUser(gw, "soon", { password_expiry: new Date(gw.clock.now().getTime() + 2 * DAY) });
    const r = await gql(gw, LoginDocument, { username: "soon", password: PASSWORD, currentApp: APP });
    expect(as(r.data?.login, "LoginPayload")).toMatchObject({
      status: "warning",
      subStatus: ["W003005"],
      ust: expect.stringMatching(UST),
    });
  });

  it("answers a failure with an SsoError naming the code, masked as on REST", async () => {
    const r = await gql(gw, LoginDocument, { username: "user1", password: "Wrong-Pass-1", currentApp: APP });
    expect(as(r.data?.login, "SsoError")).toEqual({
      __typename: "SsoError",
      cid: r.cid,
      status: "error",
      subStatus: ["E005001"],
      message: "auth.not_allowed",
    });
  });

  it("takes current_app from X-Zato-SSO-Current-App when the argument is absent", async () => {
    const r = await gql(gw, LoginDocument, { username: "user1", password: PASSWORD }, { "X-Zato-SSO-Current-App": APP });
    expect(as(r.data?.login, "LoginPayload").ust).toMatch(UST);
  });
});

describe("logout", () => {
  it("ends the session and answers ok", async () => {
    const ust = await loginUser1();
    const count = (await sessionsOf(gw, "user1")).length;
    const r = await gql(gw, LogoutDocument, { ust, currentApp: APP });
    expect(as(r.data?.logout, "EmptyPayload")).toEqual({ __typename: "EmptyPayload", cid: r.cid, status: "ok", subStatus: [] });
    expect((await sessionsOf(gw, "user1")).length).toBe(count - 1);
  });

  it("answers ok to an unknown UST", async () => {
    const r = await gql(gw, LogoutDocument, { ust: "nope", currentApp: APP });
    expect(as(r.data?.logout, "EmptyPayload").status).toBe("ok");
  });
});

describe("verifySession, renewSession, getSession", () => {
  it("verifies a live session for a super-user", async () => {
    const ust = await loginUser1();
    const r = await gql(gw, VerifySessionDocument, { currentUst: adminUst, targetUst: ust, currentApp: APP });
    expect(as(r.data?.verifySession, "VerifySessionPayload")).toMatchObject({ status: "ok", subStatus: [], isValid: true });
    const bad = await gql(gw, VerifySessionDocument, { currentUst: adminUst, targetUst: "nope", currentApp: APP });
    expect(as(bad.data?.verifySession, "VerifySessionPayload").isValid).toBe(false);
  });

  it("takes currentUst from X-Zato-SSO-UST when absent", async () => {
    const ust = await loginUser1();
    const r = await gql(gw, VerifySessionDocument, { targetUst: ust, currentApp: APP }, { "X-Zato-SSO-UST": adminUst });
    expect(as(r.data?.verifySession, "VerifySessionPayload").isValid).toBe(true);
  });

  it("renews a session to now plus its lifetime", async () => {
    const ust = await loginUser1();
    await later(gw, 10 * MINUTE, async () => {
      const before = gw.clock.now().getTime();
      const r = await gql(gw, RenewSessionDocument, { ust, currentApp: APP });
      const expiration = ms(as(r.data?.renewSession, "RenewSessionPayload").expirationTime);
      expect(expiration).toBeGreaterThanOrEqual(before + 60 * MINUTE);
      expect(expiration).toBeLessThan(before + 61 * MINUTE);
    });
  });

  it("shows a session to a super-user as REST does", async () => {
    const ust = await loginUser1({ "X-Forwarded-For": "192.0.2.44", "User-Agent": "ua/1" });
    const r = await gql(gw, GetSessionDocument, { currentUst: adminUst, targetUst: ust, currentApp: APP });
    const rest = await gw.rest("GET", "/zato/sso/user/session", {
      query: { current_ust: adminUst, target_ust: ust, current_app: APP },
    });
    expect(as(r.data?.getSession, "SessionPayload")).toEqual({
      __typename: "SessionPayload",
      cid: r.cid,
      status: "ok",
      subStatus: [],
      creationTime: rest.body.creation_time,
      expirationTime: rest.body.expiration_time,
      remoteAddr: "192.0.2.44",
      userAgent: "ua/1",
    });
  });
});

describe("getSessionList", () => {
  it("lists the caller's sessions with their history, remote addresses as lists", async () => {
    await gw.createUser("lister", PASSWORD);
    const login = await gql(
      gw,
      LoginDocument,
      { username: "lister", password: PASSWORD, currentApp: APP },
      { "X-Forwarded-For": "192.0.2.1", "User-Agent": "ua/2" },
    );
    const ust = as(login.data?.login, "LoginPayload").ust;
    await gql(gw, RenewSessionDocument, { ust, currentApp: APP }, { "X-Forwarded-For": "192.0.2.2, 192.0.2.3" });
    const r = await gql(gw, GetSessionListDocument, { ust, currentApp: APP });
    const [stored] = await sessionsOf(gw, "lister");
    const list = as(r.data?.getSessionList, "SessionListPayload");
    expect(list.result).toEqual([
      {
        sessionId: expect.stringMatching(SESSION_ID),
        creationTime: wire(new Date(dbMs(stored?.creation_time as string))),
        expirationTime: wire(new Date(dbMs(stored?.expiration_time as string))),
        remoteAddr: "192.0.2.1",
        userAgent: "ua/2",
        authType: "default",
        authPrincipal: "lister",
        extSessionId: null,
        sessionStateChangeList: [
          {
            remoteAddr: ["192.0.2.1"],
            userAgent: "ua/2",
            timestampUtc: expect.stringMatching(TIMESTAMP),
            ctxSource: "login",
            idx: 1,
          },
          {
            remoteAddr: ["192.0.2.2", "192.0.2.3"],
            userAgent: expect.any(String),
            timestampUtc: expect.stringMatching(TIMESTAMP),
            ctxSource: "renew",
            idx: 2,
          },
        ],
      },
    ]);
  });

  it("refuses a wrong combination with E008002", async () => {
    const ust = await loginUser1();
    const r = await gql(gw, GetSessionListDocument, { ust, targetUst: ust, currentApp: APP });
    expect(as(r.data?.getSessionList, "SsoError").subStatus).toEqual(["E008002"]);
  });
});
