import { capped, FAR_FUTURE_MS, type Timestamp } from "../../lib/time.js";
import { boolean, INVALID, integer, string } from "../input.js";
import type { Keys } from "../keys.js";
import { Code, invalidInput, SsoError } from "../status.js";
import type { AttributeWrite } from "./store.js";

/** A row of sso_attr as stored: `value` is JSON text, or the ciphertext of that text. */
export interface StoredAttribute {
  id: string;
  name: string;
  value: string | null;
  is_encrypted: boolean;
  creation_time: Timestamp;
  last_modified: Timestamp;
  expiration_time: Timestamp;
}

/** An attribute as calls return it. */
export interface AttributeView {
  name: string;
  value: unknown;
  creation_time: Timestamp;
  last_modified: Timestamp;
  expiration_time: Timestamp;
  is_encrypted: boolean;
}

/** One attribute to write, checked: `value` undefined when the call sent none. */
export interface AttributeItem {
  name: string;
  value: unknown;
  expiration: number | undefined;
  encrypt: boolean;
}

export type WriteMode = "create" | "update" | "set";

export interface AttributeLimits {
  /** Largest JSON text of one value, in bytes. */
  max_value_size: number;
  /** Most names or items in one call. */
  max_batch: number;
}

const MAX_NAME = 191;

/**
 * Arrays and objects nested deeper than this are refused: serialising a value recurses, and a
 * few kilobytes of brackets would otherwise exhaust the stack. Checked without recursion.
 */
export const MAX_VALUE_DEPTH = 64;

/**
 * Whether a value is nested within `limit` levels and holds only numbers JSON can write: one
 * too large for a double (1e400) is parsed as Infinity, which JSON would write back as null.
 */
function storable(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, depth] = next;
    if (typeof item === "number" && !Number.isFinite(item)) return false;
    if (item === null || typeof item !== "object") continue;
    if (depth >= limit) return false;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return true;
}

/** A name of 1 to 191 characters (code points, as the column counts them). */
export function attributeName(raw: unknown): string {
  const name = string.decode(raw);
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME * 2) throw invalidInput();
  let characters = 0;
  for (const _ of name) characters++;
  if (characters > MAX_NAME) throw invalidInput();
  return name;
}

/** A list of names (`data` of delete, get and exists), at most `max_batch` of them. */
export function attributeNames(data: readonly unknown[], limits: AttributeLimits): string[] {
  if (data.length === 0 || data.length > limits.max_batch) throw invalidInput();
  return data.map(attributeName);
}

const decoded = <T>(value: T | null | undefined | typeof INVALID): T | undefined => {
  if (value === INVALID) throw invalidInput();
  return value ?? undefined;
};

/**
 * One item to write, with the call-level `expiration` and `encrypt` as defaults. Create and set
 * need a value (null counts as none); a value to encrypt must be a string; a negative expiration
 * and a value whose JSON text is over `max_value_size` bytes are refused.
 */
export function attributeItem(
  raw: Readonly<Record<string, unknown>>,
  mode: WriteMode,
  defaults: { expiration?: number | null; encrypt?: boolean | null },
  limits: AttributeLimits,
): AttributeItem {
  const name = attributeName(raw.name);
  const value = raw.value === null ? undefined : raw.value;
  if (value === undefined && mode !== "update") throw invalidInput();
  const expiration = decoded(integer.decode(raw.expiration)) ?? defaults.expiration ?? undefined;
  const encrypt = decoded(boolean.decode(raw.encrypt)) ?? defaults.encrypt ?? false;
  if (expiration !== undefined && expiration < 0) throw invalidInput();
  if (value !== undefined) {
    if (encrypt && typeof value !== "string") throw invalidInput();
    if (!storable(value, MAX_VALUE_DEPTH)) throw invalidInput();
    const text = JSON.stringify(value);
    if (text === undefined || Buffer.byteLength(text, "utf8") > limits.max_value_size) throw invalidInput();
  }
  return { name, value, expiration, encrypt };
}

/** The items of a `*_many` write: a non-empty list of objects, at most `max_batch`. */
export function attributeItems(
  data: readonly unknown[],
  mode: WriteMode,
  defaults: { expiration?: number | null; encrypt?: boolean | null },
  limits: AttributeLimits,
): AttributeItem[] {
  if (data.length === 0 || data.length > limits.max_batch) throw invalidInput();
  return data.map((raw) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw invalidInput();
    return attributeItem(raw as Record<string, unknown>, mode, defaults, limits);
  });
}

/** Values an update (and a set of an existing attribute) treats as "leave the value as it is". */
const keepsValue = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === false ||
  value === 0 ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && value !== null && Object.keys(value).length === 0);

const expiry = (now: Date, seconds: number | undefined) => (seconds ? capped(now, seconds * 1000) : new Date(FAR_FUTURE_MS));

const stored = (keys: Keys, item: AttributeItem) => {
  const text = JSON.stringify(item.value);
  return { value: item.encrypt ? keys.seal(text) : text, is_encrypted: item.encrypt };
};

/** What a write call does to the rows it read: rows to insert, and existing rows (by id) to rewrite. */
export interface WritePlan {
  inserts: AttributeWrite[];
  updates: (AttributeWrite & { id: string; recreated: boolean })[];
}

interface Pending extends AttributeWrite {
  id?: string;
  live: boolean;
  recreated: boolean;
  touched: boolean;
}

/**
 * Applies the items in order to the rows of their names (live or expired, locked by the
 * caller): create fails with E009001 on a live name, update skips a missing one, set does
 * whichever applies (docs/rules.md, "Attributes"). An expired row counts as missing and is
 * made anew in place.
 */
export function planWrites(
  mode: WriteMode,
  items: readonly AttributeItem[],
  rows: readonly StoredAttribute[],
  now: Date,
  keys: Keys,
): WritePlan {
  const nowMs = now.getTime();
  const state = new Map<string, Pending>();
  for (const row of rows) {
    const expiresMs = Date.parse(`${row.expiration_time.slice(0, 23)}Z`);
    state.set(row.name, {
      id: row.id,
      name: row.name,
      value: row.value ?? "null",
      is_encrypted: row.is_encrypted,
      expiration_time: new Date(expiresMs),
      live: expiresMs > nowMs,
      recreated: false,
      touched: false,
    });
  }
  for (const item of items) {
    const current = state.get(item.name);
    if (current?.live) {
      if (mode === "create") throw new SsoError(Code.ATTR_ALREADY_EXISTS);
      if (!keepsValue(item.value)) Object.assign(current, stored(keys, item));
      if (item.expiration) current.expiration_time = expiry(now, item.expiration);
      current.touched = true;
    } else if (mode !== "update") {
      state.set(item.name, {
        id: current?.id,
        name: item.name,
        ...stored(keys, item),
        expiration_time: expiry(now, item.expiration),
        live: true,
        recreated: current !== undefined,
        touched: true,
      });
    }
  }
  const plan: WritePlan = { inserts: [], updates: [] };
  // Sorted by name: concurrent calls take the locks of new names' index entries in one order.
  const touched = [...state.values()].filter((p) => p.touched).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { id, name, value, is_encrypted, expiration_time, recreated } of touched) {
    if (id === undefined) plan.inserts.push({ name, value, is_encrypted, expiration_time });
    else plan.updates.push({ id, name, value, is_encrypted, expiration_time, recreated });
  }
  return plan;
}

/**
 * An attribute whose value is parsed (and decrypted) only when read, once: nested GraphQL fields
 * that select names alone then cost no decryption of values nobody asked for.
 */
export function lazyAttributeView(row: StoredAttribute, keys: Keys): AttributeView {
  let value: { parsed: unknown } | undefined;
  return {
    name: row.name,
    get value() {
      value ??= { parsed: attributeView(row, true, keys).value };
      return value.parsed;
    },
    creation_time: row.creation_time,
    last_modified: row.last_modified,
    expiration_time: row.expiration_time,
    is_encrypted: row.is_encrypted,
  };
}

/** An attribute as calls show it: the value parsed, and decrypted unless `decrypt` is false. */
export function attributeView(row: StoredAttribute, decrypt: boolean, keys: Keys): AttributeView {
  const text = row.value ?? "null";
  const value = row.is_encrypted ? (decrypt ? JSON.parse(keys.open(text)) : text) : JSON.parse(text);
  return {
    name: row.name,
    value,
    creation_time: row.creation_time,
    last_modified: row.last_modified,
    expiration_time: row.expiration_time,
    is_encrypted: row.is_encrypted,
  };
}
