import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type ExecutionArgs, GraphQLError, getOperationAST } from "graphql";
import type { ServerOptions } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { Services } from "../core/context.js";
import { MAX_BODY_BYTES, requestInfo } from "./request.js";
import type { createGraphQLServer } from "./yoga.js";

/** Subscriptions one WebSocket may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 16;
/** A socket that has not said `connection_init` by then is closed (graphql-ws's 4408). */
const INIT_TIMEOUT_MS = 5_000;

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
export function createGraphQLWebSocket(services: Services, yoga: ReturnType<typeof createGraphQLServer>): GraphQLWebSocket {
  const { config } = services;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });

  const server = useServer(
    {
      connectionInitWaitTimeout: INIT_TIMEOUT_MS,
      execute: (args: ExecutionArgs) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args: ExecutionArgs) => (args.rootValue as Enveloped).subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        // This one included: graphql-ws lists a subscription from its start to its end.
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return [
            new GraphQLError(`At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per WebSocket.`, {
              extensions: { code: "TOO_MANY_SUBSCRIPTIONS" },
            }),
          ];
        }
        const request = ctx.extra.request;
        const header = (name: string) => {
          const value = request.headers[name];
          return Array.isArray(value) ? value.join(", ") : value;
        };
        const info = requestInfo(config, header, request.socket.remoteAddress);
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
      },
    },
    sockets,
  );

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
      const path = (req.url ?? "/").split("?")[0];
      if (path !== config.server.graphql_path) return refuse(socket, 404, "Not Found");
      if (!originAllowed(req)) return refuse(socket, 403, "Forbidden");
      sockets.handleUpgrade(req, socket, head, (ws) => {
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
      for (const ws of sockets.clients) ws.close(1001, "Going away");
      await server.dispose();
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
