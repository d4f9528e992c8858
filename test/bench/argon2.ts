import { randomBytes } from "node:crypto";
import argon2 from "argon2";

/**
 * The login limit: argon2id verifications alone, at the gateway's parameters (BENCH_ARGON2, JSON
 * of its [argon2] section and salt size), at each concurrency of BENCH_LEVELS for BENCH_SECONDS
 * each. Prints one JSON line: the rate at each level and the best.
 *
 * BENCH_ARGON2_MODE=hash measures the signup limit instead: new hashes, each with a fresh salt
 * as the gateway makes them, at the same parameters (default: verify).
 */
interface Params {
  memory_cost: number;
  time_cost: number;
  parallelism: number;
  salt_size: number;
}

const params = JSON.parse(process.env.BENCH_ARGON2 ?? "{}") as Params;
const levels = (process.env.BENCH_LEVELS ?? "1,2,4,8").split(",").map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? "3");
const mode = process.env.BENCH_ARGON2_MODE ?? "verify";
if (mode !== "verify" && mode !== "hash") throw new Error(`BENCH_ARGON2_MODE: verify or hash, not ${mode}`);
const password = "correct horse battery staple";

const newHash = () =>
  argon2.hash(password, {
    type: argon2.argon2id,
    memoryCost: params.memory_cost,
    timeCost: params.time_cost,
    parallelism: params.parallelism,
    salt: randomBytes(params.salt_size),
  });

const hash = await newHash();

/** One unit of the work measured: a verification of the hash, or a new hash. */
async function once(): Promise<void> {
  if (mode === "hash") {
    if (!(await newHash()).startsWith("$argon2id$")) throw new Error("argon2 hashing failed");
  } else if (!(await argon2.verify(hash, password))) throw new Error("argon2 verification failed");
}

async function rateAt(concurrency: number, ms: number) {
  const start = performance.now();
  const deadline = start + ms;
  let done = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await once();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - start) / 1000);
}

await rateAt(Math.max(...levels), 500); // warm-up
const results: { concurrency: number; rate: number }[] = [];
for (const concurrency of levels) results.push({ concurrency, rate: await rateAt(concurrency, seconds * 1000) });
const best = results.reduce((a, b) => (b.rate > a.rate ? b : a));
process.stdout.write(`${JSON.stringify({ mode, results, best })}\n`);
