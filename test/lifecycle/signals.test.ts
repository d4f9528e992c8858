import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { descendants, embeddedState, isAlive, postgresPids, spawnGateway, waitUntil, writeConfig } from "./process.js";
import { createUser, login } from "./users.js";

const PASSWORD = "Hq7!wz-paper-lamp";

// `npm start` as a terminal, docker stop or a process supervisor stops it: SIGTERM or SIGINT (SIGHUP) to
// npm, to the gateway's own process, or to the whole process group. Each leads to one drain:
// the request in flight finishes, PostgreSQL stops, everything exits 0, nothing is left running.

const WAYS = [
  ["SIGTERM", "the npm start process"],
  ["SIGTERM", "the gateway's node process"],
  ["SIGTERM", "the whole process group"],
  ["SIGINT", "the whole process group"],
  ["SIGINT", "the npm start process"],
  // The terminal it runs in closes (npm itself does not relay SIGHUP).
  ["SIGHUP", "the gateway's node process"],
] as const;

describe("stopping `npm start`", () => {
  it.each(WAYS)(
    "%s to %s: one drain, PostgreSQL stopped, exit 0, nothing left",
    async (signal, target) => {
      const config = writeConfig('[server]\nhost = "127.0.0.1"\ndata_dir = "data"\n[session]\nexpiry_hook = "module:slow.mjs"\n');
      const dir = path.dirname(config);
      const dataDir = path.join(dir, "data");
      const marker = path.join(dir, "hook-called");
      writeFileSync(
        path.join(dir, "slow.mjs"),
        `import { writeFileSync } from "node:fs";
export default async function () {
  writeFileSync(${JSON.stringify(marker)}, "");
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return { expiry: 5 };
}
`,
      );
      const env = { SSO_CONFIG: config, PORT: "0" };
      await createUser(config, env, "slowpoke", PASSWORD);
      const npm = spawnGateway(env, "npm start");
      const url = await npm.listening(90_000);
      const gateway = descendants(npm.pid).find((p) => /bin\/sso-gateway\.mjs/.test(p.command));
      expect(gateway, JSON.stringify(descendants(npm.pid))).toBeDefined();
      // No TypeScript loader or shell in the running tree: npm, then the compiled gateway.
      expect(descendants(npm.pid).filter((p) => /tsx|esbuild|sh -c/.test(p.command))).toEqual([]);

      const slow = login(url, "slowpoke", PASSWORD);
      await waitUntil(() => existsSync(marker), 20_000, 10);
      if (target === "the npm start process") process.kill(npm.pid, signal);
      else if (target === "the gateway's node process") process.kill(gateway?.pid as number, signal);
      else process.kill(-npm.pid, signal);

      const answer = await slow;
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ status: "ok" });
      expect(await npm.exited).toEqual({ code: 0, signal: null });
      expect(npm.lines.filter((l) => /finishing requests in flight/.test(l))).toHaveLength(1);
      expect(npm.output()).toMatch(/"msg":"stopped"/);
      await waitUntil(() => !isAlive(gateway?.pid as number), 5_000);
      expect(postgresPids(dataDir)).toEqual([]);
      expect(embeddedState(dataDir)?.ownerPid).toBeNull();
    },
    120_000,
  );
});
