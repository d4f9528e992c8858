import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "smol-toml";
import { type Config, loadConfig } from "../../src/config/index.js";
import { localRequest, RequestContext, type Services } from "../../src/core/context.js";
import type { Shape } from "../../src/core/input.js";
import { execute, type Operation, type Outcome } from "../../src/core/operation.js";
import { createServices } from "../../src/core/services.js";
import { operatorCreateSuperUser, operatorCreateUser } from "../../src/core/users/create.js";
import { connect } from "../../src/db/client.js";
import type { PgParams } from "../../src/db/embedded.js";
import { poolLimits } from "../../src/db/index.js";
import { createGateway, type Gateway } from "../../src/http/server.js";
import { createLogger, memorySink } from "../../src/lib/log.js";
import type { Clock } from "../../src/lib/time.js";
import { freshDatabase } from "./database.js";

export type ConfigOverrides = Record<string, Record<string, unknown>>;

/**
 * Cheap argon2 (tests only, through configuration as docs/configuration.md allows), no cleanup
 * timer, and refusals answered at once (test/sessions/brute-force.test.ts holds their delay).
 */
export const TEST_CONFIG: ConfigOverrides = {
  argon2: { memory_cost: 1024, time_cost: 1, parallelism: 1 },
  hash_secret: { salt_size: 16 },
  cleanup: { interval: 0 },
  brute_force: { refusal_delay: 0 },
  database: { pool_size: 5 },
};

/** Real time shifted by an offset the test controls. */
export class TestClock implements Clock {
  offsetMs = 0;
  now = () => new Date(Date.now() + this.offsetMs);
  advance(ms: number) {
    this.offsetMs += ms;
  }
}

export const MINUTE = 60_000;
export const DAY = 86_400_000;

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (undefined when the body is not JSON). */
  body: Record<string, unknown> & { status?: string; sub_status?: string[]; cid?: string };
}

export interface RestCall {
  /** Sent as the query string. */
  query?: Record<string, string | string[]>;
  /** Sent as a JSON body (or as is, when a string). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestGateway {
  url: string;
  config: Config;
  services: Services;
  clock: TestClock;
  logs: ReturnType<typeof memorySink>["lines"];
  gateway: Gateway;
  rest(method: string, path: string, call?: RestCall): Promise<HttpAnswer>;
  graphql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<HttpAnswer>;
  /** Runs a core operation the way the CLI does (as the operator). */
  asOperator<S extends Shape, O>(op: Operation<S, O>, input: Record<string, unknown>): Promise<Outcome<O>>;
  /** Creates an approved user through the operator path; returns its user_id. */
  createUser(username: string, password: string, options?: { superUser?: boolean; email?: string }): Promise<string>;
  /** Logs in over REST and returns the UST (fails the test otherwise). */
  login(username: string, password: string, extra?: Record<string, unknown>): Promise<string>;
  /** Runs SQL against the gateway's database (tests only: to arrange states and to re-read them). */
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export const APP = "CRM";

export interface GatewayOptions {
  /** Serve this database instead of a fresh one; its owner drops it. */
  database?: { url: string; params: PgParams };
  /** The secret key, base64 of 32 bytes (default: a random one). */
  secretKey?: string;
}

/** A gateway on a fresh database (or the one given), listening on a random port. */
export async function startGateway(overrides: ConfigOverrides = {}, options: GatewayOptions = {}): Promise<TestGateway> {
  const database = options.database ? { ...options.database, drop: async () => {} } : await freshDatabase();
  const dir = mkdtempSync(path.join(tmpdir(), "sso-gw-"));
  const merged: ConfigOverrides = { ...TEST_CONFIG };
  for (const [section, keys] of Object.entries(overrides)) merged[section] = { ...merged[section], ...keys };
  writeFileSync(path.join(dir, "sso.toml"), stringify(merged));
  const config = loadConfig({
    configPath: path.join(dir, "sso.toml"),
    env: { DATABASE_URL: database.url, SSO_SECRET_KEY: options.secretKey ?? randomBytes(32).toString("base64") },
    warn: () => {},
  });
  const sink = memorySink();
  const clock = new TestClock();
  const db = connect(database.params, poolLimits(config));
  const services = createServices(config, db, createLogger(sink), clock);
  const gateway = createGateway(services);
  await new Promise<void>((resolve) => gateway.server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;

  const answer = async (response: Response): Promise<HttpAnswer> => {
    const text = await response.text();
    let body: HttpAnswer["body"];
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined as never;
    }
    return { status: response.status, headers: response.headers, text, body };
  };

  const self: TestGateway = {
    url,
    config,
    services,
    clock,
    logs: sink.lines,
    gateway,
    async rest(method, route, call = {}) {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(call.query ?? {})) {
        for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
      }
      const qs = search.toString();
      const body = call.body === undefined ? undefined : typeof call.body === "string" ? call.body : JSON.stringify(call.body);
      return answer(await fetch(`${url}${route}${qs ? `?${qs}` : ""}`, { method, body, headers: call.headers }));
    },
    async graphql(query, variables = {}, headers = {}) {
      return answer(
        await fetch(`${url}${config.server.graphql_path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ query, variables }),
        }),
      );
    },
    asOperator(op, input) {
      return execute(
        new RequestContext(services, localRequest("sso CLI test", [{ kind: "operator", name: "tester@test" }])),
        op,
        input,
      );
    },
    async createUser(username, password, options = {}) {
      const op = options.superUser ? operatorCreateSuperUser : operatorCreateUser;
      const outcome = await self.asOperator(op, { username, password, email: options.email });
      if (outcome.status === "error") throw new Error(`could not create ${username}: ${outcome.subStatus.join()}`);
      return (outcome.data as { user_id: string }).user_id;
    },
    async login(username, password, extra = {}) {
      const r = await self.rest("POST", "/zato/sso/user/login", { body: { username, password, current_app: APP, ...extra } });
      if (typeof r.body?.ust !== "string") throw new Error(`login of ${username} failed: ${r.text}`);
      return r.body.ust;
    },
    async query(text, values) {
      return (await db.pool.query(text, values)).rows;
    },
    async close() {
      await gateway.close();
      await services.audit.flush();
      await db.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}
