import { decrypt, deriveKey, encrypt, hmacSha256Hex } from "../lib/crypto.js";

/** The gateway's secret key, split into one subkey per use (docs/rules.md, "Personal data at rest"). */
export interface Keys {
  /** AES-256-GCM sealing of data at rest. */
  seal(plaintext: string): string;
  /** Inverse of `seal`; throws when the value was not sealed with this key. */
  open(sealed: string): string;
  /** Keyed hash of the trimmed, lower-cased email: exact look-ups while emails are encrypted. */
  emailHash(email: string): string;
  /** Names the key without revealing it: two processes with the same fingerprint hold the same key. */
  fingerprint: string;
}

export function deriveKeys(secret: Buffer): Keys {
  const aes = deriveKey(secret, "sso/aes-256-gcm/v1");
  const emailKey = deriveKey(secret, "sso/email-hash/v1");
  return {
    seal: (plaintext) => encrypt(aes, plaintext),
    open: (sealed) => decrypt(aes, sealed),
    emailHash: (email) => hmacSha256Hex(emailKey, email.trim().toLowerCase()),
    fingerprint: hmacSha256Hex(deriveKey(secret, "sso/key-check/v1"), "sso-gateway"),
  };
}

/** Whether a stored value is sealed (`v1:` + base64url), as opposed to kept in clear. */
export const isSealed = (value: string): boolean => /^v1:[A-Za-z0-9_-]{38,}$/.test(value);
