import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBasicAuth } from "../../src/core/linked-auth/credentials.js";
import { operatorDeleteUser } from "../../src/core/users/delete.js";
import { operatorLockUser } from "../../src/core/users/lock.js";
import { formatTimestamp } from "../../src/lib/time.js";
import { send } from "../support/admin.js";
import { freshDatabase } from "../support/database.js";
import { ADMIN_PASSWORD, expectOk, PASSWORD } from "../support/fixtures.js";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";
import { readServerSentEvents } from "../support/sse.js";

// Live events over GraphQL subscriptions (server-sent events), fanned out across gateway
// processes through PostgreSQL LISTEN/NOTIFY: caused on one gateway, seen on the other.

let database: Awaited<ReturnType<typeof freshDatabase>>;
let one: TestGateway;
let two: TestGateway;
let secretKey: string;

beforeAll(async () => {
  database = await freshDatabase();
  secretKey = randomBytes(32).toString("base64");
  one = await startGateway({}, { database, secretKey });
  two = await startGateway({}, { database, secretKey });
  await one.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
});
afterAll(async () => {
  await one.close();
  await two.close();
  await database.drop();
});

interface Stream {
  events: Record<string, unknown>[];
  /** Resolves with the events so far once `count` have arrived (or fails after `ms`). */
  next(count: number, ms?: number): Promise<Record<string, unknown>[]>;
  closed: Promise<void>;
  stop(): void;
}

/** A subscription over server-sent events on a gateway, its data events collected as they arrive. */
async function subscribe(g: TestGateway, query: string, variables: Record<string, unknown>): Promise<Stream> {
  const controller = new AbortController();
  const response = await fetch(`${g.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const events: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  const closed = readServerSentEvents(response.body as ReadableStream<Uint8Array>, (data) => {
    events.push(data as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    events,
    closed,
    stop: () => controller.abort(),
    async next(count, ms = 1000) {
      const deadline = Date.now() + ms;
      while (events.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${events.length} of ${count} events within ${ms} ms: ${JSON.stringify(events)}`);
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), new Promise((r) => setTimeout(r, left))]);
      }
      return events;
    },
  };
}

const SESSION_EVENTS = `subscription($ust: String) { sessionEvents(ust: $ust) { type userId sessionId reason at } }`;
const SECURITY_EVENTS = `subscription($ust: String, $types: [String!]) { securityEvents(ust: $ust, types: $types) { type userId username subStatus } }`;

describe("live events", () => {
  it("a subscriber on one gateway sees, within a second, a session event caused on the other; it ends with its session", async () => {
    const userId = await one.createUser("watcher", PASSWORD);
    const watching = await one.login("watcher", PASSWORD);
    const stream = await subscribe(two, SESSION_EVENTS, { ust: watching });
    // Another session of the same user, made and ended on the other gateway.
    const other = await one.login("watcher", PASSWORD);
    const [created] = await stream.next(1);
    expect(created).toMatchObject({ data: { sessionEvents: { type: "created", userId, reason: null } } });
    expectOk(await send(one, "PATCH", "/zato/sso/user/session", { ust: other, current_app: APP }));
    const started = Date.now();
    expectOk(await send(one, "POST", "/zato/sso/user/logout", { ust: other, current_app: APP }));
    const events = await stream.next(3);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(events.map((e) => (e.data as { sessionEvents: { type: string; reason: string | null } }).sessionEvents)).toMatchObject(
      [{ type: "created" }, { type: "renewed", reason: null }, { type: "ended", reason: "logout" }],
    );
    // The subscriber's own session ends: its last event, then the stream closes.
    expectOk(await send(one, "POST", "/zato/sso/user/logout", { ust: watching, current_app: APP }));
    const last = await stream.next(4);
    expect(last[3]).toMatchObject({ data: { sessionEvents: { type: "ended", reason: "logout" } } });
    await stream.closed;
    expect(JSON.stringify(stream.events)).not.toContain(watching);
  });

  it("a lock ends the locked user's subscription", async () => {
    const userId = await one.createUser("to-lock", PASSWORD);
    const ust = await one.login("to-lock", PASSWORD);
    const stream = await subscribe(two, SESSION_EVENTS, { ust });
    const admin = await one.login("admin1", ADMIN_PASSWORD);
    expectOk(await send(one, "POST", "/zato/sso/user/lock", { ust: admin, current_app: APP, user_id: userId }));
    const [ended] = await stream.next(1);
    expect(ended).toMatchObject({ data: { sessionEvents: { type: "ended", reason: "lock", sessionId: null } } });
    await stream.closed;
  });

  it("an update with is_locked and the CLI's lock-user lock as the lock call does: the subscription ends, watchers hear it", async () => {
    const admin = await one.login("admin1", ADMIN_PASSWORD);
    const watcher = await subscribe(two, SECURITY_EVENTS, { ust: admin, types: ["user_locked"] });
    const byUpdate = await one.createUser("lock-by-update", PASSWORD);
    const byOperator = await one.createUser("lock-by-operator", PASSWORD);
    await one.createUser("taken-name", PASSWORD);
    const streams = [
      await subscribe(two, SESSION_EVENTS, { ust: await one.login("lock-by-update", PASSWORD) }),
      await subscribe(two, SESSION_EVENTS, { ust: await one.login("lock-by-operator", PASSWORD) }),
    ];
    // An update that fails (the new username is taken) locks nobody, and announces nothing.
    const failed = await send(one, "PATCH", "/zato/sso/user", {
      ust: admin,
      current_app: APP,
      user_id: byUpdate,
      is_locked: true,
      username: "taken-name",
    });
    expect(failed.body.sub_status).toEqual(["E001002"]);
    expectOk(await send(one, "PATCH", "/zato/sso/user", { ust: admin, current_app: APP, user_id: byUpdate, is_locked: true }));
    expect((await one.asOperator(operatorLockUser, { username: "lock-by-operator" })).status).toBe("ok");
    for (const stream of streams) {
      const [ended] = await stream.next(1);
      expect(ended).toMatchObject({ data: { sessionEvents: { type: "ended", reason: "lock", sessionId: null } } });
      await stream.closed;
    }
    const heard = await watcher.next(2);
    expect(heard.map((e) => (e.data as { securityEvents: unknown }).securityEvents)).toEqual([
      { type: "user_locked", userId: byUpdate, username: "lock-by-update", subStatus: [] },
      { type: "user_locked", userId: byOperator, username: "lock-by-operator", subStatus: [] },
    ]);
    watcher.stop();
  });

  it("a deletion, by the API or by the CLI's delete-user, ends the user's subscription, and watchers hear it", async () => {
    const admin = await one.login("admin1", ADMIN_PASSWORD);
    const watcher = await subscribe(two, SECURITY_EVENTS, { ust: admin, types: ["user_deleted"] });
    const byApi = await one.createUser("delete-by-api", PASSWORD);
    const byOperator = await one.createUser("delete-by-operator", PASSWORD);
    const streams = [
      await subscribe(two, SESSION_EVENTS, { ust: await one.login("delete-by-api", PASSWORD) }),
      await subscribe(two, SESSION_EVENTS, { ust: await one.login("delete-by-operator", PASSWORD) }),
    ];
    expectOk(await send(one, "DELETE", "/zato/sso/user", { ust: admin, current_app: APP, user_id: byApi }));
    const deleted = await one.asOperator(operatorDeleteUser, { username: "delete-by-operator" });
    expect(deleted).toMatchObject({ status: "ok", data: { deleted: true } });
    for (const stream of streams) {
      const [ended] = await stream.next(1);
      expect(ended).toMatchObject({ data: { sessionEvents: { type: "ended", reason: "deletion", sessionId: null } } });
      await stream.closed;
    }
    const heard = await watcher.next(2);
    expect(heard.map((e) => (e.data as { securityEvents: unknown }).securityEvents)).toEqual([
      { type: "user_deleted", userId: byApi, username: "delete-by-api", subStatus: [] },
      { type: "user_deleted", userId: byOperator, username: "delete-by-operator", subStatus: [] },
    ]);
    watcher.stop();
  });

  it("an update that makes the user fail the user checks (a past password_expiry, an unconfirmed signup) ends the subscription: refused", async () => {
    const admin = await one.login("admin1", ADMIN_PASSWORD);
    for (const [name, change] of [
      ["expire-by-update", { password_expiry: "2020-01-01T00:00:00" }],
      ["unconfirm-by-update", { sign_up_status: "before_confirmation" }],
    ] as const) {
      const userId = await one.createUser(name, PASSWORD);
      const stream = await subscribe(two, SESSION_EVENTS, { ust: await one.login(name, PASSWORD) });
      expectOk(await send(one, "PATCH", "/zato/sso/user", { ust: admin, current_app: APP, user_id: userId, ...change }));
      const [ended] = await stream.next(1);
      expect(ended, name).toMatchObject({
        data: { sessionEvents: { type: "ended", userId, reason: "refused", sessionId: null } },
      });
      await stream.closed;
    }
    // An update that leaves the user passing the checks ends nothing.
    const kept = await one.createUser("kept-by-update", PASSWORD);
    const stream = await subscribe(two, SESSION_EVENTS, { ust: await one.login("kept-by-update", PASSWORD) });
    expectOk(
      await send(one, "PATCH", "/zato/sso/user", {
        ust: admin,
        current_app: APP,
        user_id: kept,
        password_expiry: "9999-01-01T00:00:00",
      }),
    );
    await expect(stream.next(1, 500)).rejects.toThrow(/0 of 1/);
    stream.stop();
  });

  it("a password that expires while subscribed ends the subscription when it expires: refused", async () => {
    const userId = await one.createUser("expiring-password", PASSWORD);
    const ust = await one.login("expiring-password", PASSWORD);
    const soon = formatTimestamp(new Date(two.clock.now().getTime() + 1_500));
    await two.query("UPDATE sso_user SET password_expiry = $1 WHERE user_id = $2", [soon, userId]);
    const stream = await subscribe(two, SESSION_EVENTS, { ust });
    // No call announces it: time passes.
    const [ended] = await stream.next(1, 5_000);
    expect(ended).toMatchObject({ data: { sessionEvents: { type: "ended", userId, reason: "refused" } } });
    await stream.closed;
  });

  it("a withdrawn approval ends the user's subscription, with the reason", async () => {
    const userId = await one.createUser("to-reject", PASSWORD);
    const ust = await one.login("to-reject", PASSWORD);
    const stream = await subscribe(two, SESSION_EVENTS, { ust });
    const admin = await one.login("admin1", ADMIN_PASSWORD);
    expectOk(await send(one, "POST", "/zato/sso/user/reject", { ust: admin, current_app: APP, user_id: userId }));
    const [ended] = await stream.next(1);
    expect(ended).toMatchObject({ data: { sessionEvents: { type: "ended", userId, reason: "rejection", sessionId: null } } });
    await stream.closed;
  });

  it("unlinking a credential ends the sessions it made, each with its event", async () => {
    const userId = await one.createUser("linked-owner", PASSWORD);
    const ust = await one.login("linked-owner", PASSWORD);
    const stream = await subscribe(two, SESSION_EVENTS, { ust });
    const name = `svc-${randomBytes(3).toString("hex")}`;
    expect((await one.asOperator(createBasicAuth, { username: name, password: "credential-pass-1" })).status).toBe("ok");
    const admin = await one.login("admin1", ADMIN_PASSWORD);
    const link = { ust: admin, current_app: APP, user_id: userId, auth_type: "basic_auth", auth_username: name };
    expectOk(await send(one, "POST", "/zato/sso/user/linked", { ...link, is_active: true }));
    const basic = `Basic ${Buffer.from(`${name}:credential-pass-1`).toString("base64")}`;
    const acting = await one.rest("GET", "/zato/sso/user", { query: { current_app: APP }, headers: { authorization: basic } });
    expect(acting.status).toBe(200);
    const [created] = await stream.next(1);
    const sessionId = (created as { data: { sessionEvents: { sessionId: string } } }).data.sessionEvents.sessionId;
    expectOk(await send(one, "DELETE", "/zato/sso/user/linked", link));
    const events = await stream.next(2);
    expect(events[1]).toMatchObject({ data: { sessionEvents: { type: "ended", userId, sessionId, reason: "unlinking" } } });
    stream.stop();
  });

  it("super-users watch security events, filtered by type; refused logins carry no typed name unless it names a user", async () => {
    const admin = await one.login("admin1", ADMIN_PASSWORD);
    const stream = await subscribe(two, SECURITY_EVENTS, { ust: admin, types: ["login_refused"] });
    await one.createUser("target", PASSWORD);
    await send(one, "POST", "/zato/sso/user/login", { username: "target", password: "wrong", current_app: APP });
    await send(one, "POST", "/zato/sso/user/login", { username: "someone@example.org", password: "wrong", current_app: APP });
    const events = await stream.next(2);
    expect(events.map((e) => (e.data as { securityEvents: unknown }).securityEvents)).toEqual([
      { type: "login_refused", userId: expect.stringMatching(/^zusr/), username: "target", subStatus: ["E005001"] },
      { type: "login_refused", userId: null, username: null, subStatus: ["E005001"] },
    ]);
    expect(JSON.stringify(events)).not.toContain("someone@example.org");
    stream.stop();
  });

  it("authorises once at the start: no UST, a forged one, or a regular user asking for security events", async () => {
    await one.createUser("regular", PASSWORD);
    const regular = await one.login("regular", PASSWORD);
    for (const [query, ust, code] of [
      [SESSION_EVENTS, undefined, "E007001"],
      [SESSION_EVENTS, "zust-forged", "E007001"],
      [SECURITY_EVENTS, regular, "E005001"],
    ] as const) {
      const stream = await subscribe(two, query, { ust });
      await stream.closed;
      expect(JSON.stringify(stream.events)).toContain(code);
    }
  });
});

describe("stopping a gateway", () => {
  it("completes its event streams at once: the stop does not wait for them", async () => {
    const own = await startGateway({}, { database, secretKey });
    const ust = await own.login("admin1", ADMIN_PASSWORD);
    const streams = [await subscribe(own, SESSION_EVENTS, { ust }), await subscribe(own, SECURITY_EVENTS, { ust, types: [] })];
    const started = Date.now();
    await own.close();
    for (const stream of streams) await stream.closed;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
