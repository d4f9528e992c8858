import { expect } from "vitest";
import { localRequest, RequestContext } from "../../src/core/context.js";
import type { Shape } from "../../src/core/input.js";
import { execute, type Operation, type Outcome } from "../../src/core/operation.js";
import { ADMIN_PASSWORD, type AuditRow, auditLines, expectOk, PASSWORD, raw } from "./fixtures.js";
import { APP, type ConfigOverrides, type HttpAnswer, startGateway, type TestGateway } from "./gateway.js";

export type { AuditRow } from "./fixtures.js";

/** A gateway with one super-user, `admin1`, logged in. */
export interface AdminGateway {
  gw: TestGateway;
  adminId: string;
  adminUst: string;
  /** Every secret the tests of a file used: no audit record may contain any of them. */
  secrets: Set<string>;
}

export async function startAdmin(overrides: ConfigOverrides = {}): Promise<AdminGateway> {
  const gw = await startGateway(overrides);
  const adminId = await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  const adminUst = await gw.login("admin1", ADMIN_PASSWORD);
  return { gw, adminId, adminUst, secrets: new Set([ADMIN_PASSWORD, PASSWORD, adminUst]) };
}

/**
 * A call the way Zato's own test client makes it: every parameter in a JSON body, whatever
 * the method (GET and DELETE included), and no Content-Type.
 */
export const send = (gw: TestGateway, method: string, path: string, params: unknown, headers: Record<string, string> = {}) =>
  raw(gw, method, path, typeof params === "string" ? params : JSON.stringify(params), headers);

/** Creates an approved regular user through POST /zato/sso/user; returns its user_id. */
export async function makeUser(a: AdminGateway, fields: Record<string, unknown>): Promise<string> {
  const r = await send(a.gw, "POST", "/zato/sso/user", {
    ust: a.adminUst,
    current_app: APP,
    password: PASSWORD,
    auto_approve: true,
    ...fields,
  });
  return expectOk(r).user_id as string;
}

/** Logs in and remembers the UST as a secret. */
export async function loginAs(a: AdminGateway, username: string, password = PASSWORD, extra: Record<string, unknown> = {}) {
  const ust = await a.gw.login(username, password, extra);
  a.secrets.add(ust);
  return ust;
}

/** Runs a core operation directly, as a surface would (a REST request from 127.0.0.1). */
export function runCore<S extends Shape, O>(
  gw: TestGateway,
  op: Operation<S, O>,
  input: Record<string, unknown>,
): Promise<Outcome<O>> {
  return execute(new RequestContext(gw.services, localRequest("core test")), op, input);
}

/** A refused call: a 4xx or an error envelope, never a 5xx. */
export function expectRefused(r: HttpAnswer) {
  expect(r.status, r.text).toBeLessThan(500);
  if (r.status === 200) expect(r.body?.status, r.text).toBe("error");
  else expect(r.status, r.text).toBeGreaterThanOrEqual(400);
}

/** The stored audit records (all of them, or those of one cid), oldest first. */
export async function auditRows(gw: TestGateway, cid?: string | null): Promise<AuditRow[]> {
  await gw.services.audit.flush();
  return gw.query<AuditRow>(
    `SELECT id::text AS id, cid, created_at::text AS created_at, op, actor_user_id, actor_session_id, target_user_id,
            target_username, current_app, remote_addr, peer_addr, user_agent, outcome, sub_status, details
       FROM sso_audit_log ${cid === undefined ? "" : "WHERE cid = $1"} ORDER BY sso_audit_log.id`,
    cid === undefined ? [] : [cid],
  );
}

/** The one stored audit record of a request (fails unless there is exactly one). */
export async function auditRow(gw: TestGateway, r: HttpAnswer | { cid: string | null }): Promise<AuditRow> {
  const cid = "headers" in r ? r.headers.get("x-zato-cid") : r.cid;
  const rows = await auditRows(gw, cid);
  expect(rows, `audit records of ${cid}`).toHaveLength(1);
  return rows[0] as AuditRow;
}

/**
 * No audit record, stored or logged, holds any of the secrets. cid, time and id are left out
 * of the scan: they are not written from input and may hold any run of digits.
 */
export async function expectNoSecretsInAudit(gw: TestGateway, secrets: Iterable<string>) {
  const rows = await auditRows(gw);
  const lines = auditLines(gw);
  expect(rows.length).toBeGreaterThan(0);
  expect(lines.length).toBe(rows.length);
  const scrub = ({ cid: _c, created_at: _t, id: _i, ...rest }: Record<string, unknown>) => JSON.stringify(rest);
  const texts = [...rows.map((r) => scrub({ ...r })), ...lines.map((l) => scrub({ ...l }))].map((t) => t.toLowerCase());
  const wanted = [...secrets].filter((s) => s.length > 0).map((s) => s.toLowerCase());
  const found = wanted.flatMap((secret) => texts.filter((t) => t.includes(secret)).map((t) => `${secret} in ${t}`));
  expect(found).toEqual([]);
}
