import DataLoader from "dataloader";
import { type AttributeView, lazyAttributeView, type StoredAttribute } from "./attributes/attribute.js";
import { auditNames } from "./attributes/operations.js";
import { liveAttributesOfSessions, liveAttributesOfUsers } from "./attributes/store.js";
import type { AuditDetails, AuditOperation } from "./audit/log.js";
import { type Actor, Call, type RequestContext } from "./context.js";
import { audit } from "./operation.js";
import type { SessionListItem } from "./sessions/session.js";
import { listLiveSessionsOfUsers } from "./sessions/store.js";

/** Who reads through the graph: the caller the parent's operation resolved, and the application it named. */
export interface Viewer {
  actor: Actor;
  currentApp: string | null;
}

/**
 * What nested GraphQL fields read beyond the operation that produced their parent: a user's
 * attributes and sessions, a session's attributes (docs/graphql.md, "The graph"). Only a
 * super-user viewer reads them (attributes are for super-users, as their operations are);
 * anyone else gets null. One per request: each kind is read with one statement per tick,
 * however many parents ask. Each read of one user's or one session's data writes its own audit
 * record, as the call that reads it alone would (attr.get, session.get_list), under the request's cid.
 */
export class GraphReads {
  private readonly userAttributesLoader: DataLoader<string, AttributeView[]>;
  private readonly sessionAttributesLoader: DataLoader<string, { userId: string | null; attributes: AttributeView[] }>;
  /** What this request has recorded reading through the graph: each read once, however many fields repeat it. */
  readonly #recorded = new Set<string>();
  private readonly sessionsLoader: DataLoader<string, SessionListItem[]>;

  constructor(private readonly context: RequestContext) {
    const { services } = context;
    const { sql } = services.db;
    const views = (rows: readonly StoredAttribute[]) => rows.map((row) => lazyAttributeView(row, services.keys));
    this.userAttributesLoader = new DataLoader(async (userIds) => {
      const found = await liveAttributesOfUsers(sql, userIds, services.clock.now());
      return userIds.map((id) => views(found.get(id) ?? []));
    });
    this.sessionAttributesLoader = new DataLoader(async (sessionIds) => {
      const found = await liveAttributesOfSessions(sql, sessionIds, services.clock.now());
      return sessionIds.map((id) => {
        const session = found.get(id);
        return { userId: session?.userId ?? null, attributes: views(session?.attributes ?? []) };
      });
    });
    this.sessionsLoader = new DataLoader(async (userIds) => {
      const found = await listLiveSessionsOfUsers(sql, userIds, services.clock.now());
      return userIds.map((id) => found.get(id) ?? []);
    });
  }

  /** A user's live attributes (by public user_id), by name. */
  async userAttributes(viewer: Viewer | undefined, userId: string | null | undefined): Promise<AttributeView[] | null> {
    if (!viewer?.actor.isSuperUser || !userId) return null;
    const attributes = await this.userAttributesLoader.load(userId);
    this.#record(
      viewer,
      "attr.get",
      userId,
      { scope: "user" },
      attributes.map((a) => a.name),
    );
    return attributes;
  }

  /** A live session's live attributes (by public session_id), by name. */
  async sessionAttributes(viewer: Viewer | undefined, sessionId: string): Promise<AttributeView[] | null> {
    if (!viewer?.actor.isSuperUser) return null;
    const { userId, attributes } = await this.sessionAttributesLoader.load(sessionId);
    const names = attributes.map((a) => a.name);
    this.#record(viewer, "attr.get", userId, { scope: "session", session_id: sessionId }, names);
    return attributes;
  }

  /** A user's live sessions (by public user_id), oldest first. */
  async sessionsOfUser(viewer: Viewer | undefined, userId: string | null | undefined): Promise<SessionListItem[] | null> {
    if (!viewer?.actor.isSuperUser || !userId) return null;
    const sessions = await this.sessionsLoader.load(userId);
    this.#record(viewer, "session.get_list", userId, { count: sessions.length });
    return sessions;
  }

  /** One audit record of a read, as the call reading it alone writes it (once per request and read). */
  #record(viewer: Viewer, op: AuditOperation, targetUserId: string | null, details: AuditDetails, names?: string[]) {
    const key = JSON.stringify([viewer.actor.sessionId, op, targetUserId, details.scope, details.session_id]);
    if (this.#recorded.has(key)) return;
    this.#recorded.add(key);
    const call = new Call(this.context);
    call.actor = viewer.actor;
    call.currentApp = viewer.currentApp ?? undefined;
    call.target({ user_id: targetUserId });
    Object.assign(call.audit.details, details, { via: "graph" });
    if (names) auditNames(call, names);
    audit(call, op, { status: "ok", subStatus: [], data: {}, cid: this.context.info.cid });
  }
}
