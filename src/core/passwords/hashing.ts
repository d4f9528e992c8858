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

  /** Runs `task` only if it need not wait; undefined (not run) otherwise. */
  async tryRun<T>(task: () => Promise<T>): Promise<T | undefined> {
    if (this.#free === 0) return undefined;
    return this.run(task);
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
  /** Stored hashes a request of this process is making anew now: concurrent sign-ins leave it to that one. */
  readonly #upgrading = new Set<string>();

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
  phc(password: string): Promise<string> {
    return this.#argon2(password);
  }

  /**
   * The form a stored hash should take now (docs/rules.md, "Passwords"), made from `password`,
   * which was just verified against it; undefined when it need not change. A hash weaker than
   * `[argon2]` and `[hash_secret] salt_size` ask (less memory or fewer iterations, a shorter
   * salt, an older argon2) is made anew, but only when a core is free this moment and no other
   * request of this process is making it: it never waits in the queue. A user's hash that
   * `[main] encrypt_password` wants sealed, and is in clear or sealed with a previous secret key,
   * is sealed with the current one (no argon2). Nothing is ever made weaker: a process with a
   * lower cost or without encrypt_password leaves stronger hashes as they are.
   * `sealable` false: an external credential's bare PHC string.
   */
  async upgraded(stored: string, password: string, sealable = true): Promise<string | undefined> {
    const sealed = isSealed(stored);
    const phc = sealed ? this.keys.open(stored) : stored;
    const wantsSealed = sealable && this.config.main.encrypt_password;
    if (!this.#weaker(phc)) {
      if (wantsSealed && (!sealed || !this.keys.sealedWithCurrent(stored))) return this.keys.seal(phc);
      return undefined;
    }
    if (this.#upgrading.has(stored)) return undefined;
    this.#upgrading.add(stored);
    try {
      const next = await this.#gate.tryRun(() => this.#argon2Now(password));
      if (next === undefined) return undefined;
      return wantsSealed || (sealable && sealed) ? this.keys.seal(next) : next;
    } finally {
      this.#upgrading.delete(stored);
    }
  }

  /** Whether a PHC string is weaker than the configuration asks; one argon2 cannot read is left alone. */
  #weaker(phc: string): boolean {
    const [, variant, ...rest] = phc.split("$");
    // A PHC string without its version is argon2's first one (0x10).
    const version = rest[0]?.startsWith("v=") ? Number(rest.shift()?.slice(2)) : 16;
    const [params = "", salt] = rest;
    const values = new Map(params.split(",").map((pair) => pair.split("=") as [string, string]));
    const memory = Number(values.get("m"));
    const time = Number(values.get("t"));
    if (salt === undefined || !Number.isInteger(memory) || !Number.isInteger(time)) return false;
    if (variant !== "argon2id") return true;
    // Weaker only when no parameter is above the configuration's and one is below: two processes set
    // in opposite directions (more memory, fewer iterations) leave each other's hashes alone.
    const { memory_cost, time_cost } = this.config.argon2;
    const pairs: [number, number][] = [
      [version, 19],
      [memory, memory_cost],
      [time, time_cost],
      [Buffer.from(salt, "base64").length, this.config.hash_secret.salt_size],
    ];
    return pairs.every(([stored, wanted]) => stored <= wanted) && pairs.some(([stored, wanted]) => stored < wanted);
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
    return this.#gate.run(() => this.#argon2Now(password), owner);
  }

  /** One argon2id hash with the configured cost, outside the gate: callers take their turn first. */
  #argon2Now(password: string): Promise<string> {
    const { memory_cost, time_cost, parallelism } = this.config.argon2;
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: memory_cost,
      timeCost: time_cost,
      parallelism,
      salt: randomBytes(this.config.hash_secret.salt_size),
    });
  }
}
