import { createHash } from "node:crypto";
import type { Call } from "../context.js";
import { Code, SsoError } from "../status.js";
import { blockedUntil, clearFailures, recordFailure, type ThrottlePolicy } from "./store.js";

// Brute-force defence (docs/rules.md, "Brute-force defence"): failed password and TOTP checks
// are counted per account and per account and client address, in the database, so that every
// gateway process sees the same counts. Past a threshold, attempts are refused before any
// argon2 work, for a delay that grows with further failures and ends by itself.

/**
 * A username as keys name it: as given, so that an operator can read the table, unless it is
 * longer than any account's could be (a key must fit PostgreSQL's index).
 */
const named = (username: string) =>
  username.length <= MAX_KEY_NAME ? username : `#sha256:${createHash("sha256").update(username).digest("hex")}`;
const MAX_KEY_NAME = 256;
const accountKey = (username: string) => `account:${named(username)}`;
const fromKey = (username: string, address: string | undefined) => `account:${named(username)}|${address ?? "?"}`;
const anonymousKey = (address: string) => `anonymous:${address}`;

function policies(call: Call): { from: ThrottlePolicy; account: ThrottlePolicy; anonymous: ThrottlePolicy } {
  const bf = call.config.brute_force;
  const common = { window: bf.window, sliding: true, firstDelay: bf.first_delay, growth: bf.growth };
  return {
    from: { ...common, threshold: bf.address_threshold, maxDelay: bf.max_delay },
    account: { ...common, threshold: bf.account_threshold, maxDelay: bf.account_max_delay },
    // A rate: past its threshold an address is refused until its window ends.
    anonymous: {
      window: bf.anonymous_window,
      sliding: false,
      threshold: bf.anonymous_threshold,
      firstDelay: bf.anonymous_window,
      growth: 1,
      maxDelay: bf.anonymous_window,
    },
  };
}

const secondsUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

/**
 * Refuses a credential check of `username` while its account, or the account from this client
 * address, is refused: the masked failure of the call (E005001), or HTTP 429 with Retry-After
 * when `[brute_force] inform`. Called before any password or code is checked.
 */
export async function refuseIfThrottled(call: Call, username: string): Promise<void> {
  const { brute_force: bf } = call.config;
  if (!bf.enabled) return;
  const until = await blockedUntil(call.sql, [accountKey(username), fromKey(username, call.request.clientAddr)], call.now);
  if (!until) return;
  call.audit.details.throttled = true;
  throw new SsoError(Code.AUTH_NOT_ALLOWED, {
    disclosable: false,
    refusal: bf.inform ? { status: 429, retryAfter: secondsUntil(until, call.now) } : undefined,
  });
}

/** Counts a failed password or TOTP check of `username` from this client address. */
export async function countFailedCheck(call: Call, username: string): Promise<void> {
  if (!call.config.brute_force.enabled) return;
  const { from, account } = policies(call);
  await recordFailure(call.sql, fromKey(username, call.request.clientAddr), call.now, from);
  await recordFailure(call.sql, accountKey(username), call.now, account);
}

/** A successful login forgets the failures of its account from its client address. */
export async function clearAfterSuccess(call: Call, username: string): Promise<void> {
  if (call.config.brute_force.enabled) await clearFailures(call.sql, fromKey(username, call.request.clientAddr));
}

/**
 * Addresses this process has lately seen fail without a caller, until when: only their calls
 * are checked against the shared counts, so that other calls cost no statement. Another
 * process's refusal of an address is seen here after that address's first failure here.
 */
const suspects = new Map<string, number>();
const MAX_SUSPECTS = 10_000;

/**
 * Refuses every call of a client address whose calls without a caller failed past
 * `[brute_force] anonymous_threshold` in its window: HTTP 429, and no audit record (a flood
 * must not fill the audit log).
 */
export async function refuseAnonymousFlood(call: Call): Promise<void> {
  const address = anonymousCounted(call);
  if (!address) return;
  const suspect = suspects.get(address);
  if (suspect === undefined) return;
  if (suspect < call.now.getTime()) {
    suspects.delete(address);
    return;
  }
  const until = await blockedUntil(call.sql, [anonymousKey(address)], call.now);
  if (until) {
    throw new SsoError(Code.AUTH_NOT_ALLOWED, {
      disclosable: false,
      quiet: true,
      refusal: { status: 429, retryAfter: secondsUntil(until, call.now) },
    });
  }
}

/** The client address whose anonymous failures count, unless none do (disabled, unknown or exempt). */
function anonymousCounted(call: Call): string | undefined {
  const address = call.request.clientAddr;
  if (!address || !call.config.brute_force.enabled || call.config.anonymousExempt.contains(address)) return undefined;
  return address;
}

/** Counts a call that failed without a caller, against its client address. */
export async function countAnonymousFailure(call: Call): Promise<void> {
  const address = anonymousCounted(call);
  if (!address) return;
  const { anonymous } = policies(call);
  await recordFailure(call.sql, anonymousKey(address), call.now, anonymous);
  if (suspects.size >= MAX_SUSPECTS) suspects.delete(suspects.keys().next().value as string);
  suspects.set(address, call.now.getTime() + anonymous.window * 1000);
}
