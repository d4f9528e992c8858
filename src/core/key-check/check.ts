import { ConfigError } from "../../config/index.js";
import type { Services } from "../context.js";
import { claimKeyFingerprint, keyFingerprintRecorded, sealedSample } from "./store.js";

/**
 * Makes sure every process on the database seals data with one key: the first to start records
 * the fingerprint of its secret key, and a process holding another key refuses to start (its
 * logins would fail, and what it wrote no other process could read).
 */
export async function checkSecretKey(services: Pick<Services, "db" | "keys">): Promise<void> {
  const { sql } = services.db;
  // A database with data from before fingerprints were recorded: the first key recorded must open it.
  if (!(await keyFingerprintRecorded(sql))) {
    const sample = await sealedSample(sql);
    if (sample !== undefined && !opens(services.keys, sample)) throw mismatch();
  }
  if ((await claimKeyFingerprint(sql, services.keys.fingerprint)) !== services.keys.fingerprint) throw mismatch();
}

function opens(keys: Services["keys"], sealed: string): boolean {
  try {
    keys.open(sealed);
    return true;
  } catch {
    return false;
  }
}

const mismatch = () =>
  new ConfigError(
    "SSO_SECRET_KEY: the secret key (SSO_SECRET_KEY, else [secret_keys] key1, else <data_dir>/secret.key) is not the one " +
      "the data in this database was sealed with; give this process the key the other gateway processes have",
  );
