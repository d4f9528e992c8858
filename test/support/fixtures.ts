import { writeFileSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { expect } from "vitest";
import { totpCode } from "../../src/core/totp/totp.js";
import type { HttpAnswer, TestGateway } from "./gateway.js";

/** Passwords that pass the default policy. */
export const ADMIN_PASSWORD = "hQ9nl93UDqGus";
export const PASSWORD = "Hq7!wz-paper-lamp";

/** docs/rules.md, "What a caller sees", "Timestamps": UTC, no zone, six fractional digits only when the fraction is not zero. */
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.(?!000000)\d{6})?$/;
export const CID = /^[0-9a-f]{24}$/;
export const UST = /^zust[0-9a-hjkmnp-tv-z]{52}$/;
export const USER_ID = /^zusr[0-9a-hjkmnp-tv-z]{26}$/;
export const SESSION_ID = /^zses[0-9a-hjkmnp-tv-z]{26}$/;

/** Keys of the regular and the full view (docs/rules.md, "What a caller sees"). */
export const REGULAR_VIEW = [
  "username",
  "email",
  "display_name",
  "first_name",
  "middle_name",
  "last_name",
  "is_totp_enabled",
  "totp_label",
] as const;
export const FULL_VIEW = [
  ...REGULAR_VIEW,
  "user_id",
  "is_active",
  "is_internal",
  "is_super_user",
  "is_approval_needed",
  "approval_status",
  "approval_status_mod_time",
  "approval_status_mod_by",
  "is_locked",
  "locked_time",
  "locked_by",
  "creation_ctx",
  "password_expiry",
  "password_is_set",
  "password_must_change",
  "password_last_set",
  "sign_up_status",
  "sign_up_time",
] as const;

/** The wire form of a Date (docs/rules.md, "Timestamps"). */
export function wire(date: Date): string {
  const iso = date.toISOString().slice(0, 23);
  return iso.endsWith(".000") ? iso.slice(0, 19) : `${iso}000`;
}

/** Milliseconds since the epoch of a wire timestamp. */
export const ms = (timestamp: string): number => Date.parse(`${timestamp.slice(0, 23)}Z`);

/** A business failure: the envelope with exactly cid, status and sub_status, and the cid in X-Zato-CID. */
export function expectFailure(r: HttpAnswer, subStatus: string | string[], http = 403) {
  expect({ http: r.status, body: r.body }).toEqual({
    http,
    body: { cid: r.headers.get("x-zato-cid"), status: "error", sub_status: Array.isArray(subStatus) ? subStatus : [subStatus] },
  });
  expect(r.body.cid).toMatch(CID);
}

/** Zato's plain error bodies: 400 "Bad request", 405, 413, 500. */
export function expectPlainError(r: HttpAnswer, http: number, details: string) {
  expect({ http: r.status, body: r.body }).toEqual({
    http,
    body: { result: "Error", cid: r.headers.get("x-zato-cid"), details },
  });
  expect(r.headers.get("content-type")).toMatch(/^application\/json/);
}

/** A successful envelope: HTTP 200, status ok, the cid of the header; returns the body. */
export function expectOk(r: HttpAnswer): HttpAnswer["body"] {
  expect({ http: r.status, status: r.body?.status, sub_status: r.body?.sub_status }).toEqual({
    http: 200,
    status: "ok",
    sub_status: undefined,
  });
  expect(r.body.cid).toBe(r.headers.get("x-zato-cid"));
  return r.body;
}

export interface AuditLine {
  cid: string;
  op: string;
  outcome: string;
  sub_status: string[];
  actor_user_id: string | null;
  target_user_id: string | null;
  target_username: string | null;
  current_app: string | null;
  details: Record<string, unknown>;
}

/** The `sso.audit` JSON lines logged so far. */
export const auditLines = (gw: TestGateway): AuditLine[] =>
  gw.logs.filter((l) => l.name === "sso.audit").map((l) => JSON.parse(l.message) as AuditLine);

/** The audit line of one request. */
export function auditOf(gw: TestGateway, cid: string | null | undefined): AuditLine {
  const line = auditLines(gw).find((l) => l.cid === cid);
  if (!line) throw new Error(`no audit line for cid ${cid}`);
  return line;
}

/** Sets columns of a user row directly (arranging states no API in scope can reach). */
export async function setUser(gw: TestGateway, username: string, columns: Record<string, unknown>) {
  const keys = Object.keys(columns);
  const sets = keys.map((k, i) => `${k} = $${i + 2}`).join(", ");
  const values = Object.values(columns).map((v) => (v instanceof Date ? v.toISOString().slice(0, 23) : v));
  const updated = await gw.query(`UPDATE sso_user SET ${sets} WHERE username = $1 RETURNING id`, [username, ...values]);
  if (updated.length !== 1) throw new Error(`no user ${username}`);
}

/** Creates an approved user through the operator path, then sets columns to put it in a given state. */
export async function arrangeUser(gw: TestGateway, username: string, columns: Record<string, unknown> = {}, password = PASSWORD) {
  const id = await gw.createUser(username, password);
  if (Object.keys(columns).length > 0) await setUser(gw, username, columns);
  return id;
}

/** Switches TOTP on for a user, with a known key. */
export async function enableTotp(gw: TestGateway, username: string, key: string) {
  await gw.query("UPDATE sso_user SET is_totp_enabled = true, totp_key = $2 WHERE username = $1", [
    username,
    gw.services.keys.seal(key),
  ]);
}

/** The current TOTP code of `key`, moving the test clock off a step boundary so that the gateway sees the same step. */
export function currentTotp(gw: TestGateway, key: string): string {
  const into = gw.clock.now().getTime() % 30_000;
  if (into > 25_000) gw.clock.advance(31_000 - into);
  return totpCode(key, gw.clock.now());
}

/** Runs `work` with the test clock moved forward by `by` milliseconds, then moves it back. */
export async function later<T>(gw: TestGateway, by: number, work: () => Promise<T>): Promise<T> {
  gw.clock.advance(by);
  try {
    return await work();
  } finally {
    gw.clock.advance(-by);
  }
}

/** One user row, as stored. */
export async function userRow(gw: TestGateway, username: string): Promise<Record<string, unknown>> {
  const [row] = await gw.query("SELECT * FROM sso_user WHERE username = $1", [username]);
  if (!row) throw new Error(`no user ${username}`);
  return row;
}

/** The stored sessions of a user, oldest first. */
export const sessionsOf = (gw: TestGateway, username: string) =>
  gw.query<StoredSession>(
    `SELECT s.session_id, s.ust_hash, s.creation_time::text AS creation_time, s.expiration_time::text AS expiration_time,
            s.remote_addr, s.user_agent, s.auth_type, s.auth_principal, s.state_change_list
       FROM sso_session s JOIN sso_user u ON u.id = s.user_id WHERE u.username = $1 ORDER BY s.creation_time, s.id`,
    [username],
  );

export interface StoredSession {
  session_id: string;
  ust_hash: string;
  creation_time: string;
  expiration_time: string;
  remote_addr: string;
  user_agent: string | null;
  auth_type: string;
  auth_principal: string;
  state_change_list: {
    remote_addr: unknown;
    user_agent: string | null;
    timestamp_utc: string;
    ctx_source: string;
    idx: number;
  }[];
}

/** PostgreSQL's text of a timestamp (`2024-03-01 09:15:02.48`) in milliseconds since the epoch. */
export const dbMs = (text: string): number => Date.parse(`${text.replace(" ", "T")}Z`);

/** Writes an ES module hook into the gateway's config directory; returns its `module:` reference. */
export function writeHook(gw: TestGateway, file: string, source: string): string {
  writeFileSync(path.join(gw.config.configDir, file), source);
  return `module:${file}`;
}

/**
 * A request exactly as given: any method with any body (fetch refuses bodies on GET), and no
 * Content-Type unless the test sets one, as Zato's own test client sends them.
 */
export function raw(
  gw: TestGateway,
  method: string,
  pathAndQuery: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) };
    const req = request(`${gw.url}${pathAndQuery}`, { method, headers: { ...length, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: HttpAnswer["body"];
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined as never;
        }
        const responseHeaders = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") responseHeaders.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, text, body: parsed });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A row of sso_audit_log as the tests read it (ids and times as text). */
export interface AuditRow {
  id: string;
  cid: string;
  created_at: string;
  op: string;
  actor_user_id: string | null;
  actor_session_id: string | null;
  target_user_id: string | null;
  target_username: string | null;
  current_app: string | null;
  remote_addr: string | null;
  peer_addr: string | null;
  user_agent: string | null;
  outcome: string;
  sub_status: string[];
  details: Record<string, unknown>;
}
