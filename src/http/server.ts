import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Services } from "../core/context.js";
import { payloadTooLarge, type RestResponse } from "../rest/envelope.js";
import { createRestHandler } from "../rest/handler.js";
import { requestInfo } from "./request.js";
import { createGraphQLServer } from "./yoga.js";

/** Bodies above this size are refused (413) before they are read in full. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface Gateway {
  server: Server;
  yoga: ReturnType<typeof createGraphQLServer>;
  /** Stops accepting connections and resolves when the requests in flight have been answered. */
  close(): Promise<void>;
}

/** The HTTP server: GraphQL at `[server] graphql_path`, Zato's REST paths, and `/health`. */
export function createGateway(services: Services): Gateway {
  const { config, log } = services;
  const yoga = createGraphQLServer(services);
  const rest = createRestHandler(services);
  const graphqlPath = config.server.graphql_path;
  let closing = false;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(", ") : value;
    };
    const path = (req.url ?? "/").split("?")[0] as string;
    const info = requestInfo(config, header, req.socket.remoteAddress);
    res.setHeader("x-zato-cid", info.cid);
    if (closing) res.setHeader("connection", "close");

    if (path === graphqlPath || path === `${graphqlPath}/`) {
      await yoga(req, res, { info });
      return;
    }
    if (path === "/health") {
      send(res, { status: 200, body: { status: "ok" } });
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      send(res, payloadTooLarge(info.cid), true);
      return;
    }
    send(res, await rest({ method: req.method ?? "GET", url: req.url ?? "/", body, info }));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.error("request failed", { error: (e as Error).stack ?? String(e) });
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ result: "Error", cid: res.getHeader("x-zato-cid"), details: "An error has occurred" }));
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  return {
    server,
    yoga,
    close() {
      closing = true;
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        const idle = setInterval(() => server.closeIdleConnections(), 100);
        const hard = setTimeout(() => server.closeAllConnections(), 15_000);
        server.once("close", () => {
          clearInterval(idle);
          clearTimeout(hard);
        });
      });
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
