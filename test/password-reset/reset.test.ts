import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deleteExpired } from "../../src/core/cleanup.js";
import { type AdminGateway, auditRow, expectNoSecretsInAudit, send, startAdmin } from "../support/admin.js";
import { freshDatabase } from "../support/database.js";
import { expectFailure, expectOk, PASSWORD } from "../support/fixtures.js";
import { APP, type ConfigOverrides, MINUTE, startGateway, type TestGateway } from "../support/gateway.js";

// Password reset (docs/rules.md, "Password reset"): a token sent by email, accessed once for a
// reset key, used once with that key to set a new password; the same answer for everyone; limits
// shared through the database.

const OUTBOX = { main: { email_service: "outbox:outbox" } };
const FAST: ConfigOverrides = { ...OUTBOX, password_reset: { min_answer_time: 0 } };
const RESET = "/zato/sso/password/reset";
const NEW_PASSWORD = "Fresh-harbor-lamp-29";

let a: AdminGateway;
let gw: TestGateway;
beforeAll(async () => {
  a = await startAdmin(FAST);
  gw = a.gw;
});
afterAll(() => gw.close());

interface OutboxMessage {
  kind: string;
  token: string;
  user: { username: string; email: string };
  message: { to: string; subject: string; body: string; is_html: boolean };
}

const outboxDir = (g: TestGateway) => path.join(g.config.configDir, "outbox");
function outbox(g: TestGateway = gw): OutboxMessage[] {
  try {
    return readdirSync(outboxDir(g)).map((file) => JSON.parse(readFileSync(path.join(outboxDir(g), file), "utf8")));
  } catch {
    return [];
  }
}
beforeEach(() => rmSync(outboxDir(gw), { recursive: true, force: true }));

let counter = 0;
/** A new approved user with an email; returns its username. */
async function person(g: TestGateway = gw, email?: string) {
  const username = `reset${++counter}`;
  await g.createUser(username, PASSWORD, { email: email ?? `${username}@example.net` });
  return username;
}

const create = (credential: unknown, g: TestGateway = gw) => send(g, "POST", RESET, { credential, current_app: APP });
const access = (token: unknown) => send(gw, "PATCH", RESET, { token, current_app: APP });
const change = (token: unknown, resetKey: unknown, password: unknown = NEW_PASSWORD) =>
  send(gw, "DELETE", RESET, { token, reset_key: resetKey, password, current_app: APP });
const login = (username: string, password: string) =>
  send(gw, "POST", "/zato/sso/user/login", { username, password, current_app: APP });

/** Requests a token for `username` and returns it, read from the outbox. */
async function tokenFor(username: string): Promise<string> {
  expectOk(await create(username));
  const message = outbox().find((m) => m.user.username === username);
  if (!message) throw new Error(`no message for ${username}`);
  rmSync(outboxDir(gw), { recursive: true, force: true });
  return message.token;
}

async function resetKeyFor(username: string): Promise<{ token: string; resetKey: string }> {
  const token = await tokenFor(username);
  const resetKey = expectOk(await access(token)).reset_key as string;
  return { token, resetKey };
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe("the whole flow", () => {
  it("sends a token by email, answers a reset key once, sets the new password once; sessions stay", async () => {
    const username = await person();
    const session = await gw.login(username, PASSWORD);
    const r = await create(username);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(["cid", "status"]);
    const [message] = outbox();
    expect(message?.kind).toBe("password_reset");
    expect(message?.message.to).toBe(`${username}@example.net`);
    expect(message?.message.is_html).toBe(true);
    const token = message?.token as string;
    expect(token).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    expect(message?.message.body).toContain(`https://example.com/reset-password/${token}`);

    const accessed = expectOk(await access(token));
    expect(Object.keys(accessed).sort()).toEqual(["cid", "reset_key", "status"]);
    const resetKey = accessed.reset_key as string;
    expect(resetKey).toMatch(/^zprtrkey[0-9a-hjkmnp-tv-z]{52}$/);

    expectOk(await change(token, resetKey));
    expectOk(await login(username, NEW_PASSWORD));
    expectFailure(await login(username, PASSWORD), "E005001");
    expectFailure(await change(token, resetKey, "Another-fresh-lamp-30"), "E010001");
    // The session from before the reset still works.
    expectOk(await send(gw, "GET", "/zato/sso/user", { ust: session, current_app: APP }));
    a.secrets.add(token).add(resetKey).add(NEW_PASSWORD);
  });

  it("clears must_change and starts the password's expiry afresh", async () => {
    const username = await person();
    await gw.query(
      "UPDATE sso_user SET password_must_change = true, password_expiry = now() - interval '1 day' WHERE username = $1",
      [username],
    );
    const { token, resetKey } = await resetKeyFor(username);
    expectOk(await change(token, resetKey));
    const [row] = await gw.query<{ password_must_change: boolean; days: number }>(
      `SELECT password_must_change, extract(day from password_expiry - now())::int AS days FROM sso_user WHERE username = $1`,
      [username],
    );
    expect(row?.password_must_change).toBe(false);
    expect(row?.days).toBeGreaterThanOrEqual(gw.config.password.expiry - 1);
  });

  it("stores only hashes of the token and the reset key, and records each step's context", async () => {
    const username = await person();
    const { token, resetKey } = await resetKeyFor(username);
    const rows = await gw.query<Record<string, unknown>>(
      `SELECT p.* FROM sso_password_reset p JOIN sso_user u ON u.id = p.user_id WHERE u.username = $1`,
      [username],
    );
    expect(rows).toHaveLength(1);
    const row = rows[0] as Record<string, unknown>;
    expect(row.token_hash).toBe(sha256(token));
    expect(row.reset_key_hash).toBe(sha256(resetKey));
    expect(row.type_).toBe("prt");
    expect(row.has_been_accessed).toBe(true);
    expect(row.creation_ctx).toMatchObject({ remote_addr: ["127.0.0.1"], current_app: APP });
    expect(row.access_ctx).toMatchObject({ remote_addr: ["127.0.0.1"], current_app: APP });
    const text = JSON.stringify(rows);
    expect(text).not.toContain(token);
    expect(text).not.toContain(resetKey);
  });
});

describe("creating a token: the same answer whoever the credential names", () => {
  it("an unknown user, an empty credential, an unapproved user: ok, and nothing made or sent", async () => {
    const pending = await person();
    await gw.query("UPDATE sso_user SET approval_status = 'before_decision' WHERE username = $1", [pending]);
    const before = await gw.query("SELECT count(*)::int AS n FROM sso_password_reset");
    for (const credential of ["nobody-here", "", pending]) {
      const r = await create(credential);
      expect(r.status).toBe(200);
      expect(Object.keys(r.body).sort()).toEqual(["cid", "status"]);
      expect(r.body.status).toBe("ok");
    }
    expect(await gw.query("SELECT count(*)::int AS n FROM sso_password_reset")).toEqual(before);
    expect(outbox()).toEqual([]);
  });

  it("a user without an email gets a token but no message", async () => {
    const username = `noemail${++counter}`;
    await gw.createUser(username, PASSWORD);
    expectOk(await create(username));
    expect(outbox()).toEqual([]);
    const rows = await gw.query("SELECT 1 FROM sso_password_reset p JOIN sso_user u ON u.id = p.user_id WHERE u.username = $1", [
      username,
    ]);
    expect(rows).toHaveLength(1);
  });

  it("is audited with whether a user matched; the credential of an unknown user is not recorded", async () => {
    const username = await person();
    const known = await create(username);
    const unknown = await create("someone@example.org");
    expect(await auditRow(gw, known)).toMatchObject({
      op: "password_reset.create_token",
      outcome: "ok",
      target_username: username,
      details: { found: true },
    });
    const row = await auditRow(gw, unknown);
    expect(row).toMatchObject({
      op: "password_reset.create_token",
      outcome: "ok",
      target_username: null,
      details: { found: false },
    });
    expect(JSON.stringify(row)).not.toContain("someone@example.org");
  });

  it("fails only the current_app pre-check", async () => {
    const r = await send(gw, "POST", RESET, { credential: "x", current_app: "Nope" });
    expectFailure(r, "E004001", 200);
  });
});

describe("finding the user", () => {
  it("by email, or by username or email, as [password_reset] user_search_by says", async () => {
    for (const by of ["email", "username_or_email"] as const) {
      const g = await startGateway({ ...FAST, password_reset: { min_answer_time: 0, user_search_by: by } });
      try {
        const username = await person(g, `Mixed.${by}@Example.NET`);
        expectOk(await create(`  mixed.${by}@example.net `, g));
        expect(outbox(g).map((m) => m.user.username)).toEqual([username]);
        expectOk(await create(username, g));
        expect(outbox(g)).toHaveLength(by === "email" ? 1 : 2);
      } finally {
        await g.close();
      }
    }
  });

  it("by username or email: an account named after someone's email does not take that person's reset", async () => {
    const g = await startGateway({ ...FAST, password_reset: { min_answer_time: 0, user_search_by: "username_or_email" } });
    try {
      const victim = await person(g, "victim@example.net");
      await g.createUser("victim@example.net", PASSWORD, { email: "squatter@example.org" });
      const r = await create("victim@example.net", g);
      expectOk(r);
      const sent = outbox(g).map((m) => [m.user.username, m.message.to]);
      expect(sent.sort()).toEqual([
        [victim, "victim@example.net"],
        ["victim@example.net", "squatter@example.org"],
      ]);
      const [squatter] = await g.query<{ user_id: string }>("SELECT user_id FROM sso_user WHERE username = $1", [
        "victim@example.net",
      ]);
      const [owner] = await g.query<{ user_id: string }>("SELECT user_id FROM sso_user WHERE username = $1", [victim]);
      const record = await auditRow(g, r);
      expect({ target: record.target_user_id, details: record.details }).toEqual({
        target: squatter?.user_id,
        details: { found: true, also_user_id: owner?.user_id },
      });
    } finally {
      await g.close();
    }
  });

  it("by username only, by default: an email finds nobody", async () => {
    await person(gw, "only-by-name@example.net");
    expectOk(await create("only-by-name@example.net"));
    expect(outbox()).toEqual([]);
  });
});

describe("accessing a token", () => {
  it("once: a second access, an unknown, empty or missing token is E010001", async () => {
    const username = await person();
    const token = await tokenFor(username);
    expectOk(await access(token));
    expectFailure(await access(token), "E010001");
    expectFailure(await access("0".repeat(26)), "E010001");
    expectFailure(await access(""), "E010001");
    expectFailure(await send(gw, "PATCH", RESET, { current_app: APP }), "E010001");
  });

  it("not once it has expired", async () => {
    const username = await person();
    const token = await tokenFor(username);
    gw.clock.advance(gw.config.password_reset.valid_for * MINUTE);
    try {
      expectFailure(await access(token), "E010001");
    } finally {
      gw.clock.advance(-gw.config.password_reset.valid_for * MINUTE);
    }
  });

  it("not while its user fails a user check, which leaves the token unaccessed", async () => {
    const username = await person();
    const token = await tokenFor(username);
    await gw.query("UPDATE sso_user SET is_locked = true WHERE username = $1", [username]);
    expectFailure(await access(token), "E005002");
    await gw.query("UPDATE sso_user SET is_locked = false WHERE username = $1", [username]);
    expectOk(await access(token));
  });
});

describe("changing the password", () => {
  it("needs the token's own reset key, after access", async () => {
    const one = await resetKeyFor(await person());
    const other = await resetKeyFor(await person());
    const fresh = await tokenFor(await person());
    expectFailure(await change(one.token, other.resetKey), "E010001");
    expectFailure(await change(one.token, `zprtrkey${"0".repeat(52)}`), "E010001");
    expectFailure(await change(fresh, one.resetKey), "E010001");
    expectFailure(await change(one.token, ""), "E010001");
    expectFailure(await send(gw, "DELETE", RESET, { token: one.token, password: NEW_PASSWORD, current_app: APP }), "E010001");
    expectOk(await change(one.token, one.resetKey));
  });

  it("not after the reset key's lifetime, nor after the token's", async () => {
    const duration = gw.config.password_reset.password_change_session_duration * 1000;
    const { token, resetKey } = await resetKeyFor(await person());
    gw.clock.advance(duration);
    try {
      expectFailure(await change(token, resetKey), "E010001");
    } finally {
      gw.clock.advance(-duration);
    }
    // Accessed a second before the token expires: the key lives no longer than the token.
    const username = await person();
    const late = await tokenFor(username);
    const validFor = gw.config.password_reset.valid_for * MINUTE;
    gw.clock.advance(validFor - 1000);
    try {
      const key = expectOk(await access(late)).reset_key as string;
      gw.clock.advance(1000);
      expectFailure(await change(late, key), "E010001");
    } finally {
      gw.clock.advance(-validFor);
    }
  });

  it("applies the password policy, and a refused password leaves the token usable", async () => {
    const username = await person();
    const { token, resetKey } = await resetKeyFor(username);
    expectFailure(await change(token, resetKey, "short"), "E003002");
    expectFailure(await change(token, resetKey, "x".repeat(300)), "E003003");
    expectOk(await change(token, resetKey));
    expectOk(await login(username, NEW_PASSWORD));
  });

  it("not while its user is locked", async () => {
    const username = await person();
    const { token, resetKey } = await resetKeyFor(username);
    await gw.query("UPDATE sso_user SET is_locked = true WHERE username = $1", [username]);
    expectFailure(await change(token, resetKey), "E005002");
    expectFailure(await login(username, NEW_PASSWORD), "E005001");
  });

  it("tokens of one user are independent", async () => {
    const username = await person();
    const first = await resetKeyFor(username);
    const second = await resetKeyFor(username);
    expectOk(await change(first.token, first.resetKey));
    expectOk(await change(second.token, second.resetKey, "Second-fresh-lamp-31"));
    expectOk(await login(username, "Second-fresh-lamp-31"));
  });
});

describe("the cleanup job", () => {
  it("deletes expired tokens and nothing else", async () => {
    const expired = await tokenFor(await person());
    const validFor = gw.config.password_reset.valid_for * MINUTE;
    gw.clock.advance(validFor);
    let live: string;
    try {
      live = await tokenFor(await person());
      const { resets } = await deleteExpired(gw.services);
      expect(resets).toBeGreaterThanOrEqual(1);
      const hashes = (await gw.query<{ token_hash: string }>("SELECT token_hash FROM sso_password_reset")).map(
        (r) => r.token_hash,
      );
      expect(hashes).toContain(sha256(live));
      expect(hashes).not.toContain(sha256(expired));
    } finally {
      gw.clock.advance(-validFor);
    }
  });
});

describe("limits on token requests", () => {
  it("per user: past the limit, ok still, but no token, no message, and the audit record says so", async () => {
    const g = await startGateway({ ...OUTBOX, password_reset: { min_answer_time: 0, max_per_user: 2 } });
    try {
      const username = await person(g);
      for (let i = 0; i < 2; i++) expectOk(await create(username, g));
      const limited = await create(username, g);
      expect(limited.body.status).toBe("ok");
      expect(outbox(g)).toHaveLength(2);
      expect(await auditRow(g, limited)).toMatchObject({ details: { found: true, limited: "user" } });
      const rows = await g.query("SELECT 1 FROM sso_password_reset");
      expect(rows).toHaveLength(2);
      // Another user is not limited by it.
      expectOk(await create(await person(g), g));
      expect(outbox(g)).toHaveLength(3);
    } finally {
      await g.close();
    }
  });

  it("per user from one address: requests from another address still reach the user, up to max_per_user from all", async () => {
    // An anonymous client naming someone must not be able to keep that person's own requests from
    // being answered with a token: each address has its own share of the user's tokens.
    const g = await startGateway({
      ...OUTBOX,
      server: { trusted_proxies: ["127.0.0.1"] },
      password_reset: { min_answer_time: 0, max_per_user_and_address: 2, max_per_user: 5 },
    });
    const from = (address: string, username: string) =>
      send(g, "POST", RESET, { credential: username, current_app: APP }, { "x-forwarded-for": address });
    try {
      const username = await person(g);
      for (let i = 0; i < 4; i++) expectOk(await from("203.0.113.66", username));
      expect(outbox(g)).toHaveLength(2);
      const limited = await from("203.0.113.66", username);
      expect(await auditRow(g, limited)).toMatchObject({ details: { found: true, limited: "user_and_address" } });
      // The owner, from their own address, is sent a token.
      expectOk(await from("198.51.100.7", username));
      expect(outbox(g)).toHaveLength(3);
      // Past max_per_user from all addresses together, nothing more is sent, from anywhere.
      expectOk(await from("198.51.100.8", username));
      expectOk(await from("198.51.100.9", username));
      expect(outbox(g)).toHaveLength(5);
      const capped = await from("198.51.100.10", username);
      expect(outbox(g)).toHaveLength(5);
      expect(await auditRow(g, capped)).toMatchObject({ details: { found: true, limited: "user" } });
    } finally {
      await g.close();
    }
  });

  it("per client address, whoever the requests name", async () => {
    const g = await startGateway({ ...OUTBOX, password_reset: { min_answer_time: 0, max_per_address: 3 } });
    try {
      expectOk(await create("nobody1", g));
      expectOk(await create("nobody2", g));
      expectOk(await create(await person(g), g));
      const limited = await create(await person(g), g);
      expect(limited.body.status).toBe("ok");
      expect(outbox(g)).toHaveLength(1);
      expect(await auditRow(g, limited)).toMatchObject({ details: { limited: "address" } });
    } finally {
      await g.close();
    }
  });

  it("until the window has passed", async () => {
    const g = await startGateway({ ...OUTBOX, password_reset: { min_answer_time: 0, max_per_user: 1, limit_window: 60 } });
    try {
      const username = await person(g);
      expectOk(await create(username, g));
      expectOk(await create(username, g));
      expect(outbox(g)).toHaveLength(1);
      g.clock.advance(61_000);
      expectOk(await create(username, g));
      expect(outbox(g)).toHaveLength(2);
    } finally {
      await g.close();
    }
  });

  it("shared by two gateways on one database", async () => {
    const database = await freshDatabase();
    const overrides = { ...OUTBOX, password_reset: { min_answer_time: 0, max_per_user: 2 } };
    const secretKey = randomBytes(32).toString("base64");
    const one = await startGateway(overrides, { database, secretKey });
    const two = await startGateway(overrides, { database, secretKey });
    try {
      const username = await person(one);
      expectOk(await create(username, one));
      expectOk(await create(username, two));
      expectOk(await create(username, one));
      expectOk(await create(username, two));
      expect(outbox(one).length + outbox(two).length).toBe(2);
      expect(await one.query("SELECT 1 FROM sso_password_reset")).toHaveLength(2);
    } finally {
      await one.close();
      await two.close();
      await database.drop();
    }
  });
});

describe("timing tells nothing", () => {
  it("known and unknown credentials take the same time at the median (within 10 %)", async () => {
    const g = await startGateway({
      ...OUTBOX,
      password_reset: { max_per_user: 1000, max_per_user_and_address: 1000, max_per_address: 1000 },
    });
    try {
      const username = await person(g);
      const time = async (credential: string) => {
        const started = performance.now();
        expectOk(await create(credential, g));
        return performance.now() - started;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 15; i++) {
        known.push(await time(username));
        unknown.push(await time(`nobody-${i}`));
      }
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
      expect(outbox(g)).toHaveLength(15);
      expect(median(known)).toBeGreaterThanOrEqual(g.config.password_reset.min_answer_time);
      expect(Math.abs(median(known) - median(unknown)) / median(unknown)).toBeLessThanOrEqual(0.1);
    } finally {
      await g.close();
    }
  });
});

describe("audit", () => {
  it("no record holds a token, a reset key or a password", async () => {
    const username = await person();
    const { token, resetKey } = await resetKeyFor(username);
    expectOk(await change(token, resetKey, "Audited-fresh-lamp-32"));
    a.secrets.add(token).add(resetKey).add("Audited-fresh-lamp-32");
    await expectNoSecretsInAudit(gw, a.secrets);
  });
});
