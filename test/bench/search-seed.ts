import { createHash } from "node:crypto";
import pg from "pg";
import type { Services } from "../../src/core/context.js";
import type { PgParams } from "../../src/db/embedded.js";
import { newTotpKey, newUserId } from "../../src/lib/ids.js";

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

const INSERT = `INSERT INTO sso_user (user_id, username, password, password_is_set, password_must_change, password_last_set,
    password_expiry, email, email_hash, display_name, first_name, last_name, display_name_upper, first_name_upper,
    last_name_upper, is_active, is_internal, is_super_user, is_locked, creation_ctx, approval_status,
    approval_status_mod_time, approval_status_mod_by, sign_up_status, sign_up_time, sign_up_confirm_token_hash,
    is_totp_enabled, totp_key, is_rate_limit_active, rate_limit_type, rate_limit_check_parent_def)
  SELECT r.user_id, r.username, $2, true, false, $3, $4, r.email, r.email_hash, r.display_name, r.first_name, r.last_name,
    r.display_name_upper, r.first_name_upper, r.last_name_upper, true, false, false, false, '{"source": "cli"}', 'approved',
    $3, 'auto', 'final', $3, r.token_hash, false, $5, false, 'EXACT', false
  FROM jsonb_to_recordset($1::jsonb) AS r(user_id text, username text, email text, email_hash text, display_name text,
    first_name text, last_name text, display_name_upper text, first_name_upper text, last_name_upper text, token_hash text)`;

/**
 * Inserts `count` approved users with varied names and (sealed) emails, straight into the
 * table: one shared password hash, since nobody logs in as them.
 */
export async function seedSearchUsers(services: Services, count: number, owner: PgParams): Promise<SearchData> {
  const random = mulberry32(20261122);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const now = services.clock.now();
  const password = await services.passwords.hash("nobody logs in as a seeded user");
  const totpKey = services.keys.seal(newTotpKey());
  const data: SearchData = { usernames: [], emails: [], fragments: [] };
  const CHUNK = 5000;
  for (let start = 0; start < count; start += CHUNK) {
    const rows = [];
    for (let i = start; i < Math.min(start + CHUNK, count); i++) {
      const first = pick(FIRST);
      const last = Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join("");
      const lastName = last.charAt(0).toUpperCase() + last.slice(1);
      const display = `${first} ${lastName}`;
      const username = `search-${i}`;
      const email = `${first}.${last}.${i}@example.com`.toLowerCase();
      rows.push({
        user_id: newUserId(),
        username,
        email: services.config.main.encrypt_email ? services.keys.seal(email) : email,
        email_hash: services.keys.emailHash(email),
        display_name: display,
        first_name: first,
        last_name: lastName,
        display_name_upper: display.toUpperCase(),
        first_name_upper: first.toUpperCase(),
        last_name_upper: lastName.toUpperCase(),
        token_hash: createHash("sha256").update(`seed-${i}-${random()}`).digest("hex"),
      });
      if (random() < 0.01) {
        data.usernames.push(username);
        // Clients may write emails in any case: the look-up compares them lower-cased.
        data.emails.push(i % 2 === 0 ? email : email.toUpperCase());
      }
      if (random() < 0.003) {
        const at = Math.floor(random() * (last.length - 3));
        data.fragments.push(last.slice(at, at + 4));
      }
    }
    const expiry = new Date(now.getTime() + 730 * 86_400_000);
    await services.db.sql.run(INSERT, [JSON.stringify(rows), password, now, expiry, totpKey]);
  }
  // Merge the trigram indexes' pending entries now, not under the measurements (autovacuum would),
  // write the dirty pages out, and let any autovacuum the seeding woke finish: background work of
  // PostgreSQL's counts against whichever measurement it overlaps. As the database's owner: the
  // gateway's own role may do none of it.
  const maintenance = new pg.Client(owner);
  await maintenance.connect();
  try {
    await maintenance.query("VACUUM ANALYZE sso_user");
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
  return data;
}
