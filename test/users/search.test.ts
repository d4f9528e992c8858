import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminGateway, expectNoSecretsInAudit, loginAs, makeUser, send, startAdmin } from "../support/admin.js";
import { expectFailure, expectOk, FULL_VIEW, PASSWORD, setUser, TIMESTAMP } from "../support/fixtures.js";
import { APP, type HttpAnswer, startGateway } from "../support/gateway.js";

// GET /zato/sso/user/search (docs/rest.md; docs/rules.md, "Searching users", "What a caller sees").

const SEARCH_VIEW = [
  ...FULL_VIEW,
  "is_rate_limit_active",
  "rate_limit_def",
  "rate_limit_type",
  "rate_limit_check_parent_def",
].sort();

let a: AdminGateway;
const ids: Record<string, string> = {};

beforeAll(async () => {
  a = await startAdmin();
  ids.anna = await makeUser(a, {
    username: "anna",
    first_name: "Anna",
    last_name: "Smith",
    email: "Anna.Smith@Example.com",
  });
  ids.bob = await makeUser(a, { username: "bob", first_name: "Bob", middle_name: "J", last_name: "Smith" });
  ids.emile = await makeUser(a, { username: "emile", first_name: "Émile", last_name: "Zola", email: "emile@example.org" });
  ids.pat = await makeUser(a, {
    username: "pat",
    display_name: "Pat Pending",
    auto_approve: false,
    sign_up_status: "before_confirmation",
  });
  ids.num = await makeUser(a, { username: "num", display_name: "42", last_name: "100%_off" });
});
afterAll(() => a.gw.close());

/** A search with every parameter in a JSON body, as Zato's client sends it. */
const search = (params: Record<string, unknown> = {}, ust = a.adminUst) =>
  send(a.gw, "GET", "/zato/sso/user/search", { ust, current_app: APP, ...params });

/** A search with every parameter in the query string. */
const searchQs = (query: Record<string, string | string[]>, ust = a.adminUst) =>
  a.gw.rest("GET", "/zato/sso/user/search", { query: { ust, current_app: APP, ...query } });

const usernames = (r: HttpAnswer) => (expectOk(r).result as { username: string }[]).map((u) => u.username);

describe("search: criteria", () => {
  it("finds every user when no criterion is given, in the documented order", async () => {
    // display_name ascending: admin1 has "" (first), then the names in byte order.
    expect(usernames(await search())).toEqual(["admin1", "num", "anna", "bob", "pat", "emile"]);
  });

  it("matches user_id exactly and ignores every other criterion when it is given", async () => {
    expect(usernames(await search({ user_id: ids.bob }))).toEqual(["bob"]);
    const r = await search({ user_id: ids.bob, username: "anna", display_name: "nobody", name_op: "xor", email: "x@y" });
    expect(usernames(r)).toEqual(["bob"]);
    expect(usernames(await search({ user_id: `${ids.bob}x` }))).toEqual([]);
  });

  it("treats an empty user_id as absent", async () => {
    expect(usernames(await search({ user_id: "", username: "anna" }))).toEqual(["anna"]);
  });

  it("matches username exactly (case-sensitive) and ignores the other criteria when it is given", async () => {
    expect(usernames(await search({ username: "anna", first_name: "Bob", approval_status: "rejected" }))).toEqual(["anna"]);
    expect(usernames(await search({ username: "Anna" }))).toEqual([]);
    expect(usernames(await search({ username: "ann" }))).toEqual([]);
  });

  it("compares names exactly by default, case-insensitively", async () => {
    expect(usernames(await search({ display_name: "anna smith" }))).toEqual(["anna"]);
    expect(usernames(await search({ display_name: "ANNA SMITH", is_name_exact: true }))).toEqual(["anna"]);
    expect(usernames(await search({ display_name: "smith" }))).toEqual([]);
    expect(usernames(await search({ last_name: "SMITH" }))).toEqual(["anna", "bob"]);
  });

  it("trims the names it is given", async () => {
    expect(usernames(await search({ first_name: "  anna \t" }))).toEqual(["anna"]);
  });

  it("matches substrings when is_name_exact is false (also given as the string 'false')", async () => {
    expect(usernames(await search({ display_name: "mit", is_name_exact: false }))).toEqual(["anna", "bob"]);
    expect(usernames(await searchQs({ display_name: "mit", is_name_exact: "false" }))).toEqual(["anna", "bob"]);
    expect(usernames(await searchQs({ display_name: "mit", is_name_exact: "0" }))).toEqual(["anna", "bob"]);
  });

  it("compares non-ASCII names case-insensitively, exact and substring", async () => {
    expect(usernames(await search({ first_name: "émile" }))).toEqual(["emile"]);
    expect(usernames(await search({ first_name: "ÉMILE" }))).toEqual(["emile"]);
    expect(usernames(await search({ display_name: "émile z", is_name_exact: false }))).toEqual(["emile"]);
    expect(usernames(await search({ first_name: "emile" }))).toEqual([]);
  });

  it("takes % and _ in a substring literally", async () => {
    expect(usernames(await search({ last_name: "0%_", is_name_exact: false }))).toEqual(["num"]);
    expect(usernames(await search({ last_name: "%", is_name_exact: false }))).toEqual(["num"]);
    expect(usernames(await search({ last_name: "_", is_name_exact: false }))).toEqual(["num"]);
  });

  it("joins the name criteria with AND by default", async () => {
    expect(usernames(await search({ first_name: "bob", last_name: "smith" }))).toEqual(["bob"]);
    expect(usernames(await search({ first_name: "anna", last_name: "zola" }))).toEqual([]);
    expect(usernames(await search({ first_name: "anna", last_name: "zola", name_op: "and" }))).toEqual([]);
  });

  it("joins the name criteria with OR when name_op is or", async () => {
    expect(usernames(await search({ first_name: "anna", last_name: "zola", name_op: "or" }))).toEqual(["anna", "emile"]);
    expect(usernames(await search({ first_name: "anna", middle_name: "j", name_op: "or" }))).toEqual(["anna", "bob"]);
  });

  it("joins the other criteria with AND to each other and to the whole name group", async () => {
    const r = await search({ first_name: "anna", last_name: "zola", name_op: "or", email: "emile@example.org" });
    expect(usernames(r)).toEqual(["emile"]);
    expect(usernames(await search({ last_name: "smith", approval_status: "before_decision" }))).toEqual([]);
  });

  it("takes numbers as their text", async () => {
    expect(usernames(await search({ display_name: 42 }))).toEqual(["num"]);
  });

  it("finds by email exactly, after trimming and lower-casing, while emails are encrypted", async () => {
    expect(a.gw.config.main.encrypt_email).toBe(true);
    const [row] = await a.gw.query("SELECT email FROM sso_user WHERE username = 'anna'");
    expect(row?.email).not.toContain("Anna.Smith");
    expect(usernames(await search({ email: "anna.smith@example.com" }))).toEqual(["anna"]);
    expect(usernames(await search({ email: "  ANNA.SMITH@EXAMPLE.COM " }))).toEqual(["anna"]);
    expect(usernames(await search({ email: "anna.smith@example" }))).toEqual([]);
    expect(usernames(await search({ email: "smith", is_name_exact: false }))).toEqual([]);
  });

  it("matches sign_up_status and approval_status exactly", async () => {
    expect(usernames(await search({ sign_up_status: "before_confirmation" }))).toEqual(["pat"]);
    expect(usernames(await search({ approval_status: "before_decision" }))).toEqual(["pat"]);
    expect(usernames(await search({ approval_status: "approved", sign_up_status: "final", last_name: "smith" }))).toEqual([
      "anna",
      "bob",
    ]);
    expect(usernames(await search({ approval_status: "APPROVED" }))).toEqual([]);
  });

  it("reads every criterion from the query string as well", async () => {
    expect(usernames(await searchQs({ first_name: "anna", last_name: "zola", name_op: "or" }))).toEqual(["anna", "emile"]);
    expect(usernames(await searchQs({ user_id: ids.pat as string }))).toEqual(["pat"]);
  });
});

describe("search: finds users by email when emails are stored in clear ([main] encrypt_email = false)", () => {
  it("matches after trimming and lower-casing", async () => {
    const b = await startAdmin({ main: { encrypt_email: false } });
    try {
      await makeUser(b, { username: "clear", email: "Clear.Text@Example.com" });
      const [row] = await b.gw.query("SELECT email FROM sso_user WHERE username = 'clear'");
      expect(row?.email).toBe("Clear.Text@Example.com");
      const r = await send(b.gw, "GET", "/zato/sso/user/search", {
        ust: b.adminUst,
        current_app: APP,
        email: " clear.text@example.COM",
      });
      expect(usernames(r)).toEqual(["clear"]);
      expect((expectOk(r).result as { email: string }[])[0]?.email).toBe("Clear.Text@Example.com");
    } finally {
      await b.gw.close();
    }
  });
});

describe("search: bad criteria are E008002", () => {
  it.each([
    ["an object as a name", { display_name: { a: 1 } }],
    ["a list as a name", { first_name: ["anna"] }],
    ["an object as username", { username: { $ne: "" } }],
    ["a list as user_id", { user_id: ["x"] }],
    ["a list as email", { email: ["anna.smith@example.com"] }],
    ["an object as a status", { approval_status: { x: 1 } }],
    ["an empty name", { display_name: "" }],
    ["a name of blanks", { last_name: "  \t " }],
    ["an unknown name_op", { first_name: "anna", name_op: "xor" }],
    ["name_op in capitals", { first_name: "anna", name_op: "OR" }],
    ["name_op as a list", { name_op: ["or"] }],
    ["is_name_exact not a boolean", { is_name_exact: "maybe" }],
    ["is_name_exact as 2", { is_name_exact: 2 }],
    ["cur_page not an integer", { cur_page: "abc" }],
    ["cur_page as a fraction", { cur_page: 1.5 }],
    ["page_size not an integer", { page_size: "ten" }],
    ["page_size as an object", { page_size: { n: 1 } }],
    ["page_size beyond any integer", { page_size: 1e300 }],
  ])("refuses %s", async (_, params) => {
    expectFailure(await search(params), "E008002");
  });

  it("refuses a name_op that is bad even when no name is given", async () => {
    expectFailure(await search({ name_op: "not" }), "E008002");
  });

  it("refuses a criterion repeated in the query string (a list)", async () => {
    expectFailure(await searchQs({ username: ["anna", "bob"] }), "E008002");
    expectFailure(await searchQs({ display_name: ["a", "b"] }), "E008002");
  });

  it("refuses cur_page=abc from the query string", async () => {
    expectFailure(await searchQs({ cur_page: "abc" }), "E008002");
  });
});

describe("search: pagination", () => {
  beforeAll(async () => {
    for (let n = 1; n <= 7; n++) await makeUser(a, { username: `page${n}`, display_name: `Paged ${n}` });
  });
  const paged = (params: Record<string, unknown>) => search({ display_name: "paged", is_name_exact: false, ...params });
  const page = (r: HttpAnswer) => {
    const { cid: _c, status: _s, result, ...rest } = expectOk(r);
    return { ...rest, users: (result as { username: string }[]).map((u) => u.username) };
  };

  it("gives the first page with the documented fields", async () => {
    expect(page(await paged({ page_size: 3 }))).toEqual({
      total: 7,
      num_pages: 3,
      page_size: 3,
      cur_page: 1,
      has_next_page: true,
      has_prev_page: false,
      next_page: 2,
      prev_page: 0,
      users: ["page1", "page2", "page3"],
    });
  });

  it("gives a middle page and the last, partial page", async () => {
    expect(page(await paged({ page_size: 3, cur_page: 2 }))).toEqual({
      total: 7,
      num_pages: 3,
      page_size: 3,
      cur_page: 2,
      has_next_page: true,
      has_prev_page: true,
      next_page: 3,
      prev_page: 1,
      users: ["page4", "page5", "page6"],
    });
    expect(page(await paged({ page_size: 3, cur_page: 3 }))).toEqual({
      total: 7,
      num_pages: 3,
      page_size: 3,
      cur_page: 3,
      has_next_page: false,
      has_prev_page: true,
      next_page: null,
      prev_page: 2,
      users: ["page7"],
    });
  });

  it("gives an empty page past the end, with the real total", async () => {
    expect(page(await paged({ page_size: 3, cur_page: 9 }))).toEqual({
      total: 7,
      num_pages: 3,
      page_size: 3,
      cur_page: 9,
      has_next_page: false,
      has_prev_page: true,
      next_page: null,
      prev_page: 8,
      users: [],
    });
  });

  it("takes cur_page below 1 as 1", async () => {
    for (const cur_page of [0, -4, "-1"]) {
      expect(page(await paged({ page_size: 3, cur_page }))).toMatchObject({ cur_page: 1, prev_page: 0, has_prev_page: false });
    }
  });

  it("takes integers given as strings", async () => {
    expect(page(await searchQs({ display_name: "paged", is_name_exact: "false", page_size: "2", cur_page: "4" }))).toEqual({
      total: 7,
      num_pages: 4,
      page_size: 2,
      cur_page: 4,
      has_next_page: false,
      has_prev_page: true,
      next_page: null,
      prev_page: 3,
      users: ["page7"],
    });
  });

  it("answers no match with zero pages", async () => {
    expect(page(await search({ display_name: "nobody at all" }))).toEqual({
      total: 0,
      num_pages: 0,
      page_size: 50,
      cur_page: 1,
      has_next_page: false,
      has_prev_page: false,
      next_page: null,
      prev_page: 0,
      users: [],
    });
  });

  it("uses [search] default_page_size when page_size is absent, 0 or negative", async () => {
    for (const page_size of [undefined, 0, -3, "-100"]) {
      expect(page(await paged({ page_size }))).toMatchObject({ page_size: 50, num_pages: 1 });
    }
  });

  it("accepts paginate and ignores it: results are always paginated", async () => {
    expect(page(await paged({ paginate: false, page_size: 2 }))).toMatchObject({ page_size: 2, num_pages: 4 });
    expect(page(await searchQs({ display_name: "paged", is_name_exact: "false", paginate: "true" }))).toMatchObject({
      total: 7,
    });
  });

  it("never grants more than 100 users a page", async () => {
    expect(page(await paged({ page_size: 101 }))).toMatchObject({ page_size: 100 });
    expect(page(await paged({ page_size: 999_999_999_999 }))).toMatchObject({ page_size: 100 });
  });
});

describe("search: [search] page sizes", () => {
  it("applies default_page_size and max_page_size", async () => {
    const b = await startAdmin({ search: { default_page_size: 2, max_page_size: 3 } });
    try {
      for (let n = 1; n <= 4; n++) await makeUser(b, { username: `p${n}` });
      const run = async (params: Record<string, unknown>) => {
        const body = expectOk(await send(b.gw, "GET", "/zato/sso/user/search", { ust: b.adminUst, current_app: APP, ...params }));
        return { page_size: body.page_size, num_pages: body.num_pages, count: (body.result as unknown[]).length };
      };
      expect(await run({})).toEqual({ page_size: 2, num_pages: 3, count: 2 });
      expect(await run({ page_size: 0 })).toEqual({ page_size: 2, num_pages: 3, count: 2 });
      expect(await run({ page_size: 3 })).toEqual({ page_size: 3, num_pages: 2, count: 3 });
      expect(await run({ page_size: 50 })).toEqual({ page_size: 3, num_pages: 2, count: 3 });
    } finally {
      await b.gw.close();
    }
  });

  it("keeps the hard limit of 100 whatever max_page_size and default_page_size say", async () => {
    const b = await startAdmin({ search: { default_page_size: 300, max_page_size: 500 } });
    try {
      // 104 more users, copied from admin1 with new identities.
      await b.gw.query(
        `INSERT INTO sso_user (user_id, username, password, password_is_set, password_must_change, password_last_set,
           password_expiry, is_active, is_internal, is_super_user, is_locked, creation_ctx, approval_status,
           approval_status_mod_time, approval_status_mod_by, sign_up_status, sign_up_time, sign_up_confirm_token_hash,
           is_totp_enabled, totp_key, display_name)
         SELECT 'zusrbulk' || lpad(n::text, 22, '0'), 'bulk' || n, password, true, false, password_last_set,
           password_expiry, true, false, false, false, creation_ctx, approval_status, approval_status_mod_time,
           approval_status_mod_by, sign_up_status, sign_up_time, md5(n::text) || md5(n::text), false, totp_key, 'Bulk'
           FROM sso_user, generate_series(1, 104) AS n WHERE username = 'admin1'`,
      );
      const run = async (params: Record<string, unknown>) => {
        const body = expectOk(await send(b.gw, "GET", "/zato/sso/user/search", { ust: b.adminUst, current_app: APP, ...params }));
        return {
          total: body.total,
          page_size: body.page_size,
          num_pages: body.num_pages,
          count: (body.result as unknown[]).length,
        };
      };
      expect(await run({})).toEqual({ total: 105, page_size: 100, num_pages: 2, count: 100 });
      expect(await run({ page_size: 400 })).toEqual({ total: 105, page_size: 100, num_pages: 2, count: 100 });
      expect(await run({ page_size: 400, cur_page: 2 })).toEqual({ total: 105, page_size: 100, num_pages: 2, count: 5 });
    } finally {
      await b.gw.close();
    }
  });
});

describe("search: order and view", () => {
  it("orders by display_name, then username, with null display names last", async () => {
    await makeUser(a, { username: "zz-same", display_name: "Same Name" });
    await makeUser(a, { username: "aa-same", display_name: "Same Name" });
    const nul = await makeUser(a, { username: "nul", display_name: "x" });
    expectOk(
      await send(a.gw, "PATCH", "/zato/sso/user", { ust: a.adminUst, current_app: APP, user_id: nul, display_name: null }),
    );
    const all = usernames(await search({ page_size: 100 }));
    expect(all.indexOf("aa-same")).toBe(all.indexOf("zz-same") - 1);
    expect(all.at(-1)).toBe("nul");
    const r = await search({ display_name: "same name" });
    expect(usernames(r)).toEqual(["aa-same", "zz-same"]);
  });

  it("returns every key of the search view, null where without value, and nothing secret", async () => {
    const r = await search({ username: "bob" });
    const [user] = expectOk(r).result as Record<string, unknown>[];
    expect(Object.keys(user ?? {}).sort()).toEqual(SEARCH_VIEW);
    expect(user).toEqual({
      user_id: ids.bob,
      username: "bob",
      email: null,
      display_name: "Bob J Smith",
      first_name: "Bob",
      middle_name: "J",
      last_name: "Smith",
      is_active: true,
      is_internal: false,
      is_super_user: false,
      is_approval_needed: false,
      approval_status: "approved",
      approval_status_mod_time: expect.stringMatching(TIMESTAMP),
      approval_status_mod_by: a.adminId,
      is_locked: false,
      locked_time: null,
      locked_by: null,
      creation_ctx: expect.stringContaining('"source": "api"'),
      password_expiry: expect.stringMatching(TIMESTAMP),
      password_is_set: true,
      password_must_change: false,
      password_last_set: expect.stringMatching(TIMESTAMP),
      sign_up_status: "final",
      sign_up_time: expect.stringMatching(TIMESTAMP),
      is_totp_enabled: false,
      totp_label: "",
      is_rate_limit_active: false,
      rate_limit_def: null,
      rate_limit_type: "EXACT",
      rate_limit_check_parent_def: false,
    });
    expect(r.text).not.toMatch(/totp_key|password"|email_hash|argon2|v1:/);
  });

  it("shows the decrypted email and the unapproved state of a pending user", async () => {
    const [anna] = expectOk(await search({ user_id: ids.anna })).result as Record<string, unknown>[];
    expect(anna?.email).toBe("Anna.Smith@Example.com");
    const [pat] = expectOk(await search({ user_id: ids.pat })).result as Record<string, unknown>[];
    expect(pat).toMatchObject({
      approval_status: "before_decision",
      is_approval_needed: true,
      sign_up_status: "before_confirmation",
    });
  });
});

describe("search: who may search (masking: login/search rule)", () => {
  it("answers E005001, not E007001, for an invalid UST", async () => {
    expectFailure(await search({}, "zust-not-a-session"), "E005001");
    expectFailure(await search({}, ""), "E005001");
  });

  it("answers E005001 for an expired session", async () => {
    const b = await startGateway();
    try {
      await b.createUser("boss", PASSWORD, { superUser: true });
      const ust = await b.login("boss", PASSWORD);
      b.clock.advance(61 * 60_000);
      expectFailure(await send(b, "GET", "/zato/sso/user/search", { ust, current_app: APP }), "E005001");
    } finally {
      await b.close();
    }
  });

  it("answers E005001 to a regular user", async () => {
    const ust = await loginAs(a, "anna");
    expectFailure(await search({}, ust), "E005001");
    expectFailure(await search({ username: "anna" }, ust), "E005001");
  });

  it("shows the disclosable user checks: a locked super-user gets E005002", async () => {
    await a.gw.createUser("admin2", PASSWORD, { superUser: true });
    const ust = await loginAs(a, "admin2");
    await setUser(a.gw, "admin2", { is_locked: true });
    expectFailure(await search({}, ust), "E005002");
  });

  it("shows an expired password as E005001, or as E003004 when [password] inform_if_expired is true", async () => {
    for (const inform of [false, true]) {
      const b = await startGateway({ password: { inform_if_expired: inform } });
      try {
        await b.createUser("boss", PASSWORD, { superUser: true });
        const ust = await b.login("boss", PASSWORD);
        await setUser(b, "boss", { password_expiry: new Date(Date.now() - 60_000) });
        expectFailure(await send(b, "GET", "/zato/sso/user/search", { ust, current_app: APP }), inform ? "E003004" : "E005001");
      } finally {
        await b.close();
      }
    }
  });

  it("shows an unconfirmed super-user E005003", async () => {
    await a.gw.createUser("admin3", PASSWORD, { superUser: true });
    const ust = await loginAs(a, "admin3");
    await setUser(a.gw, "admin3", { sign_up_status: "before_confirmation" });
    expectFailure(await search({}, ust), "E005003");
  });

  it("checks the UST before the criteria: an invalid UST with an empty name is E005001", async () => {
    expectFailure(await search({ display_name: "" }, "zust-nothing"), "E005001");
  });

  it("reports a value that cannot be converted before the UST", async () => {
    expectFailure(await search({ cur_page: "abc" }, "zust-nothing"), "E008002");
  });

  it("answers the current_app pre-check with HTTP 200", async () => {
    expectFailure(await send(a.gw, "GET", "/zato/sso/user/search", { ust: a.adminUst, current_app: "Nope" }), "E004001", 200);
  });

  it("takes the UST and current_app from the headers when the parameters are absent", async () => {
    const r = await send(
      a.gw,
      "GET",
      "/zato/sso/user/search",
      { username: "anna" },
      { "X-Zato-SSO-UST": a.adminUst, "X-Zato-SSO-Current-App": APP },
    );
    expect(usernames(r)).toEqual(["anna"]);
  });
});

describe("search: audit", () => {
  it("wrote no secret in any audit record", async () => {
    await expectNoSecretsInAudit(a.gw, [...a.secrets, "Anna.Smith@Example.com", "emile@example.org"]);
  });
});
