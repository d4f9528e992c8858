import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { createYoga, type GraphiQLOptions, maskError } from "graphql-yoga";
import { requestCaller } from "../core/caller.js";
import { type OperationObserver, RequestContext, type RequestInfo, type Services } from "../core/context.js";
import { GraphReads } from "../core/graph.js";
import { UnexpectedFailure } from "../core/operation.js";
import type { GraphQLContext } from "../graphql/context.js";
import { documentLimits } from "../graphql/limits.js";
import { schema } from "../graphql/schema.js";
import { MAX_BODY_BYTES, requestInfo } from "./request.js";

/** Server context handed in by the HTTP server; absent when tests call `yoga.fetch`. */
interface ServerContext {
  info?: RequestInfo;
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
    maxRequestBodySize: MAX_BODY_BYTES,
    plugins: [
      useCSRFPrevention({ requestHeaders: ["x-graphql-yoga-csrf"] }),
      ...documentLimits(config),
      {
        onResponse({ request, response }) {
          const issued = contexts.get(request)?.issuedUst;
          if (issued) response.headers.set("x-zato-sso-ust", issued);
        },
      },
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
        graph: new GraphReads(services),
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
        return masked;
      },
    },
  });
}
