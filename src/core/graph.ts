import DataLoader from "dataloader";
import { type AttributeView, attributeView } from "./attributes/attribute.js";
import { liveAttributesOfSessions, liveAttributesOfUsers } from "./attributes/store.js";
import type { Actor, Services } from "./context.js";
import type { SessionListItem } from "./sessions/session.js";
import { listLiveSessionsOfUsers } from "./sessions/store.js";

/**
 * What nested GraphQL fields read beyond the operation that produced their parent: a user's
 * attributes and sessions, a session's attributes (docs/graphql.md, "The graph"). Only a
 * super-user viewer reads them (attributes are for super-users, as their operations are);
 * anyone else gets null. One per request: each kind is read with one statement per tick,
 * however many parents ask.
 */
export class GraphReads {
  private readonly userAttributesLoader: DataLoader<string, AttributeView[]>;
  private readonly sessionAttributesLoader: DataLoader<string, AttributeView[]>;
  private readonly sessionsLoader: DataLoader<string, SessionListItem[]>;

  constructor(services: Services) {
    const { sql } = services.db;
    const views =
      (read: typeof liveAttributesOfUsers) =>
      async (owners: readonly string[]): Promise<AttributeView[][]> => {
        const found = await read(sql, owners, services.clock.now());
        return owners.map((owner) => (found.get(owner) ?? []).map((row) => attributeView(row, true, services.keys)));
      };
    this.userAttributesLoader = new DataLoader(views(liveAttributesOfUsers));
    this.sessionAttributesLoader = new DataLoader(views(liveAttributesOfSessions));
    this.sessionsLoader = new DataLoader(async (userIds) => {
      const found = await listLiveSessionsOfUsers(sql, userIds, services.clock.now());
      return userIds.map((id) => found.get(id) ?? []);
    });
  }

  /** A user's live attributes (by public user_id), by name. */
  async userAttributes(viewer: Actor | undefined, userId: string | null | undefined): Promise<AttributeView[] | null> {
    return viewer?.isSuperUser && userId ? this.userAttributesLoader.load(userId) : null;
  }

  /** A live session's live attributes (by public session_id), by name. */
  async sessionAttributes(viewer: Actor | undefined, sessionId: string): Promise<AttributeView[] | null> {
    return viewer?.isSuperUser ? this.sessionAttributesLoader.load(sessionId) : null;
  }

  /** A user's live sessions (by public user_id), oldest first. */
  async sessionsOfUser(viewer: Actor | undefined, userId: string | null | undefined): Promise<SessionListItem[] | null> {
    return viewer?.isSuperUser && userId ? this.sessionsLoader.load(userId) : null;
  }
}
