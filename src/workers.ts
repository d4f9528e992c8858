import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry } from "prom-client";
import { CLUSTER_METRICS } from "./http/metrics.js";
import type { Logger } from "./lib/log.js";

/** The primary's side of `[server] workers`: gateway processes sharing one port (node:cluster). */
export interface Workers {
  /** The port, once every worker listens; rejected when a worker exits before it listens. */
  listening: Promise<number>;
  /** Passes `signal` on to every worker and waits for each to drain and exit: 0 when all exited 0. */
  stop(signal: NodeJS.Signals): Promise<number>;
}

/** A worker that dies once serving is replaced after this, doubled for each death in a row, up to a minute. */
const RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 60_000;
/** Deaths in a row (of workers that never listened again) after which the primary gives up and exits 1. */
const MAX_FAILED_RESTARTS = 5;
/** One scrape's answer serves the scrapes of this long after it: a scrape asks every worker. */
const METRICS_CACHE_MS = 1_000;

/** Forks `count` workers running `script` (the gateway's entry point). */
export function startWorkers(count: number, script: string, log: Logger, giveUp: (e: Error) => void): Workers {
  cluster.setupPrimary({ exec: script });
  const aggregator = new AggregatorRegistry();
  let stopping = false;
  let stopSignal: NodeJS.Signals | undefined;
  let exitCode = 0;
  const listened = new Set<number>();
  let ready: { resolve(port: number): void; reject(e: Error): void } | undefined;
  const listening = new Promise<number>((resolve, reject) => {
    ready = { resolve, reject };
  });
  // A failed start-up is reported through `stop` or the rejection: never unhandled.
  listening.catch(() => {});

  let scrape: { at: number; text: Promise<string> } | undefined;
  const answerMetrics = (worker: Worker, id: number) => {
    const answer = (reply: { text?: string; error?: string }) => {
      if (worker.isConnected()) worker.send({ type: CLUSTER_METRICS.answer, id, ...reply });
    };
    if (!scrape || Date.now() - scrape.at > METRICS_CACHE_MS) scrape = { at: Date.now(), text: aggregator.clusterMetrics() };
    scrape.text.then(
      (text) => answer({ text }),
      (e: Error) => answer({ error: e.message }),
    );
  };
  let failedInARow = 0;

  const fork = () => {
    const worker = cluster.fork();
    let served = false;
    worker.on("message", (message: { type?: string; id?: number }) => {
      if (message?.type === CLUSTER_METRICS.ask && typeof message.id === "number") answerMetrics(worker, message.id);
    });
    worker.once("listening", (address) => {
      served = true;
      failedInARow = 0;
      listened.add(worker.id);
      if (listened.size === count) ready?.resolve(address.port);
      else if (listened.size > count) log.info(`worker ${worker.id} listening`);
    });
    worker.once("exit", (code, signal) => {
      const how = signal ?? `code ${code}`;
      if (stopping) {
        // One still loading its modules has no handler yet: the signal ends it, and it served nothing.
        if (code !== 0 && !(signal === stopSignal && !served)) exitCode = 1;
        return;
      }
      if (listened.size < count) {
        ready?.reject(new Error(`worker ${worker.id} exited (${how}) before it listened`));
        return;
      }
      if (!served && ++failedInARow >= MAX_FAILED_RESTARTS) {
        giveUp(new Error(`${failedInARow} workers in a row exited before they listened; the last: ${how}`));
        return;
      }
      const delay = Math.min(MAX_RESTART_DELAY_MS, RESTART_DELAY_MS * 2 ** failedInARow);
      log.error(
        `worker ${worker.id} exited (${how})${served ? "" : " before it listened"}: starting another in ${delay / 1000} s`,
      );
      setTimeout(() => {
        if (!stopping) fork();
      }, delay);
    });
  };
  for (let i = 0; i < count; i++) fork();

  return {
    listening,
    async stop(signal) {
      stopping = true;
      stopSignal = signal;
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
      await Promise.all(
        alive.map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once("exit", () => resolve());
              if (worker.isDead()) resolve();
              else worker.process.kill(signal);
            }),
        ),
      );
      return exitCode;
    },
  };
}
