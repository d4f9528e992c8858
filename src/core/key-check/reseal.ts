import type { Services } from "../context.js";
import { isSealed, type Keys } from "../keys.js";
import { rekeyAttribute, rekeyUser, sealedAttributesAfter, type UserKeyedColumns, usersKeyedAfter } from "./store.js";

const BATCH = 500;

/** What `reseal` did. */
export interface ResealReport {
  /** Users whose sealed values or email hash it wrote anew. */
  users: number;
  /** Encrypted attributes it sealed anew. */
  attributes: number;
  /** Rows that changed while it ran (written since by a gateway, with the current key): left as they are. */
  changed: number;
  /** The rows with a value none of the keys opens (a previous key is missing): users by user_id, attributes by internal id. */
  unreadable: { users: string[]; attributes: string[] };
}

/**
 * Seals with the current secret key every value sealed with a previous one, and hashes every
 * email with the current key (docs/rules.md, "Rotating the secret key"), row by row while the
 * gateway runs: a row changed meanwhile is left as the change wrote it.
 */
export async function resealWithCurrentKey(services: Pick<Services, "db" | "keys">): Promise<ResealReport> {
  const { keys } = services;
  const { sql } = services.db;
  const report: ResealReport = { users: 0, attributes: 0, changed: 0, unreadable: { users: [], attributes: [] } };

  for (let after = "0"; ; ) {
    const rows = await usersKeyedAfter(sql, after, BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      const next = resealedUser(keys, row);
      if (next === "unreadable") report.unreadable.users.push(row.user_id);
      else if (next && (await rekeyUser(sql, row, next))) report.users++;
      else if (next) report.changed++;
    }
    after = (rows[rows.length - 1] as UserKeyedColumns).id;
  }

  for (let after = "0"; ; ) {
    const rows = await sealedAttributesAfter(sql, after, BATCH);
    if (rows.length === 0) break;
    for (const { id, value } of rows) {
      if (value === null || !isSealed(value) || keys.sealedWithCurrent(value)) continue;
      const opened = tryOpen(keys, value);
      if (opened === undefined) report.unreadable.attributes.push(id);
      else if (await rekeyAttribute(sql, id, value, keys.seal(opened))) report.attributes++;
      else report.changed++;
    }
    after = (rows[rows.length - 1] as { id: string }).id;
  }
  return report;
}

/** The user's keyed columns as the current key makes them; undefined when they already are. */
function resealedUser(keys: Keys, row: UserKeyedColumns): Omit<UserKeyedColumns, "id" | "user_id"> | "unreadable" | undefined {
  const resealed = (value: string | null) => {
    if (value === null || !isSealed(value) || keys.sealedWithCurrent(value)) return value;
    const opened = tryOpen(keys, value);
    return opened === undefined ? undefined : keys.seal(opened);
  };
  const email = resealed(row.email);
  const password = resealed(row.password);
  const totpKey = resealed(row.totp_key);
  const totpLabel = resealed(row.totp_label);
  if (email === undefined || password === undefined || totpKey === undefined || totpLabel === undefined) return "unreadable";
  const plainEmail = email !== null && isSealed(email) ? keys.open(email) : email;
  const emailHash = plainEmail ? keys.emailHash(plainEmail) : null;
  const same =
    email === row.email &&
    password === row.password &&
    totpKey === row.totp_key &&
    totpLabel === row.totp_label &&
    emailHash === row.email_hash;
  return same
    ? undefined
    : { email, email_hash: emailHash, password: password as string, totp_key: totpKey, totp_label: totpLabel };
}

function tryOpen(keys: Keys, sealed: string): string | undefined {
  try {
    return keys.open(sealed);
  } catch {
    return undefined;
  }
}
