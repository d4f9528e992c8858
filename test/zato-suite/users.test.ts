import { describe, expect, it } from "vitest";
import {
  APPROVAL_STATUS,
  AUTH_NOT_ALLOWED,
  assertDefaultUserData,
  assertFalse,
  assertIn,
  assertTrue,
  assertUserDates,
  attr,
  CONFIG,
  createAndApproveUser,
  ctx,
  del,
  ERROR,
  get,
  getRandomData,
  getRandomUsername,
  OK,
  PASSWORD_W_ABOUT_TO_EXP,
  patch,
  post,
  replayZatoSuite,
  SEARCH_PAGE_SIZE,
  SIGNUP_STATUS,
  USERNAME_EXISTS,
  utcnow,
  WARNING,
} from "../support/zato-suite.js";

// Zato's own user test cases, replayed by test/support/zato-suite.ts:
// - code/zato-sso/test/zato/test_user.py at b0e7898bfdef00395ca7fe282fc0fabb38a71b39 (the indexed, newest
//   version: AGPLv3 2021 header, TestConfig, login/invalid-login cases, update_self_username);
// - code/zato-sso/test/zato/test_sso_user.py at 24eeb8cfdbe5f524047512ef6257e4eed829d5d8 (the indexed, newest
//   version), where every method but UserChangePasswordTestCase.test_user_change_password_self is named
//   xtest_* and so is never collected by unittest; only that one case is replayed from it.

replayZatoSuite();

describe("test_user.py", () => {
  it("test_user.py UserCreateTestCase.test_user_create", async () => {
    const now = utcnow();
    const username = getRandomUsername();

    const response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username,
      email: "myemail@example.com",
      is_rate_limit_active: true,
      rate_limit_def: "*=1/d",
    });

    assertTrue(attr(response, "is_approval_needed"));
    assertDefaultUserData(response, now);
  });

  it("test_user.py UserCreateTestCase.test_user_create_with_auto_approve", async () => {
    const now = utcnow();
    const username = getRandomUsername();

    const response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username,
      auto_approve: true,
    });

    assertFalse(attr(response, "is_approval_needed"));
    assertDefaultUserData(response, now, APPROVAL_STATUS.approved);
  });

  it("test_user.py UserSignupTestCase.test_user_signup", async () => {
    const response = await post("/zato/sso/user/signup", {
      username: getRandomUsername(),
      password: getRandomData(),
      app_list: [CONFIG.current_app],
    });

    expect(attr(response, "confirm_token")).not.toBeNull();
  });

  it("test_user.py UserConfirmSignupTestCase.test_confirm_signup", async () => {
    let response = await post("/zato/sso/user/signup", {
      username: getRandomUsername(),
      password: getRandomData(),
      app_list: [CONFIG.current_app],
    });

    const confirm_token = attr(response, "confirm_token");

    response = await patch("/zato/sso/user/signup", {
      confirm_token: confirm_token,
    });
  });

  it("test_user.py UserSearchTestCase.test_search", async () => {
    const username1 = getRandomUsername();
    const username2 = getRandomUsername();

    const random_data = getRandomData();

    const display_name1 = `display${random_data}`;
    const display_name2 = `display${random_data}`;

    const email1 = getRandomData();
    const email2 = getRandomData();

    const now = utcnow();

    await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username1,
      display_name: display_name1,
      email: email1,
    });

    await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username2,
      display_name: display_name2,
      email: email2,
    });

    const response = await get("/zato/sso/user/search", {
      ust: ctx.super_user_ust,
      display_name: random_data,
      is_name_exact: false,
    });

    expect(attr(response, "cur_page")).toEqual(1);
    expect(attr(response, "num_pages")).toEqual(1);
    expect(attr(response, "has_next_page")).toEqual(false);
    expect(attr(response, "has_prev_page")).toEqual(false);
    expect(attr(response, "page_size")).toEqual(SEARCH_PAGE_SIZE);
    expect(attr(response, "total")).toEqual(2);
    expect((attr(response, "result") as unknown[]).length).toEqual(2);

    const user1 = (attr(response, "result") as Record<string, unknown>[])[0] as Record<string, unknown>;
    assertDefaultUserData(user1, now);

    const user2 = (attr(response, "result") as Record<string, unknown>[])[1] as Record<string, unknown>;
    assertDefaultUserData(user2, now);
  });

  it("test_user.py UserApproveTestCase.test_approve", async () => {
    let response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      current_app: CONFIG.current_app,
      username: getRandomUsername(),
    });

    const user_id = attr(response, "user_id");

    await post("/zato/sso/user/approve", {
      ust: ctx.super_user_ust,
      user_id: user_id,
    });

    response = await get("/zato/sso/user", {
      ust: ctx.super_user_ust,
      user_id: user_id,
    });

    expect(attr(response, "approval_status")).toEqual(APPROVAL_STATUS.approved);
  });

  it("test_user.py UserRejectTestCase.test_reject", async () => {
    let response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: getRandomUsername(),
    });

    const user_id = attr(response, "user_id");

    await post("/zato/sso/user/reject", {
      ust: ctx.super_user_ust,
      user_id: user_id,
    });

    response = await get("/zato/sso/user", {
      ust: ctx.super_user_ust,
      user_id: user_id,
    });

    expect(attr(response, "approval_status")).toEqual(APPROVAL_STATUS.rejected);
  });

  it("test_user.py UserLoginValidTestCase.test_user_login", async () => {
    await patch("/zato/sso/user", {
      ust: ctx.super_user_ust,
      is_totp_enabled: false,
    });

    const response = await post("/zato/sso/user/login", {
      username: CONFIG.super_user_name,
      password: CONFIG.super_user_password,
    });

    expect(attr(response, "ust")).not.toBeNull();
  });

  it("test_user.py UserLoginInvalidUsernameTestCase.test_user_login_invalid_username", async () => {
    const response = await post(
      "/zato/sso/user/login",
      {
        username: getRandomUsername(),
        password: CONFIG.super_user_password,
      },
      false,
    );

    expect(attr(response, "status")).toEqual(ERROR);
    expect(attr(response, "sub_status")).toEqual([AUTH_NOT_ALLOWED]);
    expect(Object.hasOwn(response, "ust")).toBe(false);
  });

  it("test_user.py UserLoginInvalidUsernameTestCase.test_user_login_empty_username_string", async () => {
    const response = await post(
      "/zato/sso/user/login",
      {
        username: "",
        password: CONFIG.super_user_password,
      },
      false,
    );

    expect(attr(response, "status")).toEqual(ERROR);
    expect(attr(response, "sub_status")).toEqual([AUTH_NOT_ALLOWED]);
    expect(Object.hasOwn(response, "ust")).toBe(false);
  });

  it("test_user.py UserLoginInvalidUsernameTestCase.test_user_login_empty_username_none", async () => {
    const response = await post(
      "/zato/sso/user/login",
      {
        username: null,
        password: CONFIG.super_user_password,
      },
      false,
    );

    expect(attr(response, "status")).toEqual(ERROR);
    expect(attr(response, "sub_status")).toEqual([AUTH_NOT_ALLOWED]);
    expect(Object.hasOwn(response, "ust")).toBe(false);
  });

  it("test_user.py UserLoginInvalidUsernameTestCase.test_user_login_no_username", async () => {
    const response = await post(
      "/zato/sso/user/login",
      {
        password: CONFIG.super_user_password,
      },
      false,
    );

    expect(attr(response, "result")).toEqual("Error");
    expect(attr(response, "details")).toEqual("Bad request");
    assertIn("cid", response);
    expect(Object.hasOwn(response, "ust")).toBe(false);
  });

  it("test_user.py UserLoginInvalidPasswordTestCase.test_user_login_invalid_password", async () => {
    const response = await post(
      "/zato/sso/user/login",
      {
        username: CONFIG.super_user_name,
        password: getRandomData(),
      },
      false,
    );

    expect(attr(response, "status")).toEqual(ERROR);
    expect(attr(response, "sub_status")).toEqual([AUTH_NOT_ALLOWED]);
    expect(Object.hasOwn(response, "ust")).toBe(false);
  });

  it("test_user.py UserLoginInvalidPasswordTestCase.test_user_login_empty_password_string", async () => {
    const response = await post(
      "/zato/sso/user/login",
      {
        username: CONFIG.super_user_name,
        password: "",
      },
      false,
    );

    expect(attr(response, "status")).toEqual(ERROR);
    expect(attr(response, "sub_status")).toEqual([AUTH_NOT_ALLOWED]);
    expect(Object.hasOwn(response, "ust")).toBe(false);
  });

  it("test_user.py UserLoginInvalidPasswordTestCase.test_user_login_empty_username_none", async () => {
    const response = await post(
      "/zato/sso/user/login",
      {
        username: null,
        password: CONFIG.super_user_password,
      },
      false,
    );

    expect(attr(response, "status")).toEqual(ERROR);
    expect(attr(response, "sub_status")).toEqual([AUTH_NOT_ALLOWED]);
    expect(Object.hasOwn(response, "ust")).toBe(false);
  });

  it("test_user.py UserLoginInvalidPasswordTestCase.test_user_login_no_password", async () => {
    const response = await post(
      "/zato/sso/user/login",
      {
        username: CONFIG.super_user_name,
      },
      false,
    );

    expect(attr(response, "result")).toEqual("Error");
    expect(attr(response, "details")).toEqual("Bad request");
    assertIn("cid", response);
    expect(Object.hasOwn(response, "ust")).toBe(false);
  });

  it("test_user.py UserLogoutTestCase.test_user_logout", async () => {
    await patch("/zato/sso/user", {
      ust: ctx.super_user_ust,
      is_totp_enabled: false,
    });

    const ust = attr(
      await post("/zato/sso/user/login", {
        username: CONFIG.super_user_name,
        password: CONFIG.super_user_password,
      }),
      "ust",
    );

    await post("/zato/sso/user/logout", {
      ust: ust,
    });
  });

  it("test_user.py UserGetTestCase.test_user_get_by_user_id", async () => {
    const username = getRandomUsername();
    const password_must_change = true;
    const display_name = getRandomData();
    const first_name = getRandomData();
    const middle_name = getRandomData();
    const last_name = getRandomData();
    const email = getRandomData();
    const is_locked = true;
    const is_totp_enabled = true;
    const totp_label = getRandomData();
    const sign_up_status = SIGNUP_STATUS.before_confirmation;

    let response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username,
      password_must_change: password_must_change,
      display_name: display_name,
      first_name: first_name,
      middle_name: middle_name,
      last_name: last_name,
      email: email,
      is_locked: is_locked,
      is_totp_enabled: is_totp_enabled,
      totp_label: totp_label,
      sign_up_status: sign_up_status,
    });

    const user_id = attr(response, "user_id");

    response = await get("/zato/sso/user", {
      ust: ctx.super_user_ust,
      user_id: user_id,
    });

    expect(attr(response, "status")).toEqual(OK);
    expect(attr(response, "username")).toEqual(username);
    expect(attr(response, "display_name")).toEqual(display_name);
    expect(attr(response, "first_name")).toEqual(first_name);
    expect(attr(response, "middle_name")).toEqual(middle_name);
    expect(attr(response, "last_name")).toEqual(last_name);
    expect(attr(response, "email")).toEqual(email);
    expect(attr(response, "sign_up_status")).toEqual(sign_up_status);
    expect(attr(response, "password_must_change")).toBe(password_must_change);
    expect(attr(response, "is_locked")).toBe(is_locked);
    expect(attr(response, "is_totp_enabled")).toBe(is_totp_enabled);
    expect(attr(response, "totp_label")).toEqual(totp_label);
  });

  it("test_user.py UserGetTestCase.test_user_get_by_ust", async () => {
    const now = utcnow();
    const response = await get("/zato/sso/user", {
      ust: ctx.super_user_ust,
    });

    expect(attr(response, "approval_status")).toEqual(APPROVAL_STATUS.approved);
    expect(attr(response, "approval_status_mod_by")).toEqual("auto");
    expect(attr(response, "username")).toEqual(CONFIG.super_user_name);
    expect(attr(response, "sign_up_status")).toEqual(SIGNUP_STATUS.final);

    assertFalse(attr(response, "is_approval_needed"));
    assertTrue(attr(response, "is_super_user"));
    assertTrue(attr(response, "password_is_set"));

    assertFalse(attr(response, "is_internal"));
    assertFalse(attr(response, "is_locked"));
    assertFalse(attr(response, "password_must_change"));

    assertUserDates(response, now, true);
  });

  it("test_user.py UserUpdateTestCase.test_user_update_self", async () => {
    const username = getRandomUsername();
    const password = getRandomData();

    let response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username,
      password: password,
    });

    const user_id = attr(response, "user_id");

    response = await post("/zato/sso/user/approve", {
      ust: ctx.super_user_ust,
      user_id: user_id,
    });

    expect(attr(response, "status")).toEqual(OK);

    response = await post("/zato/sso/user/login", {
      username: username,
      password: password,
    });

    const ust = attr(response, "ust");

    const display_name = getRandomData();
    const first_name = getRandomData();
    const middle_name = getRandomData();
    const last_name = getRandomData();
    const email = getRandomData();

    response = await patch("/zato/sso/user", {
      ust: ust,
      display_name: display_name,
      first_name: first_name,
      middle_name: middle_name,
      last_name: last_name,
      email: email,
    });

    response = await get("/zato/sso/user", {
      ust: ust,
    });

    // This is a regular user so these attributes should not exist (response.get(key, invalid) is invalid)
    expect(Object.hasOwn(response, "is_active")).toBe(false);
    expect(Object.hasOwn(response, "is_approval_needed")).toBe(false);
    expect(Object.hasOwn(response, "is_internal")).toBe(false);
    expect(Object.hasOwn(response, "is_locked")).toBe(false);
    expect(Object.hasOwn(response, "is_super_user")).toBe(false);

    expect(attr(response, "display_name")).toEqual(display_name);
    expect(attr(response, "email")).toEqual(email);
    expect(attr(response, "first_name")).toEqual(first_name);
    expect(attr(response, "last_name")).toEqual(last_name);
    expect(attr(response, "middle_name")).toEqual(middle_name);
    expect(attr(response, "username")).toEqual(username);
  });

  it("test_user.py UserUpdateTestCase.test_user_update_self_username", async () => {
    // Test data
    const username1 = getRandomUsername();
    const password1 = getRandomData();

    const username2 = getRandomUsername();
    const password2 = getRandomData();

    const new_username = getRandomUsername();

    // Create test users
    await createAndApproveUser(username1, password1);
    await createAndApproveUser(username2, password2);

    // Log in the first user
    const response1 = await post("/zato/sso/user/login", {
      username: username1,
      password: password1,
    });

    // The first user should be able to set the new user name
    const response = await patch("/zato/sso/user", {
      ust: attr(response1, "ust"),
      username: new_username,
    });

    expect(attr(response, "status")).toEqual(OK);

    // Log in the second user
    const response2 = await post("/zato/sso/user/login", {
      username: username2,
      password: password2,
    });

    // The second user should be able to use the same username as the first one has already used
    const patch_response2 = await patch(
      "/zato/sso/user",
      {
        ust: attr(response2, "ust"),
        username: new_username,
      },
      false,
    );

    expect(attr(patch_response2, "status")).toEqual(ERROR);
    expect(attr(patch_response2, "sub_status")).toEqual([USERNAME_EXISTS]);
  });

  it("test_user.py UserUpdateTestCase.test_user_update_by_id", async () => {
    const username = getRandomUsername();
    const password = getRandomData();

    let response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username,
      password: password,
    });

    const user_id = attr(response, "user_id");

    const display_name = getRandomData();
    const first_name = getRandomData();
    const middle_name = getRandomData();
    const last_name = getRandomData();
    const email = getRandomData();

    const is_approved = true;
    const is_locked = true;
    const password_expiry = "2345-12-27T11:22:33";
    const password_must_change = true;
    const sign_up_status = SIGNUP_STATUS.final;
    const approval_status = APPROVAL_STATUS.rejected;

    response = await patch("/zato/sso/user", {
      ust: ctx.super_user_ust,
      user_id: user_id,
      display_name: display_name,
      first_name: first_name,
      middle_name: middle_name,
      last_name: last_name,
      email: email,
      is_approved: is_approved,
      is_locked: is_locked,
      password_expiry: password_expiry,
      password_must_change: password_must_change,
      sign_up_status: sign_up_status,
      approval_status: approval_status,
    });

    response = await get("/zato/sso/user", {
      ust: ctx.super_user_ust,
      user_id: user_id,
    });

    expect(attr(response, "user_id")).toEqual(user_id);
    expect(attr(response, "display_name")).toEqual(display_name);
    expect(attr(response, "email")).toEqual(email);
    expect(attr(response, "first_name")).toEqual(first_name);
    expect(attr(response, "last_name")).toEqual(last_name);
    expect(attr(response, "middle_name")).toEqual(middle_name);
    expect(attr(response, "username")).toEqual(username);

    expect(attr(response, "is_locked")).toEqual(is_locked);
    expect(attr(response, "password_expiry")).toEqual(password_expiry);
    expect(attr(response, "password_must_change")).toEqual(password_must_change);
    expect(attr(response, "sign_up_status")).toEqual(sign_up_status);
    expect(attr(response, "approval_status")).toEqual(approval_status);
  });

  it("test_user.py UserDeleteTestCase.test_user_delete_by_super_user", async () => {
    let response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: getRandomUsername(),
    });

    const user_id = attr(response, "user_id");

    response = await get("/zato/sso/user", {
      ust: ctx.super_user_ust,
      user_id: user_id,
    });

    expect(attr(response, "status")).toEqual(OK);

    response = await del("/zato/sso/user", {
      ust: ctx.super_user_ust,
      user_id: user_id,
    });

    expect(attr(response, "status")).toEqual(OK);

    response = await get("/zato/sso/user/search", {
      ust: ctx.super_user_ust,
      user_id: user_id,
    });

    expect(attr(response, "total")).toEqual(0);
  });

  it("test_user.py UserDeleteTestCase.test_user_delete_by_regular_user", async () => {
    let response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: getRandomUsername(),
    });

    expect(attr(response, "status")).toEqual(OK);
    const user_id1 = attr(response, "user_id");

    response = await get("/zato/sso/user", {
      ust: ctx.super_user_ust,
      user_id: user_id1,
    });

    const username = getRandomUsername();
    const password = getRandomData();

    response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username,
      password: password,
    });

    const user_id2 = attr(response, "user_id");

    await post("/zato/sso/user/approve", {
      ust: ctx.super_user_ust,
      user_id: user_id1,
    });

    await post("/zato/sso/user/approve", {
      ust: ctx.super_user_ust,
      user_id: user_id2,
    });

    response = await post("/zato/sso/user/login", {
      username: username,
      password: password,
    });

    const ust = attr(response, "ust");

    response = await del(
      "/zato/sso/user",
      {
        ust: ust,
        user_id: user_id1,
      },
      false,
    );

    expect(attr(response, "status")).toEqual(ERROR);
    expect(attr(response, "sub_status")).toEqual([AUTH_NOT_ALLOWED]);
  });

  it("test_user.py UserChangePasswordTestCase.test_user_change_password_self", async () => {
    const username = getRandomUsername();
    const password = getRandomData();

    let response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username,
      password: password,
    });

    const user_id = attr(response, "user_id");

    await post("/zato/sso/user/approve", {
      ust: ctx.super_user_ust,
      user_id: user_id,
    });

    response = await post("/zato/sso/user/login", {
      username: username,
      password: password,
    });

    expect(attr(response, "ust")).not.toBeNull();

    const ust = attr(response, "ust");
    const new_pasword = getRandomData();

    response = await patch("/zato/sso/user/password", {
      ust: ust,
      user_id: user_id,
      old_password: password,
      new_password: new_pasword,
    });

    response = await post(
      "/zato/sso/user/login",
      {
        username: username,
        password: password,
      },
      false,
    );

    expect(attr(response, "status")).toEqual(ERROR);
    expect(attr(response, "sub_status")).toEqual([AUTH_NOT_ALLOWED]);

    response = await post("/zato/sso/user/login", {
      username: username,
      password: new_pasword,
    });

    expect(attr(response, "status")).toEqual(OK);
    expect(attr(response, "ust")).not.toBeNull();
  });

  it("test_user.py UserChangePasswordTestCase.test_user_change_password_super_user", async () => {
    const username = getRandomUsername();
    const password = getRandomData();

    let response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      username: username,
      password: password,
    });

    const user_id = attr(response, "user_id");

    await post("/zato/sso/user/approve", {
      ust: ctx.super_user_ust,
      user_id: user_id,
    });

    response = await post("/zato/sso/user/login", {
      username: username,
      password: password,
    });

    expect(attr(response, "ust")).not.toBeNull();

    const new_pasword = getRandomData();
    const password_expiry = 1;
    const must_change = true;

    response = await patch("/zato/sso/user/password", {
      ust: ctx.super_user_ust,
      user_id: user_id,
      old_password: password,
      new_password: new_pasword,
      password_expiry: password_expiry,
      password_must_change: must_change,
    });

    response = await post(
      "/zato/sso/user/login",
      {
        username: username,
        password: password,
      },
      false,
    );

    expect(attr(response, "status")).toEqual(ERROR);
    expect(attr(response, "sub_status")).toEqual([AUTH_NOT_ALLOWED]);

    response = await post(
      "/zato/sso/user/login",
      {
        username: username,
        password: new_pasword,
      },
      false,
    );

    expect(attr(response, "status")).toEqual(WARNING);
    expect(attr(response, "sub_status")).toEqual([PASSWORD_W_ABOUT_TO_EXP]);
    expect(attr(response, "ust")).not.toBeNull();
  });
});

describe("test_sso_user.py", () => {
  // The module's own constant (base.py's client overwrites current_app with TestConfig.current_app, also "CRM").
  const current_app = "CRM";

  // Cannot pass on any server: the login with the old password goes through base.py's client with its default
  // expect_ok=True, which raises unless the answer's status is "ok", while the next line asserts status "error".
  // Kept as translated, marked as failing.
  it.fails("test_sso_user.py UserChangePasswordTestCase.test_user_change_password_self", async () => {
    const username = getRandomUsername();
    const password = getRandomData();

    let response = await post("/zato/sso/user", {
      ust: ctx.super_user_ust,
      current_app: current_app,
      username: username,
      password: password,
    });

    const user_id = attr(response, "user_id");

    await post("/zato/sso/user/approve", {
      ust: ctx.super_user_ust,
      current_app: "CRM",
      user_id: user_id,
    });

    response = await post("/zato/sso/user/login", {
      current_app: current_app,
      username: username,
      password: password,
    });

    expect(attr(response, "status")).toEqual(OK);
    expect(attr(response, "ust")).not.toBeNull();

    const ust = attr(response, "ust");
    const new_pasword = getRandomData();

    response = await patch("/zato/sso/user/password", {
      ust: ust,
      current_app: current_app,
      old_password: password,
      new_password: new_pasword,
    });

    expect(attr(response, "status")).toEqual(OK);

    response = await post("/zato/sso/user/login", {
      current_app: current_app,
      username: username,
      password: password,
    });

    expect(attr(response, "status")).toEqual(ERROR);
    expect(attr(response, "sub_status")).toEqual([AUTH_NOT_ALLOWED]);

    response = await post("/zato/sso/user/login", {
      current_app: current_app,
      username: username,
      password: new_pasword,
    });

    expect(attr(response, "status")).toEqual(OK);
    expect(attr(response, "ust")).not.toBeNull();
  });
});
