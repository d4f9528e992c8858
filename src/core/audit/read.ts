import { parseTimestamp, timestampMs } from "../../lib/time.js";
import { resolveCaller } from "../caller.js";
import { input, integer, optionalId, string, ust } from "../input.js";
import { operation } from "../operation.js";
import { invalidInput } from "../status.js";

export const DEFAULT_AUDIT_PAGE = 50;
export const MAX_AUDIT_PAGE = 500;

/** Which records a super-user asked for: newest first, `first` of them, older than the `after` cursor. */
export interface AuditQuery {
  targetUserId?: string;
  actorUserId?: string;
  op?: string;
  from?: Date;
  to?: Date;
  first: number;
  after?: bigint;
}

/**
 * Grants a super-user a view of the audit log (docs/rules.md, "Audit log") and validates its filters:
 * target user, acting user, operation, time range [from, to), and a cursor page. The records
 * themselves are a projection, left to the surface.
 */
export const readAuditLog = operation({
  name: "audit.get_list",
  kind: "query",
  codes: { E005001: "the caller is not a super-user", E008002: "a bad time, page size or cursor" },
  input: input({
    ust,
    current_app: string,
    // An empty user id is no filter, as an empty user_id is absent on every call.
    target_user_id: optionalId,
    actor_user_id: optionalId,
    operation: string,
    from: string,
    to: string,
    first: integer,
    after: string,
  }),
  async run(call, i): Promise<AuditQuery> {
    await resolveCaller(call, { superUser: true });
    const time = (value: string | null | undefined) => {
      if (value == null) return undefined;
      const parsed = parseTimestamp(value);
      if (parsed === null) throw invalidInput();
      return new Date(timestampMs(parsed));
    };
    const first = i.first ?? DEFAULT_AUDIT_PAGE;
    if (first < 1 || first > MAX_AUDIT_PAGE) throw invalidInput();
    if (i.after != null && !/^\d{1,18}$/.test(i.after)) throw invalidInput();
    const filters = { targetUserId: i.target_user_id, actorUserId: i.actor_user_id, op: i.operation };
    call.audit.details.filters = Object.keys(filters).filter((k) => filters[k as keyof typeof filters] != null);
    return {
      targetUserId: i.target_user_id ?? undefined,
      actorUserId: i.actor_user_id ?? undefined,
      op: i.operation ?? undefined,
      from: time(i.from),
      to: time(i.to),
      first,
      after: i.after == null ? undefined : BigInt(i.after),
    };
  },
});
