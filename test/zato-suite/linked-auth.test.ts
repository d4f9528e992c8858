import { beforeAll, describe, expect, it } from "vitest";
import { ensurePubapiCredential } from "../../src/core/linked-auth/credentials.js";
import { attr, ctx, del, gateway, get, post, replayZatoSuite } from "../support/zato-suite.js";

// Zato's own linked-credential test case, replayed by test/support/zato-suite.ts:
// code/zato-sso/test/zato/test_linked_auth.py at d9936b2368455643ac95487202666ff348e7ed73.

replayZatoSuite();

// Zato environments always hold the Basic Auth definition `pubapi`; a gateway makes sure the
// credential exists at start-up (spec behaviour.md §14.2, src/main.ts). The test gateway skips that
// start-up step, so it is taken here.
beforeAll(async () => {
  await ensurePubapiCredential(gateway().services);
});

/** zato.common.api.SEC_DEF_TYPE */
const SEC_DEF_TYPE = { BASIC_AUTH: "basic_auth" };

const basic_auth_user_name = "pubapi";

describe("test_linked_auth.py", () => {
  it("test_linked_auth.py LinkedAuthTestCase.test_create", async () => {
    await post("/zato/sso/user/linked", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      auth_type: SEC_DEF_TYPE.BASIC_AUTH,
      auth_username: basic_auth_user_name,
      is_active: true,
    });

    await get("/zato/sso/user/linked", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
    });

    const response = await del("/zato/sso/user/linked", {
      ust: ctx.super_user_ust,
      user_id: ctx.super_user_id,
      auth_type: SEC_DEF_TYPE.BASIC_AUTH,
      auth_username: basic_auth_user_name,
    });

    expect(attr(response, "status")).toBe("ok");
  });
});
