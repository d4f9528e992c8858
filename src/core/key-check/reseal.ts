import type { Services } from "../context.js";
import { isSealed, type Keys } from "../keys.js";
import {
  rekeyAttribute,
  rekeyUser,
  sealedAttributesAfter,
  sealedAttributeValue,
  type UserKeyedColumns,
  userKeyed,
  usersKeyedAfter,
} from "./store.js";

/** Rows read at a time. */
const BATCH = 500;
/** How often a row that changed while it was being sealed anew is read again and tried once more. */
const ATTEMPTS = 5;

/** What `reseal` did. */
export interface ResealReport {
  /** Users whose sealed values or email hash it wrote anew. */
  users: number;
  /** Encrypted attributes it sealed anew. */
  attributes: number;
  /** Rows that kept changing under it (ATTEMPTS times): run it again. */
  busy: number;
  /** The rows with a value none of the keys opens (a previous key is missing): users by user_id, attributes by internal id. */
  unreadable: { users: string[]; attributes: string[] };
}

/**
 * Seals with the current secret key every value sealed with a previous one, and hashes every
 * email with the current key (docs/rules.md, "Rotating the secret key"), row by row while the
 * gateway runs. A row that changed since it was read is read again and done again: a gateway's
 * write touches only some of a row's columns, and the others may still be under an old key.
 */
export async function resealWithCurrentKey(
  services: Pick<Services, "db" | "keys" | "config">,
  options: { batch?: number; progress?: (read: { users: number; attributes: number }) => void } = {},
): Promise<ResealReport> {
  const { keys, config } = services;
  const { sql } = services.db;
  const batch = options.batch ?? BATCH;
  const report: ResealReport = { users: 0, attributes: 0, busy: 0, unreadable: { users: [], attributes: [] } };
  // With emails kept in clear, an email that merely looks sealed (anyone may sign up with one) is clear text.
  const emailsSealed = config.main.encrypt_email;
  const read = { users: 0, attributes: 0 };

  for (let after = "0"; ; ) {
    const rows = await usersKeyedAfter(sql, after, batch);
    if (rows.length === 0) break;
    for (const first of rows) {
      let row: UserKeyedColumns | undefined = first;
      let unreadable = false;
      for (let attempt = 0; row; attempt++) {
        const next = resealedUser(keys, row, emailsSealed);
        unreadable = next.unreadable;
        if (!next.columns) break;
        if (await rekeyUser(sql, row, next.columns)) {
          report.users++;
          break;
        }
        if (attempt + 1 === ATTEMPTS) {
          report.busy++;
          break;
        }
        row = await userKeyed(sql, row.id);
      }
      if (unreadable) report.unreadable.users.push(first.user_id);
    }
    after = (rows[rows.length - 1] as UserKeyedColumns).id;
    read.users += rows.length;
    options.progress?.({ ...read });
  }

  for (let after = "0"; ; ) {
    const rows = await sealedAttributesAfter(sql, after, batch);
    if (rows.length === 0) break;
    for (const { id, value: first } of rows) {
      let value: string | null | undefined = first;
      for (let attempt = 0; value !== undefined; attempt++) {
        if (value === null || !isSealed(value) || keys.sealedWithCurrent(value)) break;
        const opened = keys.tryOpen(value);
        if (opened === undefined) {
          report.unreadable.attributes.push(id);
          break;
        }
        if (await rekeyAttribute(sql, id, value, keys.seal(opened))) {
          report.attributes++;
          break;
        }
        if (attempt + 1 === ATTEMPTS) {
          report.busy++;
          break;
        }
        value = await sealedAttributeValue(sql, id);
      }
    }
    after = (rows[rows.length - 1] as { id: string }).id;
    read.attributes += rows.length;
    options.progress?.({ ...read });
  }
  return report;
}

/**
 * The user's keyed columns as the current key makes them (undefined when they are so already),
 * and whether a sealed value opens with none of the keys: that one is left as it is, the others are done.
 */
function resealedUser(
  keys: Keys,
  row: UserKeyedColumns,
  emailsSealed: boolean,
): { columns?: Omit<UserKeyedColumns, "id" | "user_id">; unreadable: boolean } {
  let unreadable = false;
  const resealed = <T extends string | null>(value: T, mayBeClear = false): T => {
    if (value === null || !isSealed(value) || keys.sealedWithCurrent(value)) return value;
    const opened = keys.tryOpen(value);
    if (opened !== undefined) return keys.seal(opened) as T;
    if (!mayBeClear) unreadable = true;
    return value;
  };
  const email = resealed(row.email, !emailsSealed);
  // An email no key opens keeps its hash; one that only looks sealed is clear text.
  const plainEmail = email !== null && isSealed(email) ? (keys.tryOpen(email) ?? (emailsSealed ? undefined : email)) : email;
  const columns = {
    email,
    email_hash: plainEmail === undefined ? row.email_hash : plainEmail ? keys.emailHash(plainEmail) : null,
    password: resealed(row.password),
    totp_key: resealed(row.totp_key),
    totp_label: resealed(row.totp_label),
  };
  const same =
    columns.email === row.email &&
    columns.password === row.password &&
    columns.totp_key === row.totp_key &&
    columns.totp_label === row.totp_label &&
    columns.email_hash === row.email_hash;
  return { columns: same ? undefined : columns, unreadable };
}
