import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../src/lib/process.js";
import { freshDatabase } from "../support/database.js";
import { spawnGateway, tempDir, waitUntil, writeConfig } from "./process.js";
import { login } from "./users.js";

const databases: { drop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const db of databases.splice(0)) await db.drop();
});

/** A gateway on a port of our choosing: at levels above info, no start-up line says which. */
async function started(extra: string) {
  const db = await freshDatabase();
  databases.push(db);
  const config = writeConfig(`[server]\nhost = "127.0.0.1"\n${extra}`);
  const port = await freePort();
  const gw = spawnGateway({
    SSO_CONFIG: config,
    PORT: String(port),
    DATABASE_URL: db.url,
    SSO_SECRET_KEY: randomBytes(32).toString("base64"),
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 45_000;
  for (;;) {
    const up = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline || gw.child.exitCode !== null) throw new Error(`the gateway did not start:\n${gw.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { gw, url, dir: path.dirname(config) };
}

const parsed = (lines: string[]) => lines.filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Record<string, unknown>);

describe("logs", () => {
  it("are JSON lines (level, time, logger, msg), audit records among them, at the configured level", async () => {
    const { gw, url } = await started('[log]\nlevel = "debug"\n');
    await login(url, "nobody", "Wrong-pass-1");
    await waitUntil(() => gw.lines.some((l) => l.includes('"logger":"sso.audit"')), 10_000);
    expect(await gw.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    const lines = parsed(gw.lines);
    const log = lines.filter((l) => l.logger !== "sso.audit");
    expect(log.length).toBeGreaterThan(2);
    for (const line of log) {
      expect(line).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), logger: "sso" }));
      expect(Number.isNaN(Date.parse(line.time as string))).toBe(false);
    }
    expect(log.map((l) => l.msg)).toContain("stopped");
    expect(lines.filter((l) => l.logger === "sso.audit")).toEqual([
      expect.objectContaining({ op: "user.login", outcome: "error", sub_status: ["E005001"], target_username: "nobody" }),
    ]);
  }, 60_000);

  it("write the audit records to [log] audit_file when it is set, and nothing below [log] level", async () => {
    const { gw, url, dir } = await started('[log]\nlevel = "warn"\naudit_file = "audit/records.jsonl"\n');
    await login(url, "nobody", "Wrong-pass-1");
    const file = path.join(dir, "audit", "records.jsonl");
    await waitUntil(() => {
      try {
        return readFileSync(file, "utf8").includes("user.login");
      } catch {
        return false;
      }
    }, 10_000);
    expect(await gw.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(parsed(readFileSync(file, "utf8").split("\n"))).toEqual([
      expect.objectContaining({ logger: "sso.audit", op: "user.login", outcome: "error" }),
    ]);
    expect(parsed(gw.lines).filter((l) => l.logger === "sso.audit" || l.level === "info" || l.level === "debug")).toEqual([]);
    // Usernames, addresses and user agents: readable by the gateway's own user only.
    expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 60_000);

  it("make an audit_file that anyone could read, from before, readable by the gateway's own user only", async () => {
    const file = path.join(tempDir(), "records.jsonl");
    writeFileSync(file, "", { mode: 0o644 });
    chmodSync(file, 0o644);
    const { gw } = await started(`[log]\naudit_file = ${JSON.stringify(file)}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await gw.stop("SIGTERM")).toEqual({ code: 0, signal: null });
  }, 60_000);
});
