import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../src/core/audit/log.js";
import { startGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

const entry = (cid: string, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  cid,
  created_at: new Date(),
  op: "user.login",
  actor_user_id: null,
  actor_session_id: null,
  target_user_id: null,
  target_username: "someone",
  current_app: "CRM",
  remote_addr: null,
  peer_addr: null,
  user_agent: null,
  outcome: "error",
  sub_status: ["E005001"],
  details: {},
  ...overrides,
});

const stored = (cids: string[]) =>
  gw.query<{ cid: string; target_username: string; details: unknown }>(
    "SELECT cid, target_username, details FROM sso_audit_log WHERE cid = ANY($1) ORDER BY cid",
    [cids],
  );

describe("audit log writer", () => {
  it("stores records handed in together as one batch, each exactly once", async () => {
    const cids = Array.from({ length: 40 }, (_, i) => `b${String(i).padStart(23, "0")}`);
    await Promise.all(cids.map((cid) => gw.services.audit.record(entry(cid))));
    expect((await stored(cids)).map((r) => r.cid)).toEqual(cids);
  });

  it("stores text PostgreSQL cannot hold with U+FFFD in its place, and the rest of the batch with it", async () => {
    const bad = "c".repeat(24);
    const good = "d".repeat(24);
    await Promise.all([
      gw.services.audit.record(entry(bad, { target_username: "ab\u0000cd\ud800", details: { reason: "x\u0000" } })),
      gw.services.audit.record(entry(good)),
    ]);
    expect(await stored([bad, good])).toEqual([
      { cid: bad, target_username: "ab\uFFFDcd\uFFFD", details: { reason: "x\uFFFD" } },
      { cid: good, target_username: "someone", details: {} },
    ]);
  });

  it("a record the database refuses does not cost the others of its batch", async () => {
    const refused = "e".repeat(24);
    const kept = "f".repeat(24);
    // Not a valid operation name for the column width: refused by the database, not by the writer.
    await Promise.all([
      gw.services.audit.record(entry(refused, { op: "x".repeat(100) as AuditEntry["op"] })),
      gw.services.audit.record(entry(kept)),
    ]);
    expect((await stored([refused, kept])).map((r) => r.cid)).toEqual([kept]);
    expect(gw.logs.some((l) => l.level === "error" && l.fields?.cid === refused)).toBe(true);
  });
});
