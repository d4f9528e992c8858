import { createGuardrails, generateSync } from "otplib";
import { constantTimeEqual } from "../../lib/crypto.js";

// Keys set by clients may be shorter than the 16 bytes otplib insists on by default; RFC 6238
// itself sets no minimum, and Zato accepts any base32 key.
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 1 });

/** RFC 4648 base32, upper or lower case, optionally padded. */
export function isValidTotpKey(key: string): boolean {
  const body = key.replace(/=+$/, "");
  return /^[A-Za-z2-7]+$/.test(body) && ![1, 3, 6].includes(body.length % 8) && body.length <= 1024;
}

const normalise = (key: string) => key.replace(/=+$/, "").toUpperCase();

/** The 6-digit code of `key` for the 30-second step that contains `at`. */
export function totpCode(key: string, at: Date): string {
  return generateSync({ secret: normalise(key), epoch: Math.floor(at.getTime() / 1000), guardrails });
}

/**
 * Whether `code` is the code of the current step, or of one of the `window` steps on either
 * side of it. Compared in constant time; a code may be reused within its step (docs/rules.md, "Two-factor login").
 */
export function totpMatches(key: string, code: string, at: Date, window: number): boolean {
  let match = false;
  for (let step = -window; step <= window; step++) {
    const expected = totpCode(key, new Date(at.getTime() + step * 30_000));
    match = constantTimeEqual(expected, code) || match;
  }
  return match;
}
