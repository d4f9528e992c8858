import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTimestamp } from "../../src/lib/time.js";
import { AdminAuditLogDocument, type AdminAuditLogQueryVariables } from "../generated/graphql.js";
import { type AdminGateway, auditRows, loginAs, makeUser, send, startAdmin } from "../support/admin.js";
import { setUser, TIMESTAMP } from "../support/fixtures.js";
import { APP } from "../support/gateway.js";
import { as, gql } from "../support/graphql.js";

// The GraphQL `auditLog` query: super-users only, filters, newest first, pages with first/after.

let a: AdminGateway;
let userId: string;
let userUst: string;
let otherId: string;

beforeAll(async () => {
  a = await startAdmin();
  userId = await makeUser(a, { username: "watched" });
  otherId = await makeUser(a, { username: "other" });
  userUst = await loginAs(a, "watched");
  for (let i = 0; i < 3; i++) await send(a.gw, "GET", "/zato/sso/user", { ust: userUst, current_app: APP });
  await send(a.gw, "POST", "/zato/sso/user/lock", { ust: a.adminUst, current_app: APP, user_id: otherId });
  await send(a.gw, "DELETE", "/zato/sso/user/lock", { ust: a.adminUst, current_app: APP, user_id: otherId });
  await a.gw.services.audit.flush();
});
afterAll(() => a.gw.close());

const read = async (variables: Partial<AdminAuditLogQueryVariables> = {}, ust = a.adminUst) => {
  const r = await gql(a.gw, AdminAuditLogDocument, { ust, currentApp: APP, ...variables });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data?.auditLog;
};
const records = async (variables: Partial<AdminAuditLogQueryVariables> = {}) =>
  as(await read(variables), "AuditLogPayload").records;

describe("auditLog: who may read it", () => {
  it("answers E005001 to a regular user and E007001 for an invalid UST", async () => {
    expect(await read({}, userUst)).toMatchObject({ __typename: "SsoError", status: "error", subStatus: ["E005001"] });
    expect(await read({}, "zust-nothing")).toMatchObject({ __typename: "SsoError", subStatus: ["E007001"] });
  });

  it("answers the current_app pre-check like every call", async () => {
    const r = await gql(a.gw, AdminAuditLogDocument, { ust: a.adminUst, currentApp: "Nope" });
    expect(r.data?.auditLog).toMatchObject({ __typename: "SsoError", subStatus: ["E004001"] });
  });

  it("answers E005002 to a locked super-user", async () => {
    const id = await a.gw.createUser("locked-admin", "Locked-admin-pass-1", { superUser: true });
    const ust = await loginAs(a, "locked-admin", "Locked-admin-pass-1");
    await setUser(a.gw, "locked-admin", { is_locked: true });
    expect(await read({}, ust)).toMatchObject({ __typename: "SsoError", subStatus: ["E005002"] });
    expect(id).toMatch(/^zusr/);
  });
});

describe("auditLog: records", () => {
  it("returns the stored records, newest first, with every field", async () => {
    await a.gw.services.audit.flush();
    const stored = await auditRows(a.gw);
    const payload = as(await read({ first: 500 }), "AuditLogPayload");
    // The read's own record is stored before the page is read, so the page may show it first.
    const page = payload.records.filter((r) => r.cid !== payload.cid);
    expect(page.map((r) => r.id)).toEqual(stored.map((r) => r.id).reverse());
    const newest = stored.at(-1);
    expect(page[0]).toEqual({
      id: newest?.id,
      cid: newest?.cid,
      createdAt: expect.stringMatching(TIMESTAMP),
      operation: newest?.op,
      actorUserId: newest?.actor_user_id,
      actorSessionId: newest?.actor_session_id,
      targetUserId: newest?.target_user_id,
      targetUsername: newest?.target_username,
      currentApp: newest?.current_app,
      remoteAddr: newest?.remote_addr,
      userAgent: newest?.user_agent,
      outcome: newest?.outcome,
      subStatus: newest?.sub_status,
      details: newest?.details,
    });
    expect(page[0]?.createdAt).toBe(formatTimestamp(new Date(`${newest?.created_at.replace(" ", "T")}Z`)));
  });

  it("records the read itself as audit.get_list", async () => {
    const payload = as(await read({ operation: "user.lock_user" }), "AuditLogPayload");
    await a.gw.services.audit.flush();
    const [row] = await auditRows(a.gw, payload.cid);
    expect(row).toMatchObject({ op: "audit.get_list", outcome: "ok", actor_user_id: a.adminId });
  });

  it("the record of a read names whose trail it read and every filter's value", async () => {
    const filters = {
      targetUserId: userId,
      actorUserId: a.adminId,
      operation: "user.lock_user",
      from: "2020-01-01T00:00:00+01:00",
      to: "2999-01-01",
    };
    const payload = as(await read(filters), "AuditLogPayload");
    await a.gw.services.audit.flush();
    const [row] = await auditRows(a.gw, payload.cid);
    expect(row).toMatchObject({
      op: "audit.get_list",
      target_user_id: userId,
      details: {
        filters: ["targetUserId", "actorUserId", "operation", "from", "to"],
        actor_user_id: a.adminId,
        operation: "user.lock_user",
        from: "2019-12-31T23:00:00",
        to: "2999-01-01T00:00:00",
      },
    });
  });
});

describe("auditLog: filters", () => {
  it("filters by target user", async () => {
    const page = await records({ targetUserId: otherId });
    // This read of the user's trail is one of them: reading it is access to their data.
    expect(page.map((r) => r.operation).sort()).toEqual([
      "audit.get_list",
      "user.create_user",
      "user.lock_user",
      "user.unlock_user",
    ]);
    expect(page.every((r) => r.targetUserId === otherId)).toBe(true);
  });

  it("filters by acting user", async () => {
    // Newest first: the refused attempt to read the log, then the three reads of the own account.
    const page = await records({ actorUserId: userId });
    expect(page.map((r) => [r.operation, r.outcome])).toEqual([
      ["audit.get_list", "error"],
      ["user.get_current_user", "ok"],
      ["user.get_current_user", "ok"],
      ["user.get_current_user", "ok"],
    ]);
  });

  it("filters by operation", async () => {
    const page = await records({ operation: "user.lock_user" });
    expect(page).toHaveLength(1);
    expect(page[0]).toMatchObject({ operation: "user.lock_user", targetUserId: otherId, actorUserId: a.adminId });
  });

  it("combines filters with AND", async () => {
    expect(await records({ operation: "user.lock_user", targetUserId: userId })).toEqual([]);
    expect(await records({ operation: "user.get_current_user", actorUserId: userId, targetUserId: userId })).toHaveLength(3);
  });

  it("treats an empty targetUserId or actorUserId as absent, like an empty user_id everywhere", async () => {
    const ids = async (variables: Partial<AdminAuditLogQueryVariables>) =>
      (await records({ first: 500, to: "2999-01-01", ...variables }))
        .filter((r) => r.operation !== "audit.get_list")
        .map((r) => r.id);
    const unfiltered = await ids({});
    expect(unfiltered.length).toBeGreaterThan(5);
    expect(await ids({ targetUserId: "" })).toEqual(unfiltered);
    expect(await ids({ actorUserId: "" })).toEqual(unfiltered);
  });

  it("filters by time: from inclusive, to exclusive", async () => {
    const all = await records({ first: 500 });
    const lock = all.find((r) => r.operation === "user.lock_user");
    const at = lock?.createdAt as string;
    const fromLock = await records({ from: at, first: 500 });
    expect(fromLock.map((r) => r.id)).toContain(lock?.id);
    expect(fromLock.every((r) => r.createdAt >= at)).toBe(true);
    const beforeLock = await records({ to: at, first: 500 });
    expect(beforeLock.map((r) => r.id)).not.toContain(lock?.id);
    expect(beforeLock.every((r) => r.createdAt < at)).toBe(true);
    expect(fromLock.length + beforeLock.length).toBeGreaterThanOrEqual(all.length);
    expect(await records({ from: "2999-01-01T00:00:00" })).toEqual([]);
    expect(await records({ to: "2000-01-01" })).toEqual([]);
  });

  it("compares to the microsecond: records are stamped to the millisecond, a bound between two milliseconds falls between them", async () => {
    const all = await records({ first: 500 });
    const lock = all.find((r) => r.operation === "user.lock_user") as { createdAt: string; id: string };
    // The record's time with six digits of fraction, then one microsecond either side.
    const ms = new Date(`${lock.createdAt.slice(0, 23)}Z`).getTime();
    const at = (micros: number) => {
      const whole = new Date(ms + Math.floor(micros / 1000)).toISOString().slice(0, 23);
      return `${whole}${String(((micros % 1000) + 1000) % 1000).padStart(3, "0")}`;
    };
    const ids = async (variables: Partial<AdminAuditLogQueryVariables>) =>
      (await records({ ...variables, operation: "user.lock_user", first: 500 })).map((r) => r.id);
    expect(await ids({ from: at(0), to: at(1) })).toEqual([lock.id]);
    expect(await ids({ from: at(0), to: at(999) })).toEqual([lock.id]);
    expect(await ids({ from: at(1) })).not.toContain(lock.id);
    expect(await ids({ to: at(0) })).not.toContain(lock.id);
    expect(await ids({ from: at(-1), to: at(1) })).toEqual([lock.id]);
  });

  it("takes times with a zone and converts them to UTC", async () => {
    const all = await records({ first: 500 });
    const lock = all.find((r) => r.operation === "user.lock_user") as { createdAt: string; id: string };
    const utc = new Date(`${lock.createdAt.slice(0, 23)}Z`);
    const shifted = new Date(utc.getTime() + 2 * 3_600_000).toISOString().slice(0, 23);
    const page = await records({ from: `${shifted}+02:00`, operation: "user.lock_user" });
    expect(page.map((r) => r.id)).toEqual([lock.id]);
  });
});

describe("auditLog: pages", () => {
  it("pages with first and after, without gaps or repeats", async () => {
    // Records about one user; each read of the user's trail adds one, newer than the first page started from.
    const all = (await records({ first: 500, targetUserId: userId })).map((r) => r.id);
    expect(all.length).toBeGreaterThanOrEqual(5);
    const seen: string[] = [];
    let after: string | undefined = all[0];
    seen.push(after as string);
    for (;;) {
      const page = await records({ first: 2, after, targetUserId: userId });
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((r) => r.id));
      after = page.at(-1)?.id;
    }
    expect(seen).toEqual(all);
  });

  it("gives 50 records by default", async () => {
    for (let i = 0; i < 50; i++) await send(a.gw, "GET", "/zato/sso/user", { ust: userUst, current_app: APP });
    expect(await records()).toHaveLength(50);
  });
});

describe("auditLog: bad filters are E008002", () => {
  it.each([
    ["first 0", { first: 0 }],
    ["first negative", { first: -1 }],
    ["first above 500", { first: 501 }],
    ["after not a record id", { after: "abc" }],
    ["after negative", { after: "-5" }],
    ["after too long", { after: "9".repeat(40) }],
    ["from not a time", { from: "yesterday" }],
    ["to not a time", { to: "2024-13-01" }],
    ["from with NUL", { from: "2024-01-01\u0000" }],
  ])("refuses %s", async (_, variables) => {
    expect(await read(variables)).toMatchObject({ __typename: "SsoError", status: "error", subStatus: ["E008002"] });
  });
});
