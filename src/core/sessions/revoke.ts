import { AddressSet, parseAddressList } from "../../lib/addresses.js";
import { parseTimestamp } from "../../lib/time.js";
import { resolveCaller } from "../caller.js";
import { securityEvent, sessionEvent } from "../events/bus.js";
import { boolean, described, input, optionalId, string, ust } from "../input.js";
import { operation } from "../operation.js";
import { invalidInput } from "../status.js";
import { endSessionsByIds, lockMatchingSessions, type SessionPredicate } from "./store.js";

/** A network of the predicate: a CIDR network or one address; anything else is E008002. */
function network(value: string): AddressSet {
  try {
    return new AddressSet([value]);
  } catch {
    throw invalidInput();
  }
}

const timestamp = (value: string | null | undefined) => {
  if (value == null) return undefined;
  const parsed = parseTimestamp(value);
  if (!parsed) throw invalidInput();
  return parsed;
};

/**
 * Ends, for a super-user, every live session matching a predicate (docs/rules.md, "Ending many
 * sessions"): its user, created before or after a time, its application, its auth type, an
 * address of it in a network. At least one criterion; `dry_run` answers what would end and ends
 * nothing. One transaction; the audit record holds the predicate and the count.
 */
export const revokeSessions = operation({
  name: "session.revoke_many",
  kind: "mutation",
  codes: {
    E005001: "the caller is not a super-user",
    E008002: "no criterion, a time that is not a timestamp, or a network that is not one",
  },
  input: input(
    {
      ust,
      current_app: string,
      user_id: optionalId,
      created_before: described(string, "Sessions created before this time (UTC unless it names a zone)."),
      created_after: described(string, "Sessions created at or after this time."),
      application: described(string, "The application a session was made through."),
      auth_type: described(string, "`default` (a login) or `basic_auth` (a linked credential)."),
      remote_network: described(string, "An address or CIDR network one of a session's addresses is in."),
      dry_run: described(boolean, "Answer what would end, and end nothing."),
    },
    { required: ["ust", "current_app"] },
  ),
  async run(call, i) {
    await resolveCaller(call, { superUser: true });
    const predicate: SessionPredicate = {
      userId: i.user_id ?? undefined,
      createdBefore: timestamp(i.created_before),
      createdAfter: timestamp(i.created_after),
      application: i.application ?? undefined,
      authType: i.auth_type ?? undefined,
    };
    const within = i.remote_network ? network(i.remote_network) : undefined;
    const given = Object.entries({ ...predicate, remoteNetwork: i.remote_network ?? undefined }).filter(
      ([, v]) => v !== undefined,
    );
    if (given.length === 0) throw invalidInput();
    call.audit.details.filters = given.map(([key, value]) => `${key}=${value}`);
    const dryRun = i.dry_run ?? false;
    call.audit.details.dry_run = dryRun;
    const ended = await call.services.db.transaction(async (sql) => {
      const matching = (await lockMatchingSessions(sql, predicate, call.now)).filter(
        (s) => !within || parseAddressList(s.remote_addr).some((address) => within.contains(address)),
      );
      if (!dryRun)
        await endSessionsByIds(
          sql,
          matching.map((s) => s.id),
        );
      return matching;
    });
    const userIds = [...new Set(ended.map((s) => s.user_id))].sort();
    if (!dryRun) {
      for (const s of ended) sessionEvent(call, "ended", s, "revocation");
      if (ended.length > 0) securityEvent(call, "sessions_revoked", {}, []);
    }
    call.audit.details.count = ended.length;
    return { count: ended.length, user_ids: userIds, dry_run: dryRun };
  },
});
