import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type ExecutionArgs, GraphQLError, getOperationAST } from "graphql";
import type { Context, ServerOptions, SubscribePayload } from "graphql-ws";
import { type Extra, useServer } from "graphql-ws/use/ws";
import { type WebSocket, WebSocketServer } from "ws";
import type { Services } from "../core/context.js";
import { MAX_BODY_BYTES, requestInfo } from "./request.js";
import type { StreamBudget } from "./streams.js";
import type { createGraphQLServer } from "./yoga.js";

/** Subscriptions one WebSocket may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 16;
/** A socket that has not said `connection_init` by then is closed (graphql-ws's 4408). */
const INIT_TIMEOUT_MS = 5_000;
/** A socket that has held no subscription for this long is closed (1008): it only takes a connection. */
export const IDLE_SOCKET_MS = 30_000;
/** The longest the close handshake may take when the gateway stops; the rest are cut. */
const CLOSE_TIMEOUT_MS = 1_000;

export interface GraphQLWebSocket {
  /** Takes an HTTP upgrade request: at the GraphQL path, from an allowed origin, else refused. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends every socket (1001, going away): their clients reconnect elsewhere. */
  close(): Promise<void>;
}

/**
 * GraphQL subscriptions over WebSocket, the graphql-ws protocol, at `[server] graphql_path`
 * (docs/graphql.md, "Live events"). Subscriptions only: queries and mutations go over HTTP, where
 * CSRF prevention and the request limits apply. Every operation runs through the same envelop
 * pipeline as HTTP's (document limits, masked errors). A browser page may open one only from
 * the gateway's own origin or one of `[server] cors_origins`.
 */
export function createGraphQLWebSocket(
  services: Services,
  yoga: ReturnType<typeof createGraphQLServer>,
  streams: StreamBudget,
): GraphQLWebSocket {
  const { config, log } = services;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const subscriptionsOf = new Map<WebSocket, () => number>();
  const idleSince = new Map<WebSocket, number>();
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const ws of sockets.clients) {
        if ((subscriptionsOf.get(ws)?.() ?? 0) > 0) {
          idleSince.delete(ws);
          continue;
        }
        const since = idleSince.get(ws) ?? now;
        idleSince.set(ws, since);
        if (now - since >= IDLE_SOCKET_MS) ws.close(1008, "No subscription");
      }
    },
    Math.min(IDLE_SOCKET_MS / 3, 5_000),
  );
  sweep.unref();

  const server = useServer(
    {
      connectionInitWaitTimeout: INIT_TIMEOUT_MS,
      // Never an internal error's message to the client: the log has it.
      isProd: true,
      onConnect: (ctx) => {
        subscriptionsOf.set(ctx.extra.socket, () => Object.keys(ctx.subscriptions).length);
      },
      execute: (args: ExecutionArgs) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args: ExecutionArgs) => (args.rootValue as Enveloped).subscribe(args),
      onSubscribe: (ctx, _id, payload) =>
        started(ctx, payload).catch((e: unknown) => {
          log.error("unexpected failure starting a WebSocket subscription", { error: (e as Error).stack ?? String(e) });
          return [new GraphQLError("Unexpected error.")];
        }),
    },
    sockets,
  );

  async function started(
    ctx: Context<Record<string, unknown> | undefined, Extra>,
    payload: SubscribePayload,
  ): Promise<ExecutionArgs | readonly GraphQLError[]> {
    // This one included: graphql-ws lists a subscription from its start to its end.
    if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_SOCKET) {
      return [
        new GraphQLError(`At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per WebSocket.`, {
          extensions: { code: "TOO_MANY_SUBSCRIPTIONS" },
        }),
      ];
    }
    const request = ctx.extra.request;
    const info = requestInfo(config, (name) => headerOf(request, name), request.socket.remoteAddress);
    const ust = ctx.connectionParams?.ust;
    if (typeof ust === "string" && ust !== "") info.credentials = [{ kind: "ust", ust }, ...info.credentials];
    const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
      request: new Request(`http://gateway${config.server.graphql_path}`, { headers: headerPairs(request) }),
      info,
      params: payload,
    });
    // The document limits refuse by throwing, from parse or from validate.
    let document: ReturnType<typeof parse>;
    try {
      document = parse(payload.query);
      const errors = validate(schema, document);
      if (errors.length > 0) return errors;
    } catch (e) {
      if (e instanceof GraphQLError) return [e];
      throw e;
    }
    if (getOperationAST(document, payload.operationName)?.operation !== "subscription") {
      return [
        new GraphQLError("Only subscriptions are served over WebSocket; send queries and mutations over HTTP.", {
          extensions: { code: "BAD_REQUEST" },
        }),
      ];
    }
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      contextValue: await contextFactory(),
      rootValue: { execute, subscribe } as Enveloped,
    };
  }

  /** Whether a browser page of this origin may open a socket: the gateway's own origin, or an allowed one; no Origin: not a browser. */
  const originAllowed = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (config.server.cors_origins.includes(origin)) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  };

  return {
    upgrade(req, socket, head) {
      // Node removed its own listener before the upgrade: a client's reset must not be an uncaught error.
      socket.on("error", () => socket.destroy());
      const path = (req.url ?? "/").split("?")[0];
      if (path !== config.server.graphql_path) return refuse(socket, 404, "Not Found");
      if (!originAllowed(req)) return refuse(socket, 403, "Forbidden");
      const address = requestInfo(config, (name) => headerOf(req, name), req.socket.remoteAddress).clientAddr ?? "";
      const release = streams.take(address);
      if (!release) return refuse(socket, 503, "Service Unavailable");
      socket.once("close", release);
      sockets.handleUpgrade(req, socket, head, (ws) => {
        ws.once("close", () => {
          subscriptionsOf.delete(ws);
          idleSince.delete(ws);
        });
        // A client breaking the protocol (a frame over maxPayload, bad framing) gets its close
        // code from ws; it is no internal error for graphql-ws to report on the console.
        const emit = ws.emit.bind(ws);
        ws.emit = (event: string | symbol, ...args: unknown[]) =>
          event === "error" && String((args[0] as { code?: unknown })?.code ?? "").startsWith("WS_ERR_")
            ? false
            : emit(event, ...args);
        sockets.emit("connection", ws, req);
      });
    },
    async close() {
      clearInterval(sweep);
      for (const ws of sockets.clients) ws.close(1001, "Going away");
      // graphql-ws's dispose waits for every close handshake: a client that never answers is cut.
      await Promise.race([server.dispose(), new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS))]);
      for (const ws of sockets.clients) ws.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}

/** Yoga's execute and subscribe for the operation, carried to graphql-ws in the root value. */
interface Enveloped {
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
}

type OperationResult = ReturnType<NonNullable<ServerOptions["execute"]>>;

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

function headerPairs(req: IncomingMessage): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    pairs.push([name, Array.isArray(value) ? value.join(", ") : value]);
  }
  return pairs;
}

function refuse(socket: Duplex, status: number, text: string) {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}
