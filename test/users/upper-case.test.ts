import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminGateway, makeUser, send, startAdmin } from "../support/admin.js";
import { expectOk } from "../support/fixtures.js";
import { APP } from "../support/gateway.js";
import { unique } from "../support/names.js";

// Names are held to 191 code points, but their upper-cased search copies may be longer: ß becomes
// SS, and some letters grow further. Any name of an allowed length must be stored and found.

let a: AdminGateway;
beforeAll(async () => {
  a = await startAdmin();
});
afterAll(() => a.gw.close());

const LONG = "ß".repeat(191);
const WIDEST = "ΐ".repeat(191); // upper-cases to three code points each

describe("names that grow when upper-cased", () => {
  it.each([
    ["ß", LONG],
    ["ΐ", WIDEST],
  ])("are created, updated and found at the longest allowed length (%s)", async (_, name) => {
    const userId = await makeUser(a, { username: unique("upper"), display_name: name, first_name: name, last_name: name });
    expectOk(
      await send(a.gw, "PATCH", "/zato/sso/user", { ust: a.adminUst, current_app: APP, user_id: userId, middle_name: name }),
    );
    const found = expectOk(
      await send(a.gw, "GET", "/zato/sso/user/search", { ust: a.adminUst, current_app: APP, middle_name: name.toLowerCase() }),
    );
    expect((found.result as { user_id: string }[]).map((u) => u.user_id)).toContain(userId);
  });
});
