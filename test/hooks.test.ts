import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(tmpdir(), "sso-hooks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs `body` in a plain node process with `hooks` made by the compiled createHooks (the test
 * runner's own module loader keeps failed imports, node's does not); returns what it printed.
 */
function run(body: string): string {
  const script = `import { createHooks } from ${JSON.stringify(path.resolve("dist/core/hooks.js"))};
import { writeFileSync } from "node:fs";
const hooks = createHooks({ configDir: ${JSON.stringify(dir)}, hooks: { timeout: 5 } });
const out = (value) => console.log(JSON.stringify(value));
${body}`;
  return execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
}

describe("module: hooks", () => {
  it("a module that was missing at a call is used once it is there, without a restart", () => {
    const printed = run(`
await hooks.call("module:late.mjs", { n: 1 }).then(out, (e) => out({ failed: e.code }));
writeFileSync(${JSON.stringify(path.join(dir, "late.mjs"))}, "export default async (input) => ({ doubled: input.n * 2 });");
await hooks.call("module:late.mjs", { n: 21 }).then(out, (e) => out({ failed: e.code }));
`);
    expect(printed.trim().split("\n")).toEqual([
      JSON.stringify({ failed: "ERR_MODULE_NOT_FOUND" }),
      JSON.stringify({ doubled: 42 }),
    ]);
  });

  it("a module without a default function fails each call, naming it", () => {
    writeFileSync(path.join(dir, "no-default.mjs"), "export const x = 1;\n");
    const printed = run(`
for (let i = 0; i < 2; i++) await hooks.call("module:no-default.mjs", {}).then(out, (e) => out({ failed: e.message }));
`);
    const failed = JSON.stringify({ failed: "no-default.mjs has no default export function" });
    expect(printed.trim().split("\n")).toEqual([failed, failed]);
  });
});
