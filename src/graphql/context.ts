import type { RequestInfo, Services } from "../core/context.js";

/** Per request: the services and what the HTTP layer knows about the caller. */
export interface GraphQLContext {
  services: Services;
  info: RequestInfo;
}
