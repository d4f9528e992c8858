import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, expectFailure, expectOk, setUser } from "../support/fixtures.js";
import { APP, type ConfigOverrides, startGateway, type TestGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";
import { tableDigests } from "../support/state.js";

// The password policy (docs/rules.md, "Passwords"), through POST /zato/sso/user, which reports its
// codes as raised, and through login with new_password (docs/rules.md, "Login", step 9).

interface Policy {
  gw: TestGateway;
  ust: string;
}

async function policy(overrides: ConfigOverrides): Promise<Policy> {
  const gw = await startGateway(overrides);
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  return { gw, ust: await gw.login("admin1", ADMIN_PASSWORD) };
}

/** Creates a user with `password` and returns the answer; a refused creation must change nothing. */
async function tryPassword(p: Policy, password: string, username = unique("p")) {
  const before = await tableDigests(p.gw);
  const r = await p.gw.rest("POST", "/zato/sso/user", {
    body: { ust: p.ust, current_app: APP, username, password, auto_approve: true },
  });
  if (r.body?.status === "error") expect(await tableDigests(p.gw)).toEqual(before);
  return r;
}

describe("the default policy", () => {
  let p: Policy;
  beforeAll(async () => {
    p = await policy({});
  });
  afterAll(() => p.gw.close());

  it("accepts eight characters and refuses seven with E003002", async () => {
    expectOk(await tryPassword(p, "Abcd-fg8"));
    expectFailure(await tryPassword(p, "Abcd-f7"), "E003002");
  });

  it("accepts 256 characters and refuses 257 with E003003", async () => {
    expectOk(await tryPassword(p, "Zy-9".repeat(64)));
    expectFailure(await tryPassword(p, `${"Zy-9".repeat(64)}x`), "E003003");
  });

  it.each(["password", "PassWord", "my-QWERTY-key", "x123456x", "LetMeIn!!", "zxcvbnm-horse"])(
    "refuses %s, which contains an entry of the default reject list, with E003001",
    async (password) => {
      expectFailure(await tryPassword(p, password), "E003001");
    },
  );

  it("checks the length before the reject list", async () => {
    expectFailure(await tryPassword(p, "123456"), "E003002");
    expectFailure(await tryPassword(p, `password${"x".repeat(250)}`), "E003003");
  });

  it("allows whitespace by default ([signup] password_allow_whitespace true)", async () => {
    const username = unique("p");
    const r = await tryPassword(p, "correct horse battery", username);
    expectOk(r);
    expect(await p.gw.login(username, "correct horse battery")).toMatch(/^zust/);
  });

  it("does not check complexity by default ([password] min_complexity 0)", async () => {
    expectOk(await tryPassword(p, "aaaaaaaa"));
  });
});

describe("a configured policy", () => {
  let p: Policy;
  beforeAll(async () => {
    p = await policy({
      password: { min_length: 10, max_length: 14, reject_list: ["  Banana ", "CHERRY"] },
      signup: { password_allow_whitespace: false },
    });
  });
  afterAll(() => p.gw.close());

  it("applies [password] min_length and max_length", async () => {
    expectFailure(await tryPassword(p, "Abcdefgh9"), "E003002");
    expectOk(await tryPassword(p, "Abcdefgh9-"));
    expectOk(await tryPassword(p, "Abcdefgh9-xyzw"));
    expectFailure(await tryPassword(p, "Abcdefgh9-xyzwv"), "E003003");
  });

  it("counts lengths in code points, not UTF-16 units", async () => {
    expectFailure(await tryPassword(p, "😀".repeat(9)), "E003002");
    expectOk(await tryPassword(p, "😀".repeat(14)));
    expectFailure(await tryPassword(p, "😀".repeat(15)), "E003003");
  });

  it("uses the configured reject list, trimmed and case-insensitive, instead of the default one", async () => {
    expectFailure(await tryPassword(p, "xxBANANAxx"), "E003001");
    expectFailure(await tryPassword(p, "my-cherry-1"), "E003001");
    expectOk(await tryPassword(p, "password12"));
  });

  it.each([
    ["a space", "Abcde fgh9"],
    ["a tab", "Abcde\tfgh9"],
    ["a newline", "Abcde\nfgh9"],
    ["a no-break space", "Abcde\u00a0fgh9"],
  ])("refuses %s when [signup] password_allow_whitespace is false, with E003001", async (_, password) => {
    expectFailure(await tryPassword(p, password), "E003001");
  });

  it("applies the same policy to a new password at login", async () => {
    await p.gw.createUser("must1", "Initial-12");
    await setUser(p.gw, "must1", { password_must_change: true });
    const login = (new_password: string) =>
      p.gw.rest("POST", "/zato/sso/user/login", {
        body: { username: "must1", password: "Initial-12", current_app: APP, new_password },
      });
    expectFailure(await login("Short-1"), "E003002");
    expectFailure(await login("Much-Too-Long-1"), "E003003");
    expectFailure(await login("Banana-1234"), "E003001");
    expectFailure(await login("Has space1"), "E003001");
    expectOk(await login("Good-Pass9"));
  });
});

describe("[password] min_complexity", () => {
  let p: Policy;
  beforeAll(async () => {
    p = await policy({ password: { min_complexity: 3 } });
  });
  afterAll(() => p.gw.close());

  it("refuses a password whose zxcvbn score is below it with E003008", async () => {
    expectFailure(await tryPassword(p, "aaaaaaaaaa"), "E003008");
    expectFailure(await tryPassword(p, "abcdefgh"), "E003008");
  });

  it("accepts a password that scores at least that much", async () => {
    expectOk(await tryPassword(p, "vT4#qLz9!mWp2x"));
  });

  it("checks complexity before length", async () => {
    expectFailure(await tryPassword(p, "abc"), "E003008");
  });
});
