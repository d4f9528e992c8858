import { createGuardrails, generateSync } from "otplib";
import { constantTimeEqual } from "../../lib/crypto.js";

// Keys set by clients may be shorter than the 16 bytes otplib insists on by default; RFC 6238
// itself sets no minimum, and Zato accepts any base32 key.
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 1 });

/** The longest key accepted, in base32 characters (640 bytes), and its padding. */
const MAX_KEY = 1024;
const MAX_PADDING = 6;

/**
 * The key without its `=` padding, found by counting from the end: a pattern such as /=+$/ is
 * quadratic on a long run of `=` followed by anything else (40 000 of them froze the process 5 s).
 */
function unpadded(key: string): string {
  let end = key.length;
  while (end > 0 && key[end - 1] === "=") end--;
  return key.slice(0, end);
}

/** RFC 4648 base32, upper or lower case, optionally padded; its length is checked before any pattern. */
export function isValidTotpKey(key: string): boolean {
  if (key.length > MAX_KEY + MAX_PADDING) return false;
  const body = unpadded(key);
  return body.length <= MAX_KEY && /^[A-Za-z2-7]+$/.test(body) && ![1, 3, 6].includes(body.length % 8);
}

const normalise = (key: string) => unpadded(key).toUpperCase();

/** The 6-digit code of `key` for the 30-second step that contains `at`. */
export function totpCode(key: string, at: Date): string {
  return generateSync({ secret: normalise(key), epoch: Math.floor(at.getTime() / 1000), guardrails });
}

/**
 * The 30-second step whose code `code` is: the current one, or one of the `window` steps on
 * either side of it; undefined when none. Every step is compared, in constant time, whatever
 * matches (docs/rules.md, "Two-factor login").
 */
export function totpMatch(key: string, code: string, at: Date, window: number): number | undefined {
  const current = Math.floor(at.getTime() / 30_000);
  let matched: number | undefined;
  for (let step = -window; step <= window; step++) {
    const expected = totpCode(key, new Date((current + step) * 30_000));
    if (constantTimeEqual(expected, code) && matched === undefined) matched = current + step;
  }
  return matched;
}
