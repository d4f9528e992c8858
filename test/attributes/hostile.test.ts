import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, expectFailure, expectOk, expectPlainError, PASSWORD, raw } from "../support/fixtures.js";
import { APP, type HttpAnswer, startGateway, type TestGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";
import { tableDigests } from "../support/state.js";

// Hostile input on every attribute path and method, user and session attributes alike: never
// a 5xx, always the exact refusal (HTTP 400, 413, or E008002), and nothing written.

const NEVER = "9999-12-31T00:00:00";

let gw: TestGateway;
let adminUst: string;
let ownerId: string;
let targetUst: string;

beforeAll(async () => {
  gw = await startGateway();
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  ownerId = await gw.createUser("owner1", PASSWORD);
  adminUst = await gw.login("admin1", ADMIN_PASSWORD);
  targetUst = await gw.login("owner1", PASSWORD);
  // Something to find, in both scopes.
  const present = { name: "present", value: "here" };
  expectOk(await raw(gw, "POST", "/zato/sso/user/attr", JSON.stringify({ ...userOwner(), ...present })));
  expectOk(await raw(gw, "POST", "/zato/sso/session/attr", JSON.stringify({ ...sessionOwner(), ...present })));
});
afterAll(() => gw.close());

let logMark = 0;
beforeEach(() => {
  logMark = gw.logs.length;
});
afterEach(() => {
  // Nothing unexpected happened during the test (an HTTP 500 is logged as an error).
  expect(gw.logs.slice(logMark).filter((l) => l.level === "error")).toEqual([]);
});

const userOwner = () => ({ ust: adminUst, current_app: APP, user_id: ownerId });
const sessionOwner = () => ({ current_ust: adminUst, target_ust: targetUst, current_app: APP });

type Kind = "write" | "read" | "names";

interface Endpoint {
  name: string;
  method: string;
  path: string;
  kind: Kind;
  owner: () => Record<string, unknown>;
  /** The single form, valid: a write would create or change an attribute if nothing were spoilt. */
  single: Record<string, unknown>;
}

const family = (scope: "user" | "session", owner: () => Record<string, unknown>): Endpoint[] => {
  const base = `/zato/sso/${scope}/attr`;
  const write = { name: "fresh", value: "v", expiration: 60 };
  return [
    { name: `${scope}: create`, method: "POST", path: base, kind: "write", owner, single: write },
    { name: `${scope}: update`, method: "PATCH", path: base, kind: "write", owner, single: { ...write, name: "present" } },
    { name: `${scope}: set`, method: "PUT", path: base, kind: "write", owner, single: write },
    { name: `${scope}: delete`, method: "DELETE", path: base, kind: "read", owner, single: { name: "present" } },
    { name: `${scope}: get`, method: "GET", path: base, kind: "read", owner, single: { name: "present" } },
    { name: `${scope}: exists`, method: "GET", path: `${base}/exists`, kind: "read", owner, single: { name: "present" } },
    { name: `${scope}: names`, method: "GET", path: `${base}/names`, kind: "names", owner, single: {} },
  ];
};

const ENDPOINTS: Endpoint[] = [...family("user", userOwner), ...family("session", sessionOwner)];
const WITH_NAMES = ENDPOINTS.filter((e) => e.kind !== "names");
const WRITES = ENDPOINTS.filter((e) => e.kind === "write");
const READS = ENDPOINTS.filter((e) => e.kind === "read");
const NAMES_ONLY = ENDPOINTS.filter((e) => e.kind === "names");

const send = (e: Endpoint, body: unknown, query = "") =>
  raw(gw, e.method, `${e.path}${query}`, typeof body === "string" ? body : JSON.stringify(body));

const attrCount = async () => Number((await gw.query<{ n: string }>("SELECT count(*) AS n FROM sso_attr"))[0]?.n);

/** Never a 5xx, and nothing written: the sso_attr row count and every mutable table's digest as they were. */
async function harmless(act: () => Promise<HttpAnswer>): Promise<HttpAnswer> {
  const count = await attrCount();
  const digests = await tableDigests(gw);
  const r = await act();
  expect(r.status, r.text).toBeLessThan(500);
  expect(await attrCount()).toBe(count);
  expect(await tableDigests(gw)).toEqual(digests);
  return r;
}

/** A data list of the endpoint's kind: items to write, or names. */
const dataOf = (e: Endpoint, names: unknown[]) => (e.kind === "write" ? names.map((name) => ({ name, value: "v" })) : names);

/** The answer of the names endpoint, whatever else was sent: the same as without it. */
async function expectNamesAnswer(e: Endpoint, r: HttpAnswer) {
  const plain = await send(e, e.owner());
  expect(expectOk(r).result).toEqual(expectOk(plain).result);
  expect(r.body.result).toEqual(["present"]);
}

const BAD_NAMES: [string, unknown][] = [
  ["192 characters", "n".repeat(192)],
  ["192 astral characters", "😀".repeat(192)],
  ["empty", ""],
  ["an object", { $ne: null }],
  ["a list", ["present"]],
  ["with a NUL character", "pre\u0000sent"],
  ["a lone high surrogate", "pre\ud800sent"],
  ["a lone low surrogate", "\udc00"],
];

describe.each(ENDPOINTS)("$name ($method $path): malformed bodies", (e) => {
  it.each([
    ["not JSON", '{"ust": '],
    ["JSON with a trailing comma", '{"name": "x",}'],
    ["a JSON array", () => JSON.stringify([{ ...e.owner(), ...e.single }])],
    ["a JSON string", () => JSON.stringify(JSON.stringify({ ...e.owner(), ...e.single }))],
    ["a JSON number", "42"],
    ["JSON null", "null"],
    ["deeply nested arrays", `${"[".repeat(50_000)}${"]".repeat(50_000)}`],
  ])("a body that is %s: HTTP 400", async (_, body) => {
    const r = await harmless(() => send(e, typeof body === "function" ? body() : body));
    expectPlainError(r, 400, "Bad request");
  });

  it("a body over a megabyte: HTTP 413", async () => {
    const r = await harmless(() => send(e, { ...e.owner(), ...e.single, padding: "x".repeat(1_100_000) }));
    expectPlainError(r, 413, "Payload too large");
  });

  it("a value over a megabyte: HTTP 413", async () => {
    const r = await harmless(() => send(e, { ...e.owner(), ...e.single, value: "v".repeat(1_050_000) }));
    expectPlainError(r, 413, "Payload too large");
  });

  it('a "__proto__" key in the body is an ordinary, ignored key', async () => {
    const body = `{"__proto__": {"name": "polluted", "value": "p", "data": ["present"]}, ${JSON.stringify(e.owner()).slice(1)}`;
    const r = await harmless(() => send(e, body));
    if (e.kind === "names") await expectNamesAnswer(e, r);
    else expectFailure(r, "E008002"); // neither name nor data
    expect(({} as Record<string, unknown>).name).toBeUndefined();
  });
});

describe.each(WITH_NAMES)("$name ($method $path): hostile names", (e) => {
  it.each(BAD_NAMES)("name %s: E008002", async (_, name) => {
    expectFailure(await harmless(() => send(e, { ...e.owner(), ...e.single, name })), "E008002");
  });

  it.each(BAD_NAMES)("a data item (or name) %s: E008002", async (_, name) => {
    const data = dataOf(e, ["ok-name", name]);
    expectFailure(await harmless(() => send(e, { ...e.owner(), data })), "E008002");
  });

  it("data as a string: E008002 (a plain value is a list only from the query string)", async () => {
    expectFailure(await harmless(() => send(e, { ...e.owner(), data: "present" })), "E008002");
    expectFailure(await harmless(() => send(e, { ...e.owner(), data: { name: "present", value: "v" } })), "E008002");
    expectFailure(await harmless(() => send(e, { ...e.owner(), data: 7 })), "E008002");
  });

  it("data with one item more than [attributes] max_batch: E008002", async () => {
    const max = gw.config.attributes.max_batch;
    expect(max).toBe(1000);
    const names = Array.from({ length: max + 1 }, (_, i) => `n${i}`);
    expectFailure(await harmless(() => send(e, { ...e.owner(), data: dataOf(e, names) })), "E008002");
  });

  it("an empty data list: E008002", async () => {
    expectFailure(await harmless(() => send(e, { ...e.owner(), data: [] })), "E008002");
  });

  it("name repeated in the query string (a list where a string is due): E008002", async () => {
    const r = await harmless(() => send(e, { ...e.owner(), ...e.single, name: undefined }, "?name=present&name=other"));
    expectFailure(r, "E008002");
  });
});

describe.each(WITH_NAMES.filter((e) => e.method === "GET" || e.method === "POST"))(
  "$name ($method $path): prototype keys in the query string",
  (e) => {
    it('"__proto__" twice in the query string changes nothing', async () => {
      // POST answers E009001 ("present" exists), GET finds it: both leave it as it is.
      const body = { ...e.owner(), name: "present", value: e.method === "POST" ? "here" : undefined };
      const plain = await harmless(() => send(e, body));
      const r = await harmless(() => send(e, body, "?__proto__=a&__proto__=b&constructor=c"));
      const { cid: _a, ...same } = r.body;
      const { cid: _b, ...expected } = plain.body;
      expect(r.status).toBe(plain.status);
      expect(same).toEqual(expected);
      expect(expected.status).toBe(e.method === "POST" ? "error" : "ok");
    });
  },
);

describe.each(WRITES)("$name ($method $path): hostile items and options", (e) => {
  it.each([
    ["numbers", [1, 2]],
    ["strings", ["a", "b"]],
    ["lists", [["a", "v"]]],
    ["null", [null]],
  ])("data items that are %s: E008002", async (_, data) => {
    expectFailure(await harmless(() => send(e, { ...e.owner(), data })), "E008002");
  });

  it.each([
    ['"abc"', "abc"],
    ["1.5", 1.5],
    ["1e300", 1e300],
    ['"1e3"', "1e3"],
    ["true", true],
    ["an object", { seconds: 5 }],
    ["-1", -1],
    ['"-5"', "-5"],
    ["-9007199254740991", -9007199254740991],
    ["9007199254740992 (not a safe integer)", 9007199254740992],
  ])("expiration %s: E008002 (call-level and item-level)", async (_, expiration) => {
    expectFailure(await harmless(() => send(e, { ...e.owner(), ...e.single, expiration })), "E008002");
    const data = [
      { name: "ok", value: "v" },
      { name: "bad", value: "v", expiration },
    ];
    expectFailure(await harmless(() => send(e, { ...e.owner(), data })), "E008002");
    expectFailure(await harmless(() => send(e, { ...e.owner(), data: [{ name: "ok", value: "v" }], expiration })), "E008002");
  });

  it.each([
    ['"maybe"', "maybe"],
    ["2", 2],
    ["an object", {}],
    ["a list", [true]],
  ])("encrypt %s: E008002 (call-level and item-level)", async (_, encrypt) => {
    expectFailure(await harmless(() => send(e, { ...e.owner(), ...e.single, encrypt })), "E008002");
    const data = [{ name: "bad", value: "v", encrypt }];
    expectFailure(await harmless(() => send(e, { ...e.owner(), data })), "E008002");
  });

  it.each(["1e400", "-1e400", '{"deep": [1, 2, 1e999]}'])(
    "a value holding a number JSON cannot write back (%s): E008002, not stored as null",
    async (value) => {
      const owner = JSON.stringify(e.owner()).slice(1, -1);
      const single = `{${owner}, "name": "fresh", "value": ${value}}`;
      expectFailure(await harmless(() => raw(gw, e.method, e.path, single)), "E008002");
      const many = `{${owner}, "data": [{"name": "fresh", "value": ${value}}]}`;
      expectFailure(await harmless(() => raw(gw, e.method, e.path, many)), "E008002");
    },
  );

  it("value over [attributes] max_value_size: E008002", async () => {
    const value = "v".repeat(gw.config.attributes.max_value_size);
    expectFailure(await harmless(() => send(e, { ...e.owner(), ...e.single, value })), "E008002");
  });
});

describe.each(READS)("$name ($method $path): hostile names lists", (e) => {
  it.each([
    ["objects", [{ name: "present" }]],
    ["lists", [["present"]]],
    ["null", [null]],
  ])("data items that are %s: E008002", async (_, data) => {
    expectFailure(await harmless(() => send(e, { ...e.owner(), data })), "E008002");
  });

  it("data items that are numbers are names, as strings are taken from numbers", async () => {
    const r = await harmless(() => send(e, { ...e.owner(), data: [1, 2.5] }));
    const body = expectOk(r);
    if (e.path.endsWith("/exists")) expect(body.result).toEqual({ "1": false, "2.5": false });
    else if (e.method === "GET") expect(body.result).toEqual({ "1": null, "2.5": null });
    else expect(body).toEqual({ cid: r.body.cid, status: "ok" });
  });

  it("data with exactly [attributes] max_batch names is accepted", async () => {
    const names = Array.from({ length: gw.config.attributes.max_batch }, (_, i) => `m${i}`);
    const r = await harmless(() => send(e, { ...e.owner(), data: names }));
    const body = expectOk(r);
    if (e.method === "DELETE") expect(body).toEqual({ cid: r.body.cid, status: "ok" });
    else {
      const result = body.result as Record<string, unknown>;
      expect(Object.keys(result)).toEqual(names);
      expect(new Set(Object.values(result))).toEqual(new Set([e.path.endsWith("/exists") ? false : null]));
    }
  });

  it("options of writes are ignored, whatever they hold", async () => {
    const r = await harmless(() => send(e, { ...e.owner(), name: "missing", expiration: "abc", encrypt: "maybe", value: {} }));
    expectOk(r);
  });
});

describe("decrypt", () => {
  it.each(ENDPOINTS.filter((e) => e.method === "GET" && e.kind === "read" && !e.path.endsWith("/exists")))(
    "$name: decrypt 'maybe' or 2 is E008002",
    async (e) => {
      for (const decrypt of ["maybe", 2, {}]) {
        expectFailure(await harmless(() => send(e, { ...e.owner(), ...e.single, decrypt })), "E008002");
        expectFailure(await harmless(() => send(e, { ...e.owner(), data: ["present"], decrypt })), "E008002");
      }
    },
  );

  it.each(ENDPOINTS.filter((e) => e.path.endsWith("/exists")))("$name: decrypt is not a field here, ignored", async (e) => {
    const r = await harmless(() => send(e, { ...e.owner(), ...e.single, decrypt: "maybe" }));
    expect(expectOk(r).result).toBe(true);
  });
});

describe.each(NAMES_ONLY)("$name ($method $path): fields it does not take are ignored", (e) => {
  it.each([
    ["name as an object", { name: { $ne: null } }],
    ["data as a string", { data: "present" }],
    ["data with max_batch+1 items", { data: Array.from({ length: 1001 }, (_, i) => `n${i}`) }],
    ["expiration and encrypt of the wrong type", { expiration: "abc", encrypt: "maybe", decrypt: "maybe" }],
  ])("%s", async (_, extra) => {
    const r = await harmless(() => send(e, { ...e.owner(), ...extra }));
    await expectNamesAnswer(e, r);
  });
});

describe("names at the limits", () => {
  const user = ENDPOINTS[0] as Endpoint;
  const session = ENDPOINTS[7] as Endpoint;

  it.each([
    ["191 characters", "n".repeat(191)],
    ["191 astral characters (382 UTF-16 units)", "😀".repeat(191)],
    ["one character", "x"],
    ["spaces and punctuation", " a/b\\c?d=e&f%g'h\"i;--"],
  ])("a name of %s is accepted and round-trips", async (_, name) => {
    for (const e of [user, session]) {
      const r = await send(e, { ...e.owner(), name, value: "edge" });
      expectOk(r);
      const got = await raw(gw, "GET", e.path, JSON.stringify({ ...e.owner(), name }));
      expect(expectOk(got)).toMatchObject({ found: true, name, value: "edge" });
      const names = expectOk(await raw(gw, "GET", `${e.path}/names`, JSON.stringify(e.owner()))).result as string[];
      expect(names).toContain(name);
      expectOk(await raw(gw, "DELETE", e.path, JSON.stringify({ ...e.owner(), name })));
    }
  });
});

describe('"__proto__", "constructor" and other names of Object.prototype', () => {
  const SPECIAL = ["__proto__", "constructor", "toString", "hasOwnProperty", "prototype"];
  const own = (o: unknown, key: string) => Object.getOwnPropertyDescriptor(o, key)?.value;

  it.each(["user", "session"] as const)("round-trip as ordinary names in %s attributes", async (scope) => {
    const e = (scope === "user" ? ENDPOINTS[0] : ENDPOINTS[7]) as Endpoint;
    const exists = `${e.path}/exists`;
    const call = (method: string, path: string, params: Record<string, unknown>) =>
      raw(gw, method, path, JSON.stringify({ ...e.owner(), ...params }));

    // Only __proto__ and constructor are created; the other names stay missing.
    expectOk(
      await call("POST", e.path, {
        data: [
          { name: "__proto__", value: { polluted: true } },
          { name: "constructor", value: "ctor" },
        ],
      }),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const many = await call("GET", e.path, { data: SPECIAL });
    const result = expectOk(many).result as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(SPECIAL);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(own(result, "__proto__")).toMatchObject({ name: "__proto__", value: { polluted: true }, is_encrypted: false });
    expect(own(result, "constructor")).toMatchObject({ name: "constructor", value: "ctor" });
    for (const missing of ["toString", "hasOwnProperty", "prototype"]) expect(own(result, missing)).toBeNull();
    // The text itself carries "__proto__" as a key.
    expect(many.text).toContain('"__proto__":{"name":"__proto__"');

    const ex = await call("GET", exists, { data: SPECIAL });
    const map = expectOk(ex).result as Record<string, unknown>;
    expect(Object.keys(map)).toEqual(SPECIAL);
    expect(SPECIAL.map((name) => own(map, name))).toEqual([true, true, false, false, false]);

    for (const name of SPECIAL) {
      const single = await call("GET", e.path, { name });
      const present = name === "__proto__" || name === "constructor";
      expect(expectOk(single).found).toBe(present);
      expect(expectOk(await call("GET", exists, { name })).result).toBe(present);
    }
    expect(expectOk(await call("GET", `${e.path}/names`, {})).result).toEqual(["__proto__", "constructor", "present"]);

    // From the query string too.
    const q = await gw.rest("GET", e.path, { query: { ...(e.owner() as Record<string, string>), name: "__proto__" } });
    expect(expectOk(q)).toMatchObject({ found: true, name: "__proto__", value: { polluted: true } });

    expectFailure(await call("POST", e.path, { name: "__proto__", value: "again" }), "E009001");
    expectOk(await call("PUT", e.path, { name: "constructor", value: "ctor2" }));
    expect(own(expectOk(await call("GET", e.path, { data: ["constructor"] })).result, "constructor")).toMatchObject({
      value: "ctor2",
    });
    expectOk(await call("DELETE", e.path, { data: ["__proto__", "constructor"] }));
    expect(expectOk(await call("GET", `${e.path}/names`, {})).result).toEqual(["present"]);
  });
});

describe("expiration at the limits", () => {
  it.each([
    ["Number.MAX_SAFE_INTEGER", 9007199254740991],
    ["the seconds to year 9999", 253_402_300_800],
    ["a 15-digit string", "999999999999999"],
  ])("%s is capped at 9999-12-31T00:00:00", async (_, expiration) => {
    for (const e of [ENDPOINTS[0], ENDPOINTS[7]] as Endpoint[]) {
      const name = unique("far");
      const call = (method: string, params: Record<string, unknown>) =>
        raw(gw, method, e.path, JSON.stringify({ ...e.owner(), ...params }));
      expectOk(await call("POST", { name, value: "v", expiration }));
      expect(expectOk(await call("GET", { name }))).toMatchObject({ found: true, expiration_time: NEVER });
      expectOk(await call("PATCH", { name, value: "w", expiration: 10 }));
      expectOk(await call("PUT", { data: [{ name, value: "x", expiration }] }));
      expect(expectOk(await call("GET", { name }))).toMatchObject({ value: "x", expiration_time: NEVER });
      expectOk(await call("DELETE", { name }));
    }
  });

  it("a negative expiration is E008002 on create, update and set, and on existing attributes too", async () => {
    for (const e of WRITES) {
      for (const expiration of [-1, "-1", -86400]) {
        expectFailure(await harmless(() => send(e, { ...e.owner(), name: "present", value: "neg", expiration })), "E008002");
      }
    }
  });
});

describe("deeply nested values within the size limits", () => {
  // Built and compared as text: the test's own JSON.stringify could not go this deep.
  const arrays = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
  const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  /** A JSON body: the owner's parameters and others, plus fields whose JSON text is given. */
  const body = (e: Endpoint, params: Record<string, unknown>, rawFields: Record<string, string>) =>
    `${JSON.stringify({ ...e.owner(), ...params }).slice(0, -1)}${Object.entries(rawFields)
      .map(([k, v]) => `,${JSON.stringify(k)}:${v}`)
      .join("")}}`;
  const user = ENDPOINTS[0] as Endpoint;
  const session = ENDPOINTS[7] as Endpoint;

  /**
   * A JSON value is stored as sent, however deep, as long as its text fits max_value_size; a
   * gateway may instead refuse such depth as invalid input (E008002, nothing written). Never a 5xx.
   */
  async function storedOrRefused(e: Endpoint, method: string, text: string, name: string, value: string) {
    const count = await attrCount();
    const r = await raw(gw, method, e.path, text);
    expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
    if (r.body?.status === "error") {
      expectFailure(r, "E008002");
      expect(await attrCount()).toBe(count);
      return "refused";
    }
    expectOk(r);
    const got = await raw(gw, "GET", e.path, JSON.stringify({ ...e.owner(), name }));
    expect(got.status, got.text.slice(0, 300)).toBe(200);
    expect([got.body.status, got.body.found, got.body.name]).toEqual(["ok", true, name]);
    expect(got.text).toContain(`"value":${value},`);
    expectOk(await raw(gw, "DELETE", e.path, JSON.stringify({ ...e.owner(), name })));
    return "stored";
  }

  it.each([
    ["5000 nested arrays", arrays(5000)],
    ["20000 nested arrays", arrays(20_000)],
    ["5000 nested objects", objects(5000)],
  ])("%s: stored and read back, or E008002; never a 5xx", async (_, value) => {
    expect(Buffer.byteLength(value)).toBeLessThanOrEqual(gw.config.attributes.max_value_size);
    for (const e of [user, session]) {
      await storedOrRefused(e, "POST", body(e, { name: "deep" }, { value }), "deep", value);
      await storedOrRefused(e, "POST", body(e, {}, { data: `[{"name":"deep-many","value":${value}}]` }), "deep-many", value);
      await storedOrRefused(e, "PUT", body(e, { name: "deep-set" }, { value }), "deep-set", value);
    }
  });

  it("5000 nested arrays as an update of an existing attribute: replaced, or E008002 and unchanged", async () => {
    const value = arrays(5000);
    for (const e of [user, session]) {
      const r = await raw(gw, "PATCH", e.path, body(e, { name: "present" }, { value }));
      expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
      const got = await raw(gw, "GET", e.path, JSON.stringify({ ...e.owner(), name: "present" }));
      expect(got.status, got.text.slice(0, 300)).toBe(200);
      if (r.body?.status === "error") {
        expectFailure(r, "E008002");
        expect(got.body.value).toBe("here");
      } else {
        expectOk(r);
        expect(got.text).toContain(`"value":${value},`);
        expectOk(await raw(gw, "PUT", e.path, JSON.stringify({ ...e.owner(), name: "present", value: "here" })));
      }
    }
  });

  it("5000 nested arrays to encrypt: E008002 (not a string)", async () => {
    const r = await harmless(() =>
      raw(gw, "POST", user.path, body(user, { name: "deep", encrypt: true }, { value: arrays(5000) })),
    );
    expectFailure(r, "E008002");
  });

  it("deeply nested names and names lists: E008002", async () => {
    for (const e of WITH_NAMES) {
      expectFailure(await harmless(() => raw(gw, e.method, e.path, body(e, { value: "v" }, { name: arrays(5000) }))), "E008002");
      const data = e.kind === "write" ? `[{"name":${arrays(5000)},"value":"v"}]` : `[${arrays(5000)}]`;
      expectFailure(await harmless(() => raw(gw, e.method, e.path, body(e, {}, { data }))), "E008002");
    }
  });
});

describe("strings with NUL and lone surrogates as values", () => {
  it.each([
    ["a NUL character", "a\u0000b"],
    ["a lone high surrogate", "x\ud800y"],
    ["a lone low surrogate", "\udfff"],
    ["an object key with NUL", { "k\u0000": "\u0000" }],
  ])("a value with %s is stored as JSON text and read back exactly", async (_, value) => {
    for (const e of [ENDPOINTS[0], ENDPOINTS[7]] as Endpoint[]) {
      const name = unique("odd");
      expectOk(await raw(gw, "POST", e.path, JSON.stringify({ ...e.owner(), name, value })));
      const got = expectOk(await raw(gw, "GET", e.path, JSON.stringify({ ...e.owner(), name })));
      expect(got.value).toEqual(value);
      expectOk(await raw(gw, "DELETE", e.path, JSON.stringify({ ...e.owner(), name })));
    }
  });

  it("an encrypted value with a lone surrogate is read back exactly", async () => {
    const e = ENDPOINTS[0] as Endpoint;
    expectOk(await raw(gw, "POST", e.path, JSON.stringify({ ...e.owner(), name: "odd-enc", value: "\ud83d!", encrypt: true })));
    const got = expectOk(await raw(gw, "GET", e.path, JSON.stringify({ ...e.owner(), name: "odd-enc" })));
    expect(got).toMatchObject({ value: "\ud83d!", is_encrypted: true });
    expectOk(await raw(gw, "DELETE", e.path, JSON.stringify({ ...e.owner(), name: "odd-enc" })));
  });
});
