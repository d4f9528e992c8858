import { type Sql, statement } from "../../db/sql.js";

// Every statement on sso_key_check.

const CLAIM = statement("INSERT INTO sso_key_check (id, fingerprint) VALUES (1, $1) ON CONFLICT (id) DO NOTHING");
const READ = statement("SELECT fingerprint FROM sso_key_check WHERE id = 1");

// One value sealed under the key the data was written with, if any: TOTP keys always are.
const SEALED_SAMPLE = statement(`SELECT v FROM (
    (SELECT totp_key AS v FROM sso_user WHERE totp_key LIKE 'v1:%' LIMIT 1)
    UNION ALL (SELECT email FROM sso_user WHERE email LIKE 'v1:%' LIMIT 1)
    UNION ALL (SELECT password FROM sso_user WHERE password LIKE 'v1:%' LIMIT 1)
    UNION ALL (SELECT value FROM sso_attr WHERE is_encrypted LIMIT 1)
  ) AS sealed LIMIT 1`);

/** Whether a fingerprint is recorded. */
export async function keyFingerprintRecorded(sql: Sql): Promise<boolean> {
  return (await sql.one(READ, [])) !== undefined;
}

/** A value of the database sealed with the key its data was written with; undefined when none is. */
export async function sealedSample(sql: Sql): Promise<string | undefined> {
  return (await sql.one<{ v: string }>(SEALED_SAMPLE, []))?.v;
}

/** Records `fingerprint` unless one is recorded already; returns the one recorded. */
export async function claimKeyFingerprint(sql: Sql, fingerprint: string): Promise<string | undefined> {
  await sql.run(CLAIM, [fingerprint]);
  return (await sql.one<{ fingerprint: string }>(READ, []))?.fingerprint;
}
