import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AdminGateway,
  auditRow,
  auditRows,
  expectNoSecretsInAudit,
  loginAs,
  makeUser,
  send,
  startAdmin,
} from "../support/admin.js";
import { expectFailure, expectOk, expectPlainError, ms, sessionsOf, setUser, userRow } from "../support/fixtures.js";
import { APP } from "../support/gateway.js";
import { unique } from "../support/names.js";
import { expectUnchanged } from "../support/state.js";

// POST /zato/sso/user/approve, /signup/approve, /reject, /signup/reject (docs/rest.md; docs/rules.md, "Approval").

let a: AdminGateway;
let userUst: string;

beforeAll(async () => {
  a = await startAdmin();
  await makeUser(a, { username: "regular" });
  userUst = await loginAs(a, "regular");
});
afterAll(() => a.gw.close());

const APPROVE = ["/zato/sso/user/approve", "/zato/sso/user/signup/approve"];

/** The messages an `outbox:outbox` email_service wrote, oldest first. */
function outbox(b: AdminGateway): { kind: string; cid: string; user: unknown; message: { body: string } }[] {
  const dir = path.join(b.gw.config.configDir, "outbox");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), "utf8")));
}
const REJECT = ["/zato/sso/user/reject", "/zato/sso/user/signup/reject"];

const decide = (path: string, params: Record<string, unknown>, ust = a.adminUst) =>
  send(a.gw, "POST", path, { ust, current_app: APP, ...params });

/** A user waiting for a decision; `signup` makes it look as if it came from self-service signup. */
async function pending(origin: "api" | "signup" = "api") {
  const username = unique(origin);
  const userId = await makeUser(a, { username, auto_approve: false, email: `${username}@example.net` });
  if (origin === "signup") {
    await setUser(a.gw, username, {
      creation_ctx: '{"source": "signup", "current_app": "CRM", "remote_addr": ["127.0.0.1"], "user_agent": null}',
      approval_status_mod_by: "auto",
    });
  }
  return { username, userId };
}

/** An approved user with a live session. */
async function approvedWithSession(origin: "api" | "signup" = "api") {
  const u = await pending(origin);
  await setUser(a.gw, u.username, { approval_status: "approved" });
  const ust = await loginAs(a, u.username);
  return { ...u, ust };
}

describe.each(APPROVE)("approve through %s", (path) => {
  it("approves a pending user: approval_status, mod_by and mod_time change, and the user may log in", async () => {
    const u = await pending();
    a.gw.clock.advance(30_000);
    const at = a.gw.clock.now().getTime();
    const r = await decide(path, { user_id: u.userId });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    const row = await userRow(a.gw, u.username);
    expect(row).toMatchObject({ approval_status: "approved", approval_status_mod_by: a.adminId });
    const [t] = (await a.gw.query("SELECT approval_status_mod_time::text AS t FROM sso_user WHERE user_id = $1", [u.userId])) as [
      { t: string },
    ];
    expect(Math.abs(ms(t.t.replace(" ", "T")) - at)).toBeLessThan(2_000);
    await loginAs(a, u.username);
  });

  it("approves a rejected user, and approves again an approved one", async () => {
    const u = await pending();
    await setUser(a.gw, u.username, { approval_status: "rejected" });
    expectOk(await decide(path, { user_id: u.userId }));
    expect((await userRow(a.gw, u.username)).approval_status).toBe("approved");
    expectOk(await decide(path, { user_id: u.userId }));
    expect((await userRow(a.gw, u.username)).approval_status).toBe("approved");
  });

  it("answers E008002, not E005001, to a regular user", async () => {
    const u = await pending();
    await expectUnchanged(a.gw, async () => expectFailure(await decide(path, { user_id: u.userId }, userUst), "E008002"));
  });

  it("changes nothing for an unknown user_id and reports ok", async () => {
    await expectUnchanged(a.gw, async () => expectOk(await decide(path, { user_id: "zusr00000000000000000000000000" })));
  });

  it("answers E007001 for an invalid UST and HTTP 400 without user_id", async () => {
    expectFailure(await decide(path, { user_id: a.adminId }, "zust-nothing"), "E007001");
    expectPlainError(await decide(path, {}), 400, "Bad request");
  });

  it("approves a signup account too, keeping it", async () => {
    const u = await pending("signup");
    expectOk(await decide(path, { user_id: u.userId }));
    expect(await userRow(a.gw, u.username)).toMatchObject({ approval_status: "approved", approval_status_mod_by: a.adminId });
  });
});

describe.each(REJECT)("reject through %s", (path) => {
  it("keeps an account created through the API, marked rejected, with mod_by and mod_time", async () => {
    const u = await pending("api");
    a.gw.clock.advance(30_000);
    const at = a.gw.clock.now().getTime();
    const r = await decide(path, { user_id: u.userId });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    expect(await userRow(a.gw, u.username)).toMatchObject({ approval_status: "rejected", approval_status_mod_by: a.adminId });
    const [t] = (await a.gw.query("SELECT approval_status_mod_time::text AS t FROM sso_user WHERE user_id = $1", [u.userId])) as [
      { t: string },
    ];
    expect(Math.abs(ms(t.t.replace(" ", "T")) - at)).toBeLessThan(2_000);
    // The username stays taken and the account may be approved later.
    expectFailure(
      await send(a.gw, "POST", "/zato/sso/user", { ust: a.adminUst, current_app: APP, username: u.username }),
      "E001002",
    );
    expectOk(await decide(APPROVE[0] as string, { user_id: u.userId }));
  });

  it("deletes the sessions of an approved API account it rejects, with their attributes [gateway]", async () => {
    const u = await approvedWithSession("api");
    const [session] = await sessionsOf(a.gw, u.username);
    await a.gw.query(
      `INSERT INTO sso_attr (user_id, session_id, is_session_attr, scope_key, name, value, is_encrypted, serial_method,
         creation_time, last_modified, expiration_time)
       SELECT s.user_id, s.id, true, s.session_id, 'a', '1', false, 'json', now(), now(), '9999-12-31'
         FROM sso_session s WHERE s.session_id = $1`,
      [session?.session_id],
    );
    expectOk(await decide(path, { user_id: u.userId }));
    expect(await sessionsOf(a.gw, u.username)).toEqual([]);
    expect(await a.gw.query("SELECT 1 FROM sso_attr WHERE scope_key = $1", [session?.session_id])).toEqual([]);
    // Re-approval does not revive the session.
    expectOk(await decide(APPROVE[0] as string, { user_id: u.userId }));
    expectFailure(await send(a.gw, "GET", "/zato/sso/user", { ust: u.ust, current_app: APP }), "E007001");
  });

  it("deletes an account that came from signup, with everything that is its own, and keeps its audit records [gateway]", async () => {
    const u = await approvedWithSession("signup");
    const [{ id }] = (await a.gw.query("SELECT id::text AS id FROM sso_user WHERE user_id = $1", [u.userId])) as [{ id: string }];
    await a.gw.query(
      `INSERT INTO sso_attr (user_id, is_session_attr, scope_key, name, value, is_encrypted, serial_method, creation_time,
         last_modified, expiration_time) VALUES ($1, false, '', 'x', '1', false, 'json', now(), now(), '9999-12-31')`,
      [id],
    );
    await a.gw.services.audit.flush();
    const before = await a.gw.query("SELECT id FROM sso_audit_log WHERE target_user_id = $1", [u.userId]);
    expect(before.length).toBeGreaterThan(0);

    const r = await decide(path, { user_id: u.userId, reason: "Duplicate account" });
    expectOk(r);
    expect(await a.gw.query("SELECT 1 FROM sso_user WHERE user_id = $1", [u.userId])).toEqual([]);
    for (const table of ["sso_session", "sso_attr", "sso_password_reset", "sso_linked_auth"]) {
      expect(await a.gw.query(`SELECT 1 FROM ${table} WHERE user_id = $1`, [id]), table).toEqual([]);
    }
    await a.gw.services.audit.flush();
    const after = await a.gw.query("SELECT id FROM sso_audit_log WHERE target_user_id = $1", [u.userId]);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(await auditRow(a.gw, r)).toMatchObject({
      op: "user.reject_user",
      outcome: "ok",
      target_user_id: u.userId,
      details: expect.objectContaining({ reason: "Duplicate account" }),
    });
    // The username is free again: the person may start anew.
    await makeUser(a, { username: u.username });
  });

  it("deletes a pending signup account too", async () => {
    const u = await pending("signup");
    expectOk(await decide(path, { user_id: u.userId }));
    expect(await a.gw.query("SELECT 1 FROM sso_user WHERE user_id = $1", [u.userId])).toEqual([]);
  });

  it("answers E008002, not E005001, to a regular user, and keeps the account", async () => {
    const api = await pending("api");
    const signup = await pending("signup");
    await expectUnchanged(a.gw, async () => {
      expectFailure(await decide(path, { user_id: api.userId }, userUst), "E008002");
      expectFailure(await decide(path, { user_id: signup.userId }, userUst), "E008002");
    });
  });

  it("changes nothing for an unknown user_id and reports ok", async () => {
    await expectUnchanged(a.gw, async () => expectOk(await decide(path, { user_id: "zusr00000000000000000000000000" })));
  });

  it("answers E007001 for an invalid UST and HTTP 400 without user_id", async () => {
    expectFailure(await decide(path, { user_id: a.adminId }, "zust-nothing"), "E007001");
    expectPlainError(await decide(path, { reason: "x" }), 400, "Bad request");
  });

  it("writes the reason to the audit log only", async () => {
    const u = await pending("api");
    const r = await decide(path, { user_id: u.userId, reason: "Not a customer" });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    expect((await auditRow(a.gw, r)).details).toMatchObject({ reason: "Not a customer" });
  });
});

describe("approve: the welcome email", () => {
  // docs/rules.md, "Approval" and "Notifications": approval sends the welcome email when [signup] email_welcome_enabled is true and the
  // user has an email; the outbox: transport writes it where tests can read it.
  it("hands the welcome email to an outbox: email_service on approval, once, with the user's username and email", async () => {
    const b = await startAdmin({ main: { email_service: "outbox:outbox" } });
    try {
      const username = unique("welcome");
      const userId = await makeUser(b, { username, auto_approve: false, email: `${username}@example.net` });
      const approve = () => send(b.gw, "POST", APPROVE[0] as string, { ust: b.adminUst, current_app: APP, user_id: userId });
      const first = await approve();
      expectOk(first);
      expectOk(await approve());
      const messages = outbox(b);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({
        kind: "welcome",
        cid: first.body.cid,
        user: { user_id: userId, username, email: `${username}@example.net` },
        message: { to: `${username}@example.net`, from: "welcome@example.com", subject: "Welcome", is_html: false },
      });
      expect(messages[0]?.message.body).toContain(username);
    } finally {
      await b.gw.close();
    }
  });

  it("sends nothing on approval when email_welcome_enabled is false or the user has no email", async () => {
    const b = await startAdmin({ main: { email_service: "outbox:outbox" }, signup: { email_welcome_enabled: false } });
    try {
      const withEmail = await makeUser(b, { username: unique("w"), auto_approve: false, email: "w@example.net" });
      expectOk(await send(b.gw, "POST", APPROVE[0] as string, { ust: b.adminUst, current_app: APP, user_id: withEmail }));
      expect(outbox(b)).toEqual([]);
    } finally {
      await b.gw.close();
    }
    const c = await startAdmin({ main: { email_service: "outbox:outbox" } });
    try {
      const noEmail = await makeUser(c, { username: unique("n"), auto_approve: false });
      expectOk(await send(c.gw, "POST", APPROVE[0] as string, { ust: c.adminUst, current_app: APP, user_id: noEmail }));
      expect(outbox(c)).toEqual([]);
    } finally {
      await c.gw.close();
    }
  });
});

describe("approve and reject: audit", () => {
  it("names the operation, actor and target, also for failures", async () => {
    const u = await pending();
    const ok = await decide(APPROVE[1] as string, { user_id: u.userId });
    const refused = await decide(REJECT[1] as string, { user_id: u.userId }, userUst);
    expect(await auditRow(a.gw, ok)).toMatchObject({
      op: "user.approve_user",
      outcome: "ok",
      sub_status: [],
      actor_user_id: a.adminId,
      target_user_id: u.userId,
    });
    expect(await auditRow(a.gw, refused)).toMatchObject({ op: "user.reject_user", outcome: "error", sub_status: ["E008002"] });
    expect((await auditRows(a.gw)).length).toBeGreaterThan(2);
  });

  it("wrote no secret and no third-party email in any audit record", async () => {
    const emails = (await a.gw.query("SELECT username FROM sso_user")).map((r) => `${r.username}@example.net`);
    await expectNoSecretsInAudit(a.gw, [...a.secrets, ...emails]);
  });
});
