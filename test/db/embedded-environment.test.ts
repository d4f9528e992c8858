import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../src/db/embedded.js";
import { createLogger, memorySink } from "../../src/lib/log.js";

describe("the embedded PostgreSQL's environment", () => {
  it("holds none of the gateway's secrets: the postgres user could read them in /proc", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sso-pg-env-"));
    // Enterable by the postgres user (as root), so that the cluster stays inside it and goes with it.
    chmodSync(dir, 0o755);
    const secrets = {
      SSO_SECRET_KEY: Buffer.alloc(32, 1).toString("base64"),
      SSO_PREVIOUS_SECRET_KEYS: Buffer.alloc(32, 2).toString("base64"),
      MIGRATION_DATABASE_URL: "postgresql://owner:s3cret@db.example/sso",
    };
    const saved = { ...process.env };
    Object.assign(process.env, secrets, { SSO_CONFIG: "/etc/sso/sso.toml" });
    try {
      const server = await startEmbeddedPostgres({
        dataDir: path.join(dir, "data"),
        log: createLogger(memorySink()),
        durable: false,
      });
      try {
        const clusterDir = JSON.parse(readFileSync(path.join(dir, "data", "embedded-pg.json"), "utf8")).clusterDir as string;
        const pid = readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0];
        const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
        expect(environ.filter((entry) => entry.startsWith("SSO_") || entry.includes("DATABASE_URL"))).toEqual([]);
        expect(environ).toContain("LC_ALL=C");
      } finally {
        await server.stop();
      }
    } finally {
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
