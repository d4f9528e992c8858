import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_PASSWORD,
  auditOf,
  dbMs,
  expectFailure,
  expectOk,
  later,
  ms,
  PASSWORD,
  raw,
  SESSION_ID,
  sessionsOf,
  setUser,
  TIMESTAMP,
  wire,
  writeHook,
} from "../support/fixtures.js";
import { APP, DAY, MINUTE, startGateway, type TestGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";
import { expectUnchanged } from "../support/state.js";

// The four session calls (docs/rest.md; docs/rules.md, "Sessions").

const SESSION = "/zato/sso/user/session";
const LIST = "/zato/sso/user/session/list";
const FORGED = `zust${"7".repeat(52)}`;

let gw: TestGateway;
let adminUst: string;

beforeAll(async () => {
  gw = await startGateway({
    server: { trusted_proxies: ["127.0.0.1"] },
    session: { expiry: 30 },
    user_address_list: { listed: ["10.0.0.0/8"] },
  });
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  await gw.createUser("user1", PASSWORD);
  adminUst = await gw.login("admin1", ADMIN_PASSWORD);
});
afterAll(() => gw.close());

/** A user of its own, logged in: returns the UST. */
async function loggedIn(columns: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const username = unique("s");
  await gw.createUser(username, PASSWORD);
  const r = await gw.rest("POST", "/zato/sso/user/login", {
    body: { username, password: PASSWORD, current_app: APP },
    headers,
  });
  const ust = expectOk(r).ust as string;
  if (Object.keys(columns).length > 0) await setUser(gw, username, columns);
  return { username, ust };
}

describe("session lifetime", () => {
  it("expires [session] expiry minutes after login", async () => {
    const { ust } = await loggedIn();
    const get = () => gw.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP } });
    expectOk(await later(gw, 29 * MINUTE, get));
    expectFailure(await later(gw, 30 * MINUTE + 1000, get), "E007001");
  });

  it("is not tied to the application it was created through", async () => {
    const multi = await startGateway({ apps: { all: ["CRM", "Other"] } });
    try {
      await multi.createUser("user1", PASSWORD);
      const ust = await multi.login("user1", PASSWORD);
      expectOk(await multi.rest("GET", "/zato/sso/user", { query: { ust, current_app: "Other" } }));
    } finally {
      await multi.close();
    }
  });
});

describe("concurrent logins", () => {
  it("each create a session of their own", async () => {
    const username = unique("c");
    await gw.createUser(username, PASSWORD);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        gw.rest("POST", "/zato/sso/user/login", { body: { username, password: PASSWORD, current_app: APP } }),
      ),
    );
    const usts = answers.map((r) => expectOk(r).ust);
    expect(new Set(usts).size).toBe(6);
    expect(await sessionsOf(gw, username)).toHaveLength(6);
  });
});

describe("POST /zato/sso/user/session: verify", () => {
  const verify = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    gw.rest("POST", SESSION, { body: { current_app: APP, current_ust: adminUst, ...body }, headers });

  it("answers exactly cid, status ok and is_valid true for a live session", async () => {
    const { ust } = await loggedIn();
    const r = await verify({ target_ust: ust });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok", is_valid: true });
  });

  it("does not renew the session nor add to its history", async () => {
    const { username, ust } = await loggedIn();
    const before = await sessionsOf(gw, username);
    expectOk(await later(gw, 10 * MINUTE, () => verify({ target_ust: ust })));
    expect(await sessionsOf(gw, username)).toEqual(before);
  });

  it.each([
    ["unknown", async () => FORGED],
    [
      "logged out",
      async () => {
        const { ust } = await loggedIn();
        await gw.rest("POST", "/zato/sso/user/logout", { body: { ust, current_app: APP } });
        return ust;
      },
    ],
    ["of a locked user", async () => (await loggedIn({ is_locked: true })).ust],
    ["of an unconfirmed user", async () => (await loggedIn({ sign_up_status: "before_confirmation" })).ust],
    ["of an unapproved user", async () => (await loggedIn({ approval_status: "before_decision" })).ust],
    ["of a user whose password expired", async () => (await loggedIn({ password_expiry: new Date(Date.now() - DAY) })).ust],
  ])("answers is_valid false for a session %s, with status ok", async (_, target) => {
    const r = await verify({ target_ust: await target() });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok", is_valid: false });
  });

  it("answers is_valid false for an expired session", async () => {
    const { ust } = await loggedIn();
    const username = unique("a");
    await gw.createUser(username, ADMIN_PASSWORD, { superUser: true });
    const r = await later(gw, 31 * MINUTE, async () =>
      verify({ current_ust: await gw.login(username, ADMIN_PASSWORD), target_ust: ust }),
    );
    expect(expectOk(r).is_valid).toBe(false);
  });

  it("applies the target user's address allow-list to the verifying request's address", async () => {
    await gw.createUser("listed", PASSWORD);
    const login = await gw.rest("POST", "/zato/sso/user/login", {
      body: { username: "listed", password: PASSWORD, current_app: APP },
      headers: { "X-Forwarded-For": "10.0.0.9" },
    });
    const ust = expectOk(login).ust as string;
    expect(expectOk(await verify({ target_ust: ust }, { "X-Forwarded-For": "10.1.1.1" })).is_valid).toBe(true);
    expect(expectOk(await verify({ target_ust: ust }, { "X-Forwarded-For": "192.168.1.1" })).is_valid).toBe(false);
  });

  it("refuses an absent target_ust with E007001", async () => {
    expectFailure(await verify({}), "E007001");
  });

  it.each([
    ["empty", { target_ust: "" }],
    ["null", { target_ust: null }],
  ])("answers a target_ust that is %s as not valid: any problem with the target is is_valid false", async (_, fields) => {
    expect(expectOk(await verify(fields)).is_valid).toBe(false);
  });

  it("refuses an invalid caller's session with E007001", async () => {
    const { ust } = await loggedIn();
    expectFailure(await verify({ current_ust: FORGED, target_ust: ust }), "E007001");
  });

  it("checks the caller before the target", async () => {
    expectFailure(await verify({ current_ust: FORGED }), "E007001");
  });

  it("refuses a regular user with E005001", async () => {
    const me = await loggedIn();
    expectFailure(await verify({ current_ust: me.ust, target_ust: me.ust }), "E005001");
  });

  it("refuses a super-user who is now locked with E005002", async () => {
    const username = unique("a");
    await gw.createUser(username, ADMIN_PASSWORD, { superUser: true });
    const ust = await gw.login(username, ADMIN_PASSWORD);
    await setUser(gw, username, { is_locked: true });
    expectFailure(await verify({ current_ust: ust, target_ust: adminUst }), "E005002");
  });

  it("takes current_ust from X-Zato-SSO-UST when absent", async () => {
    const { ust } = await loggedIn();
    const r = await gw.rest("POST", SESSION, {
      body: { current_app: APP, target_ust: ust },
      headers: { "X-Zato-SSO-UST": adminUst },
    });
    expect(expectOk(r).is_valid).toBe(true);
  });

  it("answers the pre-check with HTTP 200 and E004001, and 400 without current_app", async () => {
    expectFailure(await verify({ current_app: "Nope", target_ust: adminUst }), "E004001", 200);
    const r = await gw.rest("POST", SESSION, { body: { current_ust: adminUst, target_ust: adminUst } });
    expect(r.status).toBe(400);
  });

  it("audits as session.verify", async () => {
    const { ust } = await loggedIn();
    const r = await verify({ target_ust: ust });
    expect(auditOf(gw, r.body.cid)).toMatchObject({ op: "session.verify", outcome: "ok" });
  });
});

describe("PATCH /zato/sso/user/session: renew", () => {
  const renew = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    gw.rest("PATCH", SESSION, { body: { current_app: APP, ...body }, headers });

  it("answers exactly cid, status ok and the new expiration_time, now plus the lifetime", async () => {
    const { username, ust } = await loggedIn();
    const r = await later(gw, 10 * MINUTE, async () => {
      const before = gw.clock.now().getTime();
      const answer = await renew({ ust });
      const after = gw.clock.now().getTime();
      const expiration = ms(answer.body.expiration_time as string);
      expect(expiration).toBeGreaterThanOrEqual(before + 30 * MINUTE);
      expect(expiration).toBeLessThanOrEqual(after + 30 * MINUTE);
      return answer;
    });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok", expiration_time: expect.stringMatching(TIMESTAMP) });
    const [stored] = await sessionsOf(gw, username);
    expect(wire(new Date(dbMs(stored?.expiration_time as string)))).toBe(r.body.expiration_time);
  });

  it("does not add the lifetime to the old expiry (renewing twice at once gives the same expiry)", async () => {
    const { ust } = await loggedIn();
    const first = ms(expectOk(await renew({ ust })).expiration_time as string);
    const second = ms(expectOk(await renew({ ust })).expiration_time as string);
    expect(second - first).toBeLessThan(MINUTE);
  });

  it("keeps a renewed session alive past its first expiry", async () => {
    const { ust } = await loggedIn();
    expectOk(await later(gw, 20 * MINUTE, () => renew({ ust })));
    const r = await later(gw, 40 * MINUTE, () => gw.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP } }));
    expectOk(r);
  });

  it("adds a renew entry with the next idx and the renewing request's address and agent", async () => {
    const { username, ust } = await loggedIn({}, { "X-Forwarded-For": "192.0.2.1", "User-Agent": "first/1" });
    expectOk(await renew({ ust }, { "X-Forwarded-For": "192.0.2.2, 192.0.2.3", "User-Agent": "second/2" }));
    expectOk(await renew({ ust }, { "X-Forwarded-For": "192.0.2.4", "User-Agent": "third/3" }));
    const [stored] = await sessionsOf(gw, username);
    expect(stored?.state_change_list).toEqual([
      {
        remote_addr: "192.0.2.1",
        user_agent: "first/1",
        timestamp_utc: expect.stringMatching(TIMESTAMP),
        ctx_source: "login",
        idx: 1,
      },
      {
        remote_addr: ["192.0.2.2", "192.0.2.3"],
        user_agent: "second/2",
        timestamp_utc: expect.stringMatching(TIMESTAMP),
        ctx_source: "renew",
        idx: 2,
      },
      {
        remote_addr: "192.0.2.4",
        user_agent: "third/3",
        timestamp_utc: expect.stringMatching(TIMESTAMP),
        ctx_source: "renew",
        idx: 3,
      },
    ]);
  });

  it("keeps the last 100 history entries", async () => {
    const { username, ust } = await loggedIn();
    for (let i = 0; i < 100; i++) expectOk(await renew({ ust }));
    const [stored] = await sessionsOf(gw, username);
    const entries = stored?.state_change_list ?? [];
    expect(entries).toHaveLength(100);
    expect(entries[0]).toMatchObject({ idx: 2, ctx_source: "renew" });
    expect(entries[99]).toMatchObject({ idx: 101, ctx_source: "renew" });
  });

  it("numbers the history without gaps or repeats when renewals run concurrently", async () => {
    const { username, ust } = await loggedIn();
    const answers = await Promise.all(Array.from({ length: 8 }, () => renew({ ust })));
    for (const r of answers) expectOk(r);
    const [stored] = await sessionsOf(gw, username);
    expect(stored?.state_change_list.map((e) => e.idx)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("takes the UST from X-Zato-SSO-UST when ust is absent", async () => {
    const { ust } = await loggedIn();
    expect(expectOk(await renew({}, { "X-Zato-SSO-UST": ust })).expiration_time).toMatch(TIMESTAMP);
  });

  it.each([
    ["absent", () => ({})],
    ["unknown", () => ({ ust: FORGED })],
  ])("refuses a UST that is %s with E007001", async (_, fields) => {
    await expectUnchanged(gw, async () => {
      expectFailure(await renew(fields()), "E007001");
    });
  });

  it("refuses an expired session with E007001: renewal does not revive it", async () => {
    const { ust } = await loggedIn();
    expectFailure(await later(gw, 31 * MINUTE, () => renew({ ust })), "E007001");
  });

  it.each([
    ["locked", { is_locked: true }, "E005002"],
    ["unconfirmed", { sign_up_status: "before_confirmation" }, "E005003"],
    ["with an expired password", { password_expiry: new Date(Date.now() - DAY) }, "E005001"],
  ])("refuses the session of a user who is %s with its code, and changes nothing", async (_, columns, code) => {
    const { ust } = await loggedIn(columns);
    await expectUnchanged(gw, async () => {
      expectFailure(await renew({ ust }), code);
    });
  });

  it("answers the pre-check with HTTP 200 and E004001, and 400 without current_app", async () => {
    const { ust } = await loggedIn();
    expectFailure(await renew({ ust, current_app: "Nope" }), "E004001", 200);
    expect((await gw.rest("PATCH", SESSION, { body: { ust } })).status).toBe(400);
  });

  it("audits as session.renew", async () => {
    const { ust } = await loggedIn();
    const r = await renew({ ust });
    expect(auditOf(gw, r.body.cid)).toMatchObject({ op: "session.renew", outcome: "ok" });
  });
});

describe("GET /zato/sso/user/session: get", () => {
  const get = (query: Record<string, string>, headers: Record<string, string> = {}) =>
    gw.rest("GET", SESSION, { query: { current_app: APP, current_ust: adminUst, ...query }, headers });

  it("answers exactly cid, status, creation_time, expiration_time, remote_addr and user_agent", async () => {
    const { username, ust } = await loggedIn({}, { "X-Forwarded-For": "192.0.2.10", "User-Agent": "Mozilla/5.0" });
    const r = await get({ target_ust: ust });
    const [stored] = await sessionsOf(gw, username);
    expect(expectOk(r)).toEqual({
      cid: r.body.cid,
      status: "ok",
      creation_time: wire(new Date(dbMs(stored?.creation_time as string))),
      expiration_time: wire(new Date(dbMs(stored?.expiration_time as string))),
      remote_addr: "192.0.2.10",
      user_agent: "Mozilla/5.0",
    });
    expect(r.body.creation_time).toMatch(TIMESTAMP);
  });

  it("answers user_agent null for a session created without one", async () => {
    await gw.createUser("noagent", PASSWORD);
    const login = await raw(
      gw,
      "POST",
      "/zato/sso/user/login",
      JSON.stringify({ username: "noagent", password: PASSWORD, current_app: APP }),
    );
    const r = await get({ target_ust: expectOk(login).ust as string });
    expect(expectOk(r).user_agent).toBeNull();
  });

  it("does not renew the session", async () => {
    const { username, ust } = await loggedIn();
    const before = await sessionsOf(gw, username);
    expectOk(await later(gw, 5 * MINUTE, () => get({ target_ust: ust })));
    expect(await sessionsOf(gw, username)).toEqual(before);
  });

  it.each([
    ["absent", () => ({})],
    ["empty", () => ({ target_ust: "" })],
    ["unknown", () => ({ target_ust: FORGED })],
  ])("refuses a target_ust that is %s with E007001", async (_, query) => {
    expectFailure(await get(query()), "E007001");
  });

  it("refuses an expired target with E007001", async () => {
    const { ust } = await loggedIn();
    const username = unique("a");
    await gw.createUser(username, ADMIN_PASSWORD, { superUser: true });
    const r = await later(gw, 31 * MINUTE, async () =>
      get({ current_ust: await gw.login(username, ADMIN_PASSWORD), target_ust: ust }),
    );
    expectFailure(r, "E007001");
  });

  it.each([
    ["locked", { is_locked: true }, "E005002"],
    ["unconfirmed", { sign_up_status: "before_confirmation" }, "E005003"],
    ["with an expired password", { password_expiry: new Date(Date.now() - DAY) }, "E005001"],
    ["no longer approved", { approval_status: "rejected" }, "E007001"],
  ])("fails with the code of a target user who is %s", async (_, columns, code) => {
    const { ust } = await loggedIn(columns);
    expectFailure(await get({ target_ust: ust }), code);
  });

  it("refuses an invalid caller with E007001 and a regular user with E005001", async () => {
    const me = await loggedIn();
    expectFailure(await get({ current_ust: FORGED, target_ust: me.ust }), "E007001");
    expectFailure(await get({ current_ust: me.ust, target_ust: me.ust }), "E005001");
  });

  it("takes current_ust from X-Zato-SSO-UST when absent", async () => {
    const { ust } = await loggedIn();
    const r = await gw.rest("GET", SESSION, {
      query: { current_app: APP, target_ust: ust },
      headers: { "X-Zato-SSO-UST": adminUst },
    });
    expectOk(r);
  });

  it("answers the pre-check with HTTP 200 and E004001, and 400 without current_app", async () => {
    expectFailure(await get({ current_app: "Nope", target_ust: adminUst }), "E004001", 200);
    expect((await gw.rest("GET", SESSION, { query: { current_ust: adminUst, target_ust: adminUst } })).status).toBe(400);
  });
});

describe("GET /zato/sso/user/session/list: list", () => {
  const list = (query: Record<string, string>, headers: Record<string, string> = {}) =>
    gw.rest("GET", LIST, { query: { current_app: APP, ...query }, headers });
  const ITEM_KEYS = [
    "session_id",
    "creation_time",
    "expiration_time",
    "remote_addr",
    "user_agent",
    "auth_type",
    "auth_principal",
    "ext_session_id",
    "session_state_change_list",
  ].sort();

  it("lists the caller's own live sessions, oldest first, with exactly the documented fields", async () => {
    const username = unique("l");
    await gw.createUser(username, PASSWORD);
    const first = await gw.login(username, PASSWORD);
    const second = await later(gw, MINUTE, () => gw.login(username, PASSWORD));
    const r = await list({ ust: second });
    const body = expectOk(r);
    expect(Object.keys(body).sort()).toEqual(["cid", "result", "status"]);
    const items = body.result as Record<string, unknown>[];
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
      expect(item).toMatchObject({
        session_id: expect.stringMatching(SESSION_ID),
        creation_time: expect.stringMatching(TIMESTAMP),
        expiration_time: expect.stringMatching(TIMESTAMP),
        auth_type: "default",
        auth_principal: username,
        ext_session_id: null,
        session_state_change_list: [
          {
            remote_addr: "127.0.0.1",
            user_agent: expect.any(String),
            timestamp_utc: item.creation_time,
            ctx_source: "login",
            idx: 1,
          },
        ],
      });
    }
    expect(ms(items[0]?.creation_time as string)).toBeLessThan(ms(items[1]?.creation_time as string));
    expect(r.text).not.toContain(first);
    expect(r.text).not.toContain(second);
  });

  it("orders by creation_time, not by the order sessions were stored", async () => {
    const username = unique("l");
    await gw.createUser(username, PASSWORD);
    const ust = await gw.login(username, PASSWORD);
    await gw.login(username, PASSWORD);
    const [, newest] = await sessionsOf(gw, username);
    await gw.query("UPDATE sso_session SET creation_time = creation_time - interval '5 minutes' WHERE session_id = $1", [
      newest?.session_id,
    ]);
    const items = expectOk(await list({ ust })).result as { session_id: string }[];
    expect(items.map((i) => i.session_id)).toEqual([newest?.session_id, expect.any(String)]);
  });

  it("leaves out expired sessions", async () => {
    const username = unique("l");
    await gw.createUser(username, PASSWORD);
    await gw.login(username, PASSWORD);
    const ust = await later(gw, 20 * MINUTE, () => gw.login(username, PASSWORD));
    const items = await later(gw, 35 * MINUTE, async () => expectOk(await list({ ust })).result as unknown[]);
    expect(items).toHaveLength(1);
  });

  it("lists the sessions of the user owning target_ust for a super-user (current_ust + target_ust)", async () => {
    const { username, ust } = await loggedIn();
    await gw.login(username, PASSWORD);
    const r = await list({ current_ust: adminUst, target_ust: ust });
    const items = expectOk(r).result as { auth_principal: string }[];
    expect(items.map((i) => i.auth_principal)).toEqual([username, username]);
  });

  it("uses X-Zato-SSO-UST for ust when neither ust nor current_ust is sent", async () => {
    const { username, ust } = await loggedIn();
    const items = expectOk(await list({}, { "X-Zato-SSO-UST": ust })).result as { auth_principal: string }[];
    expect(items.map((i) => i.auth_principal)).toEqual([username]);
  });

  it.each([
    ["ust and current_ust", (u: string) => ({ ust: u, current_ust: adminUst })],
    ["ust and target_ust", (u: string) => ({ ust: u, target_ust: u })],
    ["all three", (u: string) => ({ ust: u, current_ust: adminUst, target_ust: u })],
    ["current_ust alone", () => ({ current_ust: adminUst })],
    ["target_ust alone", (u: string) => ({ target_ust: u })],
    ["nothing", () => ({})],
  ])("refuses %s with E008002", async (_, query) => {
    const { ust } = await loggedIn();
    expectFailure(await list(query(ust)), "E008002");
  });

  it("refuses target_ust with the UST only in X-Zato-SSO-UST with E008002 (the header stands for ust, not current_ust)", async () => {
    const { ust } = await loggedIn();
    expectFailure(await list({ target_ust: ust }, { "X-Zato-SSO-UST": adminUst }), "E008002");
  });

  it.each([
    ["ust: null", () => ({ ust: null })],
    ["current_ust: null with a target_ust", (target: string) => ({ current_ust: null, target_ust: target })],
    ["current_ust with target_ust: null", () => ({ current_ust: adminUst, target_ust: null })],
  ])("takes %s as sent: the form it chooses fails with E007001, whatever X-Zato-SSO-UST says", async (_, body) => {
    const { ust } = await loggedIn();
    const r = await raw(gw, "GET", LIST, JSON.stringify({ current_app: APP, ...body(ust) }), { "X-Zato-SSO-UST": ust });
    expectFailure(r, "E007001");
  });

  it("refuses an invalid ust with E007001", async () => {
    expectFailure(await list({ ust: FORGED }), "E007001");
  });

  it("refuses an unknown or expired target_ust with E007001", async () => {
    expectFailure(await list({ current_ust: adminUst, target_ust: FORGED }), "E007001");
    const { ust } = await loggedIn();
    const username = unique("a");
    await gw.createUser(username, ADMIN_PASSWORD, { superUser: true });
    const r = await later(gw, 31 * MINUTE, async () =>
      list({ current_ust: await gw.login(username, ADMIN_PASSWORD), target_ust: ust }),
    );
    expectFailure(r, "E007001");
  });

  it("refuses the current_ust + target_ust form to a regular user with E005001", async () => {
    const me = await loggedIn();
    expectFailure(await list({ current_ust: me.ust, target_ust: me.ust }), "E005001");
  });

  it("refuses a caller who is locked with E005002", async () => {
    const { ust } = await loggedIn({ is_locked: true });
    expectFailure(await list({ ust }), "E005002");
  });

  it("answers the pre-check with HTTP 200 and E004001, and 400 without current_app", async () => {
    const { ust } = await loggedIn();
    expectFailure(await list({ ust, current_app: "Nope" }), "E004001", 200);
    expect((await gw.rest("GET", LIST, { query: { ust } })).status).toBe(400);
  });

  it("shows renewals in the history", async () => {
    const { ust } = await loggedIn();
    expectOk(await gw.rest("PATCH", SESSION, { body: { ust, current_app: APP } }));
    const [item] = expectOk(await list({ ust })).result as { session_state_change_list: { ctx_source: string; idx: number }[] }[];
    expect(item?.session_state_change_list.map((e) => [e.ctx_source, e.idx])).toEqual([
      ["login", 1],
      ["renew", 2],
    ]);
  });
});

describe("[session] expiry_hook", () => {
  let hooked: TestGateway;
  let inputs: string;

  beforeAll(async () => {
    hooked = await startGateway({
      apps: { all: ["CRM", "Other"] },
      session: { expiry: 60, expiry_hook: "module:expiry-hook.mjs" },
    });
    inputs = path.join(hooked.config.configDir, "hook-inputs.jsonl");
    writeHook(
      hooked,
      "expiry-hook.mjs",
      `import { appendFileSync } from "node:fs";
export default async function (input) {
  appendFileSync(${JSON.stringify(inputs)}, JSON.stringify(input) + "\\n");
  if (input.current_app === "Other") return { expiry: 9 };
  switch (input.username) {
    case "five": return { expiry: 5 };
    case "throws": throw new Error("hook failure");
    case "text": return { expiry: "10" };
    case "fraction": return { expiry: 2.5 };
    case "nothing": return null;
    case "forever": return { expiry: Number.MAX_SAFE_INTEGER };
    default: return { expiry: input.default_expiry + 1 };
  }
}
`,
    );
    for (const name of ["five", "throws", "text", "fraction", "nothing", "plain", "forever"])
      await hooked.createUser(name, PASSWORD);
  });
  afterAll(() => hooked.close());

  const lifetime = async (username: string) => {
    const [session] = (await sessionsOf(hooked, username)).slice(-1);
    return (dbMs(session?.expiration_time as string) - dbMs(session?.creation_time as string)) / MINUTE;
  };

  it("takes the session lifetime from the hook at login", async () => {
    await hooked.login("five", PASSWORD);
    expect(await lifetime("five")).toBe(5);
  });

  it("gives the hook the username, the current_app and [session] expiry", async () => {
    await hooked.login("plain", PASSWORD);
    const lines = readFileSync(inputs, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toContainEqual({ username: "plain", current_app: "CRM", default_expiry: 60 });
    expect(await lifetime("plain")).toBe(61);
  });

  it.each([
    ["fails", "throws"],
    ["answers a string", "text"],
    ["answers a fraction", "fraction"],
    ["answers null", "nothing"],
  ])("uses [session] expiry when the hook %s", async (_, username) => {
    expect(await hooked.login(username, PASSWORD)).toMatch(/^zust/);
    expect(await lifetime(username)).toBe(60);
  });

  it("caps a lifetime beyond what a timestamp can carry at 9999-12-31", async () => {
    const ust = await hooked.login("forever", PASSWORD);
    const [session] = await sessionsOf(hooked, "forever");
    expect(session?.expiration_time).toBe("9999-12-31 00:00:00");
    expectOk(await hooked.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP } }));
  });

  it("asks the hook again on renewal, with the current_app of the renew call", async () => {
    const ust = await hooked.login("five", PASSWORD);
    const before = hooked.clock.now().getTime();
    const r = await hooked.rest("PATCH", SESSION, { body: { ust, current_app: "Other" } });
    const expiration = ms(expectOk(r).expiration_time as string);
    expect(expiration).toBeGreaterThanOrEqual(before + 9 * MINUTE);
    expect(expiration).toBeLessThan(before + 10 * MINUTE);
  });
});
