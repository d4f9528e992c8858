import { isDeadlock, isUniqueViolation, type Sql } from "../../db/sql.js";
import type { AuditOperation } from "../audit/log.js";
import { callerUst, checkTarget, resolveCaller, resolveSuperUserAndTarget } from "../caller.js";
import type { Call } from "../context.js";
import { boolean, type Decoded, input, integer, json, list, optionalId, type Shape, string, ust } from "../input.js";
import { type Operation, operation } from "../operation.js";
import { holdLiveSession } from "../sessions/store.js";
import { Code, invalidInput, SsoError } from "../status.js";
import { holdUserByUserId } from "../users/store.js";
import {
  type AttributeItem,
  type AttributeView,
  attributeItem,
  attributeItems,
  attributeName,
  attributeNames,
  attributeView,
  planWrites,
  type StoredAttribute,
  type WriteMode,
} from "./attribute.js";
import {
  type AttributeScope,
  deleteAttributes,
  findCallerAndUserWithAttributes,
  findLiveAttributes,
  findUserWithAttributeNames,
  findUserWithAttributes,
  insertAttributes,
  liveAttributeNames,
  lockAttributes,
  lockScope,
  type OwnerWithAttributes,
  SHARED_READ_BYTES,
  updateAttributes,
} from "./store.js";

/**
 * Whose attributes a call works on, once its caller is resolved. A user owner is looked up with
 * the attributes a call reads (one statement), or held inside the transaction of a write.
 */
interface Owner {
  /** Fails the call when the owner does not exist: for calls that fail before reading anything. */
  check(): Promise<void>;
  /** The live attributes of these names. */
  live(names: readonly string[]): Promise<Map<string, StoredAttribute>>;
  /** The names of the live attributes, in code point order. */
  names(): Promise<string[]>;
  /** Inside a write's transaction: the scope, its owner kept from deletion until the commit. */
  hold(sql: Sql): Promise<AttributeScope>;
}

type Kind = "user" | "session";

/** Super-user's `ust` and the owner's `user_id` (docs/rules.md, "Attributes: who may use them"). */
const USER_OWNER = { ust, current_app: string, user_id: optionalId };
/** Super-user's `current_ust` and the owning session's `target_ust`; a `user_id` is ignored. */
const SESSION_OWNER = { current_ust: ust, target_ust: string, current_app: string };

const sameNames = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name, k) => name === b[k]);
const byName = (rows: readonly StoredAttribute[]) => new Map(rows.map((row) => [row.name, row]));

/**
 * `wanted`: the names a read will ask for, if its input holds valid ones. With a UST caller and
 * few enough names, the caller's session and the owner's attributes of those names are then read
 * in one statement; the caller's checks still decide first.
 */
async function userOwner(call: Call, i: Decoded<typeof USER_OWNER>, wanted?: readonly string[]): Promise<Owner> {
  const userId = i.user_id;
  // A read that may fetch more than the calls sharing a statement may fetch together reads its caller on its own.
  const bytes = (wanted?.length ?? 0) * limitsOf(call).max_value_size;
  const small = wanted && bytes <= SHARED_READ_BYTES;
  const ust = small && userId ? callerUst(call) : undefined;
  let prefetched: { names: readonly string[]; found: OwnerWithAttributes | undefined } | undefined;
  if (ust && userId && wanted) {
    const { caller, owner } = await findCallerAndUserWithAttributes(call.sql, ust, userId, wanted, bytes, call.now);
    call.context.sessions.prime(ust, caller);
    prefetched = { names: wanted, found: owner };
  }
  await resolveCaller(call, { superUser: true });
  call.target({ user_id: i.user_id });
  if (!userId) throw new SsoError(Code.AUTH_NOT_ALLOWED);
  const known = <T extends { owner: { username: string } }>(found: T | undefined): T => {
    if (!found) throw new SsoError(Code.AUTH_NOT_ALLOWED);
    call.target({ username: found.owner.username });
    return found;
  };
  return {
    check: async () => {
      known(await findUserWithAttributeNames(call.sql, userId, call.now));
    },
    live: async (names) =>
      byName(
        known(
          prefetched && sameNames(prefetched.names, names)
            ? prefetched.found
            : await findUserWithAttributes(call.sql, userId, names, call.now),
        ).attributes,
      ),
    names: async () => known(await findUserWithAttributeNames(call.sql, userId, call.now)).names,
    hold: async (sql) => {
      const owner = await holdUserByUserId(sql, userId);
      if (!owner) throw new SsoError(Code.AUTH_NOT_ALLOWED);
      call.target(owner);
      return { userId: owner.id, sessionId: null, scopeKey: "" };
    },
  };
}

async function sessionOwner(call: Call, i: Decoded<typeof SESSION_OWNER>): Promise<Owner> {
  const { session, user } = checkTarget(call, await resolveSuperUserAndTarget(call, i.target_ust));
  const scope: AttributeScope = { userId: user.id, sessionId: session.id, scopeKey: session.session_id };
  return {
    check: async () => {},
    live: async (names) => byName(await findLiveAttributes(call.sql, scope, names, call.now)),
    names: () => liveAttributeNames(call.sql, scope, call.now),
    hold: async (sql) => {
      // The user first, then the session: the order in which a lock, rejection or deletion of the
      // user takes them, so that a write and such a change cannot wait for each other.
      const held = (await holdUserByUserId(sql, user.user_id)) && (await holdLiveSession(sql, session, call.now));
      if (!held) throw new SsoError(Code.SESSION_NO_SUCH_SESSION, { disclosable: false });
      return scope;
    },
  };
}

type ResolveOwner = (call: Call, i: object, wanted?: readonly string[]) => Promise<Owner>;

const OWNERS = {
  user: { shape: USER_OWNER, resolve: userOwner as ResolveOwner },
  session: { shape: SESSION_OWNER, resolve: sessionOwner as ResolveOwner },
};

const validOrUndefined = <T>(decode: () => T): T | undefined => {
  try {
    return decode();
  } catch {
    return undefined;
  }
};

/** Input checks run after the owner's: an unknown owner is reported before a bad name. */
async function checked<T>(owner: Owner, decode: () => T): Promise<T> {
  try {
    return decode();
  } catch (e) {
    await owner.check();
    throw e;
  }
}

/** What the audit record names besides the scope (every record has it): the attribute names, the first 50, with their count. */
export function auditNames(call: Call, names: readonly string[]) {
  call.audit.details.names = names.slice(0, 50);
  call.audit.details.count = names.length;
}

/**
 * Writes items in one transaction: the owner held, its scope's writes made to wait for each
 * other, the rows of their names locked, then at most one INSERT and one UPDATE. A name another
 * call created meanwhile is E009001 for create; set and update start again, and then find it (or,
 * deleted again meanwhile, insert it). A deadlock with a writer outside the scope's lock (the
 * cleanup job) starts the call again too.
 */
async function write(call: Call, owner: Owner, mode: WriteMode, items: readonly AttributeItem[]): Promise<void> {
  const names = [...new Set(items.map((item) => item.name))];
  const attempt = () =>
    call.services.db.transaction(async (sql) => {
      const scope = await owner.hold(sql);
      await lockScope(sql, scope);
      const plan = planWrites(mode, items, await lockAttributes(sql, scope, names), call.now, call.services.keys);
      await insertAttributes(sql, scope, plan.inserts, call.now);
      await updateAttributes(sql, plan.updates, call.now);
    });
  for (let tries = 1; ; tries++) {
    try {
      await attempt();
      return;
    } catch (e) {
      if (isDeadlock(e) && tries < WRITE_TRIES) continue;
      if (!isUniqueViolation(e)) throw e;
      if (mode === "create") throw new SsoError(Code.ATTR_ALREADY_EXISTS);
      // Each retry locks what the others committed; a name deleted again in between loses it once more.
      if (tries === WRITE_TRIES) throw e;
    }
  }
}

/** How often set and update start again after a concurrent writer inserted a name they were inserting. */
const WRITE_TRIES = 8;

const limitsOf = (call: Call) => call.config.attributes;
const decryptFlag = (decrypt: boolean | null | undefined) => decrypt ?? true;

type Ops = Record<string, Operation<Shape, unknown>>;

/** The thirteen attribute operations of one kind (docs/rules.md, "Attributes"). */
function attributeOperations(kind: Kind) {
  const { shape: owner, resolve } = OWNERS[kind];
  const label = (name: string) => `attr.${name}` as AuditOperation;
  const codes = {
    E007001:
      kind === "user" ? "the caller's session is absent, unknown or expired" : "either session is absent, unknown or expired",
    E005001:
      kind === "user" ? "the caller is not a super-user, or user_id is absent or unknown" : "the caller is not a super-user",
    E008002:
      "neither name nor data; an item without name (or, to create or set, without value); a value over the size limit; encrypt with a value that is not a string",
  };

  const single = (mode: WriteMode) =>
    operation({
      name: label(mode),
      auditDetails: { scope: kind },
      kind: "mutation",
      codes: mode === "create" ? { ...codes, E009001: "the attribute exists already" } : codes,
      input: input({ ...owner, name: string, value: json, expiration: integer, encrypt: boolean }, { required: ["current_app"] }),
      async run(call, i) {
        const found = await resolve(call, i);
        const item = await checked(found, () => {
          if (i.name == null) throw invalidInput();
          return attributeItem(i, mode, {}, limitsOf(call));
        });
        auditNames(call, [item.name]);
        await write(call, found, mode, [item]);
        return {};
      },
    });

  const many = (mode: WriteMode) =>
    operation({
      name: label(`${mode}_many`),
      auditDetails: { scope: kind },
      kind: "mutation",
      codes: mode === "create" ? { ...codes, E009001: "an attribute exists already: none is created" } : codes,
      input: input({ ...owner, data: list, expiration: integer, encrypt: boolean }, { required: ["current_app"] }),
      async run(call, i) {
        const found = await resolve(call, i);
        const items = await checked(found, () => {
          if (i.data == null) throw invalidInput();
          return attributeItems(i.data, mode, i, limitsOf(call));
        });
        auditNames(
          call,
          items.map((item) => item.name),
        );
        await write(call, found, mode, items);
        return {};
      },
    });

  /** A read of some names: the single form (name) or the many form (data), the same rules. */
  const read = <O>(
    name: "get" | "exists" | "delete",
    form: "single" | "many",
    extra: Shape,
    answer: (call: Call, found: Owner, names: string[], i: { decrypt?: boolean | null }) => Promise<O>,
  ) =>
    operation({
      name: label(name),
      auditDetails: { scope: kind },
      kind: name === "delete" ? "mutation" : "query",
      codes,
      input: input(form === "single" ? { ...owner, name: string, ...extra } : { ...owner, data: list, ...extra }, {
        required: ["current_app"],
      }),
      async run(call, i: Record<string, unknown>) {
        const raw = form === "single" ? i.name : i.data;
        const decode = () => {
          if (raw == null) throw invalidInput();
          return form === "single" ? [attributeName(raw)] : attributeNames(raw as unknown[], limitsOf(call));
        };
        const valid = validOrUndefined(decode);
        const found = await resolve(call, i, name === "delete" ? undefined : valid);
        const names = valid ?? (await checked(found, decode));
        auditNames(call, names);
        return answer(call, found, names, i as { decrypt?: boolean | null });
      },
    });

  const live = (_: Call, found: Owner, names: string[]) => found.live(names);

  const remove = async (call: Call, found: Owner, names: string[]) => {
    for (let tries = 1; ; tries++) {
      try {
        await call.services.db.transaction(async (sql) => {
          const scope = await found.hold(sql);
          await lockScope(sql, scope);
          await deleteAttributes(sql, scope, names);
        });
        break;
      } catch (e) {
        if (!isDeadlock(e) || tries === WRITE_TRIES) throw e;
      }
    }
    return {};
  };

  return {
    create: single("create"),
    createMany: many("create"),
    update: single("update"),
    updateMany: many("update"),
    set: single("set"),
    setMany: many("set"),
    delete: read("delete", "single", {}, remove),
    deleteMany: read("delete", "many", {}, remove),
    get: read("get", "single", { decrypt: boolean }, async (call, found, [name], i) => {
      const row = (await live(call, found, [name as string])).get(name as string);
      return row ? { found: true, ...attributeView(row, decryptFlag(i.decrypt), call.services.keys) } : { found: false };
    }),
    getMany: read("get", "many", { decrypt: boolean }, async (call, found, names, i) => {
      const rows = await live(call, found, names);
      const view = (name: string): AttributeView | null => {
        const row = rows.get(name);
        return row ? attributeView(row, decryptFlag(i.decrypt), call.services.keys) : null;
      };
      // fromEntries defines own properties: a name such as "__proto__" stays a key like any other.
      return { result: Object.fromEntries(names.map((name) => [name, view(name)])) };
    }),
    exists: read("exists", "single", {}, async (call, found, [name]) => ({
      result: (await live(call, found, [name as string])).has(name as string),
    })),
    existsMany: read("exists", "many", {}, async (call, found, names) => {
      const rows = await live(call, found, names);
      return { result: Object.fromEntries(names.map((name) => [name, rows.has(name)])) };
    }),
    names: operation({
      name: label("names"),
      auditDetails: { scope: kind },
      kind: "query",
      codes,
      input: input(owner, { required: ["current_app"] }),
      async run(call, i) {
        const found = await resolve(call, i);
        const result = await found.names();
        auditNames(call, result);
        return { result };
      },
    }),
  } satisfies Ops;
}

/** User attributes, for super-users: `ust` is the caller's session, `user_id` the owner. */
export const userAttributes = attributeOperations("user");

/** Session attributes, for super-users: `current_ust` is the caller's session, `target_ust` the owning session. */
export const sessionAttributes = attributeOperations("session");
