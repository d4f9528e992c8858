import { isUniqueViolation } from "../../db/sql.js";
import { newGeneratedPassword } from "../../lib/ids.js";
import { fromDatabase } from "../../lib/time.js";
import type { Call, Services } from "../context.js";
import { boolean, input, string } from "../input.js";
import { operation } from "../operation.js";
import { requireOperator } from "../operator.js";
import { Code, invalidInput, SsoError } from "../status.js";
import { checkLengths } from "../users/create.js";
import { ask, NO_SUCH_USER, operatorPassword } from "../users/operator.js";

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

/** The `ext_session_id` of the sessions a credential's logins create (behaviour §14.3). */
export const extSessionId = (credentialId: string) => `basic_auth.${credentialId}`;

/** Any non-empty password (the user password policy does not apply to credentials): E003002 when empty. */
async function credentialPassword(call: Call, given: string | null | undefined, askFor: Parameters<typeof operatorPassword>[1]) {
  const password = await operatorPassword(given, askFor);
  if (password === "") throw new SsoError(Code.PASSWORD_TOO_SHORT);
  call.audit.details.password_given = given != null;
  // Never sealed: the hash is only ever verified, and argon2id already protects it at rest.
  return call.services.passwords.phc(password);
}

async function existingCredential(call: Call, username: string | null | undefined) {
  call.audit.details.auth_username = username ?? null;
  const row = username
    ? await call.sql.one<{ id: string }>(
        "SELECT id FROM sso_external_credential WHERE auth_type = 'basic_auth' AND username = $1",
        [username],
      )
    : undefined;
  if (!row) throw new SsoError(NO_SUCH_USER);
  return row;
}

/**
 * Creates a `basic_auth` external credential (cli.md): a name of 1 to 191 characters without a
 * colon (E008002), free (E001002, reported before the password is asked for), any non-empty
 * password; active unless `is_active` is false.
 */
export const createBasicAuth = operation({
  name: "basic_auth.create",
  input: input({ username: string, password: string, ask_password: ask<string | null>(), is_active: boolean }),
  async run(call, i) {
    requireOperator(call);
    const username = i.username ?? "";
    call.audit.details.auth_username = username;
    checkLengths({ username });
    if (username.includes(":")) throw invalidInput();
    const taken = await call.sql.one("SELECT 1 FROM sso_external_credential WHERE auth_type = 'basic_auth' AND username = $1", [
      username,
    ]);
    if (taken) throw new SsoError(Code.USERNAME_EXISTS);
    const hash = await credentialPassword(call, i.password, i.ask_password);
    try {
      await call.sql.run(
        `INSERT INTO sso_external_credential (auth_type, username, password_hash, is_active, creation_time, last_modified)
         VALUES ('basic_auth', $1, $2, $3, $4, $4)`,
        [username, hash, i.is_active ?? true, call.now],
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw new SsoError(Code.USERNAME_EXISTS);
      throw e;
    }
    return {};
  },
});

/** Replaces the password of a `basic_auth` credential; sessions it created stay. Unknown: E008001. */
export const changeBasicAuthPassword = operation({
  name: "basic_auth.change_password",
  input: input({ username: string, password: string, ask_password: ask<string | null>() }),
  async run(call, i) {
    requireOperator(call);
    const credential = await existingCredential(call, i.username);
    const hash = await credentialPassword(call, i.password, i.ask_password);
    const changed = await call.sql.run(
      "UPDATE sso_external_credential SET password_hash = $2, last_modified = $3 WHERE id = $1",
      [credential.id, hash, call.now],
    );
    if (changed === 0) throw new SsoError(NO_SUCH_USER);
    return {};
  },
});

/**
 * Deletes a `basic_auth` credential after `confirm` says yes (absent: no question), in one
 * transaction with its link and every session created through it (behaviour §14.3). Unknown: E008001.
 */
export const deleteBasicAuth = operation({
  name: "basic_auth.delete",
  input: input({ username: string, confirm: ask<boolean>() }),
  async run(call, i) {
    requireOperator(call);
    const credential = await existingCredential(call, i.username);
    if (i.confirm && !(await i.confirm())) {
      call.audit.details.declined = true;
      return { deleted: false };
    }
    await call.services.db.transaction(async (sql) => {
      const linked = await sql.one<{ user_id: string }>(
        "SELECT u.user_id FROM sso_linked_auth l JOIN sso_user u ON u.id = l.user_id WHERE l.credential_id = $1",
        [credential.id],
      );
      if (linked) call.target(linked);
      const sessions = await sql.run("DELETE FROM sso_session WHERE ext_session_id = $1", [extSessionId(credential.id)]);
      call.audit.details.sessions_deleted = sessions;
      const deleted = await sql.run("DELETE FROM sso_external_credential WHERE id = $1", [credential.id]);
      if (deleted === 0) throw new SsoError(NO_SUCH_USER);
    });
    return { deleted: true };
  },
});

export interface BasicAuthListItem {
  auth_type: "basic_auth";
  username: string;
  is_active: boolean;
  creation_time: string;
  linked_user_id: string | null;
}

/** Every `basic_auth` credential, ordered by name, with the user_id of the user it is linked to (or null). */
export const listBasicAuth = operation({
  name: "basic_auth.get_list",
  input: input({}),
  async run(call): Promise<BasicAuthListItem[]> {
    requireOperator(call);
    const rows = await call.sql.rows<Omit<BasicAuthListItem, "auth_type">>(
      `SELECT c.username, c.is_active, c.creation_time, u.user_id AS linked_user_id
         FROM sso_external_credential c
         LEFT JOIN sso_linked_auth l ON l.credential_id = c.id
         LEFT JOIN sso_user u ON u.id = l.user_id
        WHERE c.auth_type = 'basic_auth'
        ORDER BY c.username COLLATE "C"`,
    );
    call.audit.details.count = rows.length;
    return rows.map((row) => ({
      auth_type: "basic_auth",
      username: row.username,
      is_active: row.is_active,
      creation_time: fromDatabase(row.creation_time),
      linked_user_id: row.linked_user_id,
    }));
  },
});
