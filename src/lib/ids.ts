import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";
const RFC4648 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Lowercase Crockford base32 of `bytes`, most significant bits first, left-padded to `length`. */
export function crockford(bytes: Uint8Array, length: number): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = "";
  for (let i = 0; i < length; i++) {
    out = CROCKFORD[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** RFC 4648 base32 without padding (the alphabet of TOTP keys). */
export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let buffer = 0;
  let out = "";
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += RFC4648[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += RFC4648[(buffer << (5 - bits)) & 31];
  return out;
}

const random32 = (bits: 128 | 256) => crockford(randomBytes(bits / 8), bits === 128 ? 26 : 52);

export const newUserId = () => `zusr${random32(128)}`;
export const newUst = () => `zust${random32(256)}`;
export const newSessionId = () => `zses${random32(128)}`;
export const newPasswordResetToken = () => random32(128);
export const newResetKey = () => `zprtrkey${random32(256)}`;
export const newConfirmToken = () => randomBytes(24).toString("base64url");
export const newGeneratedPassword = () => randomBytes(24).toString("base64url");
export const newTotpKey = () => base32(randomBytes(20));
// A cid correlates log lines and is no secret. It begins with the time it is made (milliseconds,
// 12 hexadecimal digits), so that the audit log's cid index grows at its end, as its rows do,
// rather than taking each cid at a random place of an index larger than memory; 6 random bytes
// follow. They come from a pool refilled as it runs out, rather than from one randomBytes call
// per request (a measurable cost on the hot paths).
const CID_RANDOM = 6;
const CID_POOL = CID_RANDOM * 1024;
let cidPool = Buffer.alloc(0);
let cidAt = CID_POOL;

export function newCid(): string {
  if (cidAt === CID_POOL) {
    cidPool = randomBytes(CID_POOL);
    cidAt = 0;
  }
  cidAt += CID_RANDOM;
  return Date.now().toString(16).padStart(12, "0") + cidPool.toString("hex", cidAt - CID_RANDOM, cidAt);
}
