import { newGeneratedPassword } from "../../lib/ids.js";
import type { Services } from "../context.js";

/**
 * Makes sure the external credential `pubapi` exists (behaviour §14.2): Zato environments
 * always have a Basic Auth definition of that name. Returns the password when it was created
 * now, null when it already existed (it is then never changed).
 */
export async function ensurePubapiCredential(services: Services): Promise<string | null> {
  const exists = await services.db.sql.one(
    "SELECT 1 FROM sso_external_credential WHERE auth_type = 'basic_auth' AND username = 'pubapi'",
  );
  if (exists) return null;
  const password = newGeneratedPassword();
  const now = services.clock.now();
  const created = await services.db.sql.run(
    `INSERT INTO sso_external_credential (auth_type, username, password_hash, is_active, creation_time, last_modified)
     VALUES ('basic_auth', 'pubapi', $1, true, $2, $2) ON CONFLICT (auth_type, username) DO NOTHING`,
    [await services.passwords.phc(password), now],
  );
  return created === 1 ? password : null;
}
