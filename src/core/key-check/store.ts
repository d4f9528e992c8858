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

// TOTP keys are sealed for every user and never in clear: the oldest and the newest row's.
const TOTP_KEY_SAMPLES = statement(`(SELECT totp_key FROM sso_user WHERE totp_key LIKE 'v1:%' ORDER BY id LIMIT 1)
  UNION ALL (SELECT totp_key FROM sso_user WHERE totp_key LIKE 'v1:%' ORDER BY id DESC LIMIT 1)`);

/** Sealed TOTP keys of the oldest and the newest user: what a process's keys must open. */
export async function sealedTotpKeySamples(sql: Sql): Promise<string[]> {
  return (await sql.rows<{ totp_key: string }>(TOTP_KEY_SAMPLES, [])).map((row) => row.totp_key);
}

/** The fingerprint recorded, if any. */
export async function recordedKeyFingerprint(sql: Sql): Promise<string | undefined> {
  return (await sql.one<{ fingerprint: string }>(READ, []))?.fingerprint;
}

/** Whether a fingerprint is recorded. */
export async function keyFingerprintRecorded(sql: Sql): Promise<boolean> {
  return (await sql.one(READ, [])) !== undefined;
}

/** A value of the database sealed with the key its data was written with; undefined when none is. */
export async function sealedSample(sql: Sql): Promise<string | undefined> {
  return (await sql.one<{ v: string }>(SEALED_SAMPLE, []))?.v;
}

const REPLACE = statement("UPDATE sso_key_check SET fingerprint = $2 WHERE id = 1 AND fingerprint = $1");

/** Records `to` in place of `from`, unless another fingerprint than `from` is recorded by now; whether it did. */
export async function replaceKeyFingerprint(sql: Sql, from: string, to: string): Promise<boolean> {
  return (await sql.run(REPLACE, [from, to])) > 0;
}

/** Records `fingerprint` unless one is recorded already; returns the one recorded. */
export async function claimKeyFingerprint(sql: Sql, fingerprint: string): Promise<string | undefined> {
  await sql.run(CLAIM, [fingerprint]);
  return (await sql.one<{ fingerprint: string }>(READ, []))?.fingerprint;
}

/** What of a user's row is sealed, or derived from the secret key. */
export interface UserKeyedColumns {
  id: string;
  /** Public: the name of the user in reports. */
  user_id: string;
  email: string | null;
  email_hash: string | null;
  password: string;
  totp_key: string | null;
  totp_label: string | null;
}

// Ordered by the bigint column (u.id), not by its text (the output column id): "10" sorts before "9".
const KEYED_COLUMNS = "u.id::text AS id, u.user_id, u.email, u.email_hash, u.password, u.totp_key, u.totp_label";
const USERS_AFTER = statement(`SELECT ${KEYED_COLUMNS} FROM sso_user u WHERE u.id > $1 ORDER BY u.id LIMIT $2`);
const USER_BY_ID = statement(`SELECT ${KEYED_COLUMNS} FROM sso_user u WHERE u.id = $1`);

/** Users' keyed columns, in id order, after `afterId` ("0" for the first). */
export const usersKeyedAfter = (sql: Sql, afterId: string, limit: number): Promise<UserKeyedColumns[]> =>
  sql.rows<UserKeyedColumns>(USERS_AFTER, [afterId, limit]);

/** One user's keyed columns, as they are now. */
export const userKeyed = (sql: Sql, id: string): Promise<UserKeyedColumns | undefined> =>
  sql.one<UserKeyedColumns>(USER_BY_ID, [id]);

const REKEY_USER = statement(
  `UPDATE sso_user SET email = $6, email_hash = $7, password = $8, totp_key = $9, totp_label = $10
    WHERE id = $1 AND email IS NOT DISTINCT FROM $2 AND password = $3
      AND totp_key IS NOT DISTINCT FROM $4 AND totp_label IS NOT DISTINCT FROM $5`,
);

/** Replaces a user's keyed columns, unless they changed since `from` was read; whether it did. */
export async function rekeyUser(
  sql: Sql,
  from: UserKeyedColumns,
  to: Omit<UserKeyedColumns, "id" | "user_id">,
): Promise<boolean> {
  const values = [from.id, from.email, from.password, from.totp_key, from.totp_label];
  return (await sql.run(REKEY_USER, [...values, to.email, to.email_hash, to.password, to.totp_key, to.totp_label])) > 0;
}

const SEALED_ATTRS_AFTER = statement(
  "SELECT a.id::text AS id, a.value FROM sso_attr a WHERE a.is_encrypted AND a.id > $1 ORDER BY a.id LIMIT $2",
);
const SEALED_ATTR_BY_ID = statement("SELECT a.value FROM sso_attr a WHERE a.is_encrypted AND a.id = $1");

/** An encrypted attribute's value as it is now; undefined when it is gone (or no longer encrypted). */
export const sealedAttributeValue = async (sql: Sql, id: string): Promise<string | null | undefined> =>
  (await sql.one<{ value: string | null }>(SEALED_ATTR_BY_ID, [id]))?.value;

/** Encrypted attributes, in id order, after `afterId` ("0" for the first). */
export const sealedAttributesAfter = (
  sql: Sql,
  afterId: string,
  limit: number,
): Promise<{ id: string; value: string | null }[]> => sql.rows(SEALED_ATTRS_AFTER, [afterId, limit]);

const REKEY_ATTR = statement("UPDATE sso_attr SET value = $3 WHERE id = $1 AND value = $2 AND is_encrypted");

/** Replaces an encrypted attribute's value, unless it changed since `from` was read; whether it did. */
export async function rekeyAttribute(sql: Sql, id: string, from: string, to: string): Promise<boolean> {
  return (await sql.run(REKEY_ATTR, [id, from, to])) > 0;
}
