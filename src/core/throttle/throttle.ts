import { createHash } from "node:crypto";
import { setTimeout } from "node:timers/promises";
import type { Call } from "../context.js";
import { Code, type Refusal, SsoError } from "../status.js";
import {
  admitAttempt,
  blockedUntil,
  endAttempt,
  markKnown,
  onlyRunningInTheWay,
  recordFailure,
  type ThrottlePolicy,
} from "./store.js";

// Brute-force defence (docs/rules.md, "Brute-force defence"): failed password and TOTP checks
// are counted per account and per account and client address, in the database, so that every
// gateway process sees the same counts. Past a threshold, attempts are refused before any
// argon2 work, for a delay that grows with further failures and ends by itself.

const MAX_KEY_NAME = 256;

/**
 * A username as keys name it: as given, so that an operator can read the table, unless it is
 * longer than any account's could be (a key must fit PostgreSQL's index).
 */
const named = (username: string) =>
  username.length <= MAX_KEY_NAME ? username : `#sha256:${createHash("sha256").update(username).digest("hex")}`;
/** Whose checks a count is of: a user's password and TOTP, or an external credential's password. */
export type CheckedPrincipal = "user" | "credential";
const PREFIX: Record<CheckedPrincipal, string> = { user: "", credential: "credential-" };
// The address goes first, and an address never holds "|": no username can make one key another's.
const accountKey = (username: string, principal: CheckedPrincipal) => `${PREFIX[principal]}account:${named(username)}`;
const fromKey = (username: string, address: string | undefined, principal: CheckedPrincipal) =>
  `${PREFIX[principal]}from:${address ?? "?"}|${named(username)}`;
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

/** How long an address stays known to an account's owner after a check passed there. */
const KNOWN_FOR_MS = 30 * 86_400_000;

const secondsUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

/**
 * What a throttled attempt answers besides the masked E005001: nothing (HTTP 403) unless
 * `[brute_force] inform` says to tell, then HTTP 429 with a Retry-After until `until`.
 */
export const throttledRefusal = (call: Call, until: Date | undefined): Refusal | undefined =>
  call.config.brute_force.inform ? { status: 429, retryAfter: until ? secondsUntil(until, call.now) : 1 } : undefined;

/**
 * Runs `check`, a password or TOTP check of `username` that resolves to undefined when it
 * fails, under the brute-force defence, per account and client address, then per account. A
 * check is admitted only while no refusal is under way and the failures so far plus the checks
 * still running stay below the threshold (past it, one at a time; a check held back only by checks
 * still running waits for them): so concurrent attempts cannot
 * pass the threshold together. Otherwise `check` does not run and the call fails as refused: the
 * masked E005001, or HTTP 429 with Retry-After when `[brute_force] inform`. A failed check
 * counts; one that passes forgets the failures of its account from its address, and makes that
 * address known to the account for 30 days; one that ends otherwise (a missing TOTP code, an
 * error) leaves the counts as they were.
 */
export async function throttledCheck<T>(
  call: Call,
  username: string,
  check: () => Promise<T | undefined>,
  principal: CheckedPrincipal = "user",
): Promise<T | undefined> {
  if (!call.config.brute_force.enabled) return check();
  const { from, account } = policies(call);
  const keys = { from: fromKey(username, call.request.clientAddr, principal), account: accountKey(username, principal) };
  const fromAddress = await admitWhenRoom(call, keys.from, from);
  if (!fromAddress) await refuse(call, keys);
  // From an address the owner passed a check from, the account's count is not waited for: a
  // flood's checks running elsewhere must not hold the owner back.
  const accountWide = fromAddress?.known
    ? await admitAttempt(call.sql, keys.account, call.now, account)
    : await admitWhenRoom(call, keys.account, account);
  // The account's refusal holds back every address but those its owner passed a check from
  // lately, with at most a typo or two since: guessing from many addresses cannot lock the owner out.
  if (!accountWide && !fromAddress?.known) {
    await endAttempt(call.sql, keys.from);
    await refuse(call, keys);
  }
  let result: T | undefined;
  try {
    result = await check();
  } catch (e) {
    await endAttempt(call.sql, keys.from);
    if (accountWide) await endAttempt(call.sql, keys.account);
    throw e;
  }
  if (result === undefined) {
    await recordFailure(call.sql, keys.from, call.now, from, true);
    await recordFailure(call.sql, keys.account, call.now, account, accountWide !== undefined);
  } else {
    await markKnown(call.sql, keys.from, call.now, new Date(call.now.getTime() + KNOWN_FOR_MS));
    if (accountWide) await endAttempt(call.sql, keys.account);
  }
  return result;
}

/** The longest a check waits for checks still running to end, and the first pause between its tries. */
const ROOM_WAIT_MS = 5_000;
const FIRST_PAUSE_MS = 10;

/**
 * Admits a check of `key`. When only checks still running stand in the way (no refusal under
 * way, failures below the threshold), it waits for them, trying again after pauses that double,
 * for ROOM_WAIT_MS at most: concurrent checks of the right password all run, one after the other
 * once the threshold is near, while concurrent wrong ones still cannot pass it together.
 */
async function admitWhenRoom(call: Call, key: string, policy: ThrottlePolicy) {
  const deadline = Date.now() + ROOM_WAIT_MS;
  for (let pause = FIRST_PAUSE_MS; ; pause *= 2) {
    const admitted = await admitAttempt(call.sql, key, call.now, policy);
    if (admitted) return admitted;
    if (Date.now() + pause > deadline || !(await onlyRunningInTheWay(call.sql, key, call.now, policy))) return undefined;
    await setTimeout(pause);
  }
}

async function refuse(call: Call, keys: { from: string; account: string }): Promise<never> {
  call.audit.details.throttled = true;
  const until = call.config.brute_force.inform ? await blockedUntil(call.sql, [keys.from, keys.account], call.now) : undefined;
  await holdRefusal(call);
  throw new SsoError(Code.AUTH_NOT_ALLOWED, {
    disclosable: false,
    refusal: throttledRefusal(call, until),
  });
}

/**
 * A refusal is answered after `[brute_force] refusal_delay`: a guesser that keeps a fixed number
 * of connections busy then gets that many refusals per delay, and takes almost nothing from the
 * other clients (a timer, not the event loop).
 */
async function holdRefusal(call: Call): Promise<void> {
  const seconds = call.config.brute_force.refusal_delay;
  if (seconds > 0) await setTimeout(seconds * 1000);
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
 * `[brute_force] anonymous_threshold` in its window, with no audit record (a flood must not fill
 * the audit log). As every throttled attempt: the masked E005001, or HTTP 429 with Retry-After
 * when `[brute_force] inform` says to tell.
 */
export async function refuseAnonymousFlood(call: Call, signedIn: () => Promise<boolean>): Promise<void> {
  const until = await anonymousRefusalUntil(call);
  // A caller whose UST names a live session is no guesser, whoever else shares the address.
  if (until && !(await signedIn())) {
    await holdRefusal(call);
    throw new SsoError(Code.AUTH_NOT_ALLOWED, {
      disclosable: false,
      quiet: true,
      refusal: throttledRefusal(call, until),
    });
  }
}

/** Until when calls from the call's client address are refused for their failures without a caller, if they are. */
export async function anonymousRefusalUntil(call: Call): Promise<Date | undefined> {
  const address = anonymousCounted(call);
  if (!address) return undefined;
  const suspect = suspects.get(address);
  if (suspect === undefined) return undefined;
  if (suspect < call.now.getTime()) {
    suspects.delete(address);
    return undefined;
  }
  return blockedUntil(call.sql, [anonymousKey(address)], call.now);
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
