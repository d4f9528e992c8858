import { describe, expect, it } from "vitest";
import {
  ATTR_ALREADY_EXISTS,
  AUTH_NOT_ALLOWED,
  approve,
  assertFalse,
  assertIn,
  assertTrue,
  attr,
  ctx,
  del,
  ERROR,
  get,
  getRandomData,
  getRandomUsername,
  OK,
  parseDatetime,
  patch,
  post,
  replayZatoSuite,
} from "../support/zato-suite.js";

// Zato's own attribute test cases (test_user_attr_*.py, test_session_attr_*.py), replayed by
// test/support/zato-suite.ts.

replayZatoSuite();

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
