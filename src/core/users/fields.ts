import type { Config } from "../../config/index.js";
import type { Keys } from "../keys.js";
import { invalidInput } from "../status.js";

const MAX_NAME = 191;
const MAX_EMAIL = 254;
const codePoints = (s: string) => [...s].length;

export type LimitedField = "username" | "display_name" | "first_name" | "middle_name" | "last_name" | "totp_label" | "email";

/** The length limits of user fields on creation and update (docs/rules.md, "Field lengths"): E008002. */
export function checkLengths(fields: Partial<Record<LimitedField, string | null | undefined>>) {
  const { username, email, display_name, first_name, middle_name, last_name, totp_label } = fields;
  if (username != null && (username === "" || codePoints(username) > MAX_NAME)) throw invalidInput();
  if (email != null && codePoints(email) > MAX_EMAIL) throw invalidInput();
  // Only the named fields: callers pass whole inputs, whose passwords and flags have rules of their own.
  for (const value of [display_name, first_name, middle_name, last_name, totp_label]) {
    if (value != null && codePoints(value) > MAX_NAME) throw invalidInput();
  }
}

/** Names as stored at creation: trimmed, empty ones null, the display name built from the others when empty. */
export function creationNames(fields: {
  display_name?: string | null;
  first_name?: string | null;
  middle_name?: string | null;
  last_name?: string | null;
}) {
  const clean = (v: string | null | undefined) => v?.trim() || null;
  const first = clean(fields.first_name);
  const middle = clean(fields.middle_name);
  const last = clean(fields.last_name);
  const display = fields.display_name?.trim() || [first, middle, last].filter(Boolean).join(" ");
  if (codePoints(display) > MAX_NAME) throw invalidInput();
  return { display, first, middle, last };
}

/** An email as stored (sealed when `[main] encrypt_email`) and its keyed hash, for exact look-ups while sealed. */
export function storedEmail(
  config: Config,
  keys: Keys,
  email: string | null,
): { email: string | null; email_hash: string | null } {
  return {
    email: email === null ? null : config.main.encrypt_email ? keys.seal(email) : email,
    email_hash: email ? keys.emailHash(email) : null,
  };
}

/** A TOTP label as stored: sealed; empty means none. */
export const storedTotpLabel = (keys: Keys, label: string | null | undefined): string | null => (label ? keys.seal(label) : null);
