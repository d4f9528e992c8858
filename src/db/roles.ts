import type pg from "pg";
import { AUDIT_MAINTENANCE_LOCK_ID, LOCK_ID } from "./migrate.js";

/**
 * What the application's role may do, granted again after every migration so that new tables
 * are covered (README.md, "Database roles"): read and write the tables of the
 * gateway's schema, but only append to the audit log (through its parent table: the partitions
 * are the owner's) and only read the migration history and the audit retention. It
 * owns nothing, so it can neither change the schema nor drop the audit log's append-only
 * triggers; run by the owner of the schema, on the owner's pool.
 */
export async function grantApplicationRole(owner: pg.Pool, role: string): Promise<void> {
  const client = await owner.connect();
  try {
    const { rows } = await client.query<{ schema: string }>("SELECT current_schema() AS schema");
    const schema = client.escapeIdentifier(rows[0]?.schema ?? "public");
    const grantee = client.escapeIdentifier(role);
    await client.query("BEGIN");
    // Processes starting together grant together: one at a time, as they migrate.
    await client.query("SELECT pg_advisory_xact_lock($1)", [LOCK_ID]);
    // And not while sso_audit_maintain() makes or drops partitions, which it does under this lock.
    await client.query("SELECT pg_advisory_xact_lock($1)", [AUDIT_MAINTENANCE_LOCK_ID]);
    await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${grantee}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${grantee}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${grantee}`);
    await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${schema}.sso_audit_log FROM ${grantee}`);
    // Records are written and read through sso_audit_log alone; its partitions are the owner's,
    // dropped by sso_audit_maintain() only, past the retention in sso_audit_policy.
    const { rows: partitions } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = to_regclass($1)`,
      [`${schema}.sso_audit_log`],
    );
    for (const { name } of partitions)
      await client.query(`REVOKE ALL ON ${schema}.${client.escapeIdentifier(name)} FROM ${grantee}`);
    await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${schema}.sso_audit_policy FROM ${grantee}`);
    await client.query(`GRANT EXECUTE ON FUNCTION ${schema}.sso_audit_maintain() TO ${grantee}`);
    await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${schema}."_prisma_migrations" FROM ${grantee}`);
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
