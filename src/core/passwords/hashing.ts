import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import argon2 from "argon2";
import { type Config, ConfigError } from "../../config/index.js";
import type { Keys } from "../keys.js";
import { isSealed } from "../keys.js";
import { Code, SsoError } from "../status.js";

/**
 * Runs at most `limit` tasks at a time; the others wait their turn, first come first served,
 * in a bounded queue in which one owner (a client address) may hold only its share. A task
 * that finds no room is refused at once, so that a flood answers quickly and cannot make
 * everyone else wait behind it.
 */
class Gate {
  #free: number;
  readonly #waiting: { owner: string; start: () => void }[] = [];
  readonly #byOwner = new Map<string, number>();

  constructor(
    readonly limit: number,
    private readonly maxWaiting: number,
    private readonly maxPerOwner: number,
  ) {
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

  async run<T>(task: () => Promise<T>, owner = ""): Promise<T> {
    if (this.#free > 0) this.#free--;
    else {
      const held = this.#byOwner.get(owner) ?? 0;
      if (this.#waiting.length >= this.maxWaiting || held >= this.maxPerOwner) {
        throw new SsoError(Code.AUTH_NOT_ALLOWED, { disclosable: false, refusal: { status: 503, retryAfter: 1 } });
      }
      this.#byOwner.set(owner, held + 1);
      await new Promise<void>((start) => this.#waiting.push({ owner, start }));
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) {
        const held = (this.#byOwner.get(next.owner) ?? 1) - 1;
        if (held > 0) this.#byOwner.set(next.owner, held);
        else this.#byOwner.delete(next.owner);
        next.start();
      } else this.#free++;
    }
  }
}

/**
 * Hashes once with the `[argon2]` cost, so that a cost argon2 cannot run (memory it cannot
 * allocate) stops start-up instead of failing logins of unknown users only.
 */
export async function checkArgon2Cost(config: Config): Promise<void> {
  const { memory_cost, time_cost, parallelism } = config.argon2;
  try {
    await argon2.hash("a password nobody has", {
      type: argon2.argon2id,
      memoryCost: memory_cost,
      timeCost: time_cost,
      parallelism,
    });
  } catch (e) {
    throw new ConfigError(`[argon2] memory_cost: argon2id cannot hash with this cost (${(e as Error).message})`);
  }
}

/** argon2id with the `[argon2]` cost and `[hash_secret] salt_size`; sealed when `[main] encrypt_password`. */
export class PasswordHasher {
  #dummy: Promise<string> | undefined;
  // argon2id is memory-hard and runs several lanes per hash: more hashes at once than there are
  // cores only thrash (measured: the best rate is at about one per core), so the rest wait.
  readonly #gate: Gate;

  constructor(
    private readonly config: Config,
    private readonly keys: Keys,
  ) {
    this.#gate = new Gate(availableParallelism(), config.argon2.max_waiting, config.argon2.max_waiting_per_address);
  }

  /** argon2 computations running now, and waiting for a core. */
  get load(): { running: number; waiting: number } {
    return { running: this.#gate.running, waiting: this.#gate.waiting };
  }

  /** A user's password hash, as stored; `owner` is the client address that asks (its share of the queue). */
  async hash(password: string, owner?: string): Promise<string> {
    const phc = await this.#argon2(password, owner);
    return this.config.main.encrypt_password ? this.keys.seal(phc) : phc;
  }

  /** The bare PHC string (external credentials are never sealed). */
  phc(password: string, owner?: string): Promise<string> {
    return this.#argon2(password, owner);
  }

  /**
   * Whether a stored hash was made otherwise than the configuration now asks: another argon2
   * variant, version or cost, another salt size, or sealed when `[main] encrypt_password` is off
   * (or the reverse). `sealable` false: an external credential's bare PHC string.
   */
  isOutdated(stored: string, sealable = true): boolean {
    const sealed = isSealed(stored);
    if (sealable ? sealed !== this.config.main.encrypt_password : sealed) return true;
    const phc = sealed ? this.keys.open(stored) : stored;
    const { memory_cost, time_cost, parallelism } = this.config.argon2;
    try {
      if (!phc.startsWith("$argon2id$")) return true;
      if (argon2.needsRehash(phc, { memoryCost: memory_cost, timeCost: time_cost, parallelism })) return true;
      return Buffer.from(phc.split("$")[4] ?? "", "base64").length !== this.config.hash_secret.salt_size;
    } catch {
      // Not a PHC string argon2 can read: verification failed on it anyway.
      return false;
    }
  }

  /** Constant-time verification (inside argon2) of `password` against a stored hash. */
  async verify(stored: string, password: string, owner?: string): Promise<boolean> {
    const phc = isSealed(stored) ? this.keys.open(stored) : stored;
    return this.#gate.run(() => argon2.verify(phc, password).catch(() => false), owner);
  }

  /**
   * Costs what a real verification costs, for callers with no user to check against: unknown
   * and known users must take the same time (docs/rules.md, "Login").
   */
  async verifyDummy(password: string, owner?: string): Promise<void> {
    // A dummy refused by a full queue is not kept: every later unknown user would be refused too.
    this.#dummy ??= this.#argon2("a password nobody has").catch((e: unknown) => {
      this.#dummy = undefined;
      throw e;
    });
    await this.verify(await this.#dummy, password, owner);
  }

  #argon2(password: string, owner?: string): Promise<string> {
    const { memory_cost, time_cost, parallelism } = this.config.argon2;
    return this.#gate.run(
      () =>
        argon2.hash(password, {
          type: argon2.argon2id,
          memoryCost: memory_cost,
          timeCost: time_cost,
          parallelism,
          salt: randomBytes(this.config.hash_secret.salt_size),
        }),
      owner,
    );
  }
}
