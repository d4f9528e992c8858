import DataLoader from "dataloader";
import { isDatabaseUnavailable, type Sql } from "./sql.js";

/** The most calls' reads one shared statement takes; more go in several. */
export const MOST_PER_STATEMENT = 32;

/**
 * The sizes a shared statement comes in: a read for n calls takes the smallest that fits,
 * filled up by repeating one. One prepared statement per size keeps one generic plan each,
 * where a parameter array of any length would be planned anew at every execution.
 */
export const STATEMENT_SIZES = [1, 2, 4, 8, 16, MOST_PER_STATEMENT];

export const sizeFor = (count: number): number => STATEMENT_SIZES.find((size) => size >= count) ?? MOST_PER_STATEMENT;

/** `values` filled up to `size` by repeating its first. */
export const filledUp = <T>(values: readonly T[], size: number): T[] => [
  ...values,
  ...Array<T>(size - values.length).fill(values[0] as T),
];

/** What a call reads at its own time: a shared statement reads at the earliest, and each call drops what ended by its own. */
export interface AtTime {
  now: Date;
}

export const earliestOf = (asked: readonly AtTime[]): Date => new Date(Math.min(...asked.map(({ now }) => now.getTime())));

/**
 * Reads of calls under way at once share statements. Every read asked for while the process
 * reads what has arrived (one turn of the event loop) goes out once that is read
 * (setImmediate), up to MOST_PER_STATEMENT in a statement: under load, PostgreSQL and
 * node-postgres serve several calls with the work of one, and an idle process waits for
 * nothing. Each read still starts after its call arrived, so it sees every change committed
 * before. `read` answers for each of `asked`, in order. When a shared statement fails for a
 * reason other than the database's own (a value one call sent that it refuses), each call is
 * read again alone: one call's input cannot fail the others'. One loader per Sql (a pool's):
 * nothing outlives the calls under way.
 */
export function coalesced<K, V>(read: (sql: Sql, asked: readonly K[]) => Promise<V[]>): (sql: Sql) => DataLoader<K, V> {
  const loaders = new WeakMap<Sql, DataLoader<K, V>>();
  return (sql) => {
    let loader = loaders.get(sql);
    if (!loader) {
      const readAlone = (one: K) =>
        read(sql, [one]).then(
          ([value]) => value as V,
          (e: unknown) => toError(e),
        );
      const readShared = (asked: readonly K[]) =>
        read(sql, asked).catch((e: unknown) =>
          asked.length === 1 || isDatabaseUnavailable(e) ? Promise.reject(e) : Promise.all(asked.map(readAlone)),
        );
      loader = new DataLoader(readShared, {
        cache: false,
        maxBatchSize: MOST_PER_STATEMENT,
        batchScheduleFn: (dispatch) => setImmediate(dispatch),
      });
      loaders.set(sql, loader);
    }
    return loader;
  };
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
