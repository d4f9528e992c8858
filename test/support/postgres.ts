import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { type PgParams, startEmbeddedPostgres } from "../../src/db/embedded.js";
import { migrate } from "../../src/db/migrate.js";
import { createLogger, memorySink } from "../../src/lib/log.js";

export const TEMPLATE = "sso_template";

declare module "vitest" {
  export interface ProvidedContext {
    pg: PgParams;
  }
}

/** One embedded PostgreSQL for the whole run, with a migrated template database to copy from. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "sso-test-"));
  const server = await startEmbeddedPostgres({ dataDir, log: createLogger(memorySink()), durable: false });
  const admin = new pg.Client({ ...server.params, database: "postgres" });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  const pool = new pg.Pool({ ...server.params, database: TEMPLATE });
  await migrate(pool);
  await pool.end();
  project.provide("pg", server.params);
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
