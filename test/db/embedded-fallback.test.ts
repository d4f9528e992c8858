import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../src/db/embedded.js";
import { createLogger, memorySink } from "../../src/lib/log.js";

// As root, PostgreSQL runs as the postgres user, who cannot enter a private home such as /root.
const asRoot = process.getuid?.() === 0;

describe("embedded PostgreSQL under a directory the postgres user cannot reach", () => {
  it.skipIf(!asRoot)("keeps its cluster in /var/tmp/sso-gateway, reachable by postgres, and starts there", async () => {
    mkdirSync("/root", { recursive: true });
    const home = mkdtempSync("/root/sso-fallback-");
    const sink = memorySink();
    let clusterDir: string | undefined;
    try {
      const server = await startEmbeddedPostgres({ dataDir: path.join(home, "data"), log: createLogger(sink), durable: false });
      try {
        clusterDir = JSON.parse(readFileSync(path.join(home, "data", "embedded-pg.json"), "utf8")).clusterDir as string;
        expect(clusterDir).toMatch(/^\/var\/tmp\/sso-gateway\/[0-9a-f]{16}\/pg$/);
        expect(statSync("/var/tmp/sso-gateway").mode & 0o755).toBe(0o755);
        expect(sink.lines).toContainEqual(
          expect.objectContaining({ level: "warn", message: expect.stringContaining(clusterDir) }),
        );
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
      if (clusterDir) rmSync(path.dirname(clusterDir), { recursive: true, force: true });
    }
  });
});
