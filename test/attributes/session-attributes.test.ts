import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteExpired } from "../../src/core/cleanup.js";
import {
  ADMIN_PASSWORD,
  auditOf,
  expectFailure,
  expectOk,
  expectPlainError,
  later,
  ms,
  PASSWORD,
  raw,
  SESSION_ID,
  sessionsOf,
  setUser,
  TIMESTAMP,
} from "../support/fixtures.js";
import { APP, DAY, type HttpAnswer, MINUTE, startGateway, type TestGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";
import { expectUnchanged } from "../support/state.js";

// Session attributes over REST: /zato/sso/session/attr (POST, PATCH, PUT, DELETE, GET),
// /zato/sso/session/attr/exists and /zato/sso/session/attr/names. The caller is named by
// current_ust (a super-user's session), the owner by target_ust; `ust` is not used and a
// user_id is ignored (docs/rest.md; docs/rules.md, "Attributes").

const ATTR = "/zato/sso/session/attr";
const EXISTS = `${ATTR}/exists`;
const NAMES = `${ATTR}/names`;
const USER_ATTR = "/zato/sso/user/attr";
const NEVER = "9999-12-31T00:00:00";
const FORGED = `zust${"7".repeat(52)}`;

const ROUTES: { method: string; path: string; params: Record<string, unknown> }[] = [
  { method: "POST", path: ATTR, params: { name: "r", value: "v" } },
  { method: "PATCH", path: ATTR, params: { name: "r", value: "v" } },
  { method: "PUT", path: ATTR, params: { name: "r", value: "v" } },
  { method: "DELETE", path: ATTR, params: { name: "r" } },
  { method: "GET", path: ATTR, params: { name: "r" } },
  { method: "GET", path: EXISTS, params: { name: "r" } },
  { method: "GET", path: NAMES, params: {} },
];

let gw: TestGateway;
let adminId: string;
let adminUst: string;
let userUst: string;

beforeAll(async () => {
  gw = await startGateway();
  adminId = await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  await gw.createUser("plain1", PASSWORD);
  adminUst = await gw.login("admin1", ADMIN_PASSWORD);
  userUst = await gw.login("plain1", PASSWORD);
});
afterAll(() => gw.close());

/** A call with every parameter in a JSON body; the super-user is the caller unless `current_ust` says otherwise. */
const call = (method: string, path: string, params: Record<string, unknown>): Promise<HttpAnswer> =>
  raw(gw, method, path, JSON.stringify({ current_ust: adminUst, current_app: APP, ...params }));

/** A new user with one session: its username, user_id and UST. */
async function target() {
  const username = unique("target");
  const userId = await gw.createUser(username, PASSWORD);
  const ust = await gw.login(username, PASSWORD);
  return { username, userId, ust };
}

const on = (ust: string) => ({
  create: (p: Record<string, unknown>) => call("POST", ATTR, { target_ust: ust, ...p }),
  update: (p: Record<string, unknown>) => call("PATCH", ATTR, { target_ust: ust, ...p }),
  set: (p: Record<string, unknown>) => call("PUT", ATTR, { target_ust: ust, ...p }),
  remove: (p: Record<string, unknown>) => call("DELETE", ATTR, { target_ust: ust, ...p }),
  get: (p: Record<string, unknown>) => call("GET", ATTR, { target_ust: ust, ...p }),
  exists: (p: Record<string, unknown>) => call("GET", EXISTS, { target_ust: ust, ...p }),
  names: async () => expectOk(await call("GET", NAMES, { target_ust: ust })).result,
  value: async (name: string) => {
    const r = expectOk(await call("GET", ATTR, { target_ust: ust, name }));
    return r.found ? r.value : undefined;
  },
});

interface StoredRow {
  name: string;
  value: string;
  is_session_attr: boolean;
  scope_key: string;
  session_id: string | null;
  user_id: string;
}

/** The attribute rows of a user (both kinds), with the public ids of their owners. */
const rowsOfUser = (userId: string) =>
  gw.query<StoredRow>(
    `SELECT a.name, a.value, a.is_session_attr, a.scope_key, s.session_id, u.user_id
       FROM sso_attr a JOIN sso_user u ON u.id = a.user_id LEFT JOIN sso_session s ON s.id = a.session_id
      WHERE u.user_id = $1 ORDER BY a.is_session_attr, a.scope_key, a.name COLLATE "C"`,
    [userId],
  );

const countAll = async () => Number((await gw.query<{ n: string }>("SELECT count(*) AS n FROM sso_attr"))[0]?.n);

describe("the operations", () => {
  it("create, get (Zato's example), update, set, exists, names and delete on one session", async () => {
    const t = await target();
    const s = on(t.ust);
    const [session] = await sessionsOf(gw, t.username);

    const created = await s.create({
      data: [
        { name: "cart", value: "3 items" },
        { name: "step", value: "payment", expiration: 600 },
      ],
    });
    expect(expectOk(created)).toEqual({ cid: created.body.cid, status: "ok" });

    const step = await s.get({ name: "step" });
    expect(expectOk(step)).toEqual({
      cid: step.body.cid,
      status: "ok",
      found: true,
      name: "step",
      value: "payment",
      creation_time: expect.stringMatching(TIMESTAMP),
      last_modified: step.body.creation_time,
      expiration_time: expect.stringMatching(TIMESTAMP),
      is_encrypted: false,
    });
    expect(ms(step.body.expiration_time as string) - ms(step.body.creation_time as string)).toBe(600_000);

    const ex = await s.exists({ data: ["cart", "coupon"] });
    expect(expectOk(ex)).toEqual({ cid: ex.body.cid, status: "ok", result: { cart: true, coupon: false } });
    expect(expectOk(await s.exists({ name: "cart" })).result).toBe(true);
    expect(await s.names()).toEqual(["cart", "step"]);

    expectOk(await s.update({ name: "cart", value: "4 items" }));
    expectOk(await s.update({ name: "nope", value: "x" }));
    expectOk(
      await s.set({
        data: [
          { name: "step", value: "done" },
          { name: "coupon", value: "XMAS", encrypt: true },
        ],
      }),
    );
    const many = await s.get({ data: ["cart", "step", "coupon", "missing"] });
    expect(expectOk(many).result).toEqual({
      cart: expect.objectContaining({ name: "cart", value: "4 items", expiration_time: NEVER, is_encrypted: false }),
      step: expect.objectContaining({ name: "step", value: "done", is_encrypted: false }),
      coupon: expect.objectContaining({ name: "coupon", value: "XMAS", is_encrypted: true }),
      missing: null,
    });

    expect(await rowsOfUser(t.userId)).toEqual([
      {
        name: "cart",
        value: '"4 items"',
        is_session_attr: true,
        scope_key: session?.session_id,
        session_id: session?.session_id,
        user_id: t.userId,
      },
      {
        name: "coupon",
        value: expect.stringMatching(/^v1:/),
        is_session_attr: true,
        scope_key: session?.session_id,
        session_id: session?.session_id,
        user_id: t.userId,
      },
      {
        name: "step",
        value: '"done"',
        is_session_attr: true,
        scope_key: session?.session_id,
        session_id: session?.session_id,
        user_id: t.userId,
      },
    ]);
    expect(session?.session_id).toMatch(SESSION_ID);

    expectOk(await s.remove({ name: "cart" }));
    expectOk(await s.remove({ data: ["coupon", "missing"] }));
    expect(await s.names()).toEqual(["step"]);
    const gone = await s.get({ name: "cart" });
    expect(expectOk(gone)).toEqual({ cid: gone.body.cid, status: "ok", found: false });
  });

  it("create of an existing name is E009001; create_many is atomic", async () => {
    const t = await target();
    const s = on(t.ust);
    expectOk(await s.create({ name: "taken", value: "v" }));
    await expectUnchanged(gw, async () => {
      expectFailure(await s.create({ name: "taken", value: "w" }), "E009001");
      expectFailure(
        await s.create({
          data: [
            { name: "free", value: "f" },
            { name: "taken", value: "w" },
          ],
        }),
        "E009001",
      );
    });
    expect(await s.names()).toEqual(["taken"]);
    expect(await s.value("taken")).toBe("v");
  });

  it("the rules of values and items are those of user attributes (E008002, nothing written)", async () => {
    const t = await target();
    const s = on(t.ust);
    await expectUnchanged(gw, async () => {
      expectFailure(await s.create({}), "E008002");
      expectFailure(await s.create({ name: "x" }), "E008002");
      expectFailure(await s.set({ name: "x", value: null }), "E008002");
      expectFailure(await s.create({ data: [{ value: "no name" }] }), "E008002");
      expectFailure(await s.set({ data: [{ name: "no value" }] }), "E008002");
      expectFailure(await s.create({ name: "x", value: 5, encrypt: true }), "E008002");
      expectFailure(await s.create({ name: "x", value: "x".repeat(65_535) }), "E008002");
      expectFailure(await s.create({ name: "x", value: "v", expiration: -1 }), "E008002");
      expectFailure(await s.get({}), "E008002");
      expectFailure(await s.remove({}), "E008002");
      expectFailure(await s.exists({}), "E008002");
    });
  });

  it("name wins over data; lists from the query string (repeated, JSON array text, one plain value)", async () => {
    const t = await target();
    const s = on(t.ust);
    expectOk(await s.create({ name: "one", value: 1, data: [{ name: "two", value: 2 }] }));
    expect(await s.names()).toEqual(["one"]);
    expectOk(
      await s.create({
        data: [
          { name: "two", value: 2 },
          { name: "three", value: 3 },
        ],
      }),
    );

    const viaQuery = (method: string, path: string, query: Record<string, string | string[]>) =>
      gw.rest(method, path, { query: { current_ust: adminUst, target_ust: t.ust, current_app: APP, ...query } });
    expect(expectOk(await viaQuery("GET", EXISTS, { data: ["one", "four"] })).result).toEqual({ one: true, four: false });
    expect(expectOk(await viaQuery("GET", EXISTS, { data: '["two","five"]' })).result).toEqual({ two: true, five: false });
    expect(expectOk(await viaQuery("GET", EXISTS, { data: "three" })).result).toEqual({ three: true });
    expect(expectOk(await viaQuery("GET", ATTR, { data: "two" })).result).toEqual({
      two: expect.objectContaining({ name: "two", value: 2 }),
    });
    expect(expectOk(await viaQuery("GET", ATTR, { name: "one", data: "two" }))).toMatchObject({ found: true, value: 1 });
    expectOk(await viaQuery("DELETE", ATTR, { data: "one" }));
    expect(await s.names()).toEqual(["three", "two"]);
    expectOk(await viaQuery("DELETE", ATTR, { data: ["two", "three"] }));
    expect(await s.names()).toEqual([]);
  });

  it("an encrypted session attribute: ciphertext at rest, clear on get, ciphertext with decrypt false", async () => {
    const t = await target();
    const s = on(t.ust);
    const secret = "session-secret-value-991";
    expectOk(await s.create({ name: "token", value: secret, encrypt: true }));
    const [row] = await rowsOfUser(t.userId);
    expect(row?.value).not.toContain(secret);
    expect(row?.value).toMatch(/^v1:/);
    expect(expectOk(await s.get({ name: "token" }))).toMatchObject({ value: secret, is_encrypted: true });
    expect(expectOk(await s.get({ name: "token", decrypt: "false" }))).toMatchObject({ value: row?.value, is_encrypted: true });
  });

  it("a session attribute past its expiration is invisible while its session lives", async () => {
    const t = await target();
    const s = on(t.ust);
    expectOk(
      await s.create({
        data: [
          { name: "brief", value: "b", expiration: 30 },
          { name: "lasting", value: "l" },
        ],
      }),
    );
    await later(gw, 31_000, async () => {
      expect(await s.names()).toEqual(["lasting"]);
      expect(expectOk(await s.exists({ name: "brief" })).result).toBe(false);
      expect(expectOk(await s.get({ name: "brief" })).found).toBe(false);
      expectOk(await s.create({ name: "brief", value: "again" }));
      expect(await s.value("brief")).toBe("again");
    });
  });

  it("a super-user may keep attributes on their own session", async () => {
    const s = on(adminUst);
    expectOk(await s.create({ name: "mine", value: "m" }));
    expect(await s.value("mine")).toBe("m");
    expectOk(await s.remove({ name: "mine" }));
    expect(await s.names()).toEqual([]);
  });

  it("concurrent creates of one name on one session: one ok, one E009001, one row", async () => {
    const t = await target();
    const s = on(t.ust);
    const answers = await Promise.all([s.create({ name: "race", value: "a" }), s.create({ name: "race", value: "b" })]);
    expect(answers.map((r) => r.body.status).sort()).toEqual(["error", "ok"]);
    expectFailure(answers.find((r) => r.body.status === "error") as HttpAnswer, "E009001");
    expect(await rowsOfUser(t.userId)).toHaveLength(1);
  });

  it("a write racing the logout of its session: ok or E007001, never a 5xx, and no attribute outlives the session", async () => {
    for (let round = 0; round < 5; round++) {
      const t = await target();
      const [write, logout] = await Promise.all([
        on(t.ust).set({
          data: [
            { name: "a", value: "1" },
            { name: "b", value: "2" },
          ],
        }),
        gw.rest("POST", "/zato/sso/user/logout", { body: { ust: t.ust, current_app: APP } }),
      ]);
      expectOk(logout);
      if (write.body?.status === "error") expectFailure(write, "E007001");
      else expectOk(write);
      expect(await rowsOfUser(t.userId)).toEqual([]);
    }
  });

  it("writes racing the rejection of the session's user (which ends its sessions): never a 5xx (no deadlock)", async () => {
    for (let round = 0; round < 10; round++) {
      const t = await target();
      const names = Array.from({ length: 50 }, (_, i) => `n${round}_${i}`);
      const write = (k: number) => on(t.ust).set({ data: names.map((name) => ({ name, value: k })) });
      const answers = await Promise.all([
        write(0),
        write(1),
        gw.rest("POST", "/zato/sso/user/reject", { body: { ust: adminUst, current_app: APP, user_id: t.userId } }),
        write(2),
        write(3),
      ]);
      for (const r of answers) expect(r.status, r.text).toBeLessThan(500);
      expectOk(answers[2] as HttpAnswer);
      for (const r of [answers[0], answers[1], answers[3], answers[4]] as HttpAnswer[]) {
        if (r.body?.status === "error") expect(r.body.sub_status).toEqual(["E007001"]);
      }
    }
  });

  it("each call writes an audit record with scope session, the names, and the target session's user", async () => {
    const t = await target();
    const s = on(t.ust);
    const secret = "audited-session-value-314";
    const run = async (r: Promise<HttpAnswer>, op: string, names: string[]) => {
      const answer = await r;
      expectOk(answer);
      expect(auditOf(gw, answer.body.cid)).toMatchObject({
        op,
        outcome: "ok",
        actor_user_id: adminId,
        target_user_id: t.userId,
        details: { scope: "session", names },
      });
      return answer;
    };
    await run(s.create({ name: "a", value: secret }), "attr.create", ["a"]);
    await run(s.create({ data: [{ name: "b", value: secret }] }), "attr.create_many", ["b"]);
    await run(s.update({ name: "a", value: secret }), "attr.update", ["a"]);
    await run(s.update({ data: [{ name: "b", value: secret }] }), "attr.update_many", ["b"]);
    await run(s.set({ name: "c", value: secret, encrypt: true }), "attr.set", ["c"]);
    await run(s.set({ data: [{ name: "d", value: secret }] }), "attr.set_many", ["d"]);
    await run(s.get({ name: "a" }), "attr.get", ["a"]);
    await run(s.get({ data: ["a", "b"] }), "attr.get", ["a", "b"]);
    await run(s.exists({ name: "a" }), "attr.exists", ["a"]);
    await run(s.exists({ data: ["b", "z"] }), "attr.exists", ["b", "z"]);
    await run(call("GET", NAMES, { target_ust: t.ust }), "attr.names", ["a", "b", "c", "d"]);
    await run(s.remove({ name: "a" }), "attr.delete", ["a"]);
    await run(s.remove({ data: ["b"] }), "attr.delete", ["b"]);
    const lines = gw.logs.filter((l) => l.name === "sso.audit").map((l) => l.message);
    expect(lines.join("\n")).not.toContain(secret);
    expect(lines.join("\n")).not.toContain(t.ust);
  });
});

describe("who may call, and which session", () => {
  it.each(ROUTES)("$method $path: an unknown current_app is HTTP 200 with E004001", async (route) => {
    const t = await target();
    await expectUnchanged(gw, async () => {
      expectFailure(
        await call(route.method, route.path, { ...route.params, target_ust: t.ust, current_app: "Nope" }),
        "E004001",
        200,
      );
    });
  });

  it.each(ROUTES)("$method $path: an absent current_app is HTTP 400", async (route) => {
    const t = await target();
    const r = await call(route.method, route.path, { ...route.params, target_ust: t.ust, current_app: undefined });
    expectPlainError(r, 400, "Bad request");
  });

  it.each(ROUTES)("$method $path: target_ust absent, null, empty or unknown: E007001", async (route) => {
    await expectUnchanged(gw, async () => {
      for (const target_ust of [undefined, null, "", FORGED, adminUst.slice(0, -1)]) {
        expectFailure(await call(route.method, route.path, { ...route.params, target_ust }), "E007001");
      }
    });
  });

  it.each(ROUTES)(
    "$method $path: current_ust absent, null or unknown: E007001; `ust` does not stand in for it",
    async (route) => {
      const t = await target();
      await expectUnchanged(gw, async () => {
        for (const current_ust of [undefined, null, "", FORGED]) {
          expectFailure(await call(route.method, route.path, { ...route.params, target_ust: t.ust, current_ust }), "E007001");
        }
        const withUst = { ...route.params, target_ust: t.ust, current_ust: undefined, ust: adminUst };
        expectFailure(await call(route.method, route.path, withUst), "E007001");
      });
    },
  );

  it.each(ROUTES)("$method $path: a caller who is not a super-user: E005001", async (route) => {
    const t = await target();
    await expectUnchanged(gw, async () => {
      expectFailure(
        await call(route.method, route.path, { ...route.params, target_ust: t.ust, current_ust: userUst }),
        "E005001",
      );
      // Not even on their own session.
      expectFailure(
        await call(route.method, route.path, { ...route.params, target_ust: userUst, current_ust: userUst }),
        "E005001",
      );
    });
  });

  it("the caller's UST may come from the X-Zato-SSO-UST header when current_ust is absent", async () => {
    const t = await target();
    const r = await raw(gw, "POST", ATTR, JSON.stringify({ current_app: APP, target_ust: t.ust, name: "h", value: "v" }), {
      "x-zato-sso-ust": adminUst,
    });
    expectOk(r);
    expect(await on(t.ust).names()).toEqual(["h"]);
  });

  it("a user_id is ignored, whether unknown or another user's: the attribute belongs to the target session", async () => {
    const t = await target();
    const other = await target();
    expectOk(await call("POST", ATTR, { target_ust: t.ust, user_id: other.userId, name: "a", value: "1" }));
    expectOk(await call("POST", ATTR, { target_ust: t.ust, user_id: "zusr00000000000000000000000000", name: "b", value: "2" }));
    expectOk(await call("POST", ATTR, { target_ust: t.ust, user_id: { not: "a string" }, name: "c", value: "3" }));
    expect((await rowsOfUser(t.userId)).map((r) => [r.name, r.is_session_attr])).toEqual([
      ["a", true],
      ["b", true],
      ["c", true],
    ]);
    expect(await rowsOfUser(other.userId)).toEqual([]);
    const r = await call("GET", NAMES, { target_ust: t.ust, user_id: other.userId });
    expect(expectOk(r).result).toEqual(["a", "b", "c"]);
  });

  it.each([
    ["locked", { is_locked: true }, "E005002"],
    ["not confirmed", { sign_up_status: "before_confirmation" }, "E005003"],
    ["with an expired password", { password_expiry: new Date(Date.now() - DAY) }, "E005001"],
  ])("a target session whose user is %s: that user check's code, %s", async (_, columns, code) => {
    const t = await target();
    expectOk(await on(t.ust).create({ name: "kept", value: "k" }));
    await setUser(gw, t.username, columns);
    await expectUnchanged(gw, async () => {
      for (const route of ROUTES) {
        expectFailure(await call(route.method, route.path, { ...route.params, target_ust: t.ust }), code);
      }
    });
  });

  it("a target session whose user is no longer approved is unknown: E007001", async () => {
    const t = await target();
    await setUser(gw, t.username, { approval_status: "rejected" });
    await expectUnchanged(gw, async () => {
      for (const route of ROUTES) {
        expectFailure(await call(route.method, route.path, { ...route.params, target_ust: t.ust }), "E007001");
      }
    });
  });
});

describe("independence of scopes", () => {
  it("one name as a user attribute and as attributes of two sessions of the same user: three attributes", async () => {
    const t = await target();
    const second = await gw.login(t.username, PASSWORD);
    const [s1, s2] = await sessionsOf(gw, t.username);
    expectOk(await call("POST", USER_ATTR, { ust: adminUst, user_id: t.userId, name: "colour", value: "user" }));
    expectOk(await on(t.ust).create({ name: "colour", value: "first session" }));
    expectOk(await on(second).create({ name: "colour", value: "second session" }));

    expect(await on(t.ust).value("colour")).toBe("first session");
    expect(await on(second).value("colour")).toBe("second session");
    const u = await call("GET", USER_ATTR, { ust: adminUst, user_id: t.userId, name: "colour" });
    expect(expectOk(u)).toMatchObject({ found: true, value: "user" });
    expect(await rowsOfUser(t.userId)).toEqual([
      { name: "colour", value: '"user"', is_session_attr: false, scope_key: "", session_id: null, user_id: t.userId },
      ...[s1, s2]
        .map((s) => s?.session_id as string)
        .sort()
        .map((id) => ({
          name: "colour",
          value: id === s1?.session_id ? '"first session"' : '"second session"',
          is_session_attr: true,
          scope_key: id,
          session_id: id,
          user_id: t.userId,
        })),
    ]);

    // A create on one scope does not collide with the others; a delete touches one scope only.
    expectFailure(await on(t.ust).create({ name: "colour", value: "again" }), "E009001");
    expectOk(await on(t.ust).remove({ name: "colour" }));
    expect(await on(t.ust).names()).toEqual([]);
    expect(await on(second).names()).toEqual(["colour"]);
    const names = await call("GET", `${USER_ATTR}/names`, { ust: adminUst, user_id: t.userId });
    expect(expectOk(names).result).toEqual(["colour"]);
    expectOk(await call("DELETE", USER_ATTR, { ust: adminUst, user_id: t.userId, name: "colour" }));
    expect(await on(second).value("colour")).toBe("second session");
  });

  it("attributes of one user's session are invisible through another user's session", async () => {
    const a = await target();
    const b = await target();
    expectOk(await on(a.ust).create({ name: "private", value: "a" }));
    expect(expectOk(await on(b.ust).exists({ name: "private" })).result).toBe(false);
    expect(await on(b.ust).names()).toEqual([]);
  });
});

describe("session attributes go with their session", () => {
  it("logout of the target session deletes its attributes; its UST is then E007001 everywhere", async () => {
    const t = await target();
    const other = await gw.login(t.username, PASSWORD);
    expectOk(
      await on(t.ust).create({
        data: [
          { name: "a", value: "1" },
          { name: "b", value: "2" },
        ],
      }),
    );
    expectOk(await on(other).create({ name: "a", value: "other" }));
    expectOk(await call("POST", USER_ATTR, { ust: adminUst, user_id: t.userId, name: "a", value: "user" }));

    expectOk(await gw.rest("POST", "/zato/sso/user/logout", { body: { ust: t.ust, current_app: APP } }));
    expect((await rowsOfUser(t.userId)).map((r) => [r.name, r.value, r.is_session_attr])).toEqual([
      ["a", '"user"', false],
      ["a", '"other"', true],
    ]);
    await expectUnchanged(gw, async () => {
      for (const route of ROUTES) {
        expectFailure(await call(route.method, route.path, { ...route.params, target_ust: t.ust }), "E007001");
      }
    });
    expect(await on(other).value("a")).toBe("other");
  });

  it("deleting the user (DELETE /zato/sso/user) deletes their session and user attributes", async () => {
    const t = await target();
    expectOk(await on(t.ust).create({ name: "s", value: "1" }));
    expectOk(await call("POST", USER_ATTR, { ust: adminUst, user_id: t.userId, name: "u", value: "2" }));
    const before = await countAll();
    expect(await rowsOfUser(t.userId)).toHaveLength(2);
    expectOk(await call("DELETE", "/zato/sso/user", { ust: adminUst, user_id: t.userId }));
    expect(await gw.query("SELECT 1 FROM sso_attr a WHERE NOT EXISTS (SELECT 1 FROM sso_user u WHERE u.id = a.user_id)")).toEqual(
      [],
    );
    expect(await countAll()).toBe(before - 2);
    expectFailure(await on(t.ust).get({ name: "s" }), "E007001");
  });

  // Last: it moves past every session's lifetime, then logs the super-user in again.
  it("an expired session hides its attributes (E007001) and the cleanup deletes them with it", async () => {
    const t = await target();
    const keeper = await target();
    expectOk(
      await on(t.ust).create({
        data: [
          { name: "a", value: "1" },
          { name: "b", value: "2" },
        ],
      }),
    );
    expectOk(await call("POST", USER_ATTR, { ust: adminUst, user_id: t.userId, name: "u", value: "user" }));
    const lifetime = gw.config.session.expiry * MINUTE;

    await later(gw, lifetime + MINUTE, async () => {
      const freshAdmin = await gw.login("admin1", ADMIN_PASSWORD);
      const keeperUst = await gw.login(keeper.username, PASSWORD);
      expectOk(await call("POST", ATTR, { current_ust: freshAdmin, target_ust: keeperUst, name: "k", value: "live" }));
      // The attributes are still stored, but their session is expired: not found.
      expect(await rowsOfUser(t.userId)).toHaveLength(3);
      await expectUnchanged(gw, async () => {
        for (const route of ROUTES) {
          const r = await call(route.method, route.path, { ...route.params, current_ust: freshAdmin, target_ust: t.ust });
          expectFailure(r, "E007001");
        }
      });
      const removed = await deleteExpired(gw.services);
      expect(removed.sessions).toBeGreaterThanOrEqual(1);
      expect((await rowsOfUser(t.userId)).map((r) => [r.name, r.is_session_attr])).toEqual([["u", false]]);
      // A live session's attributes stay.
      expect((await rowsOfUser(keeper.userId)).map((r) => r.name)).toEqual(["k"]);
      adminUst = freshAdmin;
    });
  });
});
