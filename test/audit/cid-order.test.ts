import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";

// Cids begin with the time they were made: the audit log's cid index then grows at its end, as
// its rows do, instead of taking each new cid at a random place of an index that outgrows memory.

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

describe("cid", () => {
  it("is 24 lowercase hexadecimal characters, distinct for every request, and sorts in the order requests came", async () => {
    const cids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await gw.rest("POST", "/zato/sso/user/login", { body: { username: "nobody", password: "x", current_app: APP } });
      const cid = r.headers.get("x-zato-cid") ?? "";
      expect(cid).toMatch(/^[0-9a-f]{24}$/);
      expect(r.body.cid).toBe(cid);
      cids.push(cid);
      await sleep(3);
    }
    expect(new Set(cids).size).toBe(cids.length);
    expect([...cids].sort()).toEqual(cids);
  });

  it("orders the audit records of successive calls as their times do", async () => {
    const before = Date.now();
    for (let i = 0; i < 3; i++) {
      await gw.rest("POST", "/zato/sso/user/login", { body: { username: `ordered${i}`, password: "x", current_app: APP } });
      await sleep(3);
    }
    await gw.services.audit.flush();
    const rows = await gw.query<{ cid: string; target_username: string }>(
      "SELECT cid, target_username FROM sso_audit_log WHERE target_username LIKE 'ordered%' ORDER BY cid",
    );
    expect(rows.map((r) => r.target_username)).toEqual(["ordered0", "ordered1", "ordered2"]);
    // The time a cid begins with is the request's, in milliseconds.
    const made = Number.parseInt((rows[0] as { cid: string }).cid.slice(0, 12), 16);
    expect(made).toBeGreaterThanOrEqual(before);
    expect(made).toBeLessThanOrEqual(Date.now());
  });

  it("stays distinct when many are made within one millisecond", async () => {
    const { newCid } = await import("../../src/lib/ids.js");
    const many = Array.from({ length: 20_000 }, () => newCid());
    expect(new Set(many).size).toBe(many.length);
    for (const cid of many) expect(cid).toMatch(/^[0-9a-f]{24}$/);
  });
});
