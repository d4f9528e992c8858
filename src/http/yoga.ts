import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { GraphQLError } from "graphql";
import { createYoga, type FetchAPI, type GraphiQLOptions, maskError, type Plugin } from "graphql-yoga";
import { actOnBasicPrincipal, requestCaller } from "../core/caller.js";
import { type OperationObserver, RequestContext, type RequestInfo, type Services } from "../core/context.js";
import { GraphReads } from "../core/graph.js";
import { UnexpectedFailure } from "../core/operation.js";
import { isDatabaseUnavailable } from "../db/sql.js";
import type { GraphQLContext } from "../graphql/context.js";
import { documentLimits } from "../graphql/limits.js";
import { schema } from "../graphql/schema.js";
import { MAX_BODY_BYTES, requestInfo } from "./request.js";

/** Server context handed in by the HTTP server; absent when tests call `yoga.fetch`. */
interface ServerContext {
  info?: RequestInfo;
}

const DECLARED_LENGTH = /^\d+$/;

const bodyRefusal = (message: string, code: string, status: number) =>
  new GraphQLError(message, { extensions: { code, http: { status } } });
const tooLarge = () => bodyRefusal("Payload too large", "PAYLOAD_TOO_LARGE", 413);

/**
 * The size limit of GraphQL bodies, in place of Yoga's `maxRequestBodySize`, which passes every
 * body through a stream pipeline (measured: a third of the gateway's CPU for getCurrentUser). A
 * body that came through the HTTP server framed by its declared length is checked already: the
 * server refuses one that declares more than the limit, and Node's parser reads no more than is
 * declared. Any other body is refused past the limit as it streams in.
 */
function bodyLimit(limit: number): Plugin<Record<string, unknown>, ServerContext> {
  return {
    onRequestParse({ request, serverContext, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get("content-length");
      // A parser run with --insecure-http-parser reads a chunked body despite a declared length.
      const framedByLength = declared !== null && !request.headers.has("transfer-encoding");
      if (framedByLength && serverContext.info !== undefined) return;
      if (declared !== null && !DECLARED_LENGTH.test(declared)) {
        throw bodyRefusal("Content-Length header is invalid", "BAD_REQUEST", 400);
      }
      if (declared !== null && Number(declared) > limit) throw tooLarge();
      if (!requestParser || !request.body) return;
      setRequestParser((streamed) => requestParser(countedBody(streamed, limit, fetchAPI)));
    },
  };
}

/**
 * A GET whose `variables` or `extensions` parameter is not JSON is the client's mistake: HTTP 400
 * with a GraphQL error. Yoga's parser throws the bare SyntaxError, which would be a 500.
 */
const parametersAsJson: Plugin = {
  onRequestParse({ request: received, requestParser, setRequestParser }) {
    if (!requestParser || received.method !== "GET") return;
    setRequestParser(async (request) => {
      try {
        return await requestParser(request);
      } catch (e) {
        if (e instanceof SyntaxError) throw bodyRefusal("Request parameters are not valid JSON", "BAD_REQUEST", 400);
        throw e;
      }
    });
  },
};

/** The request with a body that fails once more than `limit` bytes have come. */
function countedBody(request: Request, limit: number, fetchAPI: FetchAPI): Request {
  let bytes = 0;
  // A native stream needs the native TransformStream; the server adapter's own, its ponyfill.
  const Transform = request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  const body = request.body?.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > limit) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body,
    duplex: "half",
  } as RequestInit);
}

/**
 * GraphiQL from the gateway's own files (no CDN: it works offline), rendered once, on the first
 * request for it: the page inlines its scripts (several MB), which the process loads only then.
 */
function ownGraphiQL(): (options: GraphiQLOptions) => Promise<string> {
  let page: Promise<string> | undefined;
  return (options) => {
    page ??= import("@graphql-yoga/render-graphiql").then(({ renderGraphiQL }) => renderGraphiQL(options));
    return page;
  };
}

/**
 * A linked credential's Basic principal is acted on before the document runs (src/core/caller.ts);
 * a failure of the database then fails the fields that need it, each with its own error.
 */
const actingBeforeRunning: Plugin<GraphQLContext> = {
  async onExecute({ args }) {
    await actOnBasicPrincipal(args.contextValue.request)?.catch(() => {});
  },
  async onSubscribe({ args }) {
    await actOnBasicPrincipal(args.contextValue.request)?.catch(() => {});
  },
};

export function createGraphQLServer(services: Services, observer?: OperationObserver) {
  const { config, log } = services;
  // The request's context, for the UST a linked credential's session may have been given.
  const contexts = new WeakMap<Request, RequestContext>();
  return createYoga<ServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint: config.server.graphql_path,
    graphiql: config.server.graphiql,
    renderGraphiQL: ownGraphiQL(),
    landingPage: false,
    logging: false,
    // CORS is answered by the HTTP server for both surfaces. Requests a browser sends without a
    // preflight (forms, plain text, GET without headers) must carry a header a form cannot set.
    cors: false,
    maxRequestBodySize: false,
    plugins: [
      useCSRFPrevention({ requestHeaders: ["x-graphql-yoga-csrf"] }),
      ...documentLimits(config),
      actingBeforeRunning,
      {
        onResponse({ request, response }) {
          const issued = contexts.get(request)?.issuedUst;
          if (issued) response.headers.set("x-zato-sso-ust", issued);
        },
      },
      // Last: they wrap whichever request parser the plugins before them chose.
      bodyLimit(MAX_BODY_BYTES),
      parametersAsJson,
    ],
    context: ({ request, info }): GraphQLContext => {
      const context = new RequestContext(
        services,
        info ?? requestInfo(config, (name) => request.headers.get(name) ?? undefined, undefined),
        observer,
      );
      contexts.set(request, context);
      return {
        services,
        request: context,
        caller: () => requestCaller(context, services.clock.now()),
        graph: new GraphReads(context),
      };
    },
    maskedErrors: {
      // Unexpected failures reach the client as "Unexpected error." and never with the original
      // error, whatever NODE_ENV says; the log keeps the detail (the core has logged its own).
      maskError(error, message) {
        const masked = maskError(error, message, false);
        // Only what Yoga masks is unexpected; a client's own mistakes (bad variables) pass through as they are.
        const original = (error as { originalError?: unknown }).originalError ?? error;
        if (masked !== error && !(original instanceof UnexpectedFailure)) {
          log.error("unexpected failure in a GraphQL field", { error: (original as Error).stack ?? String(original) });
        }
        if (masked !== error && isDatabaseUnavailable(original)) {
          return new GraphQLError("Service unavailable.", {
            path: (error as GraphQLError).path,
            extensions: { code: "SERVICE_UNAVAILABLE" },
          });
        }
        return masked;
      },
    },
  });
}
