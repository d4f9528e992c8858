import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. `BENCH_PROFILE=dir npm run bench`):
 * self time by package and by function, and inclusive time of the project's own functions.
 * Percentages are of the busy (non-idle) time.
 *
 * Usage: tsx test/bench/profile-top.ts FILE.cpuprofile [--rows N] [--from S] [--to S]
 *   --from/--to  only the samples between these seconds after the profile started
 *   --timeline   also prints the busy time of each second, to choose --from and --to
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const file = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
if (!file) {
  process.stderr.write("usage: tsx test/bench/profile-top.ts FILE.cpuprofile [--rows N] [--from S] [--to S]\n");
  process.exit(2);
}
const rows = option("--rows", 30);
const fromUs = option("--from", 0) * 1e6;
const toUs = option("--to", Number.POSITIVE_INFINITY) * 1e6;

const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const root = process.cwd();
const relative = (url: string) => {
  const p = url.replace(/^file:\/\//, "");
  const nm = p.lastIndexOf("node_modules/");
  if (nm !== -1) return p.slice(nm + 13);
  return p.startsWith(root) ? path.relative(root, p) : p;
};
const packageOf = (url: string, name: string) => {
  if (!url) return name.startsWith("(") ? name : "(native)";
  if (url.startsWith("node:")) return "node (core)";
  const p = relative(url);
  if (url.includes("node_modules/")) {
    const parts = p.split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? "?");
  }
  return p.split("/").slice(0, 2).join("/");
};
const keyOf = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || "(anonymous)";
  return url ? `${name}  ${relative(url)}:${lineNumber + 1}` : name;
};
const own = (node: ProfileNode) => node.callFrame.url.includes(`${root}/src/`) || node.callFrame.url.includes(`${root}/dist/`);

const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
const functions = new Map<string, number>();
const packages = new Map<string, number>();
const inclusive = new Map<string, number>();
let busy = 0;
let idle = 0;
let clock = 0;
const timeline: number[] = [];
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  clock += us;
  const node = byId.get(id);
  const second = Math.floor(clock / 1e6);
  if (node && node.callFrame.functionName !== "(idle)") timeline[second] = (timeline[second] ?? 0) + us;
  if (!node || clock < fromUs || clock > toUs) return;
  if (node.callFrame.functionName === "(idle)") {
    idle += us;
    return;
  }
  busy += us;
  add(functions, keyOf(node), us);
  add(packages, packageOf(node.callFrame.url, node.callFrame.functionName), us);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at);
    if (!frame || !own(frame)) continue;
    const key = keyOf(frame);
    if (!seen.has(key)) {
      seen.add(key);
      add(inclusive, key, us);
    }
  }
});

const print = (title: string, map: Map<string, number>, n: number) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    process.stdout.write(`${((us / busy) * 100).toFixed(1).padStart(6)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}\n`);
  }
};
process.stdout.write(
  `${file}: ${((busy + idle) / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages are of busy time)\n`,
);
if (args.includes("--timeline")) {
  process.stdout.write("\nBusy time per second\n");
  for (let s = 0; s < timeline.length; s++)
    process.stdout.write(`${String(s).padStart(4)} s  ${((timeline[s] ?? 0) / 1000).toFixed(0).padStart(4)} ms\n`);
}
print("Self time by package or directory", packages, 20);
print("Self time by function", functions, rows);
print("Inclusive time of the project's functions (src/, or dist/ when compiled)", inclusive, rows);
