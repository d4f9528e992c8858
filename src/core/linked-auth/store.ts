import { insertStatement, type Sql, statement } from "../../db/sql.js";
import { fromDatabase, type Timestamp } from "../../lib/time.js";

// Every statement on sso_external_credential and sso_linked_auth.

/** A `basic_auth` external credential as lists show it, with the user it is linked to. */
export interface Credential {
  username: string;
  is_active: boolean;
  creation_time: Timestamp;
  /** user_id of the linked user, or null. */
  linked_user_id: string | null;
}

const FIND_ID = statement("SELECT id::text AS id FROM sso_external_credential WHERE auth_type = 'basic_auth' AND username = $1");

/** The internal id of the `basic_auth` credential of that name, if any. */
export async function findCredentialId(sql: Sql, username: string): Promise<string | undefined> {
  return (await sql.one<{ id: string }>(FIND_ID, [username]))?.id;
}

const INSERT = insertStatement("sso_external_credential", [
  "auth_type",
  "username",
  "password_hash",
  "is_active",
  "creation_time",
  "last_modified",
]);
const INSERT_IF_MISSING = statement(`${INSERT.text} ON CONFLICT (auth_type, username) DO NOTHING`);

export interface NewCredential {
  username: string;
  /** argon2id PHC string, never sealed. */
  passwordHash: string;
  isActive: boolean;
  now: Date;
}

const credentialRow = (c: NewCredential) =>
  INSERT.values({
    auth_type: "basic_auth",
    username: c.username,
    password_hash: c.passwordHash,
    is_active: c.isActive,
    creation_time: c.now,
    last_modified: c.now,
  });

/** Inserts a `basic_auth` credential; a name taken meanwhile raises a unique violation. */
export async function insertCredential(sql: Sql, credential: NewCredential): Promise<void> {
  await sql.run(INSERT.text, credentialRow(credential));
}

/** Inserts a `basic_auth` credential unless one of that name exists; whether it was inserted. */
export async function insertCredentialIfMissing(sql: Sql, credential: NewCredential): Promise<boolean> {
  return (await sql.run(INSERT_IF_MISSING, credentialRow(credential))) === 1;
}

const SET_PASSWORD = statement("UPDATE sso_external_credential SET password_hash = $2, last_modified = $3 WHERE id = $1");

/** Replaces a credential's password hash; whether the credential still existed. */
export async function setCredentialPassword(sql: Sql, id: string, passwordHash: string, now: Date): Promise<boolean> {
  return (await sql.run(SET_PASSWORD, [id, passwordHash, now])) > 0;
}

const REHASH = statement("UPDATE sso_external_credential SET password_hash = $3 WHERE id = $1 AND password_hash = $2");

/** Replaces a credential's hash with a new hash of the same password, unless its password changed since it was read. */
export async function replaceCredentialHash(sql: Sql, id: string, from: string, to: string): Promise<boolean> {
  return (await sql.run(REHASH, [id, from, to])) > 0;
}

const LINKED_USER = statement(
  "SELECT u.user_id FROM sso_linked_auth l JOIN sso_user u ON u.id = l.user_id WHERE l.credential_id = $1",
);

/** The user_id of the user a credential is linked to, if any. */
export async function findLinkedUserId(sql: Sql, credentialId: string): Promise<string | undefined> {
  return (await sql.one<{ user_id: string }>(LINKED_USER, [credentialId]))?.user_id;
}

const DELETE = statement("DELETE FROM sso_external_credential WHERE id = $1");

/** Deletes a credential and, by cascade, its link; whether it still existed. */
export async function deleteCredential(sql: Sql, id: string): Promise<boolean> {
  return (await sql.run(DELETE, [id])) > 0;
}

const LIST = statement(
  `SELECT c.username, c.is_active, c.creation_time, u.user_id AS linked_user_id
     FROM sso_external_credential c
     LEFT JOIN sso_linked_auth l ON l.credential_id = c.id
     LEFT JOIN sso_user u ON u.id = l.user_id
    WHERE c.auth_type = 'basic_auth'
    ORDER BY c.username COLLATE "C"`,
);

/** Every `basic_auth` credential, ordered by name. */
export async function listCredentials(sql: Sql): Promise<Credential[]> {
  const rows = await sql.rows<Credential>(LIST);
  return rows.map((row) => ({ ...row, creation_time: fromDatabase(row.creation_time) }));
}

const INSERT_LINK = insertStatement("sso_linked_auth", [
  "user_id",
  "credential_id",
  "auth_type",
  "is_active",
  "is_internal",
  "creation_time",
  "last_modified",
]);
const INSERT_LINK_IF_FREE = statement(`${INSERT_LINK.text} ON CONFLICT (credential_id) DO NOTHING`);

/** Links a credential to a user; false when the credential is linked already (to anyone). */
export async function insertLink(
  sql: Sql,
  link: { userId: string; credentialId: string; isActive: boolean; now: Date },
): Promise<boolean> {
  const values = INSERT_LINK.values({
    user_id: link.userId,
    credential_id: link.credentialId,
    auth_type: "basic_auth",
    is_active: link.isActive,
    is_internal: false,
    creation_time: link.now,
    last_modified: link.now,
  });
  return (await sql.run(INSERT_LINK_IF_FREE, values)) === 1;
}

/** A user's link as lists show it. */
export interface LinkListItem {
  auth_type: string;
  auth_username: string;
  is_active: boolean;
  creation_time: Timestamp;
}

const LINKS_OF_USER = statement(
  `SELECT l.auth_type, c.username AS auth_username, l.is_active, l.creation_time
     FROM sso_linked_auth l JOIN sso_external_credential c ON c.id = l.credential_id
    WHERE l.user_id = $1 ORDER BY l.creation_time, l.id`,
);

/** The links of a user (by internal id), oldest first. */
export async function listLinks(sql: Sql, userId: string): Promise<LinkListItem[]> {
  const rows = await sql.rows<LinkListItem>(LINKS_OF_USER, [userId]);
  return rows.map((row) => ({ ...row, creation_time: fromDatabase(row.creation_time) }));
}

const DELETE_LINK = statement("DELETE FROM sso_linked_auth WHERE user_id = $1 AND credential_id = $2");

/** Unlinks a credential from a user; whether there was such a link. */
export async function deleteLink(sql: Sql, userId: string, credentialId: string): Promise<boolean> {
  return (await sql.run(DELETE_LINK, [userId, credentialId])) > 0;
}

/** An active credential with an active link, as a Basic principal presents it. */
export interface LinkedCredential {
  credential_id: string;
  password_hash: string;
  /** Internal id of the linked user. */
  user_id: string;
}

const ACTIVE_LINKED = statement(
  `SELECT c.id::text AS credential_id, c.password_hash, l.user_id::text AS user_id
     FROM sso_external_credential c JOIN sso_linked_auth l ON l.credential_id = c.id
    WHERE c.auth_type = 'basic_auth' AND c.username = $1 AND c.is_active AND l.is_active`,
);

/** The active `basic_auth` credential of that name with an active link, if any. */
export async function findActiveLinkedCredential(sql: Sql, username: string): Promise<LinkedCredential | undefined> {
  return sql.one<LinkedCredential>(ACTIVE_LINKED, [username]);
}
