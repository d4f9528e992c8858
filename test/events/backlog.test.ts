import { afterAll, beforeAll, expect, it } from "vitest";
import { localRequest, RequestContext } from "../../src/core/context.js";
import { type SsoEvent, securityEvent } from "../../src/core/events/bus.js";
import { MAX_QUEUED_EVENTS, watch } from "../../src/core/events/watch.js";
import { ADMIN_PASSWORD } from "../support/fixtures.js";
import { startGateway, type TestGateway } from "../support/gateway.js";

let g: TestGateway;
beforeAll(async () => {
  g = await startGateway();
  await g.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
});
afterAll(() => g.close());

it(`a subscriber that falls ${MAX_QUEUED_EVENTS} events behind gets those, then its subscription ends`, async () => {
  const ust = await g.login("admin1", ADMIN_PASSWORD);
  const events = await watch(new RequestContext(g.services, localRequest("test")), ust, { kind: "security", types: [] });
  const call = { events: [] as SsoEvent[], now: g.services.clock.now() };
  for (let i = 0; i < MAX_QUEUED_EVENTS + 50; i++) securityEvent(call, "login_refused", { username: `u${i}` }, ["E005001"]);
  const flood = call.events;
  let delivered = 0;
  const stopCounting = await g.services.events.subscribe(
    () => delivered++,
    () => {},
  );
  // Published in batches, as calls publish them; the subscriber reads none of them meanwhile.
  for (let at = 0; at < flood.length; at += 50) await g.services.events.publish(flood.slice(at, at + 50));
  while (delivered < flood.length) await new Promise((r) => setTimeout(r, 20));
  stopCounting();
  const read: string[] = [];
  for await (const e of events) read.push((e as { username: string }).username);
  expect(read).toEqual(flood.slice(0, MAX_QUEUED_EVENTS).map((e) => (e as { username: string }).username));
});

it("when the process's connection for events breaks, its subscriptions end after what they had; a new one hears events again", async () => {
  const ust = await g.login("admin1", ADMIN_PASSWORD);
  const events = await watch(new RequestContext(g.services, localRequest("test")), ust, { kind: "security", types: [] });
  const call = { events: [] as SsoEvent[], now: g.services.clock.now() };
  securityEvent(call, "login_refused", { username: "before" }, ["E005001"]);
  await g.services.events.publish(call.events);
  const first = await events.next();
  expect(first.value).toMatchObject({ username: "before" });
  // What a database restart or a failover does to the listening connection.
  const [ended] = await g.query<{ n: number }>(
    "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'",
  );
  expect(ended?.n).toBe(1);
  const next = await Promise.race([events.next(), new Promise((resolve) => setTimeout(() => resolve("still open"), 5_000))]);
  expect(next).toEqual({ done: true, value: undefined });

  const again = await watch(new RequestContext(g.services, localRequest("test")), ust, { kind: "security", types: [] });
  const later = { events: [] as SsoEvent[], now: g.services.clock.now() };
  securityEvent(later, "login_refused", { username: "after" }, ["E005001"]);
  await g.services.events.publish(later.events);
  expect((await again.next()).value).toMatchObject({ username: "after" });
  await again.return(undefined);
});

it("once the process stops its subscriptions, a subscription that starts later ends at once", async () => {
  const own = await startGateway();
  try {
    await own.createUser("late", ADMIN_PASSWORD, { superUser: true });
    const ust = await own.login("late", ADMIN_PASSWORD);
    own.services.events.stopSubscriptions();
    const events = await watch(new RequestContext(own.services, localRequest("test")), ust, { kind: "security", types: [] });
    const next = await Promise.race([events.next(), new Promise((resolve) => setTimeout(() => resolve("still open"), 2_000))]);
    expect(next).toEqual({ done: true, value: undefined });
  } finally {
    await own.close();
  }
});
