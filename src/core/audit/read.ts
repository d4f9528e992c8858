import { parseTimestamp, type Timestamp, timestampMs } from "../../lib/time.js";
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
 * A bound of the time range, as the wire form and as the first millisecond it admits: records
 * are stamped to the millisecond, so a bound between two milliseconds admits from the later one.
 */
function time(value: string | null | undefined): { wire: Timestamp; date: Date } | undefined {
  if (value == null) return undefined;
  const wire = parseTimestamp(value);
  if (wire === null) throw invalidInput();
  const betweenMilliseconds = /[1-9]/.test(wire.split(".")[1]?.slice(3) ?? "");
  return { wire, date: new Date(timestampMs(wire) + (betweenMilliseconds ? 1 : 0)) };
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
    const from = time(i.from);
    const to = time(i.to);
    const first = i.first ?? DEFAULT_AUDIT_PAGE;
    if (first < 1 || first > MAX_AUDIT_PAGE) throw invalidInput();
    if (i.after != null && !/^\d{1,18}$/.test(i.after)) throw invalidInput();
    // The record of the read says whose trail it read, and how.
    call.target({ user_id: i.target_user_id });
    const filters = {
      targetUserId: i.target_user_id,
      actorUserId: i.actor_user_id,
      operation: i.operation,
      from: from?.wire,
      to: to?.wire,
    };
    call.audit.details.filters = Object.keys(filters).filter((k) => filters[k as keyof typeof filters] != null);
    if (i.actor_user_id != null) call.audit.details.actor_user_id = i.actor_user_id;
    if (i.operation != null) call.audit.details.operation = i.operation;
    if (from) call.audit.details.from = from.wire;
    if (to) call.audit.details.to = to.wire;
    return {
      targetUserId: i.target_user_id ?? undefined,
      actorUserId: i.actor_user_id ?? undefined,
      op: i.operation ?? undefined,
      from: from?.date,
      to: to?.date,
      first,
      after: i.after == null ? undefined : BigInt(i.after),
    };
  },
});
