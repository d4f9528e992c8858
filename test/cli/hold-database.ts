import { createInterface } from "node:readline";
import { loadConfig } from "../../src/config/index.js";
import { openDatabase } from "../../src/db/index.js";
import { createLogger, memorySink } from "../../src/lib/log.js";

// A process that opens the database as a CLI command does (sharing a running embedded
// PostgreSQL, else starting one), says "ready", and closes it when told "close" on stdin:
// a command that takes its time, such as one waiting at a prompt.
const database = await openDatabase(loadConfig({ warn: () => {} }), createLogger(memorySink()), {
  shareRunning: true,
  poolSize: 1,
});
await database.db.sql.one("SELECT 1", []);
process.stdout.write("ready\n");
for await (const line of createInterface({ input: process.stdin })) {
  if (line === "close") break;
}
await database.close();
process.stdout.write("closed\n");
process.stdin.destroy();
