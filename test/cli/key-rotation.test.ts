import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSecretKey } from "../../src/core/key-check/check.js";
import { resealWithCurrentKey } from "../../src/core/key-check/reseal.js";
import { deriveKeys, isSealed, type Keys } from "../../src/core/keys.js";
import { freshDatabase } from "../support/database.js";
import { ADMIN_PASSWORD, currentTotp, enableTotp, expectOk, PASSWORD } from "../support/fixtures.js";
import { APP, type ConfigOverrides, startGateway, type TestGateway } from "../support/gateway.js";
import { type CliEnv, cliEnv } from "./support.js";

// Rotating the secret key (docs/rules.md, "Rotating the secret key"): data sealed with the old key
// stays readable while it is a previous key, `sso reseal` seals it with the new one, and then the
// old key can go. One database; the gateways and CLI runs each hold the keys a step gives them.

const TOTP_KEY = "KMCLCWN4YPMD2WO3";
const EMAIL = "Rotated.User@Example.com";

let cli: CliEnv;
const oldKey = () => cli.secretKey;
const newKey = randomBytes(32).toString("base64");
const gateways: TestGateway[] = [];
let adminUst: string;
let userId: string;

const gatewayWith = async (secretKey: string, overrides: ConfigOverrides = {}) => {
  // Password reset finds users by email too, to show look-ups by email across keys.
  const gw = await startGateway(
    { ...overrides, password_reset: { user_search_by: "username_or_email" } },
    { database: cli.database, secretKey },
  );
  gateways.push(gw);
  return gw;
};
function keysOf(key: string): Keys {
  return deriveKeys(Buffer.from(key, "base64"));
}

beforeAll(async () => {
  cli = await cliEnv();
  // Before the rotation: a user with a sealed email, password and TOTP key, and an encrypted attribute.
  expect((await cli.run(["create-odb"])).code).toBe(0);
  const before = await gatewayWith(oldKey());
  await before.createUser("rotation-admin", ADMIN_PASSWORD, { superUser: true });
  userId = await before.createUser("rotated", PASSWORD, { email: EMAIL });
  await enableTotp(before, "rotated", TOTP_KEY);
  adminUst = await before.login("rotation-admin", ADMIN_PASSWORD);
  expectOk(
    await before.rest("POST", "/zato/sso/user/attr", {
      body: { ust: adminUst, current_app: APP, user_id: userId, name: "secret", value: "s3cret", encrypt: true },
    }),
  );
});
afterAll(async () => {
  for (const gw of gateways) await gw.close();
  await cli.close();
});

/** Every sealed value of the database, with where it is. */
async function sealedValues(): Promise<{ where: string; value: string }[]> {
  const users = await cli.query<Record<string, string | null>>(
    "SELECT username, email, password, totp_key, totp_label FROM sso_user ORDER BY id",
  );
  const attrs = await cli.query<{ name: string; value: string }>("SELECT name, value FROM sso_attr WHERE is_encrypted");
  return [
    ...users.flatMap((u) =>
      ["email", "password", "totp_key", "totp_label"]
        .filter((column) => u[column] && isSealed(u[column] as string))
        .map((column) => ({ where: `${u.username}.${column}`, value: u[column] as string })),
    ),
    ...attrs.map((a) => ({ where: `attr ${a.name}`, value: a.value })),
  ];
}

/** What a user of the rotated data does: a TOTP login, the admin reading the email, search and reset by email, the attribute. */
async function useTheData(gw: TestGateway) {
  expectOk(
    await gw.rest("POST", "/zato/sso/user/login", {
      body: { username: "rotated", password: PASSWORD, totp_code: currentTotp(gw, TOTP_KEY), current_app: APP },
    }),
  );
  const admin = await gw.login("rotation-admin", ADMIN_PASSWORD);
  const user = expectOk(await gw.rest("GET", "/zato/sso/user", { query: { ust: admin, current_app: APP, user_id: userId } }));
  expect(user.email).toBe(EMAIL);
  const found = expectOk(
    await gw.rest("GET", "/zato/sso/user/search", { query: { ust: admin, current_app: APP, email: EMAIL.toLowerCase() } }),
  );
  expect((found.result as { user_id: string }[]).map((u) => u.user_id)).toEqual([userId]);
  const reset = expectOk(await gw.rest("POST", "/zato/sso/password/reset", { body: { current_app: APP, credential: EMAIL } }));
  await gw.services.audit.flush();
  const [record] = await cli.query<{ details: { found?: boolean } }>("SELECT details FROM sso_audit_log WHERE cid = $1", [
    reset.cid,
  ]);
  expect(record?.details.found).toBe(true);
  const attr = expectOk(
    await gw.rest("GET", "/zato/sso/user/attr", { query: { ust: admin, current_app: APP, user_id: userId, name: "secret" } }),
  );
  expect(attr.value).toBe("s3cret");
}

describe("rotating the secret key", () => {
  it("with the old key as a previous one, the new key is recorded and the old data is read; reseal moves it to the new key; then the old key can go", async () => {
    const fingerprint = async () => (await cli.query<{ fingerprint: string }>("SELECT fingerprint FROM sso_key_check"))[0];
    expect(await fingerprint()).toEqual({ fingerprint: keysOf(oldKey()).fingerprint });

    // Step 1: the new key, with the old one as a previous key. The CLI records it, as a gateway would.
    const rotatedEnv = { SSO_SECRET_KEY: newKey, SSO_PREVIOUS_SECRET_KEYS: oldKey() };
    const first = await cli.run(["login", "rotated"], { env: rotatedEnv });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("recorded a new secret key");
    expect(await fingerprint()).toEqual({ fingerprint: keysOf(newKey).fingerprint });
    // A process holding only the old key, or another key, now stops at start-up.
    for (const key of [oldKey(), randomBytes(32).toString("base64")]) {
      const refused = await cli.run(["login", "rotated"], { env: { SSO_SECRET_KEY: key } });
      expect(refused.code).toBe(16);
      expect(refused.stderr).toMatch(/^ConfigError: SSO_SECRET_KEY: .*previous_keys/);
    }

    // A gateway started before with only the old key goes on running, but is no longer ready.
    const stale = await fetch(`${(gateways[0] as TestGateway).url}/health/ready`);
    expect(stale.status).toBe(503);
    expect(await stale.json()).toEqual({ status: "unavailable", database: "ok", migrations: "ok", secret_key: "replaced" });
    expect((gateways[0] as TestGateway).logs).toContainEqual(
      expect.objectContaining({ level: "error", message: expect.stringContaining("another secret key is recorded") }),
    );

    // Before reseal, a gateway given the new key alone would fail on the old data: it stops at start-up.
    const forgetful = await gatewayWith(newKey);
    await expect(checkSecretKey(forgetful.services, { sealedData: true })).rejects.toThrow(
      /^\[secret_keys\] previous_keys: data in this database is still sealed/,
    );
    // The CLI starts, so that reseal can say what the keys it holds cannot open (and change nothing else).
    const blind = await cli.run(["reseal"], { env: { SSO_SECRET_KEY: newKey } });
    expect(blind.code).toBe(16);
    expect(blind.stderr).toMatch(/^2 users and 1 attributes hold values none of the keys opens/);

    const during = await gatewayWith(newKey, { secret_keys: { previous_keys: [oldKey()] } });
    expect((await fetch(`${during.url}/health/ready`)).status).toBe(200);
    await useTheData(during);
    // What is written now is sealed with the new key.
    await during.createUser("after-rotation", PASSWORD, { email: "after@example.com" });
    const [after] = await cli.query<{ email: string }>("SELECT email FROM sso_user WHERE username = 'after-rotation'");
    expect(keysOf(newKey).open(after?.email as string)).toBe("after@example.com");
    expect((await sealedValues()).some(({ value }) => !keysOf(newKey).sealedWithCurrent(value))).toBe(true);

    // Step 2: reseal.
    const resealed = await cli.run(["reseal"], { env: rotatedEnv });
    expect(resealed.code, resealed.stderr).toBe(0);
    expect(resealed.stdout).toBe("Sealed anew with the current key: 2 users, 1 attributes\nOK\n");
    const newOnly = keysOf(newKey);
    const values = await sealedValues();
    expect(values.filter(({ value }) => !newOnly.sealedWithCurrent(value))).toEqual([]);
    expect(values.map(({ where }) => where)).toEqual(
      expect.arrayContaining(["rotated.email", "rotated.password", "rotated.totp_key", "attr secret"]),
    );
    const hashes = await cli.query<{ email_hash: string; email: string }>(
      "SELECT email_hash, email FROM sso_user WHERE email IS NOT NULL",
    );
    for (const { email, email_hash } of hashes) expect(email_hash).toBe(newOnly.emailHash(newOnly.open(email)));
    // Nothing is left to do a second time.
    expect((await cli.run(["reseal"], { env: rotatedEnv })).stdout).toBe(
      "Sealed anew with the current key: 0 users, 0 attributes\nOK\n",
    );

    // Step 3: the new key alone.
    await expect(checkSecretKey(forgetful.services, { sealedData: true })).resolves.toBe(false);
    const alone = await gatewayWith(newKey);
    await useTheData(alone);
  });

  it("a value no key opens is named, and reseal exits 16", async () => {
    const stray = keysOf(randomBytes(32).toString("base64")).seal("lost");
    const [{ id } = { id: "" }] = await cli.query<{ id: string }>(
      `INSERT INTO sso_attr (user_id, is_session_attr, scope_key, name, value, is_encrypted, serial_method, creation_time,
         last_modified, expiration_time)
       SELECT id, false, 'user', 'stray', $1, true, 'json', now(), now(), now() + interval '1 day' FROM sso_user
        WHERE username = 'rotated' RETURNING id::text`,
      [stray],
    );
    const r = await cli.run(["reseal"], { env: { SSO_SECRET_KEY: newKey } });
    expect(r.code).toBe(16);
    expect(r.stderr).toContain(`0 users and 1 attributes hold values none of the keys opens`);
    expect(r.stderr).toContain(JSON.stringify({ user_ids: [], attribute_ids: [id] }));
    expect((await cli.query("SELECT value FROM sso_attr WHERE id = $1", [id]))[0]).toEqual({ value: stray });
  });
});

describe("previous keys in the configuration", () => {
  it("must be base64 of 32 bytes, and not the current key", async () => {
    const bad = await cli.run(["login", "rotated"], { env: { SSO_SECRET_KEY: newKey, SSO_PREVIOUS_SECRET_KEYS: "short" } });
    expect(bad.code).toBe(16);
    expect(bad.stderr).toMatch(/^ConfigError: SSO_PREVIOUS_SECRET_KEYS: must be base64 of 32 bytes/);
    const same = await cli.run(["login", "rotated"], { env: { SSO_SECRET_KEY: newKey, SSO_PREVIOUS_SECRET_KEYS: newKey } });
    expect(same.code).toBe(16);
    expect(same.stderr).toMatch(/^ConfigError: SSO_PREVIOUS_SECRET_KEYS: holds the current secret key/);
  });
});

describe("reseal, row by row", () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const own: TestGateway[] = [];
  const oldSecret = randomBytes(32).toString("base64");
  const newSecret = randomBytes(32).toString("base64");
  const start = async (secretKey: string, overrides: ConfigOverrides = {}) => {
    const gw = await startGateway(overrides, { database, secretKey });
    own.push(gw);
    return gw;
  };
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    for (const gw of own) await gw.close();
    await database.drop();
  });

  /** Every user's sealed columns that the new key alone does not open, by username and column. */
  async function leftBehind(): Promise<string[]> {
    const keys = keysOf(newSecret);
    const rows = await own[0]?.query<Record<string, string | null>>(
      "SELECT username, email, password, totp_key FROM sso_user ORDER BY id",
    );
    return (rows ?? []).flatMap((row) =>
      ["email", "password", "totp_key"]
        .filter((column) => row[column] && isSealed(row[column] as string) && !keys.sealedWithCurrent(row[column] as string))
        .map((column) => `${row.username}.${column}`),
    );
  }

  it("visits every row in id order across batches, whatever the ids' digits; a row changed meanwhile is read again and finished", async () => {
    const before = await start(oldSecret);
    for (let i = 1; i <= 12; i++) await before.createUser(`batch-${i}`, PASSWORD, { email: `batch-${i}@example.com` });
    const rotated = await start(newSecret, { secret_keys: { previous_keys: [oldSecret] } });
    expect((await leftBehind()).length).toBeGreaterThan(24);

    // batch-5's row is held while reseal reaches it; meanwhile a gateway with the new key sets its password.
    const holder = new pg.Client(database.params);
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM sso_user WHERE username = 'batch-5' FOR UPDATE");
      const progress: { users: number; attributes: number }[] = [];
      const running = resealWithCurrentKey(rotated.services, { batch: 5, progress: (read) => progress.push(read) });
      for (let i = 0; i < 400; i++) {
        const [waiting] = await rotated.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND ltrim(query) LIKE 'UPDATE sso_user%'",
        );
        if (waiting?.n === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const sealedPassword = keysOf(newSecret).seal("$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo");
      await holder.query("UPDATE sso_user SET password = $1 WHERE username = 'batch-5'", [sealedPassword]);
      await holder.query("COMMIT");
      const report = await running;
      expect(report).toEqual({ users: 12, attributes: 0, busy: 0, unreadable: { users: [], attributes: [] } });
      // Progress after each batch read, for the CLI to show on a large database.
      expect(progress).toEqual([
        { users: 5, attributes: 0 },
        { users: 10, attributes: 0 },
        { users: 12, attributes: 0 },
      ]);
    } finally {
      await holder.end();
    }
    expect(await leftBehind()).toEqual([]);
    const hashes = await rotated.query<{ email: string; email_hash: string }>("SELECT email, email_hash FROM sso_user");
    const keys = keysOf(newSecret);
    for (const { email, email_hash } of hashes) expect(email_hash).toBe(keys.emailHash(keys.open(email)));
  });

  it("with emails in clear, one that only looks sealed is clear text: the user's other values are sealed anew, and nothing is reported", async () => {
    const plainOld = await start(oldSecret, { main: { encrypt_email: false } });
    const lookalike = `v1:${"A".repeat(40)}`;
    await plainOld.createUser("lookalike", PASSWORD, { email: lookalike });
    await enableTotp(plainOld, "lookalike", TOTP_KEY);
    const rotated = await start(newSecret, { main: { encrypt_email: false }, secret_keys: { previous_keys: [oldSecret] } });
    const report = await resealWithCurrentKey(rotated.services);
    expect(report.unreadable).toEqual({ users: [], attributes: [] });
    const [row] = await rotated.query<{ email: string; email_hash: string; totp_key: string; password: string }>(
      "SELECT email, email_hash, totp_key, password FROM sso_user WHERE username = 'lookalike'",
    );
    expect(row?.email).toBe(lookalike);
    expect(row?.email_hash).toBe(keysOf(newSecret).emailHash(lookalike));
    expect(keysOf(newSecret).sealedWithCurrent(row?.totp_key as string)).toBe(true);
    expect(keysOf(newSecret).sealedWithCurrent(row?.password as string)).toBe(true);
  });
});
