/**
 * Timestamps on the wire: UTC, no zone designator, `YYYY-MM-DDTHH:MM:SS` followed by
 * `.ffffff` only when the fraction is not zero.
 */
export type Timestamp = string;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function formatTimestamp(date: Date): Timestamp {
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const ms = date.getUTCMilliseconds();
  return ms === 0 ? base : `${base}.${pad(ms, 3)}000`;
}

/** Converts PostgreSQL's text of a `timestamp` (`2024-03-01 09:15:02.48`) to the wire form. */
export function fromDatabase(text: string): Timestamp {
  const [whole = "", fraction] = text.replace(" ", "T").split(".");
  return fraction && !/^0+$/.test(fraction) ? `${whole}.${fraction.padEnd(6, "0")}` : whole;
}

// ISO 8601's extended format (2024-03-01T09:15:02.48+01:00) and its basic one (20240301T091502.48+0100).
const ISO_EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(?:(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses an ISO-8601 timestamp sent by a client, in the extended or the basic format: without a
 * zone it is UTC, with a zone it is converted to UTC. Returns the wire form (microseconds kept)
 * or null when it is not a timestamp.
 */
export function parseTimestamp(input: string): Timestamp | null {
  const text = input.trim();
  const m = ISO_EXTENDED.exec(text) ?? ISO_BASIC.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = m;
  const fields = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = fields;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const probe = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  probe.setUTCFullYear(year, month - 1, day);
  if (probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) return null;
  let epochMs = probe.getTime();
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const [zoneHours, zoneMinutes] = [Number(digits.slice(0, 2)), Number(digits.slice(2, 4) || "0")];
    if (zoneHours > 23 || zoneMinutes > 59) return null;
    epochMs -= sign * (zoneHours * 60 + zoneMinutes) * 60_000;
  }
  const micros = `${frac}000000`.slice(0, 6);
  const whole = formatTimestamp(new Date(epochMs));
  // Years 0001 to 9999 in UTC only: a zone may push a time out of what the wire form can carry.
  if (!/^\d{4}-/.test(whole) || whole.startsWith("0000")) return null;
  return micros === "000000" ? whole : `${whole}.${micros}`;
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** The latest expiry the gateway stores: what "never expires" means (9999-12-31T00:00:00). */
export const FAR_FUTURE_MS = Date.UTC(9999, 11, 31);

/** `now` plus `ms`, never later than FAR_FUTURE_MS. */
export const capped = (now: Date, ms: number): Date => new Date(Math.min(now.getTime() + ms, FAR_FUTURE_MS));

/** Wire timestamps of one form compare as text: whether `expiration` is later than `now`. */
export const laterThan = (expiration: Timestamp, now: Date): boolean => expiration > formatTimestamp(now);

/** Milliseconds since the epoch of a wire timestamp (sub-millisecond digits are dropped). */
export const timestampMs = (ts: Timestamp): number => Date.parse(`${ts.slice(0, 23)}Z`);

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
