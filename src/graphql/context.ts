import type { RequestContext, Services } from "../core/context.js";
import type { GraphReads } from "../core/graph.js";
import type { SessionWithUser } from "../core/sessions/session.js";

/** Per request: the services, what the request carries, and its caller, resolved once when first asked for. */
export interface GraphQLContext {
  services: Services;
  /** The request's credentials and its DataLoaders, shared by every field it resolves. */
  request: RequestContext;
  /**
   * The caller named by the request's own credentials (the X-Zato-SSO-UST header), after the
   * checks every caller passes; undefined when there is none or it fails them. Nested fields
   * authorise with it.
   */
  caller(): Promise<SessionWithUser | undefined>;
  /** What nested fields read beyond their parent's operation. */
  graph: GraphReads;
}
