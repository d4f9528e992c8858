import { actOnBasicPrincipal, requiredAbsent } from "../core/caller.js";
import { type OperationObserver, RequestContext, type RequestInfo, type Services } from "../core/context.js";
import { type AnyOperation, execute, UnexpectedFailure } from "../core/operation.js";
import { isDatabaseUnavailable } from "../db/sql.js";
import {
  BadRequest,
  badRequest,
  failureEnvelope,
  internalError,
  methodNotAllowed,
  notFound,
  type RestResponse,
  readParams,
  serviceUnavailable,
  successEnvelope,
} from "./envelope.js";
import { type Route, routes } from "./routes.js";

export interface RestRequest {
  method: string;
  /** Path and query string, as in the request line. */
  url: string;
  body: Buffer;
  info: RequestInfo;
}

interface CompiledRoute extends Route {
  listFields: ReadonlySet<string>;
  singleValues: ReadonlySet<string>;
}

function compile(route: Route): CompiledRoute {
  const shapes = [route.op, route.variant?.op].filter((op) => op !== undefined).map((op) => op.input.shape);
  const listFields = new Set(
    shapes.flatMap((shape) =>
      Object.entries(shape)
        .filter(([, c]) => c.kind === "list")
        .map(([k]) => k),
    ),
  );
  return { ...route, listFields, singleValues: new Set(route.singleValueLists ?? []) };
}

/** The REST surface: Zato's paths, methods, parameters and envelope over the core operations. */
export function createRestHandler(services: Services, observer?: OperationObserver) {
  const table = new Map<string, Map<string, CompiledRoute>>();
  for (const route of routes) {
    const byMethod = table.get(route.path) ?? new Map<string, CompiledRoute>();
    byMethod.set(route.method, compile(route));
    table.set(route.path, byMethod);
  }

  return async function handle(request: RestRequest): Promise<RestResponse> {
    const { cid } = request.info;
    const queryAt = request.url.indexOf("?");
    let path = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
    if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
    const byMethod = table.get(path);
    if (!byMethod) return notFound(cid);
    const route = byMethod.get(request.method);
    if (!route) return { ...methodNotAllowed(cid), headers: { allow: [...byMethod.keys()].join(", ") } };

    let params: Record<string, unknown>;
    try {
      params = readParams(
        queryAt === -1 ? "" : request.url.slice(queryAt + 1),
        request.body,
        route.listFields,
        route.singleValues,
      );
    } catch (e) {
      if (e instanceof BadRequest) return badRequest(cid);
      throw e;
    }
    // An empty-string user_id is absent, on every call: where it is required, that is HTTP 400.
    if (params.user_id === "") delete params.user_id;
    const op = route.variant?.when(params) ? route.variant.op : route.op;
    const context = new RequestContext(services, request.info, observer);
    const response = await answer(route, op, params, context);
    // A session a linked credential made is the client's, whatever the call answered.
    return context.issuedUst ? { ...response, headers: { ...response.headers, "x-zato-sso-ust": context.issuedUst } } : response;
  };

  async function answer(
    route: CompiledRoute,
    op: AnyOperation,
    params: Record<string, unknown>,
    context: RequestContext,
  ): Promise<RestResponse> {
    const { cid } = context.info;
    try {
      const acting = actOnBasicPrincipal(context);
      if (acting) await acting;
      if (await requiredAbsent(op, params, context)) return badRequest(cid);
      // Only the fields the operation defines are passed on; other keys are ignored.
      const input: Record<string, unknown> = {};
      for (const key of Object.keys(op.input.shape)) if (key in params) input[key] = params[key];
      const outcome = await execute(context, op, input);
      if (outcome.status === "error") return outcome.badRequest ? badRequest(cid) : failureEnvelope(outcome);
      return successEnvelope(
        outcome,
        route.output ? route.output(outcome.data as never) : (outcome.data as Record<string, unknown>),
      );
    } catch (e) {
      if (!(e instanceof UnexpectedFailure))
        services.log.error("unexpected failure", { cid, error: (e as Error).stack ?? String(e) });
      // The database's failure is found along the causes, an UnexpectedFailure's included.
      return isDatabaseUnavailable(e) ? serviceUnavailable(cid) : internalError(cid);
    }
  }
}
