import DataLoader from "dataloader";
import { laterThan, type Timestamp } from "../lib/time.js";
import { isDatabaseUnavailable, type Sql } from "./sql.js";

/** The most calls one shared statement serves (for session look-ups: the most USTs); more go in several. */
export const MOST_PER_STATEMENT = 32;

/**
 * The sizes a shared statement comes in: a read for n takes the smallest that fits, the places
 * left over filled with values that find nothing new. One prepared statement per size keeps one
 * generic plan each, where a parameter array of any length would be planned anew at every
 * execution.
 */
export const STATEMENT_SIZES = [1, 2, 4, 8, 16, MOST_PER_STATEMENT];

export const sizeFor = (count: number): number => STATEMENT_SIZES.find((size) => size >= count) ?? MOST_PER_STATEMENT;

/** What a call reads at its own time: a shared statement reads at the earliest, and each call drops what ended by its own. */
export interface AtTime {
  now: Date;
}

export const earliestOf = (asked: readonly AtTime[]): Date => new Date(Math.min(...asked.map(({ now }) => now.getTime())));

/** Whether what a statement asked at `earliest` found, ending at `expiration`, is live at a call's own `now`. */
export const liveAt = (expiration: Timestamp, now: Date, earliest: Date): boolean =>
  now.getTime() === earliest.getTime() || laterThan(expiration, now);

export interface Sharing<K> {
  /** What a call adds to a statement (USTs, bytes it may fetch); a call never spans two statements. */
  weight(call: K): number;
  /** The most weight one statement carries (a call heavier than that goes alone). */
  capacity: number;
}

/**
 * Reads of calls under way at once share statements. Every read asked for while the process
 * reads what has arrived (one turn of the event loop) goes out once that is read
 * (setImmediate), packed into statements of at most MOST_PER_STATEMENT calls and `capacity`
 * weight: under load, PostgreSQL and node-postgres serve several calls with the work of one, and
 * an idle process waits for nothing. Each read still starts after its call arrived, so it sees
 * every change committed before, and all of one call's read is one statement (one snapshot).
 * `read` answers for each of `asked`, in order; a statement the database did not serve (no
 * answer, no connection, its time limit) fails every call in it. One it refused for any other
 * reason, which validated input should never cause, is read again call by call, so that no call
 * can fail the others. Only a pool's Sql shares: on one connection (a transaction) each read is
 * its own statement, in the order asked. Nothing outlives the calls under way.
 */
export function coalesced<K, V>(
  read: (sql: Sql, asked: readonly K[]) => Promise<V[]>,
  sharing: Sharing<K>,
): (sql: Sql) => { load(call: K): Promise<V> } {
  const loaders = new WeakMap<Sql, DataLoader<K, V>>();
  return (sql) => {
    if (!sql.pooled) return { load: async (call) => (await read(sql, [call]))[0] as V };
    let loader = loaders.get(sql);
    if (!loader) {
      const readAlone = (call: K) => read(sql, [call]).then(([value]) => value as V, toError);
      const readShared = (asked: readonly K[]) =>
        read(sql, asked).catch((e: unknown) =>
          asked.length === 1 || isDatabaseUnavailable(e) ? Promise.reject(e) : Promise.all(asked.map(readAlone)),
        );
      loader = new DataLoader(async (asked) => (await Promise.all(packed(asked, sharing).map(readShared))).flat(), {
        cache: false,
        batchScheduleFn: (dispatch) => setImmediate(dispatch),
      });
      loaders.set(sql, loader);
    }
    return loader;
  };
}

/** The calls in statements, in their order: each statement as full as MOST_PER_STATEMENT and the capacity allow. */
function packed<K>(asked: readonly K[], { weight, capacity }: Sharing<K>): K[][] {
  const statements: K[][] = [];
  let current: K[] = [];
  let load = 0;
  for (const call of asked) {
    const w = weight(call);
    if (current.length > 0 && (current.length === MOST_PER_STATEMENT || load + w > capacity)) {
      statements.push(current);
      current = [];
      load = 0;
    }
    current.push(call);
    load += w;
  }
  if (current.length > 0) statements.push(current);
  return statements;
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
