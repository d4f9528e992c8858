import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCallerAndUserWithAttributes, SHARED_READ_BYTES } from "../../src/core/attributes/store.js";
import { findLiveSessions, USTS_PER_LOOKUP, ustHash } from "../../src/core/sessions/store.js";
import { declaredStatements, type Sql, sqlOn } from "../../src/db/sql.js";
import { freshDatabase } from "../support/database.js";

// Every statement the stores declare is prepared against the migrated schema: SQL that no
// longer matches a table, a column or a type fails here, before any test reaches it.

const CORE = fileURLToPath(new URL("../../src/core", import.meta.url));

/** Every store of the core: `core/<capability>/store.ts`. */
const storeFiles = () =>
  readdirSync(CORE, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(CORE, entry.name, "store.ts"))
    .filter((file) => {
      try {
        return readdirSync(path.dirname(file)).includes("store.ts");
      } catch {
        return false;
      }
    });

let database: Awaited<ReturnType<typeof freshDatabase>>;
let client: pg.Client;
let pool: pg.Pool;

beforeAll(async () => {
  for (const file of storeFiles()) await import(pathToFileURL(file).href);
  database = await freshDatabase();
  client = new pg.Client(database.params);
  await client.connect();
  pool = new pg.Pool({ ...database.params, max: 4 });
});
afterAll(async () => {
  await client.end();
  await pool.end();
  await database.drop();
});

describe("store statements", () => {
  it("are declared by every store of the core", () => {
    const stores = storeFiles().map((file) => path.basename(path.dirname(file)));
    expect(stores).toEqual(
      expect.arrayContaining(["users", "sessions", "linked-auth", "audit", "attributes", "password-reset", "throttle"]),
    );
    expect(declaredStatements().length).toBeGreaterThan(30);
  });

  it("each prepare against the migrated schema", async () => {
    const failures: string[] = [];
    for (const [i, text] of declaredStatements().entries()) {
      try {
        await client.query(`PREPARE check_${i} AS ${text}`);
        await client.query(`DEALLOCATE check_${i}`);
      } catch (e) {
        failures.push(`${(e as Error).message}\n  in: ${text.replace(/\s+/g, " ").slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("compare hash columns (char(64)) as they are: a column cast to text is one no index serves", async () => {
    const byHash = declaredStatements().filter((text) => /_hash\s*=/.test(text));
    expect(byHash.length).toBeGreaterThan(1);
    for (const text of byHash) {
      const plan = (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (GENERIC_PLAN) ${text}`)).rows
        .map((r) => r["QUERY PLAN"])
        .join("\n");
      expect(plan, text).not.toMatch(/\(\w+_hash\)::text/);
    }
  });

  it("fail to prepare when they do not match the schema", async () => {
    await expect(client.query("PREPARE check_broken AS SELECT no_such_column FROM sso_user")).rejects.toThrow(/no_such_column/);
  });
});

describe("the session look-up, once the tables have statistics", () => {
  const USERS = 2000;
  const ust = (i: number) => `zust-plan-${i}`;

  beforeAll(async () => {
    await client.query(`INSERT INTO sso_user (user_id, username, password, password_is_set, password_must_change,
        password_last_set, password_expiry, is_active, is_internal, is_super_user, is_locked, creation_ctx, approval_status,
        approval_status_mod_time, approval_status_mod_by, sign_up_status, sign_up_time, sign_up_confirm_token_hash, totp_key)
      SELECT 'zusr-plan-' || i, 'plan' || i, 'x', true, false, now(), now() + interval '365 days', true, false, false, false,
        '{}', 'approved', now(), 'test', 'final', now(), md5(i::text) || md5(i::text), '' FROM generate_series(1, ${USERS}) i`);
    await client.query(
      `INSERT INTO sso_session (session_id, ust_hash, user_id, creation_time, expiration_time, remote_addr, user_agent,
          auth_type, auth_principal, state_change_list, current_app)
        SELECT 'zses-plan-' || i, ($1::text[])[i], u.id, now(), now() + interval '1 day', '10.0.0.1', 'test', 'default',
          u.username, '[]', 'CRM'
        FROM generate_series(1, ${USERS}) i JOIN sso_user u ON u.user_id = 'zusr-plan-' || i`,
      [Array.from({ length: USERS }, (_, i) => ustHash(ust(i + 1)))],
    );
    await client.query("ANALYZE sso_user, sso_session");
  });

  /** Plans made so far for the prepared statements of this connection whose text contains `part`. */
  const plans = async (part: string) =>
    (
      await client.query<{ generic_plans: string; custom_plans: string }>(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE strpos(statement, $1) > 0",
        [part],
      )
    ).rows.map((r) => ({ generic: Number(r.generic_plans), custom: Number(r.custom_plans) }));

  it("finds each live session it is asked for", async () => {
    const sql = sqlOn(client);
    const now = new Date();
    for (const count of [1, 2, 3, USTS_PER_LOOKUP, USTS_PER_LOOKUP + 3]) {
      const asked = Array.from({ length: count }, (_, i) => ust(1 + ((i * 37 + count) % USERS)));
      const found = await findLiveSessions(sql, [...asked, "zust-no-such-session"], now);
      expect([...found.keys()].sort()).toEqual([...asked].sort());
      for (const key of asked) expect(found.get(key)?.user.username).toMatch(/^plan\d+$/);
    }
  });

  it("keeps one plan for all executions, whatever the number of USTs", async () => {
    const sql = sqlOn(client);
    for (let round = 0; round < 10; round++) {
      for (let count = 1; count <= USTS_PER_LOOKUP; count++) {
        const asked = Array.from({ length: count }, (_, i) => ust(1 + ((round * 101 + i * 7) % USERS)));
        expect((await findLiveSessions(sql, asked, new Date())).size).toBe(count);
      }
    }
    const made = await plans("s.ust_hash IN (");
    // One statement per size: 1, 2, 4, 8, 16 and 32 USTs.
    expect(made).toHaveLength(6);
    // PostgreSQL tries five custom plans before it settles on the generic one.
    for (const { generic, custom } of made) {
      expect(generic).toBeGreaterThan(0);
      expect(custom).toBeLessThanOrEqual(5);
    }
  });

  /** The statements a Sql is sent: their parameters besides the time, and how many. */
  const counting = (sql: Sql) => {
    const sizes: number[] = [];
    const params: unknown[][] = [];
    const counted: Sql = {
      ...sql,
      rows: (text, values) => {
        sizes.push((values?.length ?? 1) - 1);
        params.push(values?.slice(1) ?? []);
        return sql.rows(text, values);
      },
    };
    return { counted, sizes, params };
  };

  it("looks up the USTs of concurrent calls together, each call's in one statement, each finding what its own look-up would", async () => {
    const { counted, sizes, params } = counting(sqlOn(pool));
    const now = new Date();
    const calls = Array.from({ length: 20 }, (_, c) => [ust(1 + 2 * c), ust(2 + 2 * c), "zust-no-such-session"]);
    const found = await Promise.all(calls.map((usts) => findLiveSessions(counted, usts, now)));
    // 60 USTs asked for in one turn of the event loop, three by each call: ten calls a statement
    // (21 different USTs, filled up to 32).
    expect(sizes).toEqual([USTS_PER_LOOKUP, USTS_PER_LOOKUP]);
    for (const [c, usts] of calls.entries()) {
      expect([...(found[c]?.keys() ?? [])].sort()).toEqual(usts.slice(0, 2).sort());
      expect(found[c]?.get(usts[0] as string)?.user.username).toBe(`plan${1 + 2 * c}`);
      expect(params.filter((sent) => usts.every((one) => sent.includes(ustHash(one))))).toHaveLength(1);
    }
    // Asked for one after the other, each is a statement of its own.
    sizes.length = 0;
    for (const usts of calls.slice(0, 3)) await findLiveSessions(counted, usts, now);
    expect(sizes).toEqual([4, 4, 4]);
  });

  it("shares no statement on the one connection of a transaction: each look-up goes out as asked", async () => {
    const { counted, sizes } = counting(sqlOn(client));
    const found = await Promise.all([1, 2, 3].map((i) => findLiveSessions(counted, [ust(i), ust(i + 1)], new Date())));
    expect(sizes).toEqual([2, 2, 2]);
    expect(found.map((one) => one.size)).toEqual([2, 2, 2]);
  });

  it("judges expiry by each call's own time when calls share a look-up, to the microsecond", async () => {
    await client.query(
      `INSERT INTO sso_session (session_id, ust_hash, user_id, creation_time, expiration_time, remote_addr, user_agent,
          auth_type, auth_principal, state_change_list, current_app)
        SELECT 'zses-plan-expiring', $1, u.id, '2029-12-31 00:00:00', '2030-01-01 00:00:00.0005', '10.0.0.1', 'test',
          'default', u.username, '[]', 'CRM' FROM sso_user u WHERE u.user_id = 'zusr-plan-1'`,
      [ustHash("zust-plan-expiring")],
    );
    const { counted, sizes } = counting(sqlOn(pool));
    const times = [
      "2029-12-31T23:59:59.000Z",
      "2030-01-01T00:00:00.000Z",
      "2030-01-01T00:00:00.001Z",
      "2030-01-02T00:00:00.000Z",
    ];
    const ask = (time: string) => findLiveSessions(counted, ["zust-plan-expiring"], new Date(time));
    const together = await Promise.all(times.map(ask));
    expect(sizes).toEqual([1]);
    expect(together.map((found) => found.has("zust-plan-expiring"))).toEqual([true, true, false, false]);
    const alone: boolean[] = [];
    for (const time of times) alone.push((await ask(time)).has("zust-plan-expiring"));
    expect(alone).toEqual([true, true, false, false]);
  });

  it("gives each call sharing a look-up objects of its own", async () => {
    const { counted, sizes } = counting(sqlOn(pool));
    const [a, b] = await Promise.all([1, 2].map(() => findLiveSessions(counted, [ust(7)], new Date())));
    expect(sizes).toEqual([1]);
    const first = a?.get(ust(7));
    const second = b?.get(ust(7));
    expect(second).toEqual(first);
    expect(second?.user).not.toBe(first?.user);
  });

  it("fails every call that shares a look-up the database did not serve, without asking again", async () => {
    const { counted, sizes } = counting({
      ...sqlOn(pool),
      rows: () => Promise.reject(new Error("Connection terminated unexpectedly")),
    });
    const calls = [1, 2, 3].map((i) => findLiveSessions(counted, [ust(i)], new Date()));
    for (const call of calls) await expect(call).rejects.toThrow("Connection terminated");
    // One statement (three USTs, filled up to four), not asked again call by call.
    expect(sizes).toEqual([4]);
  });

  it("reads a caller's session with a user's attributes in one statement, which keeps one plan too", async () => {
    await client.query(
      `INSERT INTO sso_attr (user_id, is_session_attr, scope_key, name, value, is_encrypted, serial_method, creation_time,
          last_modified, expiration_time)
        SELECT u.id, false, '', n.name, '"v' || n.name || '"', false, 'json', now(), now(), now() + n.life
          FROM sso_user u, (VALUES ('a', interval '1 day'), ('b', interval '1 day'), ('gone', interval '-1 second')) n(name, life)
         WHERE u.user_id LIKE 'zusr-plan-%'`,
    );
    await client.query("ANALYZE sso_attr");
    await client.query("UPDATE sso_user SET is_super_user = true WHERE user_id = ANY($1)", [
      Array.from({ length: 10 }, (_, i) => `zusr-plan-${i + 1}`),
    ]);
    const sql = sqlOn(client);
    for (let i = 1; i <= 10; i++) {
      const { caller, owner } = await findCallerAndUserWithAttributes(
        sql,
        ust(i),
        `zusr-plan-${i + 100}`,
        ["a", "gone", "x"],
        3 * 65_536,
        new Date(),
      );
      expect(caller?.user.username).toBe(`plan${i}`);
      expect(owner?.owner.username).toBe(`plan${i + 100}`);
      expect(owner?.attributes.map((a) => [a.name, a.value])).toEqual([["a", '"va"']]);
    }
    // Only a super-user's statement reads the owner: another caller's costs what its look-up costs.
    const unknownCaller = await findCallerAndUserWithAttributes(
      sql,
      "zust-no-such-session",
      "zusr-plan-7",
      ["b"],
      65_536,
      new Date(),
    );
    expect(unknownCaller).toEqual({ caller: undefined, owner: undefined });
    const plainCaller = await findCallerAndUserWithAttributes(sql, ust(50), "zusr-plan-7", ["b"], 65_536, new Date());
    expect(plainCaller.caller?.user.is_super_user).toBe(false);
    expect(plainCaller.owner).toBeUndefined();
    const unknownOwner = await findCallerAndUserWithAttributes(sql, ust(3), "zusr-no-such-user", ["a"], 65_536, new Date());
    expect(unknownOwner.caller?.user.username).toBe("plan3");
    expect(unknownOwner.owner).toBeUndefined();
    // The caller's row is built once per call: a gate on it that PostgreSQL inlined would build it twice.
    const texts = declaredStatements().filter((t) => t.includes("AS caller"));
    expect(texts).toHaveLength(6);
    for (const text of texts) {
      const plan = (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (VERBOSE, GENERIC_PLAN) ${text}`)).rows
        .map((r) => r["QUERY PLAN"])
        .join("\n");
      expect(plan.match(/row_to_json\(/g)).toHaveLength(1);
    }
    const [made] = await plans("AS caller");
    expect(made?.generic).toBeGreaterThan(0);
    expect(made?.custom).toBeLessThanOrEqual(5);
  });

  it("reads the callers and owners of concurrent calls in one statement, each call getting its own answer at its own time", async () => {
    await client.query(
      `INSERT INTO sso_attr (user_id, is_session_attr, scope_key, name, value, is_encrypted, serial_method, creation_time,
          last_modified, expiration_time)
        SELECT u.id, false, '', 'soon', '"s"', false, 'json', now(), now(), now() + interval '1 hour'
          FROM sso_user u WHERE u.user_id = 'zusr-plan-105'`,
    );
    const { counted, sizes } = counting(sqlOn(pool));
    const now = new Date();
    const later = new Date(now.getTime() + 2 * 3_600_000);
    const read = (caller: string, owner: string, names: string[], at = now) =>
      findCallerAndUserWithAttributes(counted, caller, owner, names, names.length * 1_000, at);
    const [superUsers, unknownCaller, plainCaller, unknownOwner, soon, soonLater] = await Promise.all([
      Promise.all(Array.from({ length: 9 }, (_, k) => read(ust(k + 1), `zusr-plan-${k + 101}`, ["a", "b", "gone"]))),
      read("zust-no-such-session", "zusr-plan-7", ["b"]),
      read(ust(50), "zusr-plan-7", ["b"]),
      read(ust(3), "zusr-no-such-user", ["a"]),
      read(ust(5), "zusr-plan-105", ["soon", "a"]),
      read(ust(5), "zusr-plan-105", ["soon", "a"], later),
    ]);
    // Fourteen calls: one statement of 16 places, of three parameters each.
    expect(sizes).toEqual([16 * 3]);
    for (const [k, { caller, owner }] of superUsers.entries()) {
      expect(caller?.user.username).toBe(`plan${k + 1}`);
      expect(owner?.owner.username).toBe(`plan${k + 101}`);
      expect(owner?.attributes.map((a) => a.name).sort()).toEqual(["a", "b"]);
    }
    expect(unknownCaller).toEqual({ caller: undefined, owner: undefined });
    expect(plainCaller.caller?.user.username).toBe("plan50");
    expect(plainCaller.owner).toBeUndefined();
    expect(unknownOwner.caller?.user.username).toBe("plan3");
    expect(unknownOwner.owner).toBeUndefined();
    expect(soon.owner?.attributes.map((a) => a.name).sort()).toEqual(["a", "soon"]);
    expect(soonLater.caller?.user.username).toBe("plan5");
    expect(soonLater.owner?.attributes.map((a) => a.name)).toEqual(["a"]);
    // A caller whose session ended by the call's own time has none, nor an owner.
    const [, afterEnd] = await Promise.all([
      read(ust(5), "zusr-plan-105", ["a"]),
      read(ust(5), "zusr-plan-105", ["a"], new Date(now.getTime() + 2 * 86_400_000)),
    ]);
    expect(afterEnd).toEqual({ caller: undefined, owner: undefined });
    // Calls that may fetch more than SHARED_READ_BYTES together share no statement.
    sizes.length = 0;
    const [big, other] = await Promise.all([
      findCallerAndUserWithAttributes(counted, ust(1), "zusr-plan-101", ["a"], SHARED_READ_BYTES, now),
      findCallerAndUserWithAttributes(counted, ust(2), "zusr-plan-102", ["a"], 1, now),
    ]);
    expect(sizes).toEqual([3, 3]);
    expect([big.owner?.owner.username, other.owner?.owner.username]).toEqual(["plan101", "plan102"]);
  });

  it("answers the other calls sharing a statement when the database refuses one call's value", async () => {
    const { counted, sizes } = counting(sqlOn(pool));
    const now = new Date();
    // The API refuses NUL in names before any statement: here it stands for any value the database might refuse.
    const [first, refused, last] = await Promise.allSettled([
      findCallerAndUserWithAttributes(counted, ust(1), "zusr-plan-101", ["a"], 1, now),
      findCallerAndUserWithAttributes(counted, ust(2), "zusr-plan-102", ["a\u0000"], 1, now),
      findCallerAndUserWithAttributes(counted, ust(3), "zusr-plan-103", ["a"], 1, now),
    ]);
    expect(first.status === "fulfilled" && first.value.owner?.attributes.map((a) => a.value)).toEqual(['"va"']);
    expect(last.status === "fulfilled" && last.value.owner?.owner.username).toBe("plan103");
    expect(refused.status === "rejected" && (refused.reason as Error).message).toMatch(/0x00/);
    // The shared statement of four places, then each call alone.
    expect(sizes).toEqual([4 * 3, 3, 3, 3]);
  });

  it("would plan every execution anew with an array of USTs (what the fixed lists avoid)", async () => {
    const text = declaredStatements()
      .find((t) => t.includes("s.ust_hash IN ($2, $3)"))
      ?.replace("s.ust_hash IN ($2, $3)", "s.ust_hash = ANY($2::bpchar[])");
    expect(text).toBeDefined();
    for (let i = 0; i < 10; i++) {
      await client.query({
        name: "plan_with_array",
        text: text as string,
        values: [new Date(), [ustHash(ust(i + 1)), ustHash(ust(i + 2))]],
      });
    }
    expect(await plans("ANY($2::bpchar[])")).toEqual([{ generic: 0, custom: 10 }]);
  });
});
