import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send } from "../support/admin.js";
import { freshDatabase } from "../support/database.js";
import { ADMIN_PASSWORD, expectFailure, expectOk, PASSWORD } from "../support/fixtures.js";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";

// Two gateway processes' worth of state (each its own pool, caches and timers) on one database:
// whatever one does, the other sees at once, because nothing shared lives in a process. (The
// cleanup job's one-at-a-time lock is tested in test/cleanup.)

let database: Awaited<ReturnType<typeof freshDatabase>>;
let one: TestGateway;
let two: TestGateway;
let adminOnOne: string;

beforeAll(async () => {
  database = await freshDatabase();
  const secretKey = randomBytes(32).toString("base64");
  const overrides = {
    main: { email_service: "outbox:outbox" },
    password_reset: { min_answer_time: 0, max_per_user: 2 },
    brute_force: { address_threshold: 3 },
  };
  one = await startGateway(overrides, { database, secretKey });
  two = await startGateway(overrides, { database, secretKey });
  await one.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  adminOnOne = await one.login("admin1", ADMIN_PASSWORD);
});
afterAll(async () => {
  await one.close();
  await two.close();
  await database.drop();
});

describe("two gateways on one database", () => {
  it("a session made on one is verified, renewed and ended on the other", async () => {
    await one.createUser("traveller", PASSWORD, { email: "traveller@example.net" });
    const ust = await one.login("traveller", PASSWORD);
    const adminOnTwo = await two.login("admin1", ADMIN_PASSWORD);
    const verify = (g: TestGateway, admin: string) =>
      send(g, "POST", "/zato/sso/user/session", { current_ust: admin, target_ust: ust, current_app: APP });
    expect(expectOk(await verify(two, adminOnTwo)).is_valid).toBe(true);
    expectOk(await send(two, "PATCH", "/zato/sso/user/session", { ust, current_app: APP }));
    expectOk(await send(two, "POST", "/zato/sso/user/logout", { ust, current_app: APP }));
    expect(expectOk(await verify(one, adminOnOne)).is_valid).toBe(false);
  });

  it("a lock on one refuses the user's calls on the other at once", async () => {
    const userId = await one.createUser("lockable", PASSWORD);
    const ust = await two.login("lockable", PASSWORD);
    expectOk(await send(two, "GET", "/zato/sso/user", { ust, current_app: APP }));
    expectOk(await send(one, "POST", "/zato/sso/user/lock", { ust: adminOnOne, current_app: APP, user_id: userId }));
    expectFailure(await send(two, "GET", "/zato/sso/user", { ust, current_app: APP }), "E005002");
  });

  it("failed passwords on one count on the other", async () => {
    await one.createUser("guessed", PASSWORD);
    for (let i = 0; i < 3; i++) {
      const g = i % 2 === 0 ? one : two;
      expectFailure(
        await send(g, "POST", "/zato/sso/user/login", { username: "guessed", password: "wrong", current_app: APP }),
        "E005001",
      );
    }
    // Past the threshold from this address: even the right password is refused, on either gateway.
    const refused = await send(two, "POST", "/zato/sso/user/login", {
      username: "guessed",
      password: PASSWORD,
      current_app: APP,
    });
    expectFailure(refused, "E005001");
  });

  it("password-reset limits are shared", async () => {
    await one.createUser("forgetful", PASSWORD, { email: "forgetful@example.net" });
    for (const g of [one, two, one, two]) {
      expectOk(await send(g, "POST", "/zato/sso/password/reset", { credential: "forgetful", current_app: APP }));
    }
    const made = await one.query(
      "SELECT count(*)::int AS n FROM sso_password_reset p JOIN sso_user u ON u.id = p.user_id WHERE u.username = 'forgetful'",
    );
    expect(made).toEqual([{ n: 2 }]);
  });

  it("an attribute written on one is read on the other; a duplicate create on the other fails", async () => {
    const userId = await one.createUser("attributed", PASSWORD);
    const adminOnTwo = await two.login("admin1", ADMIN_PASSWORD);
    expectOk(
      await send(one, "POST", "/zato/sso/user/attr", { ust: adminOnOne, current_app: APP, user_id: userId, name: "n", value: 1 }),
    );
    expect(
      expectOk(await send(two, "GET", "/zato/sso/user/attr", { ust: adminOnTwo, current_app: APP, user_id: userId, name: "n" }))
        .value,
    ).toBe(1);
    expectFailure(
      await send(two, "POST", "/zato/sso/user/attr", { ust: adminOnTwo, current_app: APP, user_id: userId, name: "n", value: 2 }),
      "E009001",
    );
  });
});
