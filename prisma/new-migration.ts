// Writes prisma/migrations/<timestamp>_<name>/migration.sql from the difference between the
// schema.prisma committed at HEAD and the one in the working tree (`prisma migrate dev` cannot
// run under the driver adapter). Usage: npm run db:migration -- <name>
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../src/db/embedded.js";
import { createLogger, jsonSink } from "../src/lib/log.js";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name_in_snake_case>");
  process.exit(2);
}

let from = ["--from-empty"];
try {
  const previous = execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { stdio: ["ignore", "pipe", "ignore"] });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "sso-schema-")), "previous.prisma");
  writeFileSync(file, previous);
  from = ["--from-schema-datamodel", file];
} catch {
  // No committed schema yet: the first migration starts from an empty database.
}

// The WASM schema engine works through the driver adapter, which wants a live database.
const scratch = mkdtempSync(path.join(tmpdir(), "sso-migration-"));
const server = await startEmbeddedPostgres({ dataDir: scratch, log: createLogger(jsonSink({ level: "warn" })), durable: false });
const { host, port, user, password, database } = server.params;
let sql: string;
try {
  sql = execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
    env: { ...process.env, DATABASE_URL: `postgresql://${user}:${password}@${host}:${port}/${database}` },
    encoding: "utf8",
  });
} finally {
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
if (sql.includes("This is an empty migration")) {
  console.error("schema.prisma has not changed since HEAD: nothing to write");
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
writeFileSync(path.join("prisma", "migrations", "migration_lock.toml"), 'provider = "postgresql"\n');
console.log(`wrote ${dir}/migration.sql`);
