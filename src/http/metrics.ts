import cluster from "node:cluster";
import { AggregatorRegistry, Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { OperationObserver, Services } from "../core/context.js";

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The gateway's Prometheus metrics: HTTP requests, operations and their outcomes, argon2 and the pool. */
export interface Metrics extends OperationObserver {
  /** One HTTP request answered: `route` is a known path (a REST path, the GraphQL path…) or `other`. */
  request(route: string, method: string, status: number, seconds: number): void;
  contentType: string;
  render(): Promise<string>;
}

export function createMetrics(services: Services): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "sso_" });
  const requests = new Counter({
    name: "sso_http_requests_total",
    help: "HTTP requests answered, by route, method and status code.",
    labelNames: ["route", "method", "status"],
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: "sso_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by route and method.",
    labelNames: ["route", "method"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const operations = new Counter({
    name: "sso_operations_total",
    help: "Operations run on every surface, by operation, outcome and first sub_status (login outcomes among them).",
    labelNames: ["operation", "outcome", "sub_status"],
    registers: [registry],
  });
  const operationSeconds = new Histogram({
    name: "sso_operation_duration_seconds",
    help: "Time an operation takes, its audit record included, by operation.",
    labelNames: ["operation"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: "sso_argon2_tasks",
    help: "argon2 computations (password hashes and checks), running and waiting for a core.",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const { running, waiting } = services.passwords.load;
      this.set({ state: "running" }, running);
      this.set({ state: "waiting" }, waiting);
    },
  });
  new Gauge({
    name: "sso_db_pool_connections",
    help: "Connections of the database pool: open, idle, and requests waiting for one.",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const { pool } = services.db;
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
  // Each call would otherwise hash its labels again; every label takes few values (known
  // routes, HTTP methods, status codes, operations, codes), so the children are kept.
  const requestSeries = children((route: string, method: string, status: number) => ({
    count: requests.labels({ route, method, status }),
    seconds: requestSeconds.labels({ route, method }),
  }));
  const operationSeries = children((operation: string, outcome: string, subStatus: string) => ({
    count: operations.labels({ operation, outcome, sub_status: subStatus }),
    seconds: operationSeconds.labels({ operation }),
  }));
  return {
    request(route, method, status, seconds) {
      const series = requestSeries(route, method, status);
      series.count.inc();
      series.seconds.observe(seconds);
    },
    operation(name, outcome, subStatus, seconds) {
      const series = operationSeries(name, outcome, subStatus ?? "");
      series.count.inc();
      series.seconds.observe(seconds);
    },
    contentType: registry.contentType,
    render: cluster.isWorker ? clusterMetrics(registry) : () => registry.metrics(),
  };
}

/** In a worker: answers the primary's requests for this worker's metrics (empty until the gateway's registry is made). */
export function respondToClusterScrapes(): void {
  AggregatorRegistry.setRegistries([]);
  new AggregatorRegistry();
}

/** Asked of the primary by a worker; answered with every worker's metrics, summed (src/workers.ts). */
export const CLUSTER_METRICS = { ask: "sso:metrics", answer: "sso:metrics-answer" } as const;
const ASK_TIMEOUT_MS = 5_000;

/**
 * In a worker of `[server] workers`: a scrape reaches one worker, and is answered for all of
 * them, so that counters do not depend on which worker a scrape happened to reach.
 */
function clusterMetrics(registry: Registry): () => Promise<string> {
  new AggregatorRegistry(); // the responder, once per process whoever makes it first
  AggregatorRegistry.setRegistries([registry]);
  let next = 0;
  const waiting = new Map<number, (text: string | Error) => void>();
  process.on("message", (message: { type?: string; id?: number; text?: string; error?: string }) => {
    if (message?.type !== CLUSTER_METRICS.answer || message.id === undefined) return;
    waiting.get(message.id)?.(message.error === undefined ? (message.text ?? "") : new Error(message.error));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => settle(new Error("the primary did not answer for the metrics")), ASK_TIMEOUT_MS);
      const settle = (answer: string | Error) => {
        waiting.delete(id);
        clearTimeout(timer);
        if (answer instanceof Error) reject(answer);
        else resolve(answer);
      };
      waiting.set(id, settle);
      process.send?.({ type: CLUSTER_METRICS.ask, id });
    });
}

/** Memoises `make` by its arguments. */
function children<A extends (string | number)[], T>(make: (...args: A) => T): (...args: A) => T {
  const made = new Map<string, T>();
  return (...args) => {
    const key = args.join("\u0000");
    let child = made.get(key);
    if (child === undefined) {
      child = make(...args);
      made.set(key, child);
    }
    return child;
  };
}
