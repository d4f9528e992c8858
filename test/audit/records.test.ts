import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../../src/core/totp/totp.js";
import { formatTimestamp } from "../../src/lib/time.js";
import {
  type AdminGateway,
  type AuditRow,
  auditRow,
  auditRows,
  expectNoSecretsInAudit,
  loginAs,
  makeUser,
  send,
  startAdmin,
} from "../support/admin.js";
import { ADMIN_PASSWORD, type AuditLine, auditLines, PASSWORD, setUser } from "../support/fixtures.js";
import { APP, type HttpAnswer } from "../support/gateway.js";
import { unique } from "../support/names.js";

// The audit log (docs/rules.md, "Audit log"): one record per call, whatever its
// outcome, with the operation's name, outcome, sub_status, actor and target; also written as one
// `sso.audit` JSON line; never a secret; never changed or deleted.

let a: AdminGateway;
let sessionOfAdmin: string;
/** Third-party emails the tests send: no record may hold any of them. */
const EMAILS = ["third.party@example.org", "Other.Person@Example.net", "changed.address@example.com"];

beforeAll(async () => {
  a = await startAdmin({ server: { trusted_proxies: ["127.0.0.1"] } });
  const [s] = await a.gw.query<{ session_id: string }>(
    "SELECT s.session_id FROM sso_session s JOIN sso_user u ON u.id = s.user_id WHERE u.username = 'admin1'",
  );
  sessionOfAdmin = s?.session_id as string;
});
afterAll(() => a.gw.close());

const call = (method: string, path: string, params: Record<string, unknown>, headers: Record<string, string> = {}) =>
  send(a.gw, method, path, { current_app: APP, ...params }, headers);

async function user(fields: Record<string, unknown> = {}) {
  const username = unique("aud");
  const userId = await makeUser(a, { username, ...fields });
  const ust = await loginAs(a, username);
  const [s] = await a.gw.query<{ session_id: string }>(
    "SELECT s.session_id FROM sso_session s JOIN sso_user u ON u.id = s.user_id WHERE u.username = $1",
    [username],
  );
  return { username, userId, ust, sessionId: s?.session_id as string };
}

interface Expected {
  op: string;
  outcome: "ok" | "error" | "warning";
  sub_status: string[];
  actor_user_id?: string | null;
  actor_session_id?: string | null;
  target_user_id?: string | null;
  target_username?: string | null;
}

async function expectRecord(r: HttpAnswer, expected: Expected): Promise<AuditRow> {
  expect(r.status).toBeLessThan(500);
  const row = await auditRow(a.gw, r);
  expect(row).toMatchObject({ current_app: APP, remote_addr: "127.0.0.1", ...expected });
  return row;
}

describe("one record per call, with operation, outcome, sub_status, actor and target", () => {
  it("search: ok, masked failure (with the code raised), bad criteria", async () => {
    const ok = await call("GET", "/zato/sso/user/search", { ust: a.adminUst, username: "admin1" });
    const row = await expectRecord(ok, {
      op: "user.search",
      outcome: "ok",
      sub_status: [],
      actor_user_id: a.adminId,
      actor_session_id: sessionOfAdmin,
      target_user_id: null,
      target_username: "admin1",
    });
    expect(row.details).toEqual({ criteria: ["username"] });
    const masked = await call("GET", "/zato/sso/user/search", { ust: "zust-nothing" });
    const maskedRow = await expectRecord(masked, {
      op: "user.search",
      outcome: "error",
      sub_status: ["E005001"],
      actor_user_id: null,
      actor_session_id: null,
      target_user_id: null,
    });
    expect(maskedRow.details).toMatchObject({ raised: ["E007001"] });
    await expectRecord(await call("GET", "/zato/sso/user/search", { ust: a.adminUst, display_name: "" }), {
      op: "user.search",
      outcome: "error",
      sub_status: ["E008002"],
      actor_user_id: a.adminId,
      target_user_id: null,
    });
  });

  it("search by email records which criteria were used, not the email", async () => {
    const r = await call("GET", "/zato/sso/user/search", { ust: a.adminUst, email: EMAILS[0], last_name: "x" });
    const row = await expectRecord(r, {
      op: "user.search",
      outcome: "ok",
      sub_status: [],
      actor_user_id: a.adminId,
      target_user_id: null,
    });
    expect(row.details).toEqual({ criteria: ["last_name", "email"] });
  });

  it("update: own and by id, ok and failed, with the names of the fields", async () => {
    const u = await user();
    const own = await call("PATCH", "/zato/sso/user", { ust: u.ust, display_name: "Mine", email: EMAILS[1] });
    const ownRow = await expectRecord(own, {
      op: "user.update_current_user",
      outcome: "ok",
      sub_status: [],
      actor_user_id: u.userId,
      actor_session_id: u.sessionId,
      target_user_id: u.userId,
    });
    expect(ownRow.details).toEqual({ fields: ["email", "display_name"] });
    await expectRecord(await call("PATCH", "/zato/sso/user", { ust: a.adminUst, user_id: u.userId, username: "admin1" }), {
      op: "user.update_user_by_id",
      outcome: "error",
      sub_status: ["E001002"],
      actor_user_id: a.adminId,
      target_user_id: u.userId,
    });
    await expectRecord(await call("PATCH", "/zato/sso/user", { ust: u.ust, is_locked: true }), {
      op: "user.update_current_user",
      outcome: "error",
      sub_status: ["E008002"],
      actor_user_id: u.userId,
      target_user_id: null,
    });
    await expectRecord(await call("PATCH", "/zato/sso/user", { ust: "zust-nothing", display_name: "x" }), {
      op: "user.update_current_user",
      outcome: "error",
      sub_status: ["E007001"],
      actor_user_id: null,
      actor_session_id: null,
      target_user_id: null,
    });
    await expectRecord(await call("PATCH", "/zato/sso/user", { ust: a.adminUst, user_id: u.userId }), {
      op: "user.update_user_by_id",
      outcome: "error",
      sub_status: ["E008003"],
      actor_user_id: null,
      target_user_id: null,
    });
  });

  it("delete: ok, own account, unknown user", async () => {
    const u = await user();
    await expectRecord(await call("DELETE", "/zato/sso/user", { ust: a.adminUst, user_id: u.userId }), {
      op: "user.delete_user_by_id",
      outcome: "ok",
      sub_status: [],
      actor_user_id: a.adminId,
      target_user_id: u.userId,
      target_username: u.username,
    });
    await expectRecord(await call("DELETE", "/zato/sso/user", { ust: a.adminUst, user_id: a.adminId }), {
      op: "user.delete_user_by_id",
      outcome: "error",
      sub_status: ["E008001"],
      actor_user_id: a.adminId,
      target_user_id: a.adminId,
    });
    await expectRecord(await call("DELETE", "/zato/sso/user", { ust: a.adminUst, user_id: "zusr00000000000000000000000000" }), {
      op: "user.delete_user_by_id",
      outcome: "error",
      sub_status: ["E008001"],
      actor_user_id: a.adminId,
      target_user_id: "zusr00000000000000000000000000",
    });
  });

  it("lock and unlock: ok, and refused to a regular user", async () => {
    const u = await user();
    await expectRecord(await call("POST", "/zato/sso/user/lock", { ust: a.adminUst, user_id: u.userId }), {
      op: "user.lock_user",
      outcome: "ok",
      sub_status: [],
      actor_user_id: a.adminId,
      target_user_id: u.userId,
    });
    await expectRecord(await call("DELETE", "/zato/sso/user/lock", { ust: a.adminUst, user_id: u.userId }), {
      op: "user.unlock_user",
      outcome: "ok",
      sub_status: [],
      actor_user_id: a.adminId,
      target_user_id: u.userId,
    });
    await expectRecord(await call("POST", "/zato/sso/user/lock", { ust: u.ust, user_id: a.adminId }), {
      op: "user.lock_user",
      outcome: "error",
      sub_status: ["E005001"],
      actor_user_id: u.userId,
      target_user_id: null,
    });
  });

  it("approve and reject: ok, with the reason; refused to a regular user", async () => {
    const u = await user();
    await expectRecord(await call("POST", "/zato/sso/user/signup/approve", { ust: a.adminUst, user_id: u.userId }), {
      op: "user.approve_user",
      outcome: "ok",
      sub_status: [],
      actor_user_id: a.adminId,
      target_user_id: u.userId,
    });
    const rejected = await call("POST", "/zato/sso/user/reject", { ust: a.adminUst, user_id: u.userId, reason: "Spam" });
    const row = await expectRecord(rejected, {
      op: "user.reject_user",
      outcome: "ok",
      sub_status: [],
      actor_user_id: a.adminId,
      target_user_id: u.userId,
    });
    expect(row.details).toMatchObject({ reason: "Spam" });
    const other = await user();
    await expectRecord(await call("POST", "/zato/sso/user/approve", { ust: other.ust, user_id: other.userId }), {
      op: "user.approve_user",
      outcome: "error",
      sub_status: ["E008002"],
      actor_user_id: other.userId,
    });
  });

  it("change password: own and another's, ok and failed, with new_password_sent and never the password", async () => {
    const u = await user();
    a.secrets.add("Changed-own-pass-1");
    const own = await call("PATCH", "/zato/sso/user/password", {
      ust: u.ust,
      old_password: PASSWORD,
      new_password: "Changed-own-pass-1",
    });
    const row = await expectRecord(own, {
      op: "user.change_password",
      outcome: "ok",
      sub_status: [],
      actor_user_id: u.userId,
      target_user_id: u.userId,
    });
    expect(row.details).toMatchObject({ new_password_sent: true });
    await expectRecord(
      await call("PATCH", "/zato/sso/user/password", { ust: u.ust, old_password: "Wrong-old-1", new_password: "Whatever-new-1" }),
      {
        op: "user.change_password",
        outcome: "error",
        sub_status: ["E005001"],
        actor_user_id: u.userId,
        target_user_id: u.userId,
      },
    );
    await expectRecord(
      await call("PATCH", "/zato/sso/user/password", { ust: a.adminUst, user_id: u.userId, new_password: "short" }),
      {
        op: "user.change_password",
        outcome: "error",
        sub_status: ["E003002"],
        actor_user_id: a.adminId,
        target_user_id: u.userId,
      },
    );
    a.secrets.add("Wrong-old-1");
    a.secrets.add("Whatever-new-1");
  });

  it("reset TOTP key: ok (the key is not recorded), refused, unknown user", async () => {
    const u = await user();
    const r = await call("PATCH", "/zato/sso/user/totp", { ust: u.ust, totp_key: "", totp_label: "" });
    a.secrets.add(r.body.totp_key as string);
    await expectRecord(r, {
      op: "user.reset_totp_key",
      outcome: "ok",
      sub_status: [],
      actor_user_id: u.userId,
      target_user_id: u.userId,
    });
    await expectRecord(
      await call("PATCH", "/zato/sso/user/totp", { ust: u.ust, totp_key: "", totp_label: "", user_id: u.userId }),
      {
        op: "user.reset_totp_key",
        outcome: "error",
        sub_status: ["E008002"],
        actor_user_id: u.userId,
      },
    );
    const zero = "zusr00000000000000000000000000";
    await expectRecord(
      await call("PATCH", "/zato/sso/user/totp", { ust: a.adminUst, totp_key: "", totp_label: "", user_id: zero }),
      {
        op: "user.reset_totp_key",
        outcome: "error",
        sub_status: ["E005001"],
        actor_user_id: a.adminId,
        target_user_id: zero,
      },
    );
  });

  it("login: ok, wrong password, TOTP (the code is not recorded)", async () => {
    const u = await user();
    const ok = await call("POST", "/zato/sso/user/login", { username: u.username, password: PASSWORD });
    a.secrets.add(ok.body.ust as string);
    const row = await expectRecord(ok, {
      op: "user.login",
      outcome: "ok",
      sub_status: [],
      actor_user_id: null,
      actor_session_id: null,
      target_user_id: u.userId,
      target_username: u.username,
    });
    expect(row.details).toMatchObject({ has_totp_code: false, new_password_sent: false });
    await expectRecord(await call("POST", "/zato/sso/user/login", { username: u.username, password: "Wrong-pass-99" }), {
      op: "user.login",
      outcome: "error",
      sub_status: ["E005001"],
      actor_user_id: null,
      target_username: u.username,
    });
    a.secrets.add("Wrong-pass-99");
    const key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    a.secrets.add(key);
    await call("PATCH", "/zato/sso/user/totp", { ust: u.ust, totp_key: key, totp_label: "" });
    await setUser(a.gw, u.username, { is_totp_enabled: true });
    const into = a.gw.clock.now().getTime() % 30_000;
    if (into > 25_000) a.gw.clock.advance(30_000 - into + 50);
    const code = totpCode(key, a.gw.clock.now());
    const withTotp = await call("POST", "/zato/sso/user/login", { username: u.username, password: PASSWORD, totp_code: code });
    a.secrets.add(withTotp.body.ust as string);
    const totpRow = await expectRecord(withTotp, {
      op: "user.login",
      outcome: "ok",
      sub_status: [],
      actor_user_id: null,
      target_user_id: u.userId,
    });
    expect(totpRow.details).toMatchObject({ has_totp_code: true });
    expect(JSON.stringify(totpRow)).not.toContain(`"${code}"`);
  });

  // docs/rules.md, "Audit log": a record names the acting user and session, null only for anonymous calls.
  it("logout: names the session's user as actor_user_id and the session as actor_session_id", async () => {
    const u = await user();
    await expectRecord(await call("POST", "/zato/sso/user/logout", { ust: u.ust }), {
      op: "user.logout",
      outcome: "ok",
      sub_status: [],
      actor_user_id: u.userId,
      actor_session_id: u.sessionId,
      target_user_id: u.userId,
    });
  });

  it("logout: one record, also for an unknown UST", async () => {
    const u = await user();
    await expectRecord(await call("POST", "/zato/sso/user/logout", { ust: u.ust }), {
      op: "user.logout",
      outcome: "ok",
      sub_status: [],
      target_user_id: u.userId,
    });
    const r = await call("POST", "/zato/sso/user/logout", { ust: "zust-nothing" });
    expect((await auditRows(a.gw, r.headers.get("x-zato-cid"))).map((x) => x.op)).toEqual(["user.logout"]);
  });

  it("create and get: the created user's email is not recorded", async () => {
    const username = unique("created");
    const r = await call("POST", "/zato/sso/user", { ust: a.adminUst, username, email: EMAILS[0], password: PASSWORD });
    await expectRecord(r, {
      op: "user.create_user",
      outcome: "ok",
      sub_status: [],
      actor_user_id: a.adminId,
      target_user_id: r.body.user_id as string,
      target_username: username,
    });
    await expectRecord(await call("GET", "/zato/sso/user", { ust: a.adminUst, user_id: r.body.user_id }), {
      op: "user.get_user_by_id",
      outcome: "ok",
      sub_status: [],
      actor_user_id: a.adminId,
      target_user_id: r.body.user_id as string,
    });
    await expectRecord(await call("GET", "/zato/sso/user", { ust: a.adminUst }), {
      op: "user.get_current_user",
      outcome: "ok",
      sub_status: [],
      actor_user_id: a.adminId,
      target_user_id: a.adminId,
    });
  });

  it("sessions: verify, get, list, renew", async () => {
    const u = await user();
    for (const [method, path, op, params] of [
      ["POST", "/zato/sso/user/session", "session.verify", { current_ust: a.adminUst, target_ust: u.ust }],
      ["GET", "/zato/sso/user/session", "session.get", { current_ust: a.adminUst, target_ust: u.ust }],
      ["GET", "/zato/sso/user/session/list", "session.get_list", { ust: u.ust }],
      ["PATCH", "/zato/sso/user/session", "session.renew", { ust: u.ust }],
    ] as const) {
      const r = await call(method, path, params);
      const row = await auditRow(a.gw, r);
      expect(row, op).toMatchObject({ op, outcome: "ok", sub_status: [], target_user_id: u.userId });
    }
  });

  it("the current_app pre-check and a value that cannot be converted each leave one record", async () => {
    const pre = await call("GET", "/zato/sso/user/search", { ust: a.adminUst, current_app: "NoSuchApp" });
    expect(await auditRow(a.gw, pre)).toMatchObject({ op: "user.search", outcome: "error", sub_status: ["E004001"] });
    const bad = await call("PATCH", "/zato/sso/user", { ust: a.adminUst, is_locked: "maybe" });
    expect(await auditRow(a.gw, bad)).toMatchObject({
      op: "user.update_current_user",
      outcome: "error",
      sub_status: ["E008002"],
    });
  });

  it("records the caller's user agent and forwarded address", async () => {
    const r = await call(
      "GET",
      "/zato/sso/user",
      { ust: a.adminUst },
      { "User-Agent": "audit-agent/1.0", "X-Forwarded-For": "203.0.113.7, 10.1.2.3" },
    );
    expect(await auditRow(a.gw, r)).toMatchObject({ user_agent: "audit-agent/1.0", remote_addr: "203.0.113.7, 10.1.2.3" });
  });
});

describe("the sso.audit log lines", () => {
  it("carry exactly what the table holds, one line per record", async () => {
    const rows = await auditRows(a.gw);
    const lines = auditLines(a.gw) as (AuditLine & Record<string, unknown>)[];
    expect(lines).toHaveLength(rows.length);
    const byCid = new Map<string, (AuditLine & Record<string, unknown>)[]>();
    for (const line of lines) byCid.set(line.cid, [...(byCid.get(line.cid) ?? []), line]);
    for (const row of rows) {
      const [line, ...more] = byCid.get(row.cid) ?? [];
      expect(more, row.cid).toEqual([]);
      const { id: _id, created_at, ...fields } = row;
      expect(line, row.cid).toEqual({ ...fields, created_at: formatTimestamp(new Date(`${created_at.replace(" ", "T")}Z`)) });
    }
  });
});

describe("records outlive what they describe and cannot be changed", () => {
  it("keeps every record about a user after the user is deleted", async () => {
    const u = await user();
    await call("GET", "/zato/sso/user", { ust: u.ust });
    const before = (await auditRows(a.gw)).filter((r) => r.target_user_id === u.userId || r.actor_user_id === u.userId);
    expect(before.length).toBeGreaterThanOrEqual(3);
    await call("DELETE", "/zato/sso/user", { ust: a.adminUst, user_id: u.userId });
    const after = (await auditRows(a.gw)).filter((r) => r.target_user_id === u.userId || r.actor_user_id === u.userId);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)?.op).toBe("user.delete_user_by_id");
  });

  it("refuses UPDATE, DELETE and TRUNCATE of sso_audit_log", async () => {
    const count = async () => Number((await a.gw.query<{ n: string }>("SELECT count(*) AS n FROM sso_audit_log"))[0]?.n);
    const before = await count();
    const [first] = await auditRows(a.gw);
    await expect(a.gw.query("UPDATE sso_audit_log SET outcome = 'ok' WHERE outcome = 'error'")).rejects.toThrow(/append-only/);
    await expect(a.gw.query("UPDATE sso_audit_log SET details = '{}'")).rejects.toThrow(/append-only/);
    await expect(a.gw.query("DELETE FROM sso_audit_log WHERE id = $1", [first?.id])).rejects.toThrow(/append-only/);
    await expect(a.gw.query("TRUNCATE sso_audit_log")).rejects.toThrow(/append-only/);
    expect(await count()).toBe(before);
    expect((await auditRows(a.gw))[0]).toEqual(first);
  });
});

describe("no secret in any record", () => {
  it("the scan itself finds a value that is in a record", async () => {
    await expect(expectNoSecretsInAudit(a.gw, ["admin1"])).rejects.toThrow();
    await expect(expectNoSecretsInAudit(a.gw, [a.adminId])).rejects.toThrow();
  });

  it("holds none of the passwords, USTs, TOTP keys and codes, or third-party emails used in this file", async () => {
    // Every secret this file has sent or received, plus the operator's password.
    await expectNoSecretsInAudit(a.gw, [...a.secrets, ADMIN_PASSWORD, PASSWORD, ...EMAILS]);
  });
});
