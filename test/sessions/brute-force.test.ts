import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { deleteExpired } from "../../src/core/cleanup.js";
import { auditRow } from "../support/admin.js";
import { freshDatabase } from "../support/database.js";
import {
  ADMIN_PASSWORD,
  arrangeUser,
  currentTotp,
  dbMs,
  enableTotp,
  expectFailure,
  expectOk,
  PASSWORD,
} from "../support/fixtures.js";
import { APP, type ConfigOverrides, DAY, MINUTE, startGateway, type TestGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";

// Brute-force defence (docs/rules.md, "Brute-force defence"): failed credential checks counted
// per account and per account and client address in the database, refusals before any argon2
// work, delays that grow and expire; anonymous floods refused per address.

const KEY = "JBSWY3DPEHPK3PXP";
const WRONG = "not-the-password";
/** The tests send forwarded headers as a proxy in front of the gateway would. */
const BEHIND_PROXY: ConfigOverrides = { server: { trusted_proxies: ["127.0.0.1"] } };

const from = (address: string) => ({ "X-Forwarded-For": address });
const loginOn = (g: TestGateway, address: string, fields: Record<string, unknown>) =>
  g.rest("POST", "/zato/sso/user/login", { body: { current_app: APP, ...fields }, headers: from(address) });

/** The refusal in force for a throttle key, in seconds from the gateway's now (undefined: none). */
async function refusalSeconds(g: TestGateway, key: string): Promise<number | undefined> {
  const [row] = await g.query<{ until: string | null }>("SELECT blocked_until::text AS until FROM sso_throttle WHERE key = $1", [
    key,
  ]);
  if (!row?.until) return undefined;
  return Math.round((dbMs(row.until) - g.clock.now().getTime()) / 1000);
}

const failures = async (g: TestGateway, key: string) =>
  (await g.query<{ failures: number }>("SELECT failures FROM sso_throttle WHERE key = $1", [key]))[0]?.failures ?? 0;

/** Counts argon2 verifications (real and dummy) while `work` runs. */
async function verificationsDuring(g: TestGateway, work: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(g.services.passwords, "verify");
  try {
    await work();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway(BEHIND_PROXY);
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
});
afterAll(() => gw.close());

describe("per account and address", () => {
  it("refuses the sixth attempt from an address, even with the right password, unchecked and masked, and audits it as throttled", async () => {
    const username = unique("bf");
    await arrangeUser(gw, username);
    for (let i = 0; i < 5; i++) expectFailure(await loginOn(gw, "198.51.100.1", { username, password: WRONG }), "E005001");

    let refused: Awaited<ReturnType<typeof loginOn>> | undefined;
    const checks = await verificationsDuring(gw, async () => {
      refused = await loginOn(gw, "198.51.100.1", { username, password: PASSWORD });
    });
    expectFailure(refused as never, "E005001");
    expect(checks).toBe(0);
    const row = await auditRow(gw, refused as never);
    expect(row.details).toMatchObject({ throttled: true });
    expect(refused?.headers.get("retry-after")).toBeNull();

    // The owner, from another address, is not held back by the attacker's failures.
    expectOk(await loginOn(gw, "203.0.113.9", { username, password: PASSWORD }));
  });

  it("the delay grows with each further failure, is capped, and ends by itself", async () => {
    const g = await startGateway({ ...BEHIND_PROXY, brute_force: { max_delay: 10 } });
    try {
      const username = unique("bf");
      await arrangeUser(g, username);
      const key = `from:198.51.100.2|${username}`;
      for (let i = 0; i < 5; i++) await loginOn(g, "198.51.100.2", { username, password: WRONG });
      const delays = [await refusalSeconds(g, key)];
      for (let i = 0; i < 4; i++) {
        // Each further failure is only possible once the previous refusal has ended.
        g.clock.advance(((await refusalSeconds(g, key)) ?? 0) * 1000 + 1000);
        expectFailure(await loginOn(g, "198.51.100.2", { username, password: WRONG }), "E005001");
        delays.push(await refusalSeconds(g, key));
      }
      expect(delays).toEqual([2, 4, 8, 10, 10]);

      expectFailure(await loginOn(g, "198.51.100.2", { username, password: PASSWORD }), "E005001");
      g.clock.advance(11_000);
      expectOk(await loginOn(g, "198.51.100.2", { username, password: PASSWORD }));
    } finally {
      await g.close();
    }
  });

  it("a successful login forgets the failures of its account from its address", async () => {
    const username = unique("bf");
    await arrangeUser(gw, username);
    const key = `from:198.51.100.3|${username}`;
    for (let i = 0; i < 4; i++) await loginOn(gw, "198.51.100.3", { username, password: WRONG });
    expect(await failures(gw, key)).toBe(4);
    expectOk(await loginOn(gw, "198.51.100.3", { username, password: PASSWORD }));
    expect(await failures(gw, key)).toBe(0);
    for (let i = 0; i < 4; i++) expectFailure(await loginOn(gw, "198.51.100.3", { username, password: WRONG }), "E005001");
    expectOk(await loginOn(gw, "198.51.100.3", { username, password: PASSWORD }));
  });

  it("failures are forgotten once their window has passed", async () => {
    const username = unique("bf");
    await arrangeUser(gw, username);
    for (let i = 0; i < 4; i++) await loginOn(gw, "198.51.100.4", { username, password: WRONG });
    gw.clock.advance(16 * MINUTE);
    for (let i = 0; i < 4; i++) await loginOn(gw, "198.51.100.4", { username, password: WRONG });
    expectOk(await loginOn(gw, "198.51.100.4", { username, password: PASSWORD }));
  });

  it("unknown usernames are counted like known ones: the same answers, the same password checks", async () => {
    const known = unique("bf");
    await arrangeUser(gw, known);
    const attempts = async (username: string) => {
      const seen: string[] = [];
      const checks = await verificationsDuring(gw, async () => {
        for (let i = 0; i < 7; i++) {
          const r = await loginOn(gw, "198.51.100.5", { username, password: WRONG });
          seen.push(`${r.status} ${r.body.sub_status}`);
        }
      });
      return { seen, checks };
    };
    const unknown = await attempts(unique("nobody"));
    expect(unknown).toEqual(await attempts(known));
    expect(unknown.checks).toBe(5);
  });

  it("a username longer than any account's is counted under its digest, refused like any other", async () => {
    const username = "u".repeat(300_000);
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) seen.push((await loginOn(gw, "198.51.100.7", { username, password: WRONG })).status);
    expect(seen).toEqual([403, 403, 403, 403, 403, 403]);
    const [row] = await gw.query<{ key: string; failures: number }>(
      "SELECT key, failures FROM sso_throttle WHERE key LIKE 'from:198.51.100.7|#sha256:%'",
    );
    expect(row?.failures).toBe(5);
    expect(row?.key.length).toBeLessThan(100);
  });

  it("a refusal is answered only after [brute_force] refusal_delay, while other clients are served", async () => {
    const g = await startGateway({ ...BEHIND_PROXY, brute_force: { refusal_delay: 1 } });
    try {
      const username = unique("bf");
      await arrangeUser(g, username);
      for (let i = 0; i < 5; i++) await loginOn(g, "198.51.100.8", { username, password: WRONG });
      const started = Date.now();
      let refusedAfter = 0;
      const refused = loginOn(g, "198.51.100.8", { username, password: PASSWORD }).then((r) => {
        refusedAfter = Date.now() - started;
        return r;
      });
      expectOk(await loginOn(g, "203.0.113.8", { username, password: PASSWORD }));
      expect(refusedAfter).toBe(0);
      expectFailure(await refused, "E005001");
      expect(refusedAfter).toBeGreaterThanOrEqual(1000);
    } finally {
      await g.close();
    }
  });

  it("concurrent attempts cannot pass the threshold together: 30 at once, 5 checked", async () => {
    // A queue long enough for all 30 to reach argon2 if they were let through.
    const g = await startGateway({ ...BEHIND_PROXY, argon2: { max_waiting_per_address: 64 } });
    try {
      const username = unique("bf");
      await arrangeUser(g, username);
      const checks = await verificationsDuring(g, () =>
        Promise.all(
          Array.from({ length: 30 }, () =>
            loginOn(g, "198.51.100.9", { username, password: WRONG }).then((r) => expectFailure(r, "E005001")),
          ),
        ),
      );
      expect(checks).toBe(5);
      expect(await failures(g, `from:198.51.100.9|${username}`)).toBe(5);
    } finally {
      await g.close();
    }
  });

  it("concurrent logins with the right password, more than the threshold at once, all succeed: they wait for room", async () => {
    const g = await startGateway({ ...BEHIND_PROXY, argon2: { max_waiting_per_address: 64 } });
    try {
      const username = unique("bf");
      await arrangeUser(g, username);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => loginOn(g, "198.51.100.10", { username, password: PASSWORD })),
      );
      expect(answers.map((r) => r.body.status)).toEqual(answers.map(() => "ok"));
      expect(await failures(g, `from:198.51.100.10|${username}`)).toBe(0);
    } finally {
      await g.close();
    }
  });

  it("attempts that do not fail are taken back: successes and missing codes never add up to a refusal", async () => {
    const username = unique("bf");
    await arrangeUser(gw, username);
    for (let i = 0; i < 25; i++) expectOk(await loginOn(gw, `198.51.100.${100 + i}`, { username, password: PASSWORD }));
    expect(await failures(gw, `account:${username}`)).toBe(0);
    const totpUser = unique("bf");
    await arrangeUser(gw, totpUser);
    await enableTotp(gw, totpUser, KEY);
    for (let i = 0; i < 25; i++)
      expectFailure(await loginOn(gw, "198.51.100.10", { username: totpUser, password: PASSWORD }), "E005008");
    expect(await failures(gw, `from:198.51.100.10|${totpUser}`)).toBe(0);
    expectOk(await loginOn(gw, "198.51.100.10", { username: totpUser, password: PASSWORD, totp_code: currentTotp(gw, KEY) }));
  });

  it("a check that does not fail leaves the counts as they were: a two-step TOTP login at the threshold's edge", async () => {
    const username = unique("bf");
    await arrangeUser(gw, username);
    await enableTotp(gw, username, KEY);
    for (let i = 0; i < 4; i++) await loginOn(gw, "198.51.100.11", { username, password: WRONG });
    expectFailure(await loginOn(gw, "198.51.100.11", { username, password: PASSWORD }), "E005008");
    expectOk(await loginOn(gw, "198.51.100.11", { username, password: PASSWORD, totp_code: currentTotp(gw, KEY) }));
  });

  it("a username holding '|' and an address names no other key", async () => {
    const username = unique("bf");
    await arrangeUser(gw, username);
    for (let i = 0; i < 8; i++) {
      await loginOn(gw, `198.51.100.${30 + i}`, { username: `${username}|198.51.100.12`, password: WRONG });
    }
    expectOk(await loginOn(gw, "198.51.100.12", { username, password: PASSWORD }));
  });

  it("a count far past the threshold still answers, with the longest delay", async () => {
    const username = unique("bf");
    await arrangeUser(gw, username);
    const key = `from:198.51.100.13|${username}`;
    await gw.query("INSERT INTO sso_throttle (key, failures, window_start) VALUES ($1, 5000, $2)", [key, gw.clock.now()]);
    expectFailure(await loginOn(gw, "198.51.100.13", { username, password: WRONG }), "E005001");
    expect(await refusalSeconds(gw, key)).toBe(900);
  });

  it("the cleanup job keeps an address known to its account's owner until that ends", async () => {
    const username = unique("bf");
    await arrangeUser(gw, username);
    expectOk(await loginOn(gw, "198.51.100.14", { username, password: PASSWORD }));
    const known = async () =>
      (await gw.query("SELECT 1 FROM sso_throttle WHERE key = $1", [`from:198.51.100.14|${username}`])).length;
    gw.clock.advance(16 * MINUTE);
    await deleteExpired(gw.services);
    expect(await known()).toBe(1);
    gw.clock.advance(31 * DAY);
    await deleteExpired(gw.services);
    expect(await known()).toBe(0);
  });

  it("the cleanup job deletes counts whose window and refusal have ended", async () => {
    const username = unique("bf");
    for (let i = 0; i < 6; i++) await loginOn(gw, "198.51.100.6", { username, password: WRONG });
    const key = `from:198.51.100.6|${username}`;
    expect(await failures(gw, key)).toBe(5);
    await deleteExpired(gw.services);
    expect(await failures(gw, key)).toBe(5);
    gw.clock.advance(16 * MINUTE);
    await deleteExpired(gw.services);
    expect(await failures(gw, key)).toBe(0);
  });
});

describe("per account, from every address", () => {
  it("past account_threshold every address is refused, for account_max_delay at most, far less than the attacker's", async () => {
    // A window long enough for the whole attack, whose waits add up to more than the default one.
    const g = await startGateway({ ...BEHIND_PROXY, brute_force: { account_threshold: 8, window: 86_400 } });
    try {
      const username = unique("bf");
      await arrangeUser(g, username);
      const attacker = `from:192.0.2.1|${username}`;
      const account = `account:${username}`;
      // A distributed guess: two failures from each of four addresses.
      for (const address of ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"]) {
        for (let i = 0; i < 2; i++) await loginOn(g, address, { username, password: WRONG });
      }
      expect(await refusalSeconds(g, account)).toBe(2);
      // The owner, from an address that never failed, waits out the account's refusal.
      expectFailure(await loginOn(g, "203.0.113.50", { username, password: PASSWORD }), "E005001");
      g.clock.advance(3000);
      expectOk(await loginOn(g, "203.0.113.50", { username, password: PASSWORD }));

      // One address keeps guessing, each time a refusal ends.
      for (let i = 0; i < 12; i++) {
        const wait = Math.max((await refusalSeconds(g, attacker)) ?? 0, (await refusalSeconds(g, account)) ?? 0);
        g.clock.advance(wait * 1000 + 1000);
        expectFailure(await loginOn(g, "192.0.2.1", { username, password: WRONG }), "E005001");
      }
      expect(await refusalSeconds(g, account)).toBe(30);
      expect(await refusalSeconds(g, attacker)).toBe(900);
      g.clock.advance(31_000);
      expectOk(await loginOn(g, "203.0.113.50", { username, password: PASSWORD }));
      expectFailure(await loginOn(g, "192.0.2.1", { username, password: PASSWORD }), "E005001");
    } finally {
      await g.close();
    }
  });
});

describe("per account, the owner's own logins", () => {
  it("from an address they logged in from, with at most two failures since, are not held back by the account's refusal", async () => {
    const g = await startGateway({ ...BEHIND_PROXY, brute_force: { account_threshold: 3, address_threshold: 100 } });
    try {
      const username = unique("bf");
      await arrangeUser(g, username);
      expectOk(await loginOn(g, "203.0.113.40", { username, password: PASSWORD }));
      expectOk(await loginOn(g, "203.0.113.41", { username, password: PASSWORD }));
      // Guesses from many addresses keep the account refused...
      for (let i = 0; i < 6; i++) await loginOn(g, `192.0.2.${40 + i}`, { username, password: WRONG });
      expectFailure(await loginOn(g, "203.0.113.42", { username, password: PASSWORD }), "E005001");
      // ...but not for the owner where they logged in before,
      expectOk(await loginOn(g, "203.0.113.40", { username, password: PASSWORD }));
      // even after a typo or two there,
      for (let i = 0; i < 2; i++) expectFailure(await loginOn(g, "203.0.113.40", { username, password: WRONG }), "E005001");
      expectOk(await loginOn(g, "203.0.113.40", { username, password: PASSWORD }));
      // unless more guesses failed there since.
      for (let i = 0; i < 3; i++) expectFailure(await loginOn(g, "203.0.113.41", { username, password: WRONG }), "E005001");
      expectFailure(await loginOn(g, "203.0.113.41", { username, password: PASSWORD }), "E005001");
    } finally {
      await g.close();
    }
  });

  it("do not extend a refusal the attacker caused, once it has ended", async () => {
    const g = await startGateway({ ...BEHIND_PROXY, brute_force: { account_threshold: 3, address_threshold: 100 } });
    try {
      const username = unique("bf");
      await arrangeUser(g, username);
      for (let i = 0; i < 3; i++) await loginOn(g, `192.0.2.${20 + i}`, { username, password: WRONG });
      expectFailure(await loginOn(g, "203.0.113.20", { username, password: PASSWORD }), "E005001");
      g.clock.advance(3000);
      expectOk(await loginOn(g, "203.0.113.20", { username, password: PASSWORD }));
      expectOk(await loginOn(g, "203.0.113.21", { username, password: PASSWORD }));
      expect(await failures(g, `account:${username}`)).toBe(3);
    } finally {
      await g.close();
    }
  });
});

describe("[brute_force] inform", () => {
  it("answers a throttled attempt with HTTP 429 and Retry-After on REST, retryAfter on GraphQL", async () => {
    const g = await startGateway({ ...BEHIND_PROXY, brute_force: { inform: true } });
    try {
      const username = unique("bf");
      await arrangeUser(g, username);
      for (let i = 0; i < 5; i++) expectFailure(await loginOn(g, "198.51.100.7", { username, password: WRONG }), "E005001");
      const r = await loginOn(g, "198.51.100.7", { username, password: PASSWORD });
      expect(r.status).toBe(429);
      expect(r.body).toMatchObject({ status: "error", sub_status: ["E005001"] });
      expect(r.headers.get("retry-after")).toBe("2");

      const q = await g.graphql(
        `mutation($u: String!, $p: String!) { login(username: $u, password: $p, currentApp: "${APP}") {
           __typename ... on SsoError { subStatus retryAfter } } }`,
        { u: username, p: PASSWORD },
        from("198.51.100.7"),
      );
      expect(q.status).toBe(200);
      expect(q.body.data).toEqual({ login: { __typename: "SsoError", subStatus: ["E005001"], retryAfter: 2 } });
    } finally {
      await g.close();
    }
  });
});

describe("[brute_force] enabled = false", () => {
  it("counts nothing and refuses nothing", async () => {
    const g = await startGateway({ ...BEHIND_PROXY, brute_force: { enabled: false } });
    try {
      const username = unique("bf");
      await arrangeUser(g, username);
      for (let i = 0; i < 8; i++) await loginOn(g, "198.51.100.8", { username, password: WRONG });
      expectOk(await loginOn(g, "198.51.100.8", { username, password: PASSWORD }));
      expect(await g.query("SELECT * FROM sso_throttle")).toEqual([]);
    } finally {
      await g.close();
    }
  });
});

describe("two gateways on one database", () => {
  it("share the counts: failures on either refuse attempts on both", async () => {
    const database = await freshDatabase();
    const secretKey = randomBytes(32).toString("base64");
    const one = await startGateway(BEHIND_PROXY, { database, secretKey });
    const two = await startGateway(BEHIND_PROXY, { database, secretKey });
    try {
      const username = unique("bf");
      await arrangeUser(one, username);
      for (let i = 0; i < 3; i++) expectFailure(await loginOn(one, "198.51.100.9", { username, password: WRONG }), "E005001");
      for (let i = 0; i < 2; i++) expectFailure(await loginOn(two, "198.51.100.9", { username, password: WRONG }), "E005001");
      expectFailure(await loginOn(one, "198.51.100.9", { username, password: PASSWORD }), "E005001");
      expectFailure(await loginOn(two, "198.51.100.9", { username, password: PASSWORD }), "E005001");
      expectOk(await loginOn(two, "198.51.100.10", { username, password: PASSWORD }));
    } finally {
      await one.close();
      await two.close();
      await database.drop();
    }
  });

  it("count concurrent failures atomically", async () => {
    const database = await freshDatabase();
    const secretKey = randomBytes(32).toString("base64");
    // Thresholds and a hashing queue that let all 40 concurrent attempts be checked.
    const overrides = {
      ...BEHIND_PROXY,
      brute_force: { address_threshold: 1000, account_threshold: 1000 },
      argon2: { max_waiting_per_address: 64 },
    };
    const one = await startGateway(overrides, { database, secretKey });
    const two = await startGateway(overrides, { database, secretKey });
    try {
      const username = unique("bf");
      await arrangeUser(one, username);
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => loginOn(i % 2 ? one : two, "198.51.100.11", { username, password: WRONG })),
      );
      expect(await failures(one, `from:198.51.100.11|${username}`)).toBe(40);
      expect(await failures(one, `account:${username}`)).toBe(40);
    } finally {
      await one.close();
      await two.close();
      await database.drop();
    }
  });
});

describe("TOTP codes", () => {
  it("300 wrong codes, then the right one: refused", async () => {
    // Only the per-account counts: the limit on anonymous failures would refuse this flood too.
    const g = await startGateway({ ...BEHIND_PROXY, brute_force: { anonymous_threshold: 10_000 } });
    onTestFinished(() => g.close());
    const username = unique("bf");
    await arrangeUser(g, username);
    await enableTotp(g, username, KEY);
    const right = currentTotp(g, KEY);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    let checks = 0;
    for (let batch = 0; batch < 30; batch++) {
      checks += await verificationsDuring(g, () =>
        Promise.all(
          Array.from({ length: 10 }, () =>
            loginOn(g, "198.51.100.12", { username, password: PASSWORD, totp_code: wrong }).then((r) =>
              expectFailure(r, "E005001"),
            ),
          ),
        ),
      );
    }
    // Concurrent attempts may each pass the check before the count catches up, but only a few.
    expect(checks).toBeLessThan(30);
    expectFailure(await loginOn(g, "198.51.100.12", { username, password: PASSWORD, totp_code: right }), "E005001");
  });

  it("with allow_code_reuse true (the default), one code logs in twice within its step", async () => {
    const username = unique("bf");
    await arrangeUser(gw, username);
    await enableTotp(gw, username, KEY);
    const code = currentTotp(gw, KEY);
    expectOk(await loginOn(gw, "198.51.100.13", { username, password: PASSWORD, totp_code: code }));
    expectOk(await loginOn(gw, "198.51.100.13", { username, password: PASSWORD, totp_code: code }));
  });

  it("with allow_code_reuse false, a code accepted once is refused to a second login, even a racing one", async () => {
    const g = await startGateway({ ...BEHIND_PROXY, totp: { allow_code_reuse: false } });
    try {
      const username = unique("bf");
      await arrangeUser(g, username);
      await enableTotp(g, username, KEY);
      const code = currentTotp(g, KEY);
      expectOk(await loginOn(g, "198.51.100.14", { username, password: PASSWORD, totp_code: code }));
      expectFailure(await loginOn(g, "198.51.100.14", { username, password: PASSWORD, totp_code: code }), "E005001");

      g.clock.advance(30_000);
      const next = currentTotp(g, KEY);
      const racing = await Promise.all(
        Array.from({ length: 4 }, () => loginOn(g, "198.51.100.15", { username, password: PASSWORD, totp_code: next })),
      );
      expect(racing.filter((r) => r.body.status === "ok")).toHaveLength(1);
    } finally {
      await g.close();
    }
  });
});

describe("TOTP codes, a login that fails after them", () => {
  it("with allow_code_reuse false, a login refused by a later step (the password must change) leaves the code for the login that follows", async () => {
    const g = await startGateway({ ...BEHIND_PROXY, totp: { allow_code_reuse: false } });
    try {
      const username = unique("bf");
      await arrangeUser(g, username);
      await enableTotp(g, username, KEY);
      await g.query("UPDATE sso_user SET password_must_change = true WHERE username = $1", [username]);
      const code = currentTotp(g, KEY);
      const first = { username, password: PASSWORD, totp_code: code };
      expectFailure(await loginOn(g, "198.51.100.18", first), "E003007");
      expectOk(await loginOn(g, "198.51.100.18", { ...first, new_password: "Changed-by-login-42" }));
      // Accepted once, by the login that succeeded: refused to the next.
      expectFailure(await loginOn(g, "198.51.100.18", { username, password: "Changed-by-login-42", totp_code: code }), "E005001");
    } finally {
      await g.close();
    }
  });
});

describe("TOTP codes, within a window", () => {
  it("with allow_code_reuse false, the code of an earlier step is refused once a later one was accepted", async () => {
    const g = await startGateway({ ...BEHIND_PROXY, totp: { allow_code_reuse: false, window: 1 } });
    try {
      const username = unique("bf");
      await arrangeUser(g, username);
      await enableTotp(g, username, KEY);
      const earlier = currentTotp(g, KEY);
      g.clock.advance(30_000);
      const later = currentTotp(g, KEY);
      expectOk(await loginOn(g, "198.51.100.17", { username, password: PASSWORD, totp_code: later }));
      expectFailure(await loginOn(g, "198.51.100.17", { username, password: PASSWORD, totp_code: earlier }), "E005001");
    } finally {
      await g.close();
    }
  });
});

describe("the old password of a password change", () => {
  it("100 wrong old passwords through one stolen session, then the right one: refused, the password unchanged", async () => {
    const username = unique("bf");
    await arrangeUser(gw, username);
    const ust = await gw.login(username, PASSWORD);
    const change = (old: string) =>
      gw.rest("PATCH", "/zato/sso/user/password", {
        body: { ust, current_app: APP, old_password: old, new_password: "Brand-new-pass-9921" },
        headers: from("198.51.100.16"),
      });
    const checks = await verificationsDuring(gw, async () => {
      for (let i = 0; i < 100; i++) expectFailure(await change(`${WRONG}-${i}`), "E005001");
    });
    expect(checks).toBeLessThan(20);
    const r = await change(PASSWORD);
    expectFailure(r, "E005001");
    expect((await auditRow(gw, r)).details).toMatchObject({ throttled: true });
    expectOk(await loginOn(gw, "203.0.113.16", { username, password: PASSWORD }));
  });
});
