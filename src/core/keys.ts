import { decrypt, deriveKey, encrypt, hmacSha256Hex } from "../lib/crypto.js";

/** The gateway's secret key, split into one subkey per use (docs/rules.md, "Personal data at rest"). */
export interface Keys {
  /** AES-256-GCM sealing of data at rest, with the current key. */
  seal(plaintext: string): string;
  /** Inverse of `seal`, with the current key or a previous one; throws when none sealed the value. */
  open(sealed: string): string;
  /** `open`, or undefined when none of the keys sealed the value (or it is not a sealed value). */
  tryOpen(sealed: string): string | undefined;
  /** Whether the value was sealed with the current key (else it needs sealing anew: `sso reseal`). */
  sealedWithCurrent(sealed: string): boolean;
  /** Keyed hash of the trimmed, lower-cased email, with the current key: exact look-ups while emails are encrypted. */
  emailHash(email: string): string;
  /** The email's hash with the current key, then with each previous one: what a look-up must match. */
  emailHashes(email: string): string[];
  /** Names the current key without revealing it: two processes with the same fingerprint hold the same key. */
  fingerprint: string;
  /** The fingerprints of the previous keys. */
  previousFingerprints: readonly string[];
}

interface Subkeys {
  aes: Buffer;
  email: Buffer;
  fingerprint: string;
}

function subkeys(secret: Buffer): Subkeys {
  return {
    aes: deriveKey(secret, "sso/aes-256-gcm/v1"),
    email: deriveKey(secret, "sso/email-hash/v1"),
    fingerprint: hmacSha256Hex(deriveKey(secret, "sso/key-check/v1"), "sso-gateway"),
  };
}

const opensWith = (aes: Buffer, sealed: string): string | undefined => {
  try {
    return decrypt(aes, sealed);
  } catch {
    return undefined;
  }
};

/** The subkeys of the current secret key, and of the previous ones (docs/rules.md, "Rotating the secret key"). */
export function deriveKeys(secret: Buffer, previous: readonly Buffer[] = []): Keys {
  const current = subkeys(secret);
  const older = previous.map(subkeys);
  const normalised = (email: string) => email.trim().toLowerCase();
  // GCM's tag tells the key that sealed a value: a wrong key fails at once.
  const tryOpen = (sealed: string) => {
    for (const keys of [current, ...older]) {
      const opened = opensWith(keys.aes, sealed);
      if (opened !== undefined) return opened;
    }
    return undefined;
  };
  return {
    seal: (plaintext) => encrypt(current.aes, plaintext),
    open(sealed) {
      if (older.length === 0) return decrypt(current.aes, sealed);
      const opened = tryOpen(sealed);
      if (opened === undefined) throw new Error("the value was sealed with none of the secret keys");
      return opened;
    },
    tryOpen,
    sealedWithCurrent: (sealed) => opensWith(current.aes, sealed) !== undefined,
    emailHash: (email) => hmacSha256Hex(current.email, normalised(email)),
    emailHashes: (email) => [current, ...older].map((keys) => hmacSha256Hex(keys.email, normalised(email))),
    fingerprint: current.fingerprint,
    previousFingerprints: older.map((keys) => keys.fingerprint),
  };
}

/** Whether a stored value is sealed (`v1:` + base64url), as opposed to kept in clear. */
export const isSealed = (value: string): boolean => /^v1:[A-Za-z0-9_-]{38,}$/.test(value);
