import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteExpired } from "../../src/core/cleanup.js";
import {
  ADMIN_PASSWORD,
  auditLines,
  auditOf,
  expectFailure,
  expectOk,
  expectPlainError,
  later,
  ms,
  PASSWORD,
  raw,
  setUser,
  TIMESTAMP,
  wire,
} from "../support/fixtures.js";
import { APP, type HttpAnswer, startGateway, type TestGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";
import { expectUnchanged } from "../support/state.js";

// User attributes over REST: POST create, PATCH update, PUT set, DELETE delete, GET get on
// /zato/sso/user/attr, GET /zato/sso/user/attr/exists and GET /zato/sso/user/attr/names, each in
// its single (`name`) and many (`data`) form (docs/rest.md; docs/rules.md, "Attributes").

const ATTR = "/zato/sso/user/attr";
const EXISTS = `${ATTR}/exists`;
const NAMES = `${ATTR}/names`;
const NEVER = "9999-12-31T00:00:00";
const FORGED = `zust${"7".repeat(52)}`;
const UNKNOWN_USER = "zusr00000000000000000000000000";

/** Every path and method of the family, with the smallest valid parameters of each. */
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

/** A call as Zato's test client makes it: every parameter in a JSON body, also on GET and DELETE. */
const call = (method: string, path: string, params: Record<string, unknown>): Promise<HttpAnswer> =>
  raw(gw, method, path, JSON.stringify({ ust: adminUst, current_app: APP, ...params }));

/** A fresh owner of attributes: returns its user_id. */
const newOwner = () => gw.createUser(unique("owner"), PASSWORD);

const create = (owner: string, params: Record<string, unknown>) => call("POST", ATTR, { user_id: owner, ...params });
const update = (owner: string, params: Record<string, unknown>) => call("PATCH", ATTR, { user_id: owner, ...params });
const set = (owner: string, params: Record<string, unknown>) => call("PUT", ATTR, { user_id: owner, ...params });
const remove = (owner: string, params: Record<string, unknown>) => call("DELETE", ATTR, { user_id: owner, ...params });
const get = (owner: string, params: Record<string, unknown>) => call("GET", ATTR, { user_id: owner, ...params });
const exists = (owner: string, params: Record<string, unknown>) => call("GET", EXISTS, { user_id: owner, ...params });
const names = async (owner: string) => expectOk(await call("GET", NAMES, { user_id: owner })).result;

/** The single get of one name: the body without cid and status. */
async function getOne(owner: string, name: string, extra: Record<string, unknown> = {}) {
  const { cid: _, status: __, ...rest } = expectOk(await get(owner, { name, ...extra }));
  return rest;
}

interface StoredRow {
  name: string;
  value: string | null;
  is_encrypted: boolean;
  serial_method: string;
  is_session_attr: boolean;
  scope_key: string;
  session_id: string | null;
}

/** The stored user-attribute rows of an owner (expired ones included), by name. */
const rowsOf = (owner: string) =>
  gw.query<StoredRow>(
    `SELECT a.name, a.value, a.is_encrypted, a.serial_method, a.is_session_attr, a.scope_key, a.session_id::text AS session_id
       FROM sso_attr a JOIN sso_user u ON u.id = a.user_id
      WHERE u.user_id = $1 AND NOT a.is_session_attr ORDER BY a.name COLLATE "C"`,
    [owner],
  );
const storedNames = async (owner: string) => (await rowsOf(owner)).map((r) => r.name);

/** Runs `act` between two readings of the test clock; returns its answer and the readings in ms. */
async function timed<T>(act: () => Promise<T>): Promise<{ answer: T; from: number; to: number }> {
  const from = gw.clock.now().getTime();
  const answer = await act();
  return { answer, from, to: gw.clock.now().getTime() };
}

const expectWithin = (timestamp: unknown, from: number, to: number) => {
  expect(timestamp).toMatch(TIMESTAMP);
  expect(ms(timestamp as string)).toBeGreaterThanOrEqual(from);
  expect(ms(timestamp as string)).toBeLessThanOrEqual(to);
};

describe("create: POST /zato/sso/user/attr", () => {
  it("creates one attribute: the answer has only cid and status; get returns it exactly (Zato's example)", async () => {
    const owner = await newOwner();
    const { answer: r, from, to } = await timed(() => create(owner, { name: "theme", value: "dark", expiration: 900 }));
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });

    const got = await get(owner, { name: "theme" });
    expect(expectOk(got)).toEqual({
      cid: got.body.cid,
      status: "ok",
      found: true,
      name: "theme",
      value: "dark",
      creation_time: expect.stringMatching(TIMESTAMP),
      last_modified: got.body.creation_time,
      expiration_time: wire(new Date(ms(got.body.creation_time as string) + 900_000)),
      is_encrypted: false,
    });
    expectWithin(got.body.creation_time, from, to);
    expect(await rowsOf(owner)).toEqual([
      {
        name: "theme",
        value: '"dark"',
        is_encrypted: false,
        serial_method: "json",
        is_session_attr: false,
        scope_key: "",
        session_id: null,
      },
    ]);
  });

  it.each([
    ["absent", {}],
    ["null", { expiration: null }],
    ["0", { expiration: 0 }],
    ['"0" (a base-10 string)', { expiration: "0" }],
  ])("without a positive expiration (%s) the attribute never expires: %s", async (_, extra) => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "forever", value: "v", ...extra }));
    expect((await getOne(owner, "forever")).expiration_time).toBe(NEVER);
  });

  it("takes an expiration given as a base-10 string", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "soon", value: "v", expiration: "60" }));
    const got = await getOne(owner, "soon");
    expect(ms(got.expiration_time as string) - ms(got.creation_time as string)).toBe(60_000);
  });

  it("keeps values of every JSON type as they were sent", async () => {
    const owner = await newOwner();
    const values: Record<string, unknown> = {
      text: "dark",
      number: 42.5,
      negative: -7,
      yes: true,
      no: false,
      zero: 0,
      empty: "",
      list: [1, "two", [3], { four: null }],
      object: { nested: { deep: [true, null, 1.25] }, "": "empty key" },
      unicode: "żółć 😀 \u2028",
    };
    for (const [name, value] of Object.entries(values)) expectOk(await create(owner, { name, value }));
    const r = await get(owner, { data: Object.keys(values) });
    const result = expectOk(r).result as Record<string, { value: unknown }>;
    expect(Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v.value]))).toEqual(values);
    expect((await rowsOf(owner)).find((row) => row.name === "list")?.value).toBe(JSON.stringify(values.list));
  });

  it("create_many creates every item; an item's expiration and encrypt override the call's", async () => {
    const owner = await newOwner();
    const r = await create(owner, {
      expiration: 120,
      encrypt: true,
      data: [
        { name: "inherits", value: "a" },
        { name: "own-expiry", value: "b", expiration: 60, encrypt: false },
        { name: "never", value: "c", expiration: 0 },
      ],
    });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    const got = expectOk(await get(owner, { data: ["inherits", "own-expiry", "never"] })).result as Record<
      string,
      Record<string, unknown>
    >;
    const lifetime = (name: string) => ms(got[name]?.expiration_time as string) - ms(got[name]?.creation_time as string);
    expect(lifetime("inherits")).toBe(120_000);
    expect(got.inherits).toMatchObject({ value: "a", is_encrypted: true });
    expect(lifetime("own-expiry")).toBe(60_000);
    expect(got["own-expiry"]).toMatchObject({ value: "b", is_encrypted: false });
    expect(got.never).toMatchObject({ value: "c", is_encrypted: true, expiration_time: NEVER });
  });

  it("refuses to create an existing name: E009001, and the stored attribute is unchanged", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "theme", value: "dark" }));
    const before = await getOne(owner, "theme");
    await expectUnchanged(gw, async () => {
      expectFailure(await create(owner, { name: "theme", value: "light", expiration: 5 }), "E009001");
      expectFailure(await create(owner, { data: [{ name: "theme", value: "light" }] }), "E009001");
    });
    expect(await getOne(owner, "theme")).toEqual(before);
  });

  it("create_many is atomic: one existing name gives E009001 and none of the others is created", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "middle", value: "old" }));
    await expectUnchanged(gw, async () => {
      const r = await create(owner, {
        data: [
          { name: "alpha", value: "1" },
          { name: "middle", value: "new" },
          { name: "omega", value: "3" },
        ],
      });
      expectFailure(r, "E009001");
    });
    expect(await storedNames(owner)).toEqual(["middle"]);
    expect((await getOne(owner, "middle")).value).toBe("old");
  });

  it.each([
    ["value absent", { name: "x" }],
    ["value null", { name: "x", value: null }],
    ["data item without name", { data: [{ name: "ok", value: "1" }, { value: "2" }] }],
    [
      "data item with a null name",
      {
        data: [
          { name: "ok", value: "1" },
          { name: null, value: "2" },
        ],
      },
    ],
    ["data item without value", { data: [{ name: "ok", value: "1" }, { name: "y" }] }],
    [
      "data item with a null value",
      {
        data: [
          { name: "ok", value: "1" },
          { name: "y", value: null },
        ],
      },
    ],
    ["data item that is not an object", { data: [{ name: "ok", value: "1" }, "y"] }],
    ["encrypt with a number", { name: "x", value: 5, encrypt: true }],
    ["encrypt with an object", { name: "x", value: { a: "b" }, encrypt: true }],
    ["encrypt with a list", { name: "x", value: ["a"], encrypt: "true" }],
    ["encrypt with a boolean", { name: "x", value: true, encrypt: 1 }],
    [
      "encrypt (call-level) with a non-string item",
      {
        encrypt: true,
        data: [
          { name: "ok", value: "1" },
          { name: "y", value: 2 },
        ],
      },
    ],
    [
      "encrypt (item) with a non-string item",
      {
        data: [
          { name: "ok", value: "1" },
          { name: "y", value: {}, encrypt: true },
        ],
      },
    ],
  ])("%s: E008002 and nothing written", async (_, params) => {
    const owner = await newOwner();
    await expectUnchanged(gw, async () => expectFailure(await create(owner, params), "E008002"));
    expect(await storedNames(owner)).toEqual([]);
  });

  describe("value size: at most [attributes] max_value_size bytes of JSON text (65536 by default)", () => {
    const limit = 65_536;

    it("the limit is 65536 by default", () => {
      expect(gw.config.attributes.max_value_size).toBe(limit);
    });

    it("accepts a value whose JSON text is exactly the limit and refuses one byte more (E008002, nothing written)", async () => {
      const owner = await newOwner();
      const fits = "x".repeat(limit - 2); // the two quotes make up the rest
      expectOk(await create(owner, { name: "fits", value: fits }));
      expect((await getOne(owner, "fits")).value).toBe(fits);
      await expectUnchanged(gw, async () => {
        expectFailure(await create(owner, { name: "over", value: `${fits}x` }), "E008002");
        expectFailure(await set(owner, { name: "fits", value: `${fits}x` }), "E008002");
        expectFailure(await update(owner, { name: "fits", value: `${fits}x` }), "E008002");
        expectFailure(
          await create(owner, {
            data: [
              { name: "small", value: "s" },
              { name: "over", value: `${fits}x` },
            ],
          }),
          "E008002",
        );
      });
      expect(await storedNames(owner)).toEqual(["fits"]);
    });

    it("counts bytes of UTF-8, not characters", async () => {
      const owner = await newOwner();
      const fits = "é".repeat((limit - 2) / 2);
      expectOk(await create(owner, { name: "fits", value: fits }));
      await expectUnchanged(gw, async () => expectFailure(await create(owner, { name: "over", value: `${fits}é` }), "E008002"));
      expect(await storedNames(owner)).toEqual(["fits"]);
    });

    it("counts the JSON text of a structured value (escapes included)", async () => {
      const owner = await newOwner();
      // Each quote inside the string takes two bytes of JSON text.
      await expectUnchanged(gw, async () =>
        expectFailure(await create(owner, { name: "quotes", value: '"'.repeat(limit / 2) }), "E008002"),
      );
      const list = Array.from({ length: (limit - 2) / 2 }, () => 0); // [0,0,...,0]: 2 bytes per item but one
      expect(JSON.stringify(list).length).toBe(limit - 1);
      expectOk(await create(owner, { name: "list", value: list }));
      expect(await storedNames(owner)).toEqual(["list"]);
    });
  });
});

describe("update: PATCH /zato/sso/user/attr", () => {
  it("replaces the value, sets last_modified, keeps creation_time, and recomputes expiration_time only when positive", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "theme", value: "dark", expiration: 900 }));
    const created = await getOne(owner, "theme");

    const first = await later(gw, 10_000, () =>
      timed(async () => {
        const r = await update(owner, { name: "theme", value: "light" });
        expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
        return getOne(owner, "theme");
      }),
    );
    expect(first.answer).toEqual({
      found: true,
      name: "theme",
      value: "light",
      creation_time: created.creation_time,
      last_modified: expect.stringMatching(TIMESTAMP),
      expiration_time: created.expiration_time,
      is_encrypted: false,
    });
    expectWithin(first.answer.last_modified, first.from, first.to);

    const second = await later(gw, 20_000, () =>
      update(owner, { name: "theme", value: "blue", expiration: 123 }).then(async (r) => {
        expectOk(r);
        return getOne(owner, "theme");
      }),
    );
    expect(second).toMatchObject({ value: "blue", creation_time: created.creation_time });
    expect(ms(second.expiration_time as string) - ms(second.last_modified as string)).toBe(123_000);
  });

  it("of a missing name: ok, and nothing is created (single and many)", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "present", value: "p" }));
    await expectUnchanged(gw, async () => {
      const r = await update(owner, { name: "missing", value: "x", expiration: 60 });
      expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
      expectOk(
        await update(owner, {
          data: [
            { name: "missing", value: "x" },
            { name: "gone", value: "y" },
          ],
        }),
      );
    });
    expect(await storedNames(owner)).toEqual(["present"]);
  });

  it("update_many replaces existing items and skips missing ones, in one call", async () => {
    const owner = await newOwner();
    expectOk(
      await create(owner, {
        data: [
          { name: "a", value: "1" },
          { name: "b", value: "2" },
        ],
      }),
    );
    expectOk(
      await update(owner, {
        data: [
          { name: "a", value: "one", expiration: 30 },
          { name: "nope", value: "x" },
          { name: "b", value: "two" },
        ],
      }),
    );
    const got = expectOk(await get(owner, { data: ["a", "b", "nope"] })).result as Record<string, Record<string, unknown> | null>;
    expect(got.a).toMatchObject({ value: "one" });
    expect(ms(got.a?.expiration_time as string) - ms(got.a?.last_modified as string)).toBe(30_000);
    expect(got.b).toMatchObject({ value: "two", expiration_time: NEVER });
    expect(got.nope).toBeNull();
    expect(await storedNames(owner)).toEqual(["a", "b"]);
  });

  it.each([
    ["null", null],
    ["false", false],
    ["0", 0],
    ['""', ""],
    ["[]", []],
    ["{}", {}],
  ])("a new value of %s keeps the stored value, but a positive expiration is recomputed", async (_, value) => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "keep", value: "kept" }));
    const created = await getOne(owner, "keep");

    const without = await later(gw, 5_000, async () => {
      expectOk(await update(owner, { name: "keep", value }));
      return getOne(owner, "keep");
    });
    expect(without).toMatchObject({ value: "kept", expiration_time: NEVER, creation_time: created.creation_time });

    const withExpiry = await later(gw, 10_000, async () => {
      expectOk(await update(owner, { name: "keep", value, expiration: 45 }));
      return getOne(owner, "keep");
    });
    expect(withExpiry).toMatchObject({ value: "kept", is_encrypted: false, creation_time: created.creation_time });
    expect(ms(withExpiry.expiration_time as string) - ms(withExpiry.last_modified as string)).toBe(45_000);
    expect((await rowsOf(owner))[0]?.value).toBe('"kept"');

    // The same in the many form.
    expectOk(await update(owner, { data: [{ name: "keep", value }] }));
    expect((await getOne(owner, "keep")).value).toBe("kept");
  });

  it("without a value (single form, or an item of update_many) keeps the value and may extend the expiration", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "keep", value: "kept", expiration: 10 }));
    expectOk(await update(owner, { name: "keep", expiration: 3600 }));
    const got = await getOne(owner, "keep");
    expect(got.value).toBe("kept");
    expect(ms(got.expiration_time as string) - ms(got.last_modified as string)).toBe(3_600_000);
    expectOk(await update(owner, { data: [{ name: "keep", expiration: 7200 }] }));
    const again = await getOne(owner, "keep");
    expect(again.value).toBe("kept");
    expect(ms(again.expiration_time as string) - ms(again.last_modified as string)).toBe(7_200_000);
  });

  it("is_encrypted follows encrypt whenever the value is replaced [gateway], and not when it is kept", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "secret", value: "clear" }));
    expectOk(await update(owner, { name: "secret", value: "hidden", encrypt: true }));
    expect(await getOne(owner, "secret")).toMatchObject({ value: "hidden", is_encrypted: true });
    expect((await rowsOf(owner))[0]?.value).toMatch(/^v1:/);

    // A kept value keeps its encryption, whatever encrypt says.
    expectOk(await update(owner, { name: "secret", value: "", encrypt: false }));
    expect(await getOne(owner, "secret")).toMatchObject({ value: "hidden", is_encrypted: true });

    expectOk(await update(owner, { name: "secret", value: "open" }));
    expect(await getOne(owner, "secret")).toMatchObject({ value: "open", is_encrypted: false });
    expect((await rowsOf(owner))[0]?.value).toBe('"open"');
  });
});

describe("set: PUT /zato/sso/user/attr", () => {
  it("creates a missing attribute and updates an existing one (keeping its creation_time)", async () => {
    const owner = await newOwner();
    const r = await set(owner, { name: "theme", value: "dark", expiration: 900 });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    const created = await getOne(owner, "theme");
    expect(created).toMatchObject({ value: "dark", is_encrypted: false });
    expect(ms(created.expiration_time as string) - ms(created.creation_time as string)).toBe(900_000);

    const updated = await later(gw, 5_000, async () => {
      expectOk(await set(owner, { name: "theme", value: "light" }));
      return getOne(owner, "theme");
    });
    expect(updated).toMatchObject({
      value: "light",
      creation_time: created.creation_time,
      expiration_time: created.expiration_time,
    });
    expect(ms(updated.last_modified as string)).toBeGreaterThanOrEqual(ms(created.creation_time as string) + 5_000);
    expect(await storedNames(owner)).toEqual(["theme"]);
  });

  it("set_many creates and updates in one call (Zato's example, with an encrypted item)", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "theme", value: "light" }));
    const r = await set(owner, {
      data: [
        { name: "theme", value: "dark" },
        { name: "token", value: "s3cr3t", encrypt: true },
      ],
    });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    const got = expectOk(await get(owner, { data: ["theme", "token"] })).result as Record<string, Record<string, unknown>>;
    expect(got.theme).toMatchObject({ value: "dark", is_encrypted: false });
    expect(got.token).toMatchObject({ value: "s3cr3t", is_encrypted: true });
    expect(await storedNames(owner)).toEqual(["theme", "token"]);
  });

  it("of an existing attribute with a keep-value leaves the value; of a missing one creates it with that value", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "kept", value: "v" }));
    expectOk(
      await set(owner, {
        data: [
          { name: "kept", value: "" },
          { name: "fresh", value: "" },
        ],
      }),
    );
    expect((await getOne(owner, "kept")).value).toBe("v");
    expect((await getOne(owner, "fresh")).value).toBe("");
    expectOk(await set(owner, { name: "zero", value: 0 }));
    expect((await getOne(owner, "zero")).value).toBe(0);
  });

  it.each([
    ["value absent", { name: "theme" }],
    ["value null", { name: "theme", value: null }],
    ["a data item without value", { data: [{ name: "fresh", value: "1" }, { name: "theme" }] }],
    ["a data item without name", { data: [{ name: "fresh", value: "1" }, { value: "x" }] }],
    ["encrypt with a non-string value", { name: "theme", value: 1, encrypt: true }],
  ])("%s: E008002, nothing changed", async (_, params) => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "theme", value: "dark" }));
    await expectUnchanged(gw, async () => expectFailure(await set(owner, params), "E008002"));
    expect(await storedNames(owner)).toEqual(["theme"]);
  });

  it("refuses an update_many item without name: E008002, nothing changed", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "theme", value: "dark" }));
    await expectUnchanged(gw, async () =>
      expectFailure(await update(owner, { data: [{ name: "theme", value: "x" }, { value: "y" }] }), "E008002"),
    );
  });
});

describe("delete: DELETE /zato/sso/user/attr", () => {
  it("deletes one attribute; a missing name is ok", async () => {
    const owner = await newOwner();
    expectOk(
      await create(owner, {
        data: [
          { name: "a", value: "1" },
          { name: "b", value: "2" },
        ],
      }),
    );
    const r = await remove(owner, { name: "a" });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    expect(await storedNames(owner)).toEqual(["b"]);
    await expectUnchanged(gw, async () => {
      const again = await remove(owner, { name: "a" });
      expect(expectOk(again)).toEqual({ cid: again.body.cid, status: "ok" });
    });
  });

  it("delete_many deletes the listed names (missing ones ignored) and leaves the others", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { data: ["a", "b", "c", "d"].map((name) => ({ name, value: name })) }));
    const r = await remove(owner, { data: ["a", "c", "missing"] });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    expect(await storedNames(owner)).toEqual(["b", "d"]);
  });

  it("touches only the owner's attributes", async () => {
    const owner = await newOwner();
    const other = await newOwner();
    expectOk(await create(owner, { name: "same", value: "mine" }));
    expectOk(await create(other, { name: "same", value: "theirs" }));
    expectOk(await remove(owner, { name: "same" }));
    expect(await storedNames(owner)).toEqual([]);
    expect((await getOne(other, "same")).value).toBe("theirs");
  });
});

describe("get, exists, names", () => {
  it("get of a missing name answers found false and nothing else", async () => {
    const owner = await newOwner();
    const r = await get(owner, { name: "missing" });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok", found: false });
  });

  it("get with data maps every requested name to its attribute or null (Zato's example)", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "theme", value: "dark" }));
    const theme = await getOne(owner, "theme");
    const r = await get(owner, { data: ["theme", "missing"] });
    expect(expectOk(r)).toEqual({
      cid: r.body.cid,
      status: "ok",
      result: {
        theme: {
          name: "theme",
          value: "dark",
          creation_time: theme.creation_time,
          last_modified: theme.last_modified,
          expiration_time: NEVER,
          is_encrypted: false,
        },
        missing: null,
      },
    });
  });

  it("exists answers a boolean with name, and a map of booleans with data", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "theme", value: "dark" }));
    const yes = await exists(owner, { name: "theme" });
    expect(expectOk(yes)).toEqual({ cid: yes.body.cid, status: "ok", result: true });
    const no = await exists(owner, { name: "missing" });
    expect(expectOk(no)).toEqual({ cid: no.body.cid, status: "ok", result: false });
    const many = await exists(owner, { data: ["theme", "missing", "toString", "hasOwnProperty"] });
    expect(expectOk(many)).toEqual({
      cid: many.body.cid,
      status: "ok",
      result: { theme: true, missing: false, toString: false, hasOwnProperty: false },
    });
  });

  it("names lists the names of the owner's attributes in ascending (code point) order, and [] when there are none", async () => {
    const owner = await newOwner();
    const r0 = await call("GET", NAMES, { user_id: owner });
    expect(expectOk(r0)).toEqual({ cid: r0.body.cid, status: "ok", result: [] });
    const all = ["theme", "lang", "b", "a", "Zeta", "z10", "z9", "é", "ä"];
    expectOk(await create(owner, { data: all.map((name) => ({ name, value: "v" })) }));
    const other = await newOwner();
    expectOk(await create(other, { name: "not-mine", value: "v" }));
    expect(await names(owner)).toEqual(["Zeta", "a", "b", "lang", "theme", "z10", "z9", "ä", "é"]);
  });

  it("names takes no name or data: they are ignored", async () => {
    const owner = await newOwner();
    expectOk(
      await create(owner, {
        data: [
          { name: "b", value: "1" },
          { name: "a", value: "2" },
        ],
      }),
    );
    const r = await call("GET", NAMES, { user_id: owner, name: "b", data: ["a"] });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok", result: ["a", "b"] });
  });
});

describe("name wins over data when both are sent", () => {
  it("on create, update, set and delete: only the named attribute is touched", async () => {
    const owner = await newOwner();
    const r = await create(owner, { name: "single", value: "s", data: [{ name: "many", value: "m" }] });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    expect(await storedNames(owner)).toEqual(["single"]);

    expectOk(await create(owner, { name: "other", value: "o" }));
    expectOk(await update(owner, { name: "single", value: "s2", data: [{ name: "other", value: "o2" }] }));
    expectOk(await set(owner, { name: "third", value: "t", data: [{ name: "other", value: "o3" }] }));
    expect((await getOne(owner, "single")).value).toBe("s2");
    expect((await getOne(owner, "other")).value).toBe("o");
    expect((await getOne(owner, "third")).value).toBe("t");

    expectOk(await remove(owner, { name: "third", data: ["single", "other"] }));
    expect(await storedNames(owner)).toEqual(["other", "single"]);
  });

  it("on get and exists: the single form's answer", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "a", value: "1" }));
    const g = await get(owner, { name: "a", data: ["a", "b"] });
    expect(expectOk(g)).toMatchObject({ found: true, name: "a", value: "1" });
    expect(g.body.result).toBeUndefined();
    const e = await exists(owner, { name: "b", data: ["a"] });
    expect(expectOk(e)).toEqual({ cid: e.body.cid, status: "ok", result: false });
  });

  it("a data that is not a list is not even looked at when name is given", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "a", value: "1", data: "not a list" }));
    expect(await storedNames(owner)).toEqual(["a"]);
  });

  it("a null name counts as absent: data is used", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: null, data: [{ name: "from-data", value: "d" }] }));
    expect(await storedNames(owner)).toEqual(["from-data"]);
  });
});

describe("lists from the query string", () => {
  /** A GET or DELETE with everything in the query string. */
  const viaQuery = (method: string, path: string, owner: string, query: Record<string, string | string[]>) =>
    gw.rest(method, path, { query: { ust: adminUst, current_app: APP, user_id: owner, ...query } });

  let owner: string;
  beforeAll(async () => {
    owner = await newOwner();
    expectOk(await create(owner, { data: ["a", "b", "c"].map((name) => ({ name, value: name.toUpperCase() })) }));
  });

  const valuesOf = (r: HttpAnswer) =>
    Object.fromEntries(
      Object.entries(expectOk(r).result as Record<string, { value: unknown } | null>).map(([k, v]) => [k, v?.value ?? null]),
    );

  it("repeated: data=a&data=b", async () => {
    expect(valuesOf(await viaQuery("GET", ATTR, owner, { data: ["a", "x"] }))).toEqual({ a: "A", x: null });
    expect(expectOk(await viaQuery("GET", EXISTS, owner, { data: ["b", "x"] })).result).toEqual({ b: true, x: false });
  });

  it('a JSON array text: data=["a","b"]', async () => {
    expect(valuesOf(await viaQuery("GET", ATTR, owner, { data: '["a","c"]' }))).toEqual({ a: "A", c: "C" });
    expect(expectOk(await viaQuery("GET", EXISTS, owner, { data: '["c","y"]' })).result).toEqual({ c: true, y: false });
  });

  it("a single plain value means a one-element list on GET", async () => {
    expect(valuesOf(await viaQuery("GET", ATTR, owner, { data: "b" }))).toEqual({ b: "B" });
    expect(expectOk(await viaQuery("GET", EXISTS, owner, { data: "x" })).result).toEqual({ x: false });
    // Text that only starts like an array is a plain value.
    expect(expectOk(await viaQuery("GET", EXISTS, owner, { data: "[not json" })).result).toEqual({ "[not json": false });
  });

  it("a single plain value means a one-element list on DELETE; repeated values delete each", async () => {
    const mine = await newOwner();
    expectOk(await create(mine, { data: ["a", "b", "c", "d"].map((name) => ({ name, value: name })) }));
    expectOk(await viaQuery("DELETE", ATTR, mine, { data: "a" }));
    expect(await storedNames(mine)).toEqual(["b", "c", "d"]);
    expectOk(await viaQuery("DELETE", ATTR, mine, { data: ["b", "c"] }));
    expect(await storedNames(mine)).toEqual(["d"]);
    expectOk(await viaQuery("DELETE", ATTR, mine, { data: '["d"]' }));
    expect(await storedNames(mine)).toEqual([]);
  });

  it("the query string wins over the body", async () => {
    const r = await raw(
      gw,
      "GET",
      `${ATTR}?data=a&user_id=${owner}`,
      JSON.stringify({ ust: adminUst, current_app: APP, user_id: UNKNOWN_USER, data: ["b", "c"] }),
    );
    expect(valuesOf(r)).toEqual({ a: "A" });
  });

  it("name, decrypt and the single form from the query string", async () => {
    const mine = await newOwner();
    expectOk(await create(mine, { name: "s", value: "hidden", encrypt: true }));
    const clear = await viaQuery("GET", ATTR, mine, { name: "s" });
    expect(expectOk(clear)).toMatchObject({ found: true, value: "hidden", is_encrypted: true });
    for (const no of ["false", "no", "0", "OFF"]) {
      const sealed = await viaQuery("GET", ATTR, mine, { name: "s", decrypt: no });
      expect(expectOk(sealed).value).toBe((await rowsOf(mine))[0]?.value);
    }
    expect(expectOk(await viaQuery("GET", EXISTS, mine, { name: "s" })).result).toBe(true);
    expect(expectOk(await viaQuery("GET", NAMES, mine, {})).result).toEqual(["s"]);
  });

  it("POST data from the query string as a JSON array text of items", async () => {
    const mine = await newOwner();
    const r = await gw.rest("POST", ATTR, {
      query: {
        data: JSON.stringify([
          { name: "q1", value: "v1" },
          { name: "q2", value: 2 },
        ]),
      },
      body: { ust: adminUst, current_app: APP, user_id: mine },
    });
    expectOk(r);
    expect(await storedNames(mine)).toEqual(["q1", "q2"]);
    expect((await getOne(mine, "q2")).value).toBe(2);
  });

  it("POST with a single plain data value from the query string is not a list: E008002", async () => {
    const mine = await newOwner();
    await expectUnchanged(gw, async () => {
      const r = await gw.rest("POST", ATTR, {
        query: { data: "q1" },
        body: { ust: adminUst, current_app: APP, user_id: mine },
      });
      expectFailure(r, "E008002");
    });
  });
});

describe("who may call", () => {
  it.each(ROUTES)("$method $path: an unknown current_app is HTTP 200 with E004001, before anything else", async (route) => {
    const owner = await newOwner();
    await expectUnchanged(gw, async () => {
      expectFailure(
        await call(route.method, route.path, { ...route.params, user_id: owner, current_app: "Nope" }),
        "E004001",
        200,
      );
      expectFailure(await call(route.method, route.path, { ...route.params, ust: FORGED, current_app: "Nope" }), "E004001", 200);
    });
  });

  it.each(ROUTES)("$method $path: an absent current_app is HTTP 400", async (route) => {
    const owner = await newOwner();
    await expectUnchanged(gw, async () => {
      const r = await call(route.method, route.path, { ...route.params, user_id: owner, current_app: undefined });
      expectPlainError(r, 400, "Bad request");
    });
  });

  it.each(ROUTES)("$method $path: caller's UST absent, null, empty or unknown: E007001", async (route) => {
    const owner = await newOwner();
    await expectUnchanged(gw, async () => {
      for (const ust of [undefined, null, "", FORGED]) {
        expectFailure(await call(route.method, route.path, { ...route.params, user_id: owner, ust }), "E007001");
      }
    });
  });

  it.each(ROUTES)("$method $path: a caller who is not a super-user: E005001", async (route) => {
    const owner = await newOwner();
    await expectUnchanged(gw, async () => {
      expectFailure(await call(route.method, route.path, { ...route.params, user_id: owner, ust: userUst }), "E005001");
    });
  });

  it.each(ROUTES)("$method $path: user_id absent, empty, null or unknown: E005001", async (route) => {
    await expectUnchanged(gw, async () => {
      for (const user_id of [undefined, "", null, UNKNOWN_USER]) {
        expectFailure(await call(route.method, route.path, { ...route.params, user_id }), "E005001");
      }
    });
  });

  it.each(ROUTES.filter((r) => r.path !== NAMES))("$method $path: neither name nor data: E008002", async (route) => {
    const owner = await newOwner();
    await expectUnchanged(gw, async () => {
      expectFailure(await call(route.method, route.path, { user_id: owner }), "E008002");
      expectFailure(await call(route.method, route.path, { user_id: owner, name: null, data: null }), "E008002");
    });
  });

  it("the UST may come from the X-Zato-SSO-UST header when the parameter is absent", async () => {
    const owner = await newOwner();
    const r = await raw(gw, "POST", ATTR, JSON.stringify({ current_app: APP, user_id: owner, name: "via-header", value: "h" }), {
      "x-zato-sso-ust": adminUst,
    });
    expectOk(r);
    expect(await storedNames(owner)).toEqual(["via-header"]);
  });

  it("a super-user caller who is now locked gets E005002 (caller user check)", async () => {
    const username = unique("boss");
    await gw.createUser(username, ADMIN_PASSWORD, { superUser: true });
    const bossUst = await gw.login(username, ADMIN_PASSWORD);
    const owner = await newOwner();
    await setUser(gw, username, { is_locked: true });
    await expectUnchanged(gw, async () => {
      expectFailure(await create(owner, { ust: bossUst, name: "x", value: "y" }), "E005002");
      expectFailure(await call("GET", NAMES, { ust: bossUst, user_id: owner }), "E005002");
    });
  });

  it("a super-user may keep attributes on their own account", async () => {
    expectOk(await create(adminId, { name: "own", value: "mine" }));
    expect((await getOne(adminId, "own")).value).toBe("mine");
    expectOk(await remove(adminId, { name: "own" }));
  });
});

describe("expiry", () => {
  it("an expired attribute is invisible to get, get_many, exists, exists_many and names, and update leaves it alone", async () => {
    const owner = await newOwner();
    expectOk(
      await create(owner, {
        data: [
          { name: "short", value: "s", expiration: 30 },
          { name: "long", value: "l" },
        ],
      }),
    );
    await later(gw, 31_000, async () => {
      const g = await get(owner, { name: "short" });
      expect(expectOk(g)).toEqual({ cid: g.body.cid, status: "ok", found: false });
      expect(expectOk(await get(owner, { data: ["short", "long"] })).result).toMatchObject({ short: null, long: { value: "l" } });
      expect(expectOk(await exists(owner, { name: "short" })).result).toBe(false);
      expect(expectOk(await exists(owner, { data: ["short", "long"] })).result).toEqual({ short: false, long: true });
      expect(await names(owner)).toEqual(["long"]);
      // An update of an expired attribute is an update of a missing one: nothing happens.
      await expectUnchanged(gw, async () => expectOk(await update(owner, { name: "short", value: "revived", expiration: 600 })));
      expect(expectOk(await exists(owner, { name: "short" })).result).toBe(false);
    });
    // Still there before its expiration time, and still stored after it.
    expect(expectOk(await exists(owner, { name: "short" })).result).toBe(true);
    expect(await storedNames(owner)).toEqual(["long", "short"]);
  });

  it("an attribute is live until its expiration time, and expired at it (the clock frozen on each side)", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "edge", value: "e", expiration: 20 }));
    const expires = ms((await getOne(owner, "edge")).expiration_time as string);
    const real = gw.clock.now;
    try {
      gw.clock.now = () => new Date(expires - 1);
      expect(expectOk(await exists(owner, { name: "edge" })).result).toBe(true);
      expect(await names(owner)).toEqual(["edge"]);
      gw.clock.now = () => new Date(expires);
      expect(expectOk(await exists(owner, { name: "edge" })).result).toBe(false);
      expect(await names(owner)).toEqual([]);
      expect(expectOk(await get(owner, { name: "edge" })).found).toBe(false);
    } finally {
      gw.clock.now = real;
    }
  });

  it("an expired attribute can be created again [gateway]: a new creation_time, the new value and expiration", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "again", value: "old", expiration: 10, encrypt: true }));
    const first = await getOne(owner, "again");
    const second = await later(gw, 60_000, async () => {
      const { answer, from, to } = await timed(async () => {
        const r = await create(owner, { name: "again", value: "new" });
        expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
        return getOne(owner, "again");
      });
      expectWithin(answer.creation_time, from, to);
      return answer;
    });
    expect(ms(second.creation_time as string)).toBeGreaterThanOrEqual(ms(first.creation_time as string) + 60_000);
    expect(second).toEqual({
      found: true,
      name: "again",
      value: "new",
      creation_time: second.creation_time,
      last_modified: second.creation_time,
      expiration_time: NEVER,
      is_encrypted: false,
    });
    expect(await rowsOf(owner)).toMatchObject([{ name: "again", value: '"new"', is_encrypted: false }]);
  });

  it("create_many over an expired attribute succeeds; set of an expired one creates it anew", async () => {
    const owner = await newOwner();
    expectOk(
      await create(owner, {
        data: [
          { name: "x", value: "1", expiration: 5 },
          { name: "y", value: "2", expiration: 5 },
        ],
      }),
    );
    const before = await getOne(owner, "y");
    await later(gw, 10_000, async () => {
      expectOk(await create(owner, { data: [{ name: "x", value: "one" }] }));
      expectOk(await set(owner, { name: "y", value: "" }));
      const y = await getOne(owner, "y");
      // Set of a missing attribute is a create: the value "" is stored, not kept from the expired row.
      expect(y).toMatchObject({ value: "", expiration_time: NEVER });
      expect(ms(y.creation_time as string)).toBeGreaterThanOrEqual(ms(before.creation_time as string) + 10_000);
      expect((await getOne(owner, "x")).value).toBe("one");
    });
  });

  it("deleteExpired removes expired attributes and leaves the others", async () => {
    const owner = await newOwner();
    expectOk(
      await create(owner, {
        data: [
          { name: "a-short", value: "1", expiration: 10 },
          { name: "b-later", value: "2", expiration: 3600 },
          { name: "c-never", value: "3" },
        ],
      }),
    );
    const removed = await later(gw, 20_000, () => deleteExpired(gw.services));
    expect(removed.attributes).toBeGreaterThanOrEqual(1);
    expect(await storedNames(owner)).toEqual(["b-later", "c-never"]);
    expect(await names(owner)).toEqual(["b-later", "c-never"]);
  });

  it("delete removes an expired attribute's row too", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "old", value: "1", expiration: 1 }));
    await later(gw, 5_000, async () => expectOk(await remove(owner, { name: "old" })));
    expect(await storedNames(owner)).toEqual([]);
  });
});

describe("encryption", () => {
  it("stores the ciphertext, not the plain text; get decrypts; decrypt=false returns the stored ciphertext", async () => {
    const owner = await newOwner();
    const secret = "correct-horse-battery-staple-42";
    expectOk(await create(owner, { name: "token", value: secret, encrypt: true }));
    const [row] = await rowsOf(owner);
    expect(row?.is_encrypted).toBe(true);
    expect(row?.value).not.toContain(secret);
    expect(row?.value).not.toContain("correct");
    expect(row?.value).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(JSON.parse(gw.services.keys.open(row?.value as string))).toBe(secret);

    expect(await getOne(owner, "token")).toMatchObject({ value: secret, is_encrypted: true });
    expect(await getOne(owner, "token", { decrypt: true })).toMatchObject({ value: secret, is_encrypted: true });
    expect(await getOne(owner, "token", { decrypt: false })).toMatchObject({ value: row?.value, is_encrypted: true });
    const many = expectOk(await get(owner, { data: ["token"], decrypt: false })).result as Record<string, { value: unknown }>;
    expect(many.token?.value).toBe(row?.value);
    const clear = expectOk(await get(owner, { data: ["token"] })).result as Record<string, { value: unknown }>;
    expect(clear.token?.value).toBe(secret);
  });

  it("decrypt=false on a clear attribute returns its value as it is", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "plain", value: { a: 1 } }));
    expect(await getOne(owner, "plain", { decrypt: false })).toMatchObject({ value: { a: 1 }, is_encrypted: false });
  });

  it("two encryptions of one value give two different ciphertexts (a fresh nonce each time)", async () => {
    const owner = await newOwner();
    expectOk(
      await create(owner, {
        encrypt: true,
        data: [
          { name: "one", value: "same" },
          { name: "two", value: "same" },
        ],
      }),
    );
    const [one, two] = await rowsOf(owner);
    expect(one?.value).not.toBe(two?.value);
    expectOk(await set(owner, { name: "one", value: "same", encrypt: true }));
    const [again] = await rowsOf(owner);
    expect(again?.value).not.toBe(one?.value);
    expect(await getOne(owner, "one")).toMatchObject({ value: "same", is_encrypted: true });
  });

  it("an encrypted empty string and strings with any characters round-trip", async () => {
    const owner = await newOwner();
    const values = { empty: "", nul: "a\u0000b", emoji: "😀 ż \u2028 \"'\\" };
    expectOk(await create(owner, { encrypt: "yes", data: Object.entries(values).map(([name, value]) => ({ name, value })) }));
    const got = expectOk(await get(owner, { data: Object.keys(values) })).result as Record<string, Record<string, unknown>>;
    for (const [name, value] of Object.entries(values)) expect(got[name]).toMatchObject({ value, is_encrypted: true });
  });
});

describe("concurrency", () => {
  it("two simultaneous creates of one name: exactly one ok, the other E009001, one row", async () => {
    for (let round = 0; round < 5; round++) {
      const owner = await newOwner();
      const answers = await Promise.all([
        create(owner, { name: "race", value: "first" }),
        create(owner, { name: "race", value: "second" }),
      ]);
      const statuses = answers.map((r) => r.body.status).sort();
      expect(statuses).toEqual(["error", "ok"]);
      const loser = answers.find((r) => r.body.status === "error") as HttpAnswer;
      expectFailure(loser, "E009001");
      const winner = answers.findIndex((r) => r.body.status === "ok");
      const rows = await rowsOf(owner);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.value).toBe(JSON.stringify(winner === 0 ? "first" : "second"));
    }
  });

  it("two simultaneous create_many calls sharing names in opposite orders: one ok, one E009001, no mixture", async () => {
    for (let round = 0; round < 3; round++) {
      const owner = await newOwner();
      const answers = await Promise.all([
        create(owner, {
          data: [
            { name: "a", value: "L" },
            { name: "b", value: "L" },
          ],
        }),
        create(owner, {
          data: [
            { name: "b", value: "R" },
            { name: "a", value: "R" },
          ],
        }),
      ]);
      expect(answers.map((r) => r.body.status).sort()).toEqual(["error", "ok"]);
      expectFailure(answers.find((r) => r.body.status === "error") as HttpAnswer, "E009001");
      const rows = await rowsOf(owner);
      expect(rows.map((r) => r.name)).toEqual(["a", "b"]);
      expect(new Set(rows.map((r) => r.value)).size).toBe(1);
    }
  });

  it("sets and deletes of one name, many at once: each set ok (it creates what a delete removed), never a 5xx", async () => {
    for (let round = 0; round < 4; round++) {
      const owner = await newOwner();
      const answers = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          i % 2 === 0 ? set(owner, { name: "contested", value: `v${i}` }) : remove(owner, { name: "contested" }),
        ),
      );
      const sets = answers.filter((_, i) => i % 2 === 0);
      expect(sets.map((r) => [r.status, r.body.status])).toEqual(sets.map(() => [200, "ok"]));
      for (const r of answers) expect(r.status).toBeLessThan(500);
      expect((await rowsOf(owner)).length).toBeLessThanOrEqual(1);
    }
  });

  it("a write racing the deletion of its owner: ok or E005001, never a 5xx, and no attribute outlives the user", async () => {
    for (let round = 0; round < 5; round++) {
      const owner = await newOwner();
      const [{ id }] = (await gw.query("SELECT id::text AS id FROM sso_user WHERE user_id = $1", [owner])) as [{ id: string }];
      const [write, deletion] = await Promise.all([
        set(owner, {
          data: [
            { name: "a", value: "1" },
            { name: "b", value: "2" },
          ],
        }),
        call("DELETE", "/zato/sso/user", { user_id: owner }),
      ]);
      expectOk(deletion);
      if (write.body?.status === "error") expectFailure(write, "E005001");
      else expectOk(write);
      expect(await gw.query("SELECT name FROM sso_attr WHERE user_id = $1", [id])).toEqual([]);
    }
  });

  it("many simultaneous set_many and delete_many calls over the same names, in any order: never a 5xx (no deadlock)", async () => {
    const names = Array.from({ length: 300 }, (_, i) => `n${i}`);
    const shuffled = () => {
      const out = [...names];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [out[i], out[j]] = [out[j] as string, out[i] as string];
      }
      return out;
    };
    for (let round = 0; round < 3; round++) {
      const owner = await newOwner();
      const answers = await Promise.all(
        Array.from({ length: 16 }, (_, k) =>
          k % 4 === 3
            ? remove(owner, { data: shuffled() })
            : set(owner, { data: shuffled().map((name) => ({ name, value: k })) }),
        ),
      );
      expect(answers.map((r) => [r.status, r.body?.status])).toEqual(answers.map(() => [200, "ok"]));
    }
  });

  it("simultaneous sets of one new name both succeed and leave one row", async () => {
    const owner = await newOwner();
    const answers = await Promise.all(["1", "2", "3"].map((value) => set(owner, { name: "shared", value })));
    for (const r of answers) expectOk(r);
    const rows = await rowsOf(owner);
    expect(rows).toHaveLength(1);
    expect(['"1"', '"2"', '"3"']).toContain(rows[0]?.value);
  });
});

describe("audit records", () => {
  const SECRET = "Sup3r-secret-attribute-value";
  const steps: [string, string, string, Record<string, unknown>, string, string[]][] = [
    ["create", "POST", ATTR, { name: "n1", value: SECRET }, "attr.create", ["n1"]],
    [
      "create_many",
      "POST",
      ATTR,
      {
        data: [
          { name: "n2", value: SECRET },
          { name: "n3", value: SECRET, encrypt: true },
        ],
      },
      "attr.create_many",
      ["n2", "n3"],
    ],
    ["update", "PATCH", ATTR, { name: "n1", value: `${SECRET}!` }, "attr.update", ["n1"]],
    ["update_many", "PATCH", ATTR, { data: [{ name: "n2", value: `${SECRET}!` }] }, "attr.update_many", ["n2"]],
    ["set", "PUT", ATTR, { name: "n4", value: SECRET }, "attr.set", ["n4"]],
    [
      "set_many",
      "PUT",
      ATTR,
      {
        data: [
          { name: "n5", value: SECRET },
          { name: "n1", value: SECRET },
        ],
      },
      "attr.set_many",
      ["n5", "n1"],
    ],
    ["get", "GET", ATTR, { name: "n1" }, "attr.get", ["n1"]],
    ["get_many", "GET", ATTR, { data: ["n1", "n3", "nx"] }, "attr.get", ["n1", "n3", "nx"]],
    ["exists", "GET", EXISTS, { name: "n2" }, "attr.exists", ["n2"]],
    ["exists_many", "GET", EXISTS, { data: ["n2", "ny"] }, "attr.exists", ["n2", "ny"]],
    ["names", "GET", NAMES, {}, "attr.names", ["n1", "n2", "n3", "n4", "n5"]],
    ["delete", "DELETE", ATTR, { name: "n4" }, "attr.delete", ["n4"]],
    ["delete_many", "DELETE", ATTR, { data: ["n5", "n1"] }, "attr.delete", ["n5", "n1"]],
  ];

  it("every operation writes one record with its name, scope user, the names, the caller and the owner, and never a value", async () => {
    const owner = await newOwner();
    for (const [label, method, path, params, op, names] of steps) {
      const r = await call(method, path, { user_id: owner, ...params });
      expectOk(r);
      const line = auditOf(gw, r.body.cid);
      expect(line, label).toMatchObject({
        op,
        outcome: "ok",
        sub_status: [],
        actor_user_id: adminId,
        target_user_id: owner,
        current_app: APP,
        details: { scope: "user", names },
      });
      expect(auditLines(gw).filter((l) => l.cid === r.body.cid)).toHaveLength(1);
    }
    const text = gw.logs.filter((l) => l.name === "sso.audit").map((l) => l.message);
    expect(text.join("\n")).not.toContain(SECRET);
    await gw.services.audit.flush();
    const stored = await gw.query<{ details: string }>(
      "SELECT details::text AS details, sub_status::text FROM sso_audit_log WHERE target_user_id = $1",
      [owner],
    );
    expect(stored.length).toBeGreaterThanOrEqual(steps.length);
    expect(JSON.stringify(stored)).not.toContain(SECRET);
  });

  it("failures are recorded too, with the names and the code, and without the value", async () => {
    const owner = await newOwner();
    expectOk(await create(owner, { name: "taken", value: "v" }));
    const secret = "Another-secret-value-77";
    const taken = await create(owner, { name: "taken", value: secret });
    expectFailure(taken, "E009001");
    expect(auditOf(gw, taken.body.cid)).toMatchObject({
      op: "attr.create",
      outcome: "error",
      sub_status: ["E009001"],
      target_user_id: owner,
      details: { scope: "user", names: ["taken"] },
    });
    const atomic = await create(owner, {
      data: [
        { name: "free", value: secret },
        { name: "taken", value: secret },
      ],
    });
    expectFailure(atomic, "E009001");
    expect(auditOf(gw, atomic.body.cid)).toMatchObject({
      op: "attr.create_many",
      outcome: "error",
      details: { scope: "user", names: ["free", "taken"] },
    });
    const encrypted = await create(owner, { name: "enc", value: 12345678, encrypt: true });
    expectFailure(encrypted, "E008002");
    expect(auditOf(gw, encrypted.body.cid)).toMatchObject({ op: "attr.create", outcome: "error", sub_status: ["E008002"] });
    const refused = await create(owner, { name: "x", value: secret, ust: userUst });
    expectFailure(refused, "E005001");
    expect(auditOf(gw, refused.body.cid)).toMatchObject({ op: "attr.create", outcome: "error", sub_status: ["E005001"] });
    for (const r of [taken, atomic, encrypted, refused]) {
      const line = gw.logs.find((l) => l.name === "sso.audit" && JSON.parse(l.message).cid === r.body.cid);
      expect(line?.message).not.toContain(secret);
      expect(line?.message).not.toContain("12345678");
    }
  });
});
