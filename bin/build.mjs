// Compiles src/ into dist/ when dist/ is missing or older than any source file, so that the
// gateway and the CLI always run plain JavaScript with node: no TypeScript loader in the process.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const stamp = `${root}dist/.built`;

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const full = `${dir}/${entry.name}`;
    return Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }, 0);

export function buildIfStale() {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  if (built >= Math.max(newest(`${root}src`), statSync(`${root}tsconfig.build.json`).mtimeMs)) return;
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  } catch {
    if (built > 0) return; // an install without dev dependencies runs the build it shipped with
    throw new Error("dist/ is missing and TypeScript is not installed to build it: run npm ci");
  }
  process.stderr.write("building dist/ from src/\n");
  execFileSync(process.execPath, [tsc, "-p", `${root}tsconfig.build.json`], { stdio: "inherit", cwd: root });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildIfStale();
