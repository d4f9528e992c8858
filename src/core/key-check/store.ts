import { type Sql, statement } from "../../db/sql.js";

// Every statement on sso_key_check.

const CLAIM = statement("INSERT INTO sso_key_check (id, fingerprint) VALUES (1, $1) ON CONFLICT (id) DO NOTHING");
const READ = statement("SELECT fingerprint FROM sso_key_check WHERE id = 1");

/** Records `fingerprint` unless one is recorded already; returns the one recorded. */
export async function claimKeyFingerprint(sql: Sql, fingerprint: string): Promise<string | undefined> {
  await sql.run(CLAIM, [fingerprint]);
  return (await sql.one<{ fingerprint: string }>(READ, []))?.fingerprint;
}
