import { isUniqueViolation } from "../../db/sql.js";
import { newGeneratedPassword } from "../../lib/ids.js";
import type { Call, Services } from "../context.js";
import { sessionEvent } from "../events/bus.js";
import { boolean, callback, input, string } from "../input.js";
import { operation } from "../operation.js";
import { NO_SUCH_USER, operatorDeclines, operatorPassword, requireOperator } from "../operator.js";
import { endSessionsOfExternalId } from "../sessions/store.js";
import { Code, invalidInput, SsoError } from "../status.js";
import { checkLengths } from "../users/fields.js";
import {
  type Credential,
  deleteCredential,
  findCredentialId,
  findLinkedUserId,
  insertCredential,
  insertCredentialIfMissing,
  listCredentials,
  setCredentialPassword,
} from "./store.js";

/**
 * Makes sure the external credential `pubapi` exists (docs/rules.md, "Linked credentials"):
 * Zato environments always have a Basic Auth definition of that name. Returns the password when
 * it was created now, null when it already existed (it is then never changed).
 */
export async function ensurePubapiCredential(services: Services): Promise<string | null> {
  const { sql } = services.db;
  if (await findCredentialId(sql, "pubapi")) return null;
  const password = newGeneratedPassword();
  const created = await insertCredentialIfMissing(sql, {
    username: "pubapi",
    passwordHash: await services.passwords.phc(password),
    isActive: true,
    now: services.clock.now(),
  });
  return created ? password : null;
}

/** The `ext_session_id` of the sessions a credential's logins create. */
export const extSessionId = (credentialId: string) => `basic_auth.${credentialId}`;

/** Any non-empty password (the user password policy does not apply to credentials): E003002 when empty. */
async function credentialPassword(call: Call, given: string | null | undefined, ask: Parameters<typeof operatorPassword>[1]) {
  const password = await operatorPassword(given, ask);
  if (password === "") throw new SsoError(Code.PASSWORD_TOO_SHORT);
  call.audit.details.password_given = given != null;
  // Never sealed: the hash is only ever verified, and argon2id already protects it at rest.
  return call.services.passwords.phc(password);
}

async function existingCredential(call: Call, username: string | null | undefined): Promise<string> {
  call.audit.details.auth_username = username ?? null;
  const id = username ? await findCredentialId(call.sql, username) : undefined;
  if (!id) throw new SsoError(NO_SUCH_USER);
  return id;
}

/**
 * The CLI's create-basic-auth: a name of 1 to 191 characters without a colon (E008002), free
 * (E001002, reported before the password is asked for), any non-empty password; active unless
 * `is_active` is false.
 */
export const createBasicAuth = operation({
  name: "basic_auth.create",
  kind: "mutation",
  codes: {
    E008002: "a name empty, too long or holding a colon",
    E001002: "the name is taken",
    E008003: "no password given, and none could be asked for",
    E003002: "an empty password",
  },
  input: input({ username: string, password: string, ask_password: callback<string | null>(), is_active: boolean }),
  async run(call, i) {
    requireOperator(call);
    const username = i.username ?? "";
    call.audit.details.auth_username = username;
    checkLengths({ username });
    if (username.includes(":")) throw invalidInput();
    if (await findCredentialId(call.sql, username)) throw new SsoError(Code.USERNAME_EXISTS);
    const passwordHash = await credentialPassword(call, i.password, i.ask_password);
    try {
      await insertCredential(call.sql, { username, passwordHash, isActive: i.is_active ?? true, now: call.now });
    } catch (e) {
      if (isUniqueViolation(e)) throw new SsoError(Code.USERNAME_EXISTS);
      throw e;
    }
    return {};
  },
});

/** The CLI's change-basic-auth-password; sessions the credential created stay. Unknown: E008001. */
export const changeBasicAuthPassword = operation({
  name: "basic_auth.change_password",
  kind: "mutation",
  codes: {
    E008001: "no such credential",
    E008003: "no password given, and none could be asked for",
    E003002: "an empty password",
  },
  input: input({ username: string, password: string, ask_password: callback<string | null>() }),
  async run(call, i) {
    requireOperator(call);
    const id = await existingCredential(call, i.username);
    const passwordHash = await credentialPassword(call, i.password, i.ask_password);
    if (!(await setCredentialPassword(call.sql, id, passwordHash, call.now))) throw new SsoError(NO_SUCH_USER);
    return {};
  },
});

/**
 * The CLI's delete-basic-auth, after `confirm` says yes (absent: no question): in one
 * transaction with its link and every session created through it. Unknown: E008001.
 */
export const deleteBasicAuth = operation({
  name: "basic_auth.delete",
  kind: "mutation",
  codes: { E008001: "no such credential" },
  input: input({ username: string, confirm: callback<boolean>() }),
  async run(call, i) {
    requireOperator(call);
    const id = await existingCredential(call, i.username);
    if (await operatorDeclines(call, i.confirm)) return { deleted: false };
    const ended = await call.services.db.transaction(async (sql) => {
      const linkedUserId = await findLinkedUserId(sql, id);
      if (linkedUserId) call.target({ user_id: linkedUserId });
      const sessions = await endSessionsOfExternalId(sql, extSessionId(id));
      call.audit.details.sessions_deleted = sessions.length;
      if (!(await deleteCredential(sql, id))) throw new SsoError(NO_SUCH_USER);
      return sessions;
    });
    for (const session of ended) sessionEvent(call, "ended", session, "unlinking");
    return { deleted: true };
  },
});

export interface BasicAuthListItem extends Credential {
  auth_type: "basic_auth";
}

/** The CLI's list-basic-auth: every `basic_auth` credential, ordered by name, with the user it is linked to. */
export const listBasicAuth = operation({
  name: "basic_auth.get_list",
  kind: "query",
  input: input({}),
  async run(call): Promise<BasicAuthListItem[]> {
    requireOperator(call);
    const credentials = await listCredentials(call.sql);
    call.audit.details.count = credentials.length;
    return credentials.map((c) => ({
      auth_type: "basic_auth",
      username: c.username,
      is_active: c.is_active,
      creation_time: c.creation_time,
      linked_user_id: c.linked_user_id,
    }));
  },
});
