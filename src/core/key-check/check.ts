import { ConfigError } from "../../config/index.js";
import type { Sql } from "../../db/sql.js";
import type { Services } from "../context.js";
import type { Keys } from "../keys.js";
import {
  claimKeyFingerprint,
  keyFingerprintRecorded,
  recordedKeyFingerprint,
  replaceKeyFingerprint,
  sealedSample,
  sealedTotpKeySamples,
} from "./store.js";

/**
 * Makes sure every process on the database seals data with one key: the first to start records
 * the fingerprint of its secret key, and a process holding another key refuses to start (its
 * logins would fail, and what it wrote no other process could read). A process whose previous
 * keys hold the recorded one records its current key instead (docs/rules.md, "Rotating the
 * secret key"): from then on, a process without the new key refuses to start. `sealedData`
 * (the gateway): a process with no previous key also refuses while a sample of the sealed data
 * opens with none of its keys. Returns whether this process recorded a new key.
 */
export async function checkSecretKey(
  services: Pick<Services, "db" | "keys">,
  options: { sealedData?: boolean } = {},
): Promise<boolean> {
  const { sql } = services.db;
  const { keys } = services;
  // A database with data from before fingerprints were recorded: the first key recorded must open it.
  if (!(await keyFingerprintRecorded(sql))) {
    const sample = await sealedSample(sql);
    if (sample !== undefined && keys.tryOpen(sample) === undefined) throw mismatch();
  }
  const recorded = await claimKeyFingerprint(sql, keys.fingerprint);
  if (recorded === keys.fingerprint) {
    // A gateway given the new key alone while a rotation is not over would fail on the data still sealed
    // with the previous key. Not the CLI: its reseal and reset-totp-key are what mends such data.
    if (options.sealedData && keys.previousFingerprints.length === 0) {
      for (const sample of await sealedTotpKeySamples(sql)) if (keys.tryOpen(sample) === undefined) throw previousKeyNeeded();
    }
    return false;
  }
  if (recorded === undefined || !keys.previousFingerprints.includes(recorded)) throw mismatch();
  if (await replaceKeyFingerprint(sql, recorded, keys.fingerprint)) return true;
  // Another process with the same keys recorded the new one first.
  if ((await claimKeyFingerprint(sql, keys.fingerprint)) !== keys.fingerprint) throw mismatch();
  return false;
}

/**
 * Whether this process still holds the key recorded for the database: after a rotation recorded
 * a new one, a process started before with only the old key no longer does (its readiness fails).
 */
export async function holdsRecordedKey(sql: Sql, keys: Keys): Promise<boolean> {
  const recorded = await recordedKeyFingerprint(sql);
  return recorded === undefined || recorded === keys.fingerprint;
}

const previousKeyNeeded = () =>
  new ConfigError(
    "[secret_keys] previous_keys: data in this database is still sealed with a key this process does not hold; " +
      "give it the previous key until `sso reseal` has run (reseal names what no key opens)",
  );

const mismatch = () =>
  new ConfigError(
    "SSO_SECRET_KEY: the secret key (SSO_SECRET_KEY, else [secret_keys] key1, else <data_dir>/secret.key) is not the one " +
      "the data in this database was sealed with; give this process the key the other gateway processes have " +
      "(after a rotation: the new key, with the old one in [secret_keys] previous_keys until `sso reseal` has run)",
  );
