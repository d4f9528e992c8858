import { type Sql, statement } from "../../db/sql.js";

// Every statement on sso_audit_log the core runs (GraphQL projects records through Prisma).

// One statement whatever the batch size: the rows travel as one JSON array.
const INSERT = statement(`INSERT INTO sso_audit_log
  (cid, created_at, op, actor_user_id, actor_session_id, target_user_id, target_username, current_app,
   remote_addr, peer_addr, user_agent, outcome, sub_status, details)
  SELECT r.cid, r.created_at, r.op, r.actor_user_id, r.actor_session_id, r.target_user_id, r.target_username,
         r.current_app, r.remote_addr, r.peer_addr, r.user_agent, r.outcome,
         ARRAY(SELECT jsonb_array_elements_text(r.sub_status)), r.details
  FROM jsonb_to_recordset($1::jsonb) AS r(cid text, created_at timestamp, op text, actor_user_id text,
    actor_session_id text, target_user_id text, target_username text, current_app text, remote_addr text,
    peer_addr text, user_agent text, outcome text, sub_status jsonb, details jsonb)`);

/** Inserts audit records, each already serialised as one JSON object. */
export async function insertAuditRecords(sql: Sql, records: readonly string[]): Promise<void> {
  await sql.run(INSERT, [`[${records.join(",")}]`]);
}

const MAINTAIN = statement("SELECT action, partition_name FROM sso_audit_maintain()");

/**
 * Creates the audit log's partitions of the days ahead and drops those past the retention the
 * schema's owner set: the names of each (src/db/index.ts sets the retention at start).
 */
export async function maintainAuditPartitions(sql: Sql): Promise<{ created: string[]; dropped: string[] }> {
  const rows = await sql.rows<{ action: "created" | "dropped"; partition_name: string }>(MAINTAIN, []);
  return {
    created: rows.filter((r) => r.action === "created").map((r) => r.partition_name),
    dropped: rows.filter((r) => r.action === "dropped").map((r) => r.partition_name),
  };
}
