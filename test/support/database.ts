import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import type { PgParams } from "../../src/db/embedded.js";

const TEMPLATE = "sso_template";

/** A new database, copied from the migrated template: every gateway of a test gets its own. */
export async function freshDatabase(): Promise<{ params: PgParams; url: string; drop(): Promise<void> }> {
  const server = inject("pg");
  const name = `t_${randomBytes(6).toString("hex")}`;
  await withAdmin(server, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`));
  const params = { ...server, database: name };
  return {
    params,
    url: `postgresql://${server.user}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/${name}`,
    drop: () => withAdmin(server, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

async function withAdmin<T>(server: PgParams, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...server, database: "postgres" });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
