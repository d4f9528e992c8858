import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_PASSWORD,
  auditLines,
  CID,
  expectFailure,
  expectOk,
  expectPlainError,
  PASSWORD,
  raw,
  sessionsOf,
  userRow,
} from "../support/fixtures.js";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";
import { expectUnchanged } from "../support/state.js";

// docs/rest.md, "Conventions": one test per rule.

let gw: TestGateway;
let adminUst: string;
let userUst: string;
let userId: string;

beforeAll(async () => {
  gw = await startGateway();
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  userId = await gw.createUser("user1", PASSWORD);
  adminUst = await gw.login("admin1", ADMIN_PASSWORD);
  userUst = await gw.login("user1", PASSWORD);
});
afterAll(() => gw.close());

const json = (value: unknown) => JSON.stringify(value);

describe("where parameters come from", () => {
  it("merges the query string and the JSON body", async () => {
    const r = await gw.rest("GET", "/zato/sso/user", { query: { ust: userUst } });
    expect(r.status).toBe(400);
    const merged = await raw(gw, "GET", `/zato/sso/user?ust=${userUst}`, json({ current_app: APP }));
    expect(expectOk(merged).username).toBe("user1");
  });

  it("lets the query string win when a key is in both", async () => {
    const queryWins = await raw(gw, "GET", `/zato/sso/user?ust=${userUst}&current_app=${APP}`, json({ current_app: "Nope" }));
    expect(expectOk(queryWins).username).toBe("user1");
    const bodyLoses = await raw(gw, "GET", `/zato/sso/user?ust=${userUst}&current_app=Nope`, json({ current_app: APP }));
    expectFailure(bodyLoses, "E004001", 200);
  });

  it("reads a JSON body on GET without any Content-Type", async () => {
    const r = await raw(gw, "GET", "/zato/sso/user", json({ ust: userUst, current_app: APP }));
    expect(expectOk(r).username).toBe("user1");
  });

  it("reads the body as JSON whatever the Content-Type says", async () => {
    const r = await raw(gw, "POST", "/zato/sso/user/login", json({ username: "user1", password: PASSWORD, current_app: APP }), {
      "content-type": "text/plain",
    });
    expect(expectOk(r).ust).toMatch(/^zust/);
    const form = await raw(
      gw,
      "POST",
      "/zato/sso/user/login",
      json({ username: "user1", password: PASSWORD, current_app: APP }),
      {
        "content-type": "application/x-www-form-urlencoded",
      },
    );
    expect(expectOk(form).ust).toMatch(/^zust/);
  });

  it("answers a method the path lacks with 405 even when it carries a JSON body", async () => {
    const r = await raw(gw, "DELETE", "/zato/sso/user/session", json({ current_app: APP }));
    expectPlainError(r, 405, "Method not allowed");
  });

  it("treats an empty or blank body as no body parameters", async () => {
    const empty = await raw(gw, "GET", `/zato/sso/user?ust=${userUst}&current_app=${APP}`, "");
    expect(expectOk(empty).username).toBe("user1");
    const blank = await raw(gw, "GET", `/zato/sso/user?ust=${userUst}&current_app=${APP}`, "  \n ");
    expect(expectOk(blank).username).toBe("user1");
  });

  it("answers 400 Bad request to a body that is not valid JSON", async () => {
    await expectUnchanged(gw, async () => {
      const r = await raw(gw, "POST", "/zato/sso/user/login", '{"username": "user1", "password": ');
      expectPlainError(r, 400, "Bad request");
    });
  });

  it.each([
    ["an array", json([{ username: "user1", password: PASSWORD, current_app: APP }])],
    ["a string", json("username=user1")],
    ["a number", "42"],
    ["null", "null"],
    ["true", "true"],
  ])("answers 400 Bad request to a JSON body that is %s, not an object", async (_, body) => {
    await expectUnchanged(gw, async () => {
      const r = await raw(gw, "POST", "/zato/sso/user/login", body);
      expectPlainError(r, 400, "Bad request");
    });
  });

  it("answers 400 to a required key that is absent, and does nothing else", async () => {
    const sessions = (await sessionsOf(gw, "user1")).length;
    const audited = auditLines(gw).length;
    const r = await gw.rest("POST", "/zato/sso/user/login", { body: { username: "user1", current_app: APP } });
    expectPlainError(r, 400, "Bad request");
    expect((await sessionsOf(gw, "user1")).length).toBe(sessions);
    expect(auditLines(gw).length).toBe(audited);
  });

  it("passes a required key sent as null on to the rules it breaks (not a 400)", async () => {
    const r = await gw.rest("POST", "/zato/sso/user/login", { body: { username: null, password: PASSWORD, current_app: APP } });
    expectFailure(r, "E005001");
  });

  it("passes a required key sent as an empty string on to the rules it breaks (not a 400)", async () => {
    const r = await gw.rest("POST", "/zato/sso/user/login", { body: { username: "user1", password: "", current_app: APP } });
    expectFailure(r, "E005001");
  });

  it("accepts the documented spellings of booleans from the body and the query string", async () => {
    const spellings: [unknown, boolean][] = [
      [true, true],
      ["yes", true],
      ["ON", true],
      ["y", true],
      ["T", true],
      ["1", true],
      [false, false],
      ["no", false],
      ["Off", false],
      ["n", false],
      ["f", false],
      ["0", false],
    ];
    for (const [i, [value, expected]] of spellings.entries()) {
      const r = await gw.rest("POST", "/zato/sso/user", {
        body: { ust: adminUst, current_app: APP, username: `bool${i}`, is_locked: value },
      });
      expect(expectOk(r).is_locked, `is_locked ${JSON.stringify(value)}`).toBe(expected);
    }
    const fromQuery = await gw.rest("POST", "/zato/sso/user", {
      query: { is_locked: "true", password_must_change: "FALSE" },
      body: { ust: adminUst, current_app: APP, username: "boolq" },
    });
    expect(expectOk(fromQuery)).toMatchObject({ is_locked: true, password_must_change: false });
  });

  it("takes JSON numbers and booleans sent for strings as their JSON text", async () => {
    const r = await gw.rest("POST", "/zato/sso/user", {
      body: { ust: adminUst, current_app: APP, username: 1234, first_name: 42, last_name: true, middle_name: 1.5 },
    });
    expect(expectOk(r)).toMatchObject({ username: "1234", first_name: "42", last_name: "true", middle_name: "1.5" });
  });

  it("fails a JSON number too large to have a JSON text (1e400) sent for a string with E008002", async () => {
    await expectUnchanged(gw, async () => {
      const body = `{"ust": "${adminUst}", "current_app": "${APP}", "username": "big1", "first_name": 1e400}`;
      expectFailure(await raw(gw, "POST", "/zato/sso/user", body), "E008002");
    });
  });

  it("fails a value that cannot be converted with E008002, after the current_app pre-check", async () => {
    await expectUnchanged(gw, async () => {
      const bad = await gw.rest("POST", "/zato/sso/user", {
        body: { ust: adminUst, current_app: APP, username: "maybe1", is_locked: "maybe" },
      });
      expectFailure(bad, "E008002");
      const precheckFirst = await gw.rest("POST", "/zato/sso/user", {
        body: { ust: adminUst, current_app: "Nope", username: "maybe1", is_locked: "maybe" },
      });
      expectFailure(precheckFirst, "E004001", 200);
    });
  });

  it("reports E008002 before any other rule of the call (here, before the invalid UST)", async () => {
    const r = await gw.rest("POST", "/zato/sso/user", {
      body: { ust: "zust-not-a-session", current_app: APP, username: "maybe2", is_totp_enabled: { yes: true } },
    });
    expectFailure(r, "E008002");
  });

  it.each([
    ["POST", "/zato/sso/user/lock"],
    ["DELETE", "/zato/sso/user/lock"],
    ["POST", "/zato/sso/user/approve"],
    ["POST", "/zato/sso/user/reject"],
    ["POST", "/zato/sso/user/signup/approve"],
    ["POST", "/zato/sso/user/signup/reject"],
  ] as const)(
    "treats an empty user_id as absent where it is required: %s %s answers 400 and does nothing",
    async (method, path) => {
      const audited = auditLines(gw).length;
      await expectUnchanged(gw, async () => {
        const inBody = await gw.rest(method, path, { body: { ust: adminUst, current_app: APP, user_id: "" } });
        expectPlainError(inBody, 400, "Bad request");
        // The query string wins: its empty user_id hides the body's.
        const inQuery = await raw(gw, method, `${path}?user_id=`, json({ ust: adminUst, current_app: APP, user_id: userId }));
        expectPlainError(inQuery, 400, "Bad request");
      });
      expect(auditLines(gw).length).toBe(audited);
      // Sent as null, it is present: it names no user, and that changes nothing.
      expectOk(await gw.rest(method, path, { body: { ust: adminUst, current_app: APP, user_id: null } }));
    },
  );

  it("treats an empty user_id as absent", async () => {
    const r = await gw.rest("GET", "/zato/sso/user", { query: { ust: userUst, current_app: APP, user_id: "" } });
    expect(expectOk(r)).toEqual({
      cid: r.body.cid,
      status: "ok",
      username: "user1",
      email: null,
      display_name: "",
      first_name: null,
      middle_name: null,
      last_name: null,
      is_totp_enabled: false,
      totp_label: "",
    });
  });

  it("ignores keys the endpoint does not define", async () => {
    const r = await gw.rest("POST", "/zato/sso/user", {
      body: { ust: adminUst, current_app: APP, username: "extra1", is_approved: false, is_super_user: true, user_id: "zusrx" },
    });
    const body = expectOk(r);
    expect(body.is_super_user).toBe(false);
    expect(body.user_id).not.toBe("zusrx");
    expect((await userRow(gw, "extra1")).is_super_user).toBe(false);
  });
});

describe("passing the UST and current_app", () => {
  it("uses X-Zato-SSO-UST when ust is absent", async () => {
    const r = await gw.rest("GET", "/zato/sso/user", { query: { current_app: APP }, headers: { "X-Zato-SSO-UST": userUst } });
    expect(expectOk(r).username).toBe("user1");
  });

  it("prefers the ust parameter to the X-Zato-SSO-UST header", async () => {
    const r = await gw.rest("GET", "/zato/sso/user", {
      query: { current_app: APP, ust: userUst },
      headers: { "X-Zato-SSO-UST": adminUst },
    });
    expect(expectOk(r).username).toBe("user1");
    const invalidParam = await gw.rest("GET", "/zato/sso/user", {
      query: { current_app: APP, ust: "zust-forged" },
      headers: { "X-Zato-SSO-UST": adminUst },
    });
    expectFailure(invalidParam, "E007001");
  });

  it("does not fall back to X-Zato-SSO-UST when ust is sent as null (null is present, not absent)", async () => {
    const r = await raw(gw, "GET", "/zato/sso/user", json({ current_app: APP, ust: null }), { "X-Zato-SSO-UST": adminUst });
    expectFailure(r, "E007001");
  });

  it("uses X-Zato-SSO-Current-App when current_app is absent", async () => {
    const r = await gw.rest("GET", "/zato/sso/user", { query: { ust: userUst }, headers: { "X-Zato-SSO-Current-App": APP } });
    expect(expectOk(r).username).toBe("user1");
  });

  it("reads current_app from the header named by [apps] http_header", async () => {
    const custom = await startGateway({ apps: { http_header: "X-My-App" } });
    try {
      await custom.createUser("user1", PASSWORD);
      const ust = await custom.login("user1", PASSWORD);
      const r = await custom.rest("GET", "/zato/sso/user", { query: { ust }, headers: { "X-My-App": APP } });
      expect(expectOk(r).username).toBe("user1");
      const standard = await custom.rest("GET", "/zato/sso/user", { query: { ust }, headers: { "X-Zato-SSO-Current-App": APP } });
      expect(standard.status).toBe(400);
    } finally {
      await custom.close();
    }
  });

  it("prefers the current_app parameter to the X-Zato-SSO-Current-App header", async () => {
    const r = await gw.rest("GET", "/zato/sso/user", {
      query: { ust: userUst, current_app: "Nope" },
      headers: { "X-Zato-SSO-Current-App": APP },
    });
    expectFailure(r, "E004001", 200);
  });

  it("answers the current_app pre-check failure with HTTP 200 and E004001", async () => {
    const r = await gw.rest("GET", "/zato/sso/user", { query: { ust: userUst, current_app: "Unknown" } });
    expectFailure(r, "E004001", 200);
  });

  it("runs the current_app pre-check before the UST is looked at", async () => {
    const r = await gw.rest("GET", "/zato/sso/user", { query: { ust: "zust-forged", current_app: "Unknown" } });
    expectFailure(r, "E004001", 200);
  });

  it("answers E005001 to the pre-check failure when [apps] inform_if_app_invalid is false", async () => {
    const quiet = await startGateway({ apps: { inform_if_app_invalid: false } });
    try {
      const r = await quiet.rest("POST", "/zato/sso/user/login", {
        body: { username: "x", password: "y", current_app: "Unknown" },
      });
      expectFailure(r, "E005001", 200);
    } finally {
      await quiet.close();
    }
  });
});

describe("responses", () => {
  it("carries a new 24-hex cid in the body and in X-Zato-CID, as application/json", async () => {
    const a = await gw.rest("GET", "/zato/sso/user", { query: { ust: userUst, current_app: APP } });
    const b = await gw.rest("GET", "/zato/sso/user", { query: { ust: userUst, current_app: APP } });
    expect(a.body.cid).toMatch(CID);
    expect(a.headers.get("x-zato-cid")).toBe(a.body.cid);
    expect(b.body.cid).not.toBe(a.body.cid);
    expect(a.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("carries the cid in X-Zato-CID on failures too", async () => {
    const r = await gw.rest("GET", "/zato/sso/user", { query: { ust: "zust-forged", current_app: APP } });
    expectFailure(r, "E007001");
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("answers an unknown path with 404 and the text URL not found (CID:<cid>)", async () => {
    const r = await gw.rest("GET", "/zato/sso/no-such-thing", { query: { ust: userUst, current_app: APP } });
    const cid = r.headers.get("x-zato-cid");
    expect(cid).toMatch(CID);
    expect({ status: r.status, text: r.text }).toEqual({ status: 404, text: `URL not found (CID:${cid})` });
  });

  it("matches paths exactly (a prefix of a known path is unknown)", async () => {
    const r = await gw.rest("GET", "/zato/sso/use", { query: { ust: userUst, current_app: APP } });
    expect(r.status).toBe(404);
    const longer = await gw.rest("GET", "/zato/sso/user/x", { query: { ust: userUst, current_app: APP } });
    expect(longer.status).toBe(404);
  });

  it("tolerates a single trailing slash", async () => {
    const r = await gw.rest("GET", "/zato/sso/user/", { query: { ust: userUst, current_app: APP } });
    expect(expectOk(r).username).toBe("user1");
    const two = await gw.rest("GET", "/zato/sso/user//", { query: { ust: userUst, current_app: APP } });
    expect(two.status).toBe(404);
  });

  it("answers a method the path does not support with 405 Method not allowed", async () => {
    const r = await gw.rest("PUT", "/zato/sso/user/login", { body: { username: "user1", password: PASSWORD, current_app: APP } });
    expectPlainError(r, 405, "Method not allowed");
    const get = await gw.rest("GET", "/zato/sso/user/logout", { query: { ust: userUst, current_app: APP } });
    expectPlainError(get, 405, "Method not allowed");
    expect((await gw.rest("GET", "/zato/sso/user", { query: { ust: userUst, current_app: APP } })).status).toBe(200);
  });

  it("refuses a body larger than a megabyte with 413 and changes nothing", async () => {
    await expectUnchanged(gw, async () => {
      const big = json({ ust: adminUst, current_app: APP, username: "huge", first_name: "x".repeat(1_100_000) });
      const r = await gw.rest("POST", "/zato/sso/user", { body: big });
      expectPlainError(r, 413, "Payload too large");
    });
  });

  it("answers an unexpected failure with 500 An error has occurred and no stack trace", async () => {
    const broken = await startGateway();
    try {
      await broken.createUser("user9", PASSWORD);
      const ust = await broken.login("user9", PASSWORD);
      await broken.query("ALTER TABLE sso_session RENAME TO sso_session_gone");
      const r = await broken.rest("GET", "/zato/sso/user", { query: { ust, current_app: APP } });
      expectPlainError(r, 500, "An error has occurred");
      expect(r.text).not.toMatch(/sso_session|at |Error:/);
      expect(broken.logs.some((l) => l.level === "error" && JSON.stringify(l.fields).includes(r.body.cid as string))).toBe(true);
      await broken.query("ALTER TABLE sso_session_gone RENAME TO sso_session");
    } finally {
      await broken.close();
    }
  });

  it("never shows the user_id of the caller to a regular user (not even via the unknown-keys path)", async () => {
    const r = await gw.rest("GET", "/zato/sso/user", { query: { ust: userUst, current_app: APP, is_super_user: "true" } });
    expect(JSON.stringify(expectOk(r))).not.toContain(userId);
  });
});
