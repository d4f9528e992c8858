import { ConfigError } from "../../config/index.js";
import type { Services } from "../context.js";
import { claimKeyFingerprint } from "./store.js";

/**
 * Makes sure every process on the database seals data with one key: the first to start records
 * the fingerprint of its secret key, and a process holding another key refuses to start (its
 * logins would fail, and what it wrote no other process could read).
 */
export async function checkSecretKey(services: Pick<Services, "db" | "keys">): Promise<void> {
  const recorded = await claimKeyFingerprint(services.db.sql, services.keys.fingerprint);
  if (recorded !== services.keys.fingerprint) {
    throw new ConfigError(
      "SSO_SECRET_KEY: the secret key (SSO_SECRET_KEY, else [secret_keys] key1, else <data_dir>/secret.key) is not the one " +
        "the data in this database was sealed with; give this process the key the other gateway processes have",
    );
  }
}
