import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { operatorResetTotpKey } from "../../src/core/totp/reset.js";
import { currentTotp, raw } from "../support/fixtures.js";
import { startGateway, type TestGateway } from "../support/gateway.js";

// Zato's own attribute test cases, replayed as they are written: the same calls (method, path, every
// field of the JSON body, also on GET and DELETE), sent the way their Python test client sends them,
// and the same assertions, translated literally. Each case starts as theirs does: the super-user
// logs in afresh (with a TOTP code) and reads its own user_id.

/** The fixed values of their test configuration. */
const CONFIG = {
  current_app: "CRM",
  super_user_name: "zato.unit-test.admin1",
  super_user_password: "hQ9nl93UDqGus",
  super_user_totp_key: "KMCLCWN4YPMD2WO3",
  username_prefix: "test.",
  random_prefix: "rand.",
};

/** Status values and codes the cases compare with. */
const OK = "ok";
const ERROR = "error";
const ATTR_ALREADY_EXISTS = "E009001";
const AUTH_NOT_ALLOWED = "E005001";

/** Headers Python's requests adds to every call; a string body goes out with no Content-Type. */
const REQUESTS_HEADERS = {
  "user-agent": "python-requests/2.31.0",
  "accept-encoding": "gzip, deflate",
  accept: "*/*",
  connection: "keep-alive",
};

type Json = Record<string, unknown>;

let gw: TestGateway;

/** What each case's set-up leaves behind: the super-user's UST and user_id. */
const ctx = { super_user_ust: "", super_user_id: "" };
let randCounter = 0;

/** Python's json.dumps with its default separators (", " and ": "). */
function dumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(dumps).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${dumps(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}

/**
 * One call of their test client: current_app is added to the request, the request goes out as a JSON
 * body whatever the method; when a success is expected the HTTP status must be 200 and the body must
 * carry a cid and status "ok". The parsed body is returned.
 */
async function invoke(method: string, path: string, request: Json, expectOk = true): Promise<Json> {
  request.current_app = CONFIG.current_app;
  const r = await raw(gw, method, path, dumps(request), REQUESTS_HEADERS);
  if (expectOk) {
    expect(r.status, r.text).toBe(200);
    const data = JSON.parse(r.text) as Json;
    expect(Object.hasOwn(data, "cid"), `no cid in ${r.text}`).toBe(true);
    expect(data.status, r.text).toBe(OK);
    return data;
  }
  return JSON.parse(r.text) as Json;
}

const get = (path: string, request: Json, expectOk = true) => invoke("GET", path, request, expectOk);
const post = (path: string, request: Json, expectOk = true) => invoke("POST", path, request, expectOk);
const patch = (path: string, request: Json, expectOk = true) => invoke("PATCH", path, request, expectOk);
const del = (path: string, request: Json, expectOk = true) => invoke("DELETE", path, request, expectOk);

/** Attribute access on the parsed response, failing as theirs does when the key is absent. */
function attr(response: Json, key: string): unknown {
  expect(Object.hasOwn(response, key), `no ${key} in ${JSON.stringify(response)}`).toBe(true);
  return response[key];
}

/** Python's truthiness. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

const assertTrue = (value: unknown) => expect(truthy(value), `${JSON.stringify(value)} is not true`).toBe(true);
const assertFalse = (value: unknown) => expect(truthy(value), `${JSON.stringify(value)} is not false`).toBe(false);

/** Python's `x in y` on what a JSON body can hold (list items, object keys, substrings). */
function assertIn(member: unknown, container: unknown) {
  const found = Array.isArray(container)
    ? container.includes(member)
    : typeof container === "string"
      ? typeof member === "string" && container.includes(member)
      : container !== null && typeof container === "object"
        ? Object.hasOwn(container, member as string)
        : false;
  expect(found, `${JSON.stringify(member)} not found in ${JSON.stringify(container)}`).toBe(true);
}

/** What the ISO 8601 datetime parser accepts (a string; date, optional time, fraction and zone); fails otherwise. */
function parseDatetime(value: unknown) {
  expect(typeof value, `${JSON.stringify(value)} is not a string`).toBe("string");
  const m =
    /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(
      value as string,
    );
  expect(m, `${value} does not parse as a datetime`).not.toBeNull();
  const [, year, month, day, hour = "0", minute = "0", second = "0"] = m as RegExpExecArray;
  const lastDay = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  expect(Number(month) >= 1 && Number(month) <= 12, `${value}: month`).toBe(true);
  expect(Number(day) >= 1 && Number(day) <= lastDay, `${value}: day`).toBe(true);
  expect(Number(hour) <= 23 && Number(minute) <= 59 && Number(second) <= 59, `${value}: time`).toBe(true);
}

/** datetime.utcnow().isoformat(): microseconds, left out when they are zero. */
function utcnowIsoformat(): string {
  const now = new Date();
  const micro = now.getUTCMilliseconds() * 1000 + Math.floor(Math.random() * 1000);
  const base = now.toISOString().slice(0, 19);
  return micro === 0 ? base : `${base}.${String(micro).padStart(6, "0")}`;
}

/** prefix + utcnow + counter, then "." and the first ten characters of a random string ("a" + uuid4 hex). */
const getRandom = (prefix: string) =>
  `${prefix}${utcnowIsoformat()}+${randCounter++}.${`a${randomUUID().replaceAll("-", "")}`.slice(0, 10)}`;
const getRandomUsername = () => getRandom(CONFIG.username_prefix);
const getRandomData = () => getRandom(CONFIG.random_prefix);

async function approve(userId: unknown) {
  await post("/zato/sso/user/approve", { ust: ctx.super_user_ust, user_id: userId });
}

beforeAll(async () => {
  gw = await startGateway();
  // Their set-up creates the super-user with the CLI (with an email), then resets its TOTP key.
  await gw.createUser(CONFIG.super_user_name, CONFIG.super_user_password, { superUser: true, email: "test@example.com" });
  const reset = await gw.asOperator(operatorResetTotpKey, { username: CONFIG.super_user_name, key: CONFIG.super_user_totp_key });
  expect(reset.status).toBe("ok");
});
afterAll(() => gw.close());

beforeEach(async () => {
  randCounter = 0;
  let response = await post("/zato/sso/user/login", {
    username: CONFIG.super_user_name,
    password: CONFIG.super_user_password,
    totp_code: currentTotp(gw, CONFIG.super_user_totp_key),
  });
  ctx.super_user_ust = attr(response, "ust") as string;
  response = await get("/zato/sso/user", { ust: ctx.super_user_ust });
  ctx.super_user_id = attr(response, "user_id") as string;
});

describe("user attributes", () => {
  it("test_user_attr_create.py UserAttrCreateTestCase.test_create", async () => {
    const name = getRandomData();
    const value = getRandomData();
    const expiration = 900;

    await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
      value: value,
      expiration: expiration,
    });
  });

  it("test_user_attr_create.py UserAttrCreateTestCase.test_create_already_exists", async () => {
    const name = getRandomData();
    const value = getRandomData();

    const response1 = await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
      value: value,
    });

    const response2 = await post(
      "/zato/sso/user/attr",
      {
        ust: ctx.super_user_ust,
        user_id: ctx.super_user_id,
        name: name,
        value: value,
      },
      false,
    );

    expect(attr(response1, "status")).toBe(OK);
    expect(attr(response2, "status")).toBe(ERROR);
    expect(attr(response2, "sub_status")).toEqual([ATTR_ALREADY_EXISTS]);
  });

  it("test_user_attr_create.py UserAttrCreateTestCase.test_create_for_another_user_by_super_user", async () => {
    const username = getRandomUsername();
    const password = getRandomData();

    let response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username,
      password: password,
    });

    const user_id = attr(response, "user_id");
    await approve(user_id);

    const name = getRandomData();
    const value = getRandomData();
    const expiration = 900;

    response = await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: user_id,
      name: name,
      value: value,
      expiration: expiration,
    });

    expect(attr(response, "status")).toBe(OK);
  });

  it("test_user_attr_create.py UserAttrCreateTestCase.test_create_for_another_user_by_regular_user", async () => {
    const username1 = getRandomUsername();
    const password1 = getRandomData();

    const username2 = getRandomUsername();
    const password2 = getRandomData();

    const response1 = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username1,
      password: password1,
    });

    const response2 = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username2,
      password: password2,
    });

    const user_id1 = attr(response1, "user_id");
    await approve(user_id1);

    const user_id2 = attr(response2, "user_id");
    await approve(user_id2);

    let response = await post("/zato/sso/user/login", {
      username: username1,
      password: password1,
    });

    const ust = attr(response, "ust");

    const name = getRandomData();
    const value = getRandomData();
    const expiration = 900;

    response = await post(
      "/zato/sso/user/attr",
      {
        ust: ust,
        user_id: user_id2,
        name: name,
        value: value,
        expiration: expiration,
      },
      false,
    );

    expect(attr(response, "status")).toBe(ERROR);
    expect(attr(response, "sub_status")).toEqual([AUTH_NOT_ALLOWED]);
  });

  it("test_user_attr_create.py UserAttrCreateTestCase.test_create_many", async () => {
    const data = [
      { name: getRandomData(), value: getRandomData() },
      { name: getRandomData(), value: getRandomData() },
    ];

    const response = await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      data: data,
    });

    expect(attr(response, "status")).toBe(OK);
  });

  it("test_user_attr_create.py UserAttrCreateTestCase.test_create_many_already_exists", async () => {
    const data = [
      { name: getRandomData(), value: getRandomData() },
      { name: getRandomData(), value: getRandomData() },
    ];

    const response1 = await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      data: data,
    });

    const response2 = await post(
      "/zato/sso/user/attr",
      {
        ust: ctx.super_user_ust,
        user_id: ctx.super_user_id,
        data: data,
      },
      false,
    );

    expect(attr(response1, "status")).toBe(OK);
    expect(attr(response2, "status")).toBe(ERROR);
    expect(attr(response2, "sub_status")).toEqual([ATTR_ALREADY_EXISTS]);
  });

  it("test_user_attr_create.py UserAttrCreateTestCase.test_create_many_for_another_user_by_super_user", async () => {
    const username = getRandomUsername();
    const password = getRandomData();

    let response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username,
      password: password,
    });

    const user_id = attr(response, "user_id");
    await approve(user_id);

    const data = [
      { name: getRandomData(), value: getRandomData() },
      { name: getRandomData(), value: getRandomData() },
    ];

    response = await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: user_id,
      data: data,
    });

    expect(attr(response, "status")).toBe(OK);
  });

  it("test_user_attr_create.py UserAttrCreateTestCase.test_create_many_for_another_user_by_regular_user", async () => {
    const username1 = getRandomUsername();
    const password1 = getRandomData();

    const username2 = getRandomUsername();
    const password2 = getRandomData();

    const response1 = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username1,
      password: password1,
    });

    const response2 = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username2,
      password: password2,
    });

    const user_id1 = attr(response1, "user_id");
    await approve(user_id1);

    const user_id2 = attr(response2, "user_id");
    await approve(user_id2);

    let response = await post("/zato/sso/user/login", {
      username: username1,
      password: password1,
    });

    const ust = attr(response, "ust");

    const data = [
      { name: getRandomData(), value: getRandomData() },
      { name: getRandomData(), value: getRandomData() },
    ];

    response = await post(
      "/zato/sso/user/attr",
      {
        ust: ust,
        user_id: user_id2,
        data: data,
      },
      false,
    );

    expect(attr(response, "status")).toBe(ERROR);
    expect(attr(response, "sub_status")).toEqual([AUTH_NOT_ALLOWED]);
  });

  it("test_user_attr_update.py UserAttrUpdateTestCase.test_update", async () => {
    const name = getRandomData();
    const value = getRandomData();
    const expiration = 900;

    const new_value = getRandomData();
    const new_expiration = 123;

    await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
      value: value,
      expiration: expiration,
    });

    await patch("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
      value: new_value,
      expiration: new_expiration,
    });
  });

  it("test_user_attr_update.py UserAttrUpdateTestCase.test_update_for_another_user_by_super_user", async () => {
    const username = getRandomUsername();
    const password = getRandomData();

    const response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username,
      password: password,
    });

    const user_id = attr(response, "user_id");
    await approve(user_id);

    const name = getRandomData();
    const value = getRandomData();
    const expiration = 900;

    await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: user_id,
      name: name,
      value: value,
      expiration: expiration,
    });

    const new_value = getRandomData();
    const new_expiration = 123;

    await patch("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: user_id,
      name: name,
      value: new_value,
      expiration: new_expiration,
    });
  });

  it("test_user_attr_update.py UserAttrUpdateTestCase.test_update_for_another_user_by_regular_user", async () => {
    const username1 = getRandomUsername();
    const password1 = getRandomData();

    const username2 = getRandomUsername();
    const password2 = getRandomData();

    const response1 = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username1,
      password: password1,
    });

    const response2 = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username2,
      password: password2,
    });

    const user_id1 = attr(response1, "user_id");
    await approve(user_id1);

    const user_id2 = attr(response2, "user_id");
    await approve(user_id2);

    let response = await post("/zato/sso/user/login", {
      username: username1,
      password: password1,
    });

    const ust = attr(response, "ust");

    const name = getRandomData();
    const value = getRandomData();
    const expiration = 900;

    await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: user_id2,
      name: name,
      value: value,
      expiration: expiration,
    });

    const new_value = getRandomData();
    const new_expiration = 123;

    response = await patch(
      "/zato/sso/user/attr",
      {
        ust: ust,
        user_id: user_id2,
        name: name,
        value: new_value,
        expiration: new_expiration,
      },
      false,
    );

    expect(attr(response, "status")).toBe(ERROR);
    expect(attr(response, "sub_status")).toEqual([AUTH_NOT_ALLOWED]);
  });

  it("test_user_attr_update.py UserAttrUpdateTestCase.test_update_many", async () => {
    const name1 = getRandomData();
    const name2 = getRandomData();

    const value1 = getRandomData();
    const value2 = getRandomData();

    const new_value1 = getRandomData();
    const new_value2 = getRandomData();

    const data = [
      { name: name1, value: value1 },
      { name: name2, value: value2 },
    ];

    const new_data = [
      { name: name1, value: new_value1 },
      { name: name2, value: new_value2 },
    ];

    await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      data: data,
    });

    await patch("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      data: new_data,
    });
  });

  it("test_user_attr_delete.py UserAttrDeleteTestCase.test_delete", async () => {
    const name = getRandomData();
    const value = getRandomData();
    const expiration = 900;

    await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
      value: value,
      expiration: expiration,
    });

    await del("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
    });

    const response = await get("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
    });

    assertFalse(attr(response, "found"));
  });

  it("test_user_attr_exists.py UserAttrExistsTestCase.test_exists", async () => {
    const name1 = getRandomData();
    const value1 = getRandomData();

    const name2 = getRandomData();
    const value2 = getRandomData();

    const data = [
      { name: name1, value: value1 },
      { name: name2, value: value2 },
    ];

    await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      data: data,
    });

    const response = await get("/zato/sso/user/attr/exists", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name1,
    });

    assertTrue(attr(response, "result"));
  });

  it("test_user_attr_get.py UserAttrGetTestCase.test_get", async () => {
    const name = getRandomData();
    const value = getRandomData();
    const expiration = 900;

    await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
      value: value,
      expiration: expiration,
    });

    const response = await get("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
    });

    assertTrue(attr(response, "found"));
    expect(attr(response, "name")).toBe(name);
    expect(attr(response, "value")).toBe(value);

    parseDatetime(attr(response, "creation_time"));
    parseDatetime(attr(response, "last_modified"));
    parseDatetime(attr(response, "expiration_time"));
  });

  it("test_user_attr_names.py UserAttrExistsTestCase.test_exists", async () => {
    const name1 = getRandomData();
    const value1 = getRandomData();

    const name2 = getRandomData();
    const value2 = getRandomData();

    const data = [
      { name: name1, value: value1 },
      { name: name2, value: value2 },
    ];

    await post("/zato/sso/user/attr", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      data: data,
    });

    const response = await get("/zato/sso/user/attr/names", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
    });

    assertIn(name1, attr(response, "result"));
    assertIn(name2, attr(response, "result"));
  });
});

describe("session attributes", () => {
  it("test_session_attr_create.py SessionAttrCreateTestCase.test_create", async () => {
    const name = getRandomData();
    const value = getRandomData();
    const expiration = 900;

    await post("/zato/sso/session/attr", {
      current_ust: ctx.super_user_ust,
      target_ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
      value: value,
      expiration: expiration,
    });
  });

  it("test_session_attr_update.py SessionAttrUpdateTestCase.test_update", async () => {
    const name = getRandomData();
    const value = getRandomData();
    const expiration = 900;

    const new_value = getRandomData();
    const new_expiration = 123;

    await post("/zato/sso/session/attr", {
      current_ust: ctx.super_user_ust,
      target_ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
      value: value,
      expiration: expiration,
    });

    await patch("/zato/sso/session/attr", {
      current_ust: ctx.super_user_ust,
      target_ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
      value: new_value,
      expiration: new_expiration,
    });
  });

  it("test_session_attr_delete.py SessionAttrDeleteTestCase.test_delete", async () => {
    const name = getRandomData();
    const value = getRandomData();
    const expiration = 900;

    const new_value = getRandomData();
    const new_expiration = 123;

    await post("/zato/sso/session/attr", {
      current_ust: ctx.super_user_ust,
      target_ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
      value: value,
      expiration: expiration,
    });

    await del("/zato/sso/session/attr", {
      current_ust: ctx.super_user_ust,
      target_ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
      value: new_value,
      expiration: new_expiration,
    });

    const response = await get("/zato/sso/session/attr", {
      current_ust: ctx.super_user_ust,
      target_ust: ctx.super_user_ust,
      name: name,
    });

    assertFalse(attr(response, "found"));
  });

  it("test_session_attr_exists.py SessionAttrExistsTestCase.test_exists", async () => {
    const name = getRandomData();
    const value = getRandomData();
    const expiration = 900;

    await post("/zato/sso/session/attr", {
      current_ust: ctx.super_user_ust,
      target_ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
      value: value,
      expiration: expiration,
    });

    const response = await get("/zato/sso/session/attr/exists", {
      current_ust: ctx.super_user_ust,
      target_ust: ctx.super_user_ust,
      name: name,
    });

    assertTrue(attr(response, "result"));
  });

  it("test_session_attr_get.py SessionAttrGetTestCase.test_get", async () => {
    const name = getRandomData();
    const value = getRandomData();
    const expiration = 900;

    await post("/zato/sso/session/attr", {
      current_ust: ctx.super_user_ust,
      target_ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      name: name,
      value: value,
      expiration: expiration,
    });

    const response = await get("/zato/sso/session/attr", {
      current_ust: ctx.super_user_ust,
      target_ust: ctx.super_user_ust,
      name: name,
    });

    assertTrue(attr(response, "found"));
    expect(attr(response, "name")).toBe(name);
    expect(attr(response, "value")).toBe(value);

    parseDatetime(attr(response, "creation_time"));
    parseDatetime(attr(response, "last_modified"));
    parseDatetime(attr(response, "expiration_time"));
  });

  it("test_session_attr_names.py SessionAttrNamesTestCase.test_names", async () => {
    const name1 = getRandomData();
    const value1 = getRandomData();

    const name2 = getRandomData();
    const value2 = getRandomData();

    const data = [
      { name: name1, value: value1 },
      { name: name2, value: value2 },
    ];

    await post("/zato/sso/session/attr", {
      current_ust: ctx.super_user_ust,
      target_ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      data: data,
    });

    const response = await get("/zato/sso/session/attr/names", {
      current_ust: ctx.super_user_ust,
      target_ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
    });

    assertIn(name1, attr(response, "result"));
    assertIn(name2, attr(response, "result"));
  });
});
