import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Services } from "../../src/core/context.js";
import type { PgParams } from "../../src/db/embedded.js";
import { deriveKey } from "../../src/lib/crypto.js";
import { newTotpKey } from "../../src/lib/ids.js";

/** What the search measurements ask for: existing usernames and emails, and name fragments. */
export interface SearchData {
  usernames: string[];
  emails: string[];
  fragments: string[];
}

const FIRST = [
  "James",
  "Mary",
  "Robert",
  "Patricia",
  "John",
  "Jennifer",
  "Michael",
  "Linda",
  "David",
  "Elizabeth",
  "William",
  "Barbara",
  "Richard",
  "Susan",
  "Joseph",
  "Jessica",
  "Thomas",
  "Sarah",
  "Charles",
  "Karen",
  "Christopher",
  "Lisa",
  "Daniel",
  "Nancy",
  "Matthew",
  "Betty",
  "Anthony",
  "Sandra",
  "Mark",
  "Margaret",
  "Ana",
  "Jan",
  "Yuki",
  "Amir",
  "Zofia",
  "Émile",
  "Søren",
  "Chidi",
  "Priya",
  "Mateo",
];
const SYLLABLES = [
  "an",
  "ber",
  "cal",
  "dor",
  "el",
  "fin",
  "gar",
  "hol",
  "is",
  "jen",
  "kas",
  "lin",
  "mor",
  "nov",
  "ost",
  "pet",
  "quin",
  "ros",
  "sten",
  "tor",
  "ul",
  "var",
  "wes",
  "xan",
  "yor",
  "zel",
  "son",
  "berg",
  "ski",
  "man",
];

/** A small deterministic generator: the same users on every run. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// One statement per chunk, from arrays: the names and emails come from here (the emails sealed
// with the gateway's key, which PostgreSQL cannot do), the rest is computed in SQL, the emails'
// keyed hashes too (HMAC-SHA256 from its two padded keys, $13 and $14: quicker than here).
const INSERT = `INSERT INTO sso_user (user_id, username, password, password_is_set, password_must_change, password_last_set,
    password_expiry, email, email_hash, display_name, first_name, last_name, display_name_upper, first_name_upper,
    last_name_upper, is_active, is_internal, is_super_user, is_locked, creation_ctx, approval_status,
    approval_status_mod_time, approval_status_mod_by, sign_up_status, sign_up_time, sign_up_confirm_token_hash,
    is_totp_enabled, totp_key, is_rate_limit_active, rate_limit_type, rate_limit_check_parent_def)
  SELECT 'zusr' || left(md5($12 || '/' || r.username), 26), r.username, $8, true, false, $9::timestamp, $10::timestamp,
    r.sealed, encode(sha256($14::bytea || sha256($13::bytea || convert_to(r.email, 'UTF8'))), 'hex'),
    r.first_name || ' ' || r.last_name, r.first_name, r.last_name, r.first_upper || ' ' || r.last_upper, r.first_upper,
    r.last_upper, true, false, false, false, '{"source": "cli"}', 'approved', $9::timestamp, 'auto', 'final', $9::timestamp,
    encode(sha256(convert_to(r.username || '/' || $12, 'UTF8')), 'hex'), false, $11, false, 'EXACT', false
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
    AS r(username, first_name, last_name, first_upper, last_upper, email, sealed)`;

/** From this many users on, the table's secondary indexes are dropped for the seeding and built again after it. */
const REBUILD_FROM = 100_000;

/**
 * Inserts `count` approved users named `${prefix}0`, `${prefix}1`…, with varied names and (sealed)
 * emails, straight into the table as the database's owner: one shared password hash, since
 * nobody logs in as them. Returns a sample of them to search for.
 */
export async function seedUsers(services: Services, owner: PgParams, count: number, prefix: string): Promise<SearchData> {
  const random = mulberry32(20261122);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const now = services.clock.now();
  const expiry = new Date(now.getTime() + 730 * 86_400_000);
  const password = await services.passwords.hash("nobody logs in as a seeded user");
  const totpKey = services.keys.seal(newTotpKey());
  const salt = randomBytes(8).toString("hex");
  // HMAC's inner and outer keys, as src/core/keys.ts keys the email hashes (checked below).
  const emailKey = Buffer.concat([deriveKey(services.config.secretKey, "sso/email-hash/v1"), Buffer.alloc(32)]);
  const [inner, outer] = [0x36, 0x5c].map((pad) => Buffer.from(emailKey.map((byte) => byte ^ pad)));
  const data: SearchData = { usernames: [], emails: [], fragments: [] };
  let firstEmail = "";
  const client = new pg.Client(owner);
  await client.connect();
  try {
    await client.query("SET maintenance_work_mem = '256MB'");
    await client.query("BEGIN");
    // Built once over all the rows instead of grown row by row: minutes faster at a million
    // users. A built index has fuller pages than a grown one: fewer of them, as many levels.
    const rebuild =
      count < REBUILD_FROM
        ? []
        : (
            await client.query<{ name: string; definition: string }>(
              `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
                 FROM pg_index i
                WHERE i.indrelid = 'sso_user'::regclass AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
            )
          ).rows;
    for (const { name } of rebuild) await client.query(`DROP INDEX ${name}`);
    const CHUNK = 50_000;
    let inFlight: Promise<unknown> = Promise.resolve();
    for (let start = 0; start < count; start += CHUNK) {
      // The arrays of INSERT's unnest, in its order.
      const columns: string[][] = [[], [], [], [], [], [], []];
      for (let i = start; i < Math.min(start + CHUNK, count); i++) {
        const first = pick(FIRST);
        const last = Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join("");
        const lastName = last.charAt(0).toUpperCase() + last.slice(1);
        const email = `${first}.${last}.${prefix}${i}@example.com`.toLowerCase();
        if (i === 0) firstEmail = email;
        const sealed = services.config.main.encrypt_email ? services.keys.seal(email) : email;
        const row = [`${prefix}${i}`, first, lastName, first.toUpperCase(), lastName.toUpperCase(), email, sealed];
        for (const [column, value] of row.entries()) columns[column]?.push(value);
        if (random() < 0.01) {
          data.usernames.push(`${prefix}${i}`);
          // Clients may write emails in any case: the look-up compares them lower-cased.
          data.emails.push(i % 2 === 0 ? email : email.toUpperCase());
        }
        if (random() < 0.003) {
          const at = Math.floor(random() * (last.length - 3));
          data.fragments.push(last.slice(at, at + 4));
        }
      }
      // This chunk was made while PostgreSQL inserted the previous one.
      await inFlight;
      inFlight = client.query(INSERT, [...columns, password, sqlTime(now), sqlTime(expiry), totpKey, salt, inner, outer]);
      inFlight.catch(() => {});
    }
    await inFlight;
    const { rows } = await client.query<{ email_hash: string }>("SELECT email_hash FROM sso_user WHERE username = $1", [
      `${prefix}0`,
    ]);
    const seeded = rows[0]?.email_hash;
    if (seeded !== undefined && seeded !== services.keys.emailHash(firstEmail)) throw new Error("seeded email hashes are wrong");
    for (const { definition } of rebuild) await client.query(definition);
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    await client.end();
  }
  await settle(owner, "sso_user");
  return data;
}

/** Seeds `count` users for the search measurements. */
export const seedSearchUsers = (services: Services, count: number, owner: PgParams): Promise<SearchData> =>
  seedUsers(services, owner, count, "search-");

/** A time as `timestamp` columns hold it: UTC wall-clock text. */
export const sqlTime = (date: Date) => date.toISOString().slice(0, 23);

/**
 * After a bulk insert: the trigram indexes' pending entries merged now, not under the
 * measurements (autovacuum would), the statistics brought up to date, the dirty pages written
 * out, and any autovacuum the seeding woke finished: background work of PostgreSQL's counts
 * against whichever measurement it overlaps. As the database's owner: the gateway's own role
 * may do none of it.
 */
export async function settle(owner: PgParams, table: string): Promise<void> {
  const maintenance = new pg.Client(owner);
  await maintenance.connect();
  try {
    await maintenance.query(`VACUUM ANALYZE ${table}`);
    await maintenance.query("CHECKPOINT");
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const busy = await maintenance.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'",
      );
      if (Number(busy.rows[0]?.n) === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await maintenance.end();
  }
}
