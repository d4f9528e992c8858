import { createCipheriv, createDecipheriv, createHmac, hash, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

export const sha256Hex = (value: string): string => hash("sha256", value, "hex");

export const hmacSha256Hex = (key: Buffer, value: string): string =>
  createHmac("sha256", key).update(value, "utf8").digest("hex");

/** Derives a 32-byte subkey of the gateway's secret key (HKDF-SHA256, empty salt). */
export const deriveKey = (secret: Buffer, info: string): Buffer =>
  Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), info, 32));

/** Constant-time string equality; a length mismatch is answered without comparing contents. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

const PREFIX = "v1:";

/** AES-256-GCM with a fresh 12-byte IV: `v1:` + base64url(IV ‖ ciphertext ‖ tag). */
export function encrypt(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

/** Inverse of `encrypt`; throws when the value was not produced with this key. */
export function decrypt(key: Buffer, sealed: string): string {
  if (!sealed.startsWith(PREFIX)) throw new Error("not an encrypted value");
  const raw = Buffer.from(sealed.slice(PREFIX.length), "base64url");
  if (raw.length < 28) throw new Error("encrypted value too short");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString("utf8");
}
