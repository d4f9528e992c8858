import { resolveCaller } from "../caller.js";
import type { Call } from "../context.js";
import { sessionEvent } from "../events/bus.js";
import { boolean, choice, input, optionalId, string, ust } from "../input.js";
import { operation } from "../operation.js";
import { endSessionsOfExternalId } from "../sessions/store.js";
import { badRequest, Code, SsoError } from "../status.js";
import { findUserByUserId } from "../users/store.js";
import { extSessionId } from "./credentials.js";
import { deleteLink, findCredentialId, insertLink, listLinks } from "./store.js";

export type { LinkListItem } from "./store.js";

/** The only kind of external credential there is. */
const authType = choice("AuthType", ["basic_auth"]);

const LINK_INPUT = {
  ust,
  current_app: string,
  user_id: optionalId,
  auth_type: authType,
  auth_username: string,
};

/**
 * The checks that come before the caller is identified, as in Zato: `auth_type` must be
 * `basic_auth` and `auth_username` an existing credential, else the request is malformed (HTTP 400).
 */
async function namedCredential(call: Call, i: { auth_type?: string | null; auth_username?: string | null }): Promise<string> {
  call.audit.details.auth_username = i.auth_username ?? null;
  if (i.auth_type !== "basic_auth") throw badRequest();
  const id = i.auth_username ? await findCredentialId(call.sql, i.auth_username) : undefined;
  if (!id) throw badRequest();
  return id;
}

/** The user a link call names: `user_id` absent is E008003. */
async function linkedUser(call: Call, userId: string | null | undefined, unknown: Code) {
  if (!userId) throw new SsoError(Code.COMMON_MISSING_INPUT);
  call.target({ user_id: userId });
  const user = await findUserByUserId(call.sql, userId);
  if (!user) throw new SsoError(unknown);
  call.target(user);
  return user;
}

/**
 * Links an external credential to a user, for super-users (docs/rules.md, "Linked credentials").
 * A credential is linked to one user at most: E008001 when it is linked already.
 */
export const createLinkedAuth = operation({
  name: "user.create_linked_auth",
  kind: "mutation",
  codes: {
    E005001: "the caller is not a super-user",
    E008003: "no user_id",
    E008002: "no user has this user_id",
    E008001: "the credential is linked already",
  },
  input: input({ ...LINK_INPUT, is_active: boolean }, { required: ["ust", "current_app"] }),
  async run(call, i) {
    const credentialId = await namedCredential(call, i);
    await resolveCaller(call, { superUser: true });
    const user = await linkedUser(call, i.user_id, Code.COMMON_INVALID_INPUT);
    const linked = await insertLink(call.sql, { userId: user.id, credentialId, isActive: i.is_active ?? true, now: call.now });
    if (!linked) throw new SsoError(Code.COMMON_INVALID_OPERATION);
    return {};
  },
});

/** The caller's own links, or (super-users only, even for themselves) those of `user_id`. */
export const getLinkedAuthList = operation({
  name: "user.get_linked_auth_list",
  kind: "query",
  codes: { E005001: "user_id given by a caller who is not a super-user" },
  input: input({ ust, current_app: string, user_id: optionalId }, { required: ["ust", "current_app"] }),
  async run(call, i) {
    const { user: caller } = await resolveCaller(call);
    if (i.user_id != null && !caller.is_super_user) throw new SsoError(Code.AUTH_NOT_ALLOWED);
    const owner = i.user_id == null ? caller : await findUserByUserId(call.sql, i.user_id);
    call.target({ user_id: i.user_id ?? caller.user_id });
    const result = owner ? await listLinks(call.sql, owner.id) : [];
    call.audit.details.count = result.length;
    return { result };
  },
});

/** Unlinks a credential from a user, for super-users, ending every session made through the link. */
export const deleteLinkedAuth = operation({
  name: "user.delete_linked_auth",
  kind: "mutation",
  codes: {
    E005001: "the caller is not a super-user",
    E008003: "no user_id",
    E008001: "this user has no link to this credential",
  },
  input: input(LINK_INPUT, { required: ["ust", "current_app"] }),
  async run(call, i) {
    const credentialId = await namedCredential(call, i);
    await resolveCaller(call, { superUser: true });
    const user = await linkedUser(call, i.user_id, Code.COMMON_INVALID_OPERATION);
    const ended = await call.services.db.transaction(async (sql) => {
      if (!(await deleteLink(sql, user.id, credentialId))) throw new SsoError(Code.COMMON_INVALID_OPERATION);
      return endSessionsOfExternalId(sql, extSessionId(credentialId));
    });
    call.audit.details.sessions_deleted = ended.length;
    for (const session of ended) sessionEvent(call, "ended", session, "unlinking");
    return {};
  },
});
