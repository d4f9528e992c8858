import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Services } from "../core/context.js";
import { holdsRecordedKey } from "../core/key-check/check.js";
import { pendingMigrations } from "../db/migrate.js";
import { sqlOn } from "../db/sql.js";
import { payloadTooLarge, type RestResponse } from "../rest/envelope.js";
import { createRestHandler } from "../rest/handler.js";
import { openApiDocument } from "../rest/openapi.js";
import { routes } from "../rest/routes.js";
import { createMetrics } from "./metrics.js";
import { MAX_BODY_BYTES, requestInfo } from "./request.js";
import { StreamBudget } from "./streams.js";
import { createGraphQLWebSocket } from "./websocket.js";
import { createGraphQLServer } from "./yoga.js";

export interface Gateway {
  server: Server;
  yoga: ReturnType<typeof createGraphQLServer>;
  /** Stops accepting connections and resolves when the requests in flight have been answered. */
  close(): Promise<void>;
}

const REST_PATHS = new Set(routes.map((route) => route.path));
const OPENAPI_PATH = "/openapi.json";
/** How long the readiness check waits for the database before it answers 503. */
const READY_TIMEOUT_MS = 3000;

/**
 * The HTTP server: GraphQL at `[server] graphql_path`, Zato's REST paths, the health checks at
 * `[health] path`, the metrics at `[metrics] path` and the OpenAPI description at /openapi.json.
 */
export function createGateway(services: Services): Gateway {
  const { config, log } = services;
  const metrics = config.metrics.enabled ? createMetrics(services) : undefined;
  const yoga = createGraphQLServer(services, metrics);
  const rest = createRestHandler(services, metrics);
  const graphqlPath = config.server.graphql_path;
  const health = config.health.enabled ? config.health.path : undefined;
  const openapi = config.server.openapi ? JSON.stringify(openApiDocument(config)) : undefined;
  const allowedOrigins = new Set(config.server.cors_origins);
  const streams = new StreamBudget(Math.max(1, Math.floor(config.server.max_connections / 2)));
  const CORS_HEADERS = [
    "content-type",
    "authorization",
    "x-zato-sso-ust",
    config.apps.http_header.toLowerCase(),
    "x-graphql-yoga-csrf",
  ].join(", ");
  let closing = false;

  /** The route a request is counted under: a known path, or `other` (client-chosen paths would be unbounded). */
  const routeOf = (path: string): string => {
    const bare = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
    if (bare === graphqlPath || REST_PATHS.has(bare)) return bare;
    if (health && (bare === health || bare.startsWith(`${health}/`))) return bare === health ? health : `${health}/*`;
    if ((metrics && bare === config.metrics.path) || (openapi && bare === OPENAPI_PATH)) return bare;
    return "other";
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(", ") : value;
    };
    const path = (req.url ?? "/").split("?")[0] as string;
    const info = requestInfo(config, header, req.socket.remoteAddress);
    res.setHeader("x-zato-cid", info.cid);
    // Answers carry USTs and personal data: no cache may keep them, no browser may guess their type.
    res.setHeader("cache-control", "no-store");
    res.setHeader("x-content-type-options", "nosniff");
    if (closing) res.setHeader("connection", "close");
    if (cors(req, res)) return;
    if (metrics) {
      const started = performance.now();
      res.once("finish", () =>
        metrics.request(routeOf(path), req.method ?? "GET", res.statusCode, (performance.now() - started) / 1000),
      );
    }

    if (path === graphqlPath || path === `${graphqlPath}/`) {
      // Bodies get the size REST has: refused here by their declared length, unread; one that
      // declares none is cut off as it streams in (src/http/yoga.ts), and its connection is
      // not kept, since the rest of an oversized body may still be on its way.
      const declared = req.headers["content-length"];
      if (Number(declared ?? 0) > MAX_BODY_BYTES) {
        sendGraphQLError(res, 413, "Payload too large", "PAYLOAD_TOO_LARGE", true);
        return;
      }
      if (declared === undefined && req.method === "POST") res.setHeader("connection", "close");
      // A streamed answer may stay open as long as its subscription: it counts as a WebSocket
      // does. Only a request whose Accept names a streaming type may get one: graphql-yoga would
      // otherwise stream a subscription as multipart/mixed to any client accepting */*, uncounted.
      const accept = req.headers.accept?.toLowerCase() ?? "";
      if (accept.includes("text/event-stream") || accept.includes("multipart/mixed")) {
        const release = streams.take(info.clientAddr ?? "");
        if (!release) {
          sendGraphQLError(res, 503, "Too many open event streams and WebSockets; try again later.", "TOO_MANY_STREAMS");
          return;
        }
        res.once("close", release);
      } else if (!(config.server.graphiql && req.method === "GET" && accept.includes("text/html"))) {
        // (A browser's GET asking for HTML is answered with GraphiQL's page, never with a stream.)
        req.headers.accept = accept.includes("application/graphql-response+json")
          ? "application/graphql-response+json, application/json"
          : "application/json";
      }
      await yoga(req, res, { info });
      return;
    }
    if (health && (path === health || path === `${health}/live`)) {
      send(res, { status: 200, body: { status: "ok" } });
      return;
    }
    if (health && path === `${health}/ready`) {
      send(res, await readiness());
      return;
    }
    if (metrics && path === config.metrics.path) {
      const text = await metrics.render().catch(() => null);
      if (text === null) {
        send(res, { status: 503, body: { status: "unavailable" } });
        return;
      }
      res.writeHead(200, { "content-type": metrics.contentType, "content-length": Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (openapi && path === OPENAPI_PATH) {
      send(res, { status: 200, body: openapi, headers: { "content-type": "application/json" } });
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      send(res, payloadTooLarge(info.cid), true);
      return;
    }
    send(res, await rest({ method: req.method ?? "GET", url: req.url ?? "/", body, info }));
  }

  /**
   * CORS, for both surfaces: only origins of `[server] cors_origins` get the headers that let a
   * page read an answer, with credentials only when configured. Answers a preflight (true).
   */
  function cors(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    const allowed = origin !== undefined && allowedOrigins.has(origin);
    if (allowed) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("vary", "Origin");
      // A page must be able to read the UST a linked credential's session was given, and the cid.
      res.setHeader("access-control-expose-headers", "x-zato-sso-ust, x-zato-cid, retry-after");
      if (config.server.cors_credentials) res.setHeader("access-control-allow-credentials", "true");
    }
    if (req.method !== "OPTIONS" || req.headers["access-control-request-method"] === undefined) return false;
    if (allowed) {
      res.setHeader("access-control-allow-methods", "GET, POST, PATCH, PUT, DELETE");
      res.setHeader("access-control-allow-headers", CORS_HEADERS);
      res.setHeader("access-control-max-age", "600");
    }
    res.writeHead(204).end();
    return true;
  }

  // One check at a time, however many probes ask: a database that hangs holds one connection, not
  // one per probe, and the check gives up after READY_TIMEOUT_MS (its connection is dropped).
  let checking: Promise<[string[], boolean]> | undefined;
  const readinessSql = sqlOn(services.db.pool, undefined, READY_TIMEOUT_MS);
  let keyReplacedLogged = false;
  /**
   * Ready when the database answers, every migration is applied and this process holds the secret
   * key recorded for the database (docs/rules.md, "Rotating the secret key"); 503 says which is not.
   */
  async function readiness(): Promise<RestResponse> {
    checking ??= Promise.all([pendingMigrations(readinessSql), holdsRecordedKey(readinessSql, services.keys)]).finally(() => {
      checking = undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    });
    try {
      const [pending, keyHeld] = await Promise.race([checking, late]);
      if (pending.length > 0) return { status: 503, body: { status: "unavailable", database: "ok", migrations: "pending" } };
      if (!keyHeld) {
        if (!keyReplacedLogged) {
          log.error("another secret key is recorded for the database (a key rotation): restart this process with the new key");
          keyReplacedLogged = true;
        }
        return { status: 503, body: { status: "unavailable", database: "ok", migrations: "ok", secret_key: "replaced" } };
      }
      return { status: 200, body: { status: "ok", database: "ok", migrations: "ok" } };
    } catch (e) {
      log.warn("readiness check: the database does not answer", { error: (e as Error).message });
      return { status: 503, body: { status: "unavailable", database: "unreachable" } };
    } finally {
      clearTimeout(timer);
    }
  }

  // Slow clients are cut off: headers and whole requests have deadlines (checked every second),
  // and connections are counted.
  const server = createServer(
    {
      headersTimeout: config.server.headers_timeout * 1000,
      requestTimeout: config.server.request_timeout * 1000,
      connectionsCheckingInterval: 1000,
    },
    (req, res) => {
      handle(req, res).catch((e: unknown) => {
        log.error("request failed", { error: (e as Error).stack ?? String(e) });
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ result: "Error", cid: res.getHeader("x-zato-cid"), details: "An error has occurred" }));
        } else {
          res.destroy();
        }
      });
    },
  );
  server.keepAliveTimeout = 5_000;
  server.maxConnections = config.server.max_connections;
  const websocket = config.server.graphql_ws ? createGraphQLWebSocket(services, yoga, streams) : undefined;
  server.on("upgrade", (req: IncomingMessage, socket, head: Buffer) => {
    if (websocket && !closing) return websocket.upgrade(req, socket, head);
    socket.on("error", () => socket.destroy());
    socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
  });

  return {
    server,
    yoga,
    close() {
      closing = true;
      // Subscriptions have no end to wait for: their clients are told to go elsewhere (a WebSocket
      // closed with 1001, an event stream completed).
      const sockets = websocket?.close() ?? Promise.resolve();
      services.events.stopSubscriptions();
      const requests = new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        const idle = setInterval(() => server.closeIdleConnections(), 100);
        const hard = setTimeout(() => server.closeAllConnections(), 15_000);
        server.once("close", () => {
          clearInterval(idle);
          clearTimeout(hard);
        });
      });
      return Promise.all([sockets, requests]).then(() => {});
    },
  };
}

/** The whole body, or null when it is larger than MAX_BODY_BYTES. */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.removeAllListeners("data");
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** A GraphQL request refused before it is read: the HTTP status with a GraphQL error. */
function sendGraphQLError(res: ServerResponse, status: number, message: string, code: string, closeAfter = false) {
  const payload = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...(closeAfter ? { connection: "close" } : {}),
  });
  res.end(payload);
}

function send(res: ServerResponse, response: RestResponse, closeAfter = false) {
  const text = typeof response.body === "string";
  const payload = text ? (response.body as string) : JSON.stringify(response.body);
  res.writeHead(response.status, {
    "content-type": text ? "text/plain; charset=utf-8" : "application/json",
    "content-length": Buffer.byteLength(payload),
    ...(closeAfter ? { connection: "close" } : {}),
    ...response.headers,
  });
  res.end(payload);
}
