import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSealed } from "../../src/core/keys.js";
import { createBasicAuth } from "../../src/core/linked-auth/credentials.js";
import { replacePasswordHash } from "../../src/core/users/store.js";
import { freshDatabase } from "../support/database.js";
import { ADMIN_PASSWORD, auditOf, expectFailure, expectOk, PASSWORD } from "../support/fixtures.js";
import { APP, type ConfigOverrides, startGateway, type TestGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";

// A password's hash made otherwise than the configuration now asks is made anew at its owner's
// next successful login (docs/rules.md, "Passwords"): several gateways, each with its own
// [argon2] cost, salt size or encrypt_password, share one database and one secret key, as one
// gateway restarted with a new configuration would.

let database: Awaited<ReturnType<typeof freshDatabase>>;
const secretKey = randomBytes(32).toString("base64");
const gateways: TestGateway[] = [];
let original: TestGateway;

const gatewayWith = async (overrides: ConfigOverrides) => {
  const gw = await startGateway(overrides, { database, secretKey });
  gateways.push(gw);
  return gw;
};

beforeAll(async () => {
  database = await freshDatabase();
  original = await gatewayWith({});
});
afterAll(async () => {
  for (const gw of gateways) await gw.close();
  await database.drop();
});

/** The user's stored hash and password times. */
async function stored(username: string) {
  const [row] = await original.query<{ password: string; password_last_set: Date; password_expiry: Date }>(
    "SELECT password, password_last_set, password_expiry FROM sso_user WHERE username = $1",
    [username],
  );
  if (!row) throw new Error(`no user ${username}`);
  return row;
}

/** The PHC string behind a stored hash. */
const phcOf = (gw: TestGateway, hash: string) => (isSealed(hash) ? gw.services.keys.open(hash) : hash);

async function login(gw: TestGateway, username: string, password = PASSWORD) {
  return gw.rest("POST", "/zato/sso/user/login", { body: { username, password, current_app: APP } });
}

describe("rehash at login", () => {
  it("a raised [argon2] cost reaches a user's hash at their next login; the password's times stay; the record says so; once", async () => {
    const username = unique("rehash");
    await original.createUser(username, PASSWORD);
    const before = await stored(username);
    expect(phcOf(original, before.password)).toContain("m=1024,p=1,t=1");

    const raised = await gatewayWith({ argon2: { memory_cost: 2048, time_cost: 2, parallelism: 1 } });
    const first = await login(raised, username);
    expectOk(first);
    const after = await stored(username);
    expect(after.password).not.toBe(before.password);
    expect(isSealed(after.password)).toBe(true);
    expect(phcOf(raised, after.password)).toContain("m=2048,p=1,t=2");
    expect(after.password_last_set).toEqual(before.password_last_set);
    expect(after.password_expiry).toEqual(before.password_expiry);
    expect(auditOf(raised, first.body.cid).details.hash_upgraded).toBe(true);

    const second = await login(raised, username);
    expectOk(second);
    expect((await stored(username)).password).toBe(after.password);
    expect(auditOf(raised, second.body.cid).details.hash_upgraded).toBeUndefined();
    // The new hash is the same password's.
    expectOk(await login(original, username));
  });

  it("over GraphQL too: a login mutation brings the hash up to the raised cost", async () => {
    const username = unique("rehash");
    await original.createUser(username, PASSWORD);
    const raised = await gatewayWith({ argon2: { memory_cost: 1024, time_cost: 6, parallelism: 1 } });
    const answer = await raised.graphql(
      'mutation($u: String!, $p: String!) { login(username: $u, password: $p, currentApp: "CRM") { __typename ... on LoginPayload { cid ust } } }',
      { u: username, p: PASSWORD },
    );
    const payload = (answer.body as { data: { login: { __typename: string; cid: string } } }).data.login;
    expect(payload.__typename).toBe("LoginPayload");
    expect(auditOf(raised, payload.cid).details.hash_upgraded).toBe(true);
    expect(phcOf(raised, (await stored(username)).password)).toContain("t=6");
  });

  it("a wrong password changes nothing", async () => {
    const username = unique("rehash");
    await original.createUser(username, PASSWORD);
    const before = await stored(username);
    const raised = await gatewayWith({ argon2: { memory_cost: 1024, time_cost: 3, parallelism: 1 } });
    expectFailure(await login(raised, username, "not-the-password-1"), "E005001");
    expect((await stored(username)).password).toBe(before.password);
  });

  it("a longer salt size is reached the same way", async () => {
    const username = unique("rehash");
    await original.createUser(username, PASSWORD);
    const salted = await gatewayWith({ hash_secret: { salt_size: 32 } });
    expectOk(await login(salted, username));
    const salt = phcOf(salted, (await stored(username)).password).split("$")[4] as string;
    expect(Buffer.from(salt, "base64")).toHaveLength(32);
  });

  it("nothing is made weaker: a process with a lower cost or without encrypt_password leaves the hash, so processes whose settings differ do not undo each other", async () => {
    const username = unique("rehash");
    await original.createUser(username, PASSWORD);
    const raised = await gatewayWith({ argon2: { memory_cost: 1024, time_cost: 2, parallelism: 1 } });
    const plain = await gatewayWith({ main: { encrypt_password: false } });
    const first = await login(raised, username);
    expect(auditOf(raised, first.body.cid).details.hash_upgraded).toBe(true);
    const strong = (await stored(username)).password;
    for (const gw of [original, plain, raised, original, plain]) {
      const answer = await login(gw, username);
      expectOk(answer);
      expect(auditOf(gw, answer.body.cid).details.hash_upgraded).toBeUndefined();
    }
    expect((await stored(username)).password).toBe(strong);
  });

  it("processes set in opposite directions (more memory, fewer iterations) leave each other's hashes alone", async () => {
    const username = unique("rehash");
    await original.createUser(username, PASSWORD);
    const memory = await gatewayWith({ argon2: { memory_cost: 2048, time_cost: 1, parallelism: 1 } });
    const time = await gatewayWith({ argon2: { memory_cost: 1024, time_cost: 2, parallelism: 1 } });
    const upgraded: unknown[] = [];
    for (const gw of [memory, time, memory, time, memory]) {
      const answer = await login(gw, username);
      expectOk(answer);
      upgraded.push(auditOf(gw, answer.body.cid).details.hash_upgraded);
    }
    expect(upgraded).toEqual([true, undefined, undefined, undefined, undefined]);
    expect(phcOf(original, (await stored(username)).password)).toContain("m=2048,p=1,t=1");
  });

  it("a hash in clear that encrypt_password wants sealed is sealed at login, without a new argon2 hash", async () => {
    const plain = await gatewayWith({ main: { encrypt_password: false } });
    const username = unique("rehash");
    await plain.createUser(username, PASSWORD);
    const bare = (await stored(username)).password;
    expect(bare.startsWith("$argon2id$")).toBe(true);
    const answer = await login(original, username);
    expect(auditOf(original, answer.body.cid).details.hash_upgraded).toBe(true);
    const sealed = (await stored(username)).password;
    expect(isSealed(sealed)).toBe(true);
    expect(phcOf(original, sealed)).toBe(bare);
  });

  it("a hash sealed with a previous secret key is sealed with the current one at login", async () => {
    const username = unique("rehash");
    await original.createUser(username, PASSWORD);
    const before = (await stored(username)).password;
    const newKey = randomBytes(32).toString("base64");
    const rotated = await startGateway({ secret_keys: { previous_keys: [secretKey] } }, { database, secretKey: newKey });
    gateways.push(rotated);
    const answer = await login(rotated, username);
    expect(auditOf(rotated, answer.body.cid).details.hash_upgraded).toBe(true);
    const after = (await stored(username)).password;
    expect(rotated.services.keys.sealedWithCurrent(after)).toBe(true);
    expect(rotated.services.keys.open(after)).toBe(original.services.keys.open(before));
  });

  it("a password change whose old password was verified against a hash a login replaced meanwhile is checked again, and succeeds", async () => {
    const username = unique("rehash");
    await original.createUser(username, PASSWORD);
    const ust = await original.login(username, PASSWORD);
    const holder = new pg.Client(database.params);
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM sso_user WHERE username = $1 FOR UPDATE", [username]);
      const changing = original.rest("PATCH", "/zato/sso/user/password", {
        body: { ust, current_app: APP, old_password: PASSWORD, new_password: "Changed-Paper-Lamp-8" },
      });
      for (let i = 0; i < 400; i++) {
        const [waiting] = await original.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND ltrim(query) LIKE 'UPDATE sso_user%'",
        );
        if (waiting?.n === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      // What a login's upgrade stores: another hash of the same password.
      await holder.query("UPDATE sso_user SET password = $2 WHERE username = $1", [
        username,
        await original.services.passwords.hash(PASSWORD),
      ]);
      await holder.query("COMMIT");
      expectOk(await changing);
    } finally {
      await holder.end();
    }
    expectOk(await login(original, username, "Changed-Paper-Lamp-8"));
    expectFailure(await login(original, username), "E005001");
  });

  it("a login that must change its password stores only the new password's hash", async () => {
    const username = unique("rehash");
    await original.createUser(username, PASSWORD);
    await original.query("UPDATE sso_user SET password_must_change = true WHERE username = $1", [username]);
    const raised = await gatewayWith({ argon2: { memory_cost: 1024, time_cost: 4, parallelism: 1 } });
    const answer = await raised.rest("POST", "/zato/sso/user/login", {
      body: { username, password: PASSWORD, new_password: "Another-Paper-Lamp-9", current_app: APP },
    });
    expectOk(answer);
    expect(auditOf(raised, answer.body.cid).details.hash_upgraded).toBeUndefined();
    expectOk(await login(raised, username, "Another-Paper-Lamp-9"));
    expectFailure(await login(raised, username), "E005001");
  });

  it("a hash that cannot be stored never fails the login; the next login stores it", async () => {
    const username = unique("rehash");
    await original.createUser(username, PASSWORD);
    const before = await stored(username);
    const raised = await gatewayWith({ argon2: { memory_cost: 1024, time_cost: 5, parallelism: 1 } });
    await original.query(`CREATE FUNCTION refuse_rehash() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused'; END $$`);
    await original.query(
      "CREATE TRIGGER refuse_rehash BEFORE UPDATE OF password ON sso_user FOR EACH ROW EXECUTE FUNCTION refuse_rehash()",
    );
    try {
      const refused = await login(raised, username);
      expectOk(refused);
      expect((await stored(username)).password).toBe(before.password);
      expect(auditOf(raised, refused.body.cid).details.hash_upgraded).toBeUndefined();
      expect(raised.logs.some((l) => l.level === "warn" && l.message.startsWith("could not store a password's new hash"))).toBe(
        true,
      );
    } finally {
      await original.query("DROP TRIGGER refuse_rehash ON sso_user");
      await original.query("DROP FUNCTION refuse_rehash()");
    }
    const stored2 = await login(raised, username);
    expectOk(stored2);
    expect(phcOf(raised, (await stored(username)).password)).toContain("t=5");
  });

  it("a password set since the hash was read is kept: the new hash replaces only the one it was made from", async () => {
    const username = unique("rehash");
    const userId = await original.createUser(username, PASSWORD);
    const [{ id } = { id: "" }] = await original.query<{ id: string }>("SELECT id::text FROM sso_user WHERE user_id = $1", [
      userId,
    ]);
    const current = (await stored(username)).password;
    expect(await replacePasswordHash(original.services.db.sql, { id }, "a hash read before a change", "new")).toBe(false);
    expect((await stored(username)).password).toBe(current);
  });
});

describe("rehash of an external credential", () => {
  it("a raised cost reaches a basic_auth credential's hash at its next successful use", async () => {
    await original.createUser("rehash-admin", ADMIN_PASSWORD, { superUser: true });
    const adminUst = await original.login("rehash-admin", ADMIN_PASSWORD);
    const name = unique("svc");
    const secret = "svc-Secret-rehash-7";
    expect((await original.asOperator(createBasicAuth, { username: name, password: secret, is_active: true })).status).toBe("ok");
    const username = unique("linked");
    const userId = await original.createUser(username, PASSWORD);
    expectOk(
      await original.rest("POST", "/zato/sso/user/linked", {
        body: { ust: adminUst, current_app: APP, user_id: userId, auth_type: "basic_auth", auth_username: name, is_active: true },
      }),
    );
    const hashOf = async () =>
      (
        await original.query<{ password_hash: string }>("SELECT password_hash FROM sso_external_credential WHERE username = $1", [
          name,
        ])
      )[0]?.password_hash as string;
    const before = await hashOf();
    expect(before).toContain("t=1");

    const raised = await gatewayWith({ argon2: { memory_cost: 1024, time_cost: 2, parallelism: 1 } });
    const basic = `Basic ${Buffer.from(`${name}:${secret}`).toString("base64")}`;
    const answer = await raised.rest("GET", "/zato/sso/user", {
      query: { current_app: APP },
      headers: { authorization: basic },
    });
    expect(expectOk(answer).username).toBe(username);
    const after = await hashOf();
    expect(after.startsWith("$argon2id$")).toBe(true);
    expect(after).toContain("t=2");
    // The credential still opens with the same password.
    expectOk(await original.rest("GET", "/zato/sso/user", { query: { current_app: APP }, headers: { authorization: basic } }));
  });
});
