import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import argon2 from "argon2";
import type { Config } from "../../config/index.js";
import type { Keys } from "../keys.js";
import { isSealed } from "../keys.js";

/** Runs at most `limit` tasks at a time; the others wait their turn, first come first served. */
class Gate {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    this.#free = limit;
  }

  /** Tasks waiting for their turn. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Tasks running now. */
  get running(): number {
    return this.limit - this.#free;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

/** argon2id with the `[argon2]` cost and `[hash_secret] salt_size`; sealed when `[main] encrypt_password`. */
export class PasswordHasher {
  #dummy: Promise<string> | undefined;
  // argon2id is memory-hard and runs several lanes per hash: more hashes at once than there are
  // cores only thrash (measured: the best rate is at about one per core), so the rest wait.
  readonly #gate = new Gate(availableParallelism());

  constructor(
    private readonly config: Config,
    private readonly keys: Keys,
  ) {}

  /** argon2 computations running now, and waiting for a core. */
  get load(): { running: number; waiting: number } {
    return { running: this.#gate.running, waiting: this.#gate.waiting };
  }

  /** A user's password hash, as stored. */
  async hash(password: string): Promise<string> {
    const phc = await this.#argon2(password);
    return this.config.main.encrypt_password ? this.keys.seal(phc) : phc;
  }

  /** The bare PHC string (external credentials are never sealed). */
  phc(password: string): Promise<string> {
    return this.#argon2(password);
  }

  /** Constant-time verification (inside argon2) of `password` against a stored hash. */
  async verify(stored: string, password: string): Promise<boolean> {
    const phc = isSealed(stored) ? this.keys.open(stored) : stored;
    try {
      return await this.#gate.run(() => argon2.verify(phc, password));
    } catch {
      return false;
    }
  }

  /**
   * Costs what a real verification costs, for callers with no user to check against: unknown
   * and known users must take the same time (docs/rules.md, "Login").
   */
  async verifyDummy(password: string): Promise<void> {
    this.#dummy ??= this.#argon2("a password nobody has");
    await this.verify(await this.#dummy, password);
  }

  #argon2(password: string): Promise<string> {
    const { memory_cost, time_cost, parallelism } = this.config.argon2;
    return this.#gate.run(() =>
      argon2.hash(password, {
        type: argon2.argon2id,
        memoryCost: memory_cost,
        timeCost: time_cost,
        parallelism,
        salt: randomBytes(this.config.hash_secret.salt_size),
      }),
    );
  }
}
