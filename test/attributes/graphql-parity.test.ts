import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/graphql/schema.js";
import { type AdminGateway, type AuditRow, auditRow, send, startAdmin } from "../support/admin.js";
import { sessionsOf, setUser, TIMESTAMP } from "../support/fixtures.js";
import { APP, type HttpAnswer } from "../support/gateway.js";
import type { GraphQLAnswer } from "../support/graphql.js";
import { error, freshUser, graphqlOutcome, ok, type ParityScenario, parityTests, type UserFixture } from "../support/parity.js";

// User and session attributes report the same outcome through REST and through GraphQL: the
// same status and sub_status, the same audit operation and the same stored attributes, scenario
// by scenario; and the GraphQL reads return what the REST reads return (map-like results and
// attribute values as the JSON scalar, arguments in camelCase).

const FORGED = `zust${"9".repeat(52)}`;
const ZERO = "zusr00000000000000000000000000";
/** [attributes] max_value_size of this file's gateway, in bytes of JSON text. */
const LIMIT = 1024;
const USER_PATH = "/zato/sso/user/attr";
const SESSION_PATH = "/zato/sso/session/attr";
const NEVER = "9999-12-31T00:00:00";

let a: AdminGateway;

beforeAll(async () => {
  a = await startAdmin({ apps: { all: ["CRM", "Other"], login_allowed: ["CRM"] }, attributes: { max_value_size: LIMIT } });
});
afterAll(() => a.gw.close());

// ---------------------------------------------------------------------------------------------
// Calls

/** GraphQL argument types of the attribute fields, by (camelCase) argument name. */
const ARG_TYPES = {
  ust: "String",
  currentUst: "String",
  targetUst: "String",
  currentApp: "String",
  userId: "String",
  name: "String",
  value: "JSON",
  data: "[JSON]",
  expiration: "Int",
  encrypt: "Boolean",
  decrypt: "Boolean",
} as const;
type ArgName = keyof typeof ARG_TYPES;

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** What a field selects besides cid, status and subStatus: only its own payload (result types differ). */
function selectionOf(field: string): string {
  if (/^(get|exists)(User|Session)AttrMany$/.test(field)) return "... on AttributeMapPayload { result }";
  if (field.startsWith("exists")) return "... on AttributeExistsPayload { result }";
  if (field.startsWith("names")) return "... on AttributeNamesPayload { result }";
  if (field.startsWith("get")) {
    return "... on AttributePayload { found name value creationTime lastModified expirationTime isEncrypted }";
  }
  return "";
}

/**
 * Calls one attribute field with the given arguments (camelCase), each passed as a variable;
 * an undefined argument is left out, a null one is sent as null.
 */
async function gq(
  field: string,
  args: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLAnswer<Record<string, unknown>>> {
  const keys = Object.keys(args).filter((k) => args[k] !== undefined);
  for (const k of keys) if (!(k in ARG_TYPES)) throw new Error(`no argument type for ${k}`);
  const kind = /^(get|exists|names)/.test(field) ? "query" : "mutation";
  const declared = keys.length > 0 ? `(${keys.map((k) => `$${k}: ${ARG_TYPES[k as ArgName]}`).join(", ")})` : "";
  const passed = keys.length > 0 ? `(${keys.map((k) => `${k}: $${k}`).join(", ")})` : "";
  const query = `${kind}${declared} { ${field}${passed} { __typename ... on Payload { cid status subStatus } ... on SsoError { cid status subStatus message } ${selectionOf(field)} } }`;
  const answer = await a.gw.graphql(query, Object.fromEntries(keys.map((k) => [k, args[k]])), headers);
  const body = (answer.body ?? {}) as { data?: Record<string, unknown> | null; errors?: GraphQLAnswer<unknown>["errors"] };
  return { status: answer.status, data: body.data, errors: body.errors, cid: answer.headers.get("x-zato-cid") };
}

/** The one root field of a GraphQL answer that carries no GraphQL errors. */
function payload(g: GraphQLAnswer<Record<string, unknown>>): Record<string, unknown> {
  expect(g.errors, JSON.stringify(g.errors)).toBeUndefined();
  const [value] = Object.values(g.data ?? {});
  return value as Record<string, unknown>;
}

type Verb = "create" | "update" | "set" | "delete" | "get" | "exists" | "names";
const METHOD = {
  create: "POST",
  update: "PATCH",
  set: "PUT",
  delete: "DELETE",
  get: "GET",
  exists: "GET",
  names: "GET",
} as const;
const SUFFIX = { exists: "/exists", names: "/names" } as Partial<Record<Verb, string>>;

/** The audit operation of a call (docs: attr.<verb>, with _many for the writes' many forms). */
const opOf = (verb: Verb, many: boolean) =>
  `attr.${verb}${many && (verb === "create" || verb === "update" || verb === "set") ? "_many" : ""}`;

type Entity = "User" | "Session";

/** REST: every parameter in a JSON body, whatever the method, as Zato's own client sends them. */
const rest = (entity: Entity, verb: Verb, params: Record<string, unknown>, headers: Record<string, string> = {}) =>
  send(a.gw, METHOD[verb], `${entity === "User" ? USER_PATH : SESSION_PATH}${SUFFIX[verb] ?? ""}`, params, headers);

/** GraphQL: the field of the same verb, the REST parameters in camelCase. */
const graphql = (
  entity: Entity,
  verb: Verb,
  many: boolean,
  params: Record<string, unknown>,
  headers: Record<string, string> = {},
) =>
  gq(
    `${verb}${entity}Attr${many ? "Many" : ""}`,
    Object.fromEntries(Object.entries(params).map(([k, v]) => [camel(k), v])),
    headers,
  );

// ---------------------------------------------------------------------------------------------
// Fixtures: a fresh, logged-in regular user owning some attributes (of the user, or of its session)

interface AttrFixture extends UserFixture {
  /** The public id of the user's one session (the `ust`). */
  sessionId: string;
}

const SEED = [
  { name: "theme", value: "dark" },
  { name: "lang", value: "en", expiration: 3600 },
  { name: "token", value: "s3cr3t", encrypt: true },
  { name: "prefs", value: { size: 12, tags: ["a", "b"], on: true } },
];

async function attrFixture(entity: Entity): Promise<AttrFixture> {
  const user = await freshUser(a);
  const [session] = await sessionsOf(a.gw, user.username);
  if (!session) throw new Error(`no session for ${user.username}`);
  const owner = entity === "User" ? { ust: a.adminUst, user_id: user.userId } : { current_ust: a.adminUst, target_ust: user.ust };
  const seeded = await rest(entity, "set", { ...owner, current_app: APP, data: SEED });
  if (seeded.body?.status !== "ok") throw new Error(`could not seed attributes: ${seeded.text}`);
  return { ...user, sessionId: session.session_id };
}

interface StoredRow {
  name: string;
  value: string | null;
  is_encrypted: boolean;
  never: boolean;
  ttl: number | null;
  modified: boolean;
}

/**
 * The stored attributes of a fixture's user (or of its session), compared between the
 * surfaces: the value (opened when encrypted), whether it is encrypted, its lifetime from the
 * last change (whole seconds), and whether it was changed after it was created.
 */
async function stored(entity: Entity, f: AttrFixture): Promise<unknown> {
  const owner =
    entity === "User"
      ? "JOIN sso_user u ON u.id = a.user_id WHERE u.user_id = $1 AND NOT a.is_session_attr"
      : "JOIN sso_session s ON s.id = a.session_id WHERE s.session_id = $1 AND a.is_session_attr";
  const rows = await a.gw.query<StoredRow>(
    `SELECT a.name, a.value, a.is_encrypted, a.expiration_time = '9999-12-31 00:00:00' AS never,
            CASE WHEN a.expiration_time = '9999-12-31 00:00:00' THEN NULL
                 ELSE extract(epoch FROM a.expiration_time - a.last_modified)::float8 END AS ttl,
            a.last_modified > a.creation_time AS modified
       FROM sso_attr a ${owner} ORDER BY a.name COLLATE "C"`,
    [entity === "User" ? f.userId : f.sessionId],
  );
  return rows.map((row) => ({
    ...row,
    value:
      row.is_encrypted && row.value !== null ? JSON.parse(a.gw.services.keys.open(row.value)) : JSON.parse(row.value ?? "null"),
    ttl: row.ttl === null ? null : Math.round(row.ttl),
  }));
}

// ---------------------------------------------------------------------------------------------
// Scenarios

interface Case {
  name: string;
  verb: Verb;
  many?: boolean;
  expected: ReturnType<typeof error>;
  /** Parameters besides the owner's (REST names); an undefined one removes a default. */
  params: (f: AttrFixture) => Record<string, unknown>;
  precheck?: boolean;
  /** Run before each surface's call, on that surface's fixture. */
  arrange?: (f: AttrFixture) => Promise<void>;
  /** Parameters REST takes and ignores, which GraphQL has no argument for. */
  restOnly?: Record<string, unknown>;
  /**
   * Whether the audit operation is compared (default true). REST picks the single form only when
   * `name` is given: without name or data it runs (and audits) the many form.
   */
  sameOp?: boolean;
  /** Request headers, the same on both surfaces. */
  headers?: () => Record<string, string>;
}

function scenarios(entity: Entity, cases: Case[]): ParityScenario<AttrFixture>[] {
  const owner = (f: AttrFixture) =>
    entity === "User"
      ? { ust: a.adminUst, current_app: APP, user_id: f.userId }
      : { current_ust: a.adminUst, current_app: APP, target_ust: f.ust };
  return cases.map((c) => {
    const params = (f: AttrFixture) => ({ ...owner(f), ...c.params(f) });
    const many = c.many ?? false;
    return {
      name: `${c.verb}${entity}Attr${many ? "Many" : ""}: ${c.name}`,
      expected: c.expected,
      precheck: c.precheck,
      op: c.sameOp === false ? undefined : opOf(c.verb, many),
      rest: async (f) => {
        await c.arrange?.(f);
        return rest(entity, c.verb, { ...params(f), ...c.restOnly }, c.headers?.());
      },
      graphql: async (f) => {
        await c.arrange?.(f);
        return graphql(entity, c.verb, many, params(f), c.headers?.());
      },
      effect: (f) => stored(entity, f),
    };
  });
}

const big = (bytes: number) => "x".repeat(bytes - 2); // a string whose JSON text is `bytes` bytes long

/** Scenarios that hold for both kinds of attributes: the owner is named the same way each time. */
const common: Case[] = [
  { name: "ok, with expiration", verb: "create", expected: ok, params: () => ({ name: "fresh", value: "v", expiration: 900 }) },
  { name: "exists already", verb: "create", expected: error("E009001"), params: () => ({ name: "theme", value: "light" }) },
  { name: "no value", verb: "create", expected: error("E008002"), params: () => ({ name: "fresh" }) },
  { name: "null value", verb: "create", expected: error("E008002"), params: () => ({ name: "fresh", value: null }) },
  {
    name: "encrypted",
    verb: "create",
    expected: ok,
    params: () => ({ name: "secret", value: "hush", encrypt: true }),
  },
  {
    name: "encrypt a value that is not a string",
    verb: "create",
    expected: error("E008002"),
    params: () => ({ name: "secret", value: { a: 1 }, encrypt: true }),
  },
  {
    name: "value at the size limit",
    verb: "create",
    expected: ok,
    params: () => ({ name: "fresh", value: big(LIMIT) }),
  },
  {
    name: "value over the size limit",
    verb: "create",
    expected: error("E008002"),
    params: () => ({ name: "fresh", value: big(LIMIT + 1) }),
  },
  {
    name: "neither name nor data",
    verb: "create",
    expected: error("E008002"),
    params: () => ({ value: "v" }),
    sameOp: false,
  },
  {
    name: "multi-byte value over the size limit",
    verb: "create",
    expected: error("E008002"),
    params: () => ({ name: "fresh", value: "é".repeat(LIMIT / 2) }),
  },
  {
    name: "name of 191 characters",
    verb: "create",
    expected: ok,
    params: () => ({ name: "ñ".repeat(191), value: "v" }),
  },
  {
    name: "name of 192 characters",
    verb: "create",
    expected: error("E008002"),
    params: () => ({ name: "n".repeat(192), value: "v" }),
  },
  {
    name: "negative expiration",
    verb: "create",
    expected: error("E008002"),
    params: () => ({ name: "fresh", value: "v", expiration: -1 }),
  },
  {
    name: "ok",
    verb: "create",
    many: true,
    expected: ok,
    params: () => ({
      data: [
        { name: "n1", value: 1 },
        { name: "n2", value: { x: [1, null] }, expiration: 60 },
      ],
    }),
  },
  {
    name: "one name exists already: none is created",
    verb: "create",
    many: true,
    expected: error("E009001"),
    params: () => ({
      data: [
        { name: "n1", value: 1 },
        { name: "theme", value: "x" },
        { name: "n2", value: 2 },
      ],
    }),
  },
  {
    name: "an item without value: none is created",
    verb: "create",
    many: true,
    expected: error("E008002"),
    params: () => ({ data: [{ name: "n1", value: 1 }, { name: "n2" }] }),
  },
  {
    name: "an item without name",
    verb: "create",
    many: true,
    expected: error("E008002"),
    params: () => ({ data: [{ value: 1 }] }),
  },
  { name: "neither name nor data", verb: "create", many: true, expected: error("E008002"), params: () => ({}) },
  {
    name: "the same name twice",
    verb: "create",
    many: true,
    expected: error("E009001"),
    params: () => ({
      data: [
        { name: "twice", value: 1 },
        { name: "twice", value: 2 },
      ],
    }),
  },
  { name: "an empty list", verb: "create", many: true, expected: error("E008002"), params: () => ({ data: [] }) },
  {
    name: "ok, new value and expiration",
    verb: "update",
    expected: ok,
    params: () => ({ name: "theme", value: "light", expiration: 123 }),
  },
  { name: "an empty value leaves the value", verb: "update", expected: ok, params: () => ({ name: "theme", value: "" }) },
  { name: "encrypt", verb: "update", expected: ok, params: () => ({ name: "theme", value: "hidden", encrypt: true }) },
  { name: "missing attribute: nothing happens", verb: "update", expected: ok, params: () => ({ name: "nothing", value: "x" }) },
  {
    name: "ok, a missing one skipped",
    verb: "update",
    many: true,
    expected: ok,
    params: () => ({
      data: [
        { name: "theme", value: "blue" },
        { name: "prefs", value: [1, 2], expiration: 30 },
        { name: "missing", value: "m" },
      ],
    }),
  },
  {
    name: "an item over the size limit: nothing changes",
    verb: "update",
    many: true,
    expected: error("E008002"),
    params: () => ({
      data: [
        { name: "theme", value: "blue" },
        { name: "prefs", value: big(LIMIT + 1) },
      ],
    }),
  },
  { name: "existing attribute", verb: "set", expected: ok, params: () => ({ name: "theme", value: "grey" }) },
  { name: "new attribute", verb: "set", expected: ok, params: () => ({ name: "brand-new", value: true, expiration: 45 }) },
  {
    name: "ok, call-level expiration and an item's own encrypt",
    verb: "set",
    many: true,
    expected: ok,
    params: () => ({
      expiration: 60,
      data: [
        { name: "theme", value: "x" },
        { name: "pin", value: "1234", encrypt: true },
        { name: "forever", value: 0, expiration: 0 },
      ],
    }),
  },
  {
    name: "an item without value: nothing changes",
    verb: "set",
    many: true,
    expected: error("E008002"),
    params: () => ({ data: [{ name: "theme", value: "x" }, { name: "n1" }] }),
  },
  { name: "ok", verb: "delete", expected: ok, params: () => ({ name: "theme" }) },
  { name: "missing attribute: nothing happens", verb: "delete", expected: ok, params: () => ({ name: "nothing" }) },
  { name: "ok", verb: "delete", many: true, expected: ok, params: () => ({ data: ["theme", "token", "nothing"] }) },
  { name: "neither name nor data", verb: "delete", many: true, expected: error("E008002"), params: () => ({}) },
  { name: "an empty list", verb: "delete", many: true, expected: error("E008002"), params: () => ({ data: [] }) },
  { name: "a name that is not a string", verb: "delete", many: true, expected: error("E008002"), params: () => ({ data: [{}] }) },
  { name: "found", verb: "get", expected: ok, params: () => ({ name: "prefs" }) },
  { name: "not found", verb: "get", expected: ok, params: () => ({ name: "nothing" }) },
  { name: "decrypt false", verb: "get", expected: ok, params: () => ({ name: "token", decrypt: false }) },
  { name: "neither name nor data", verb: "get", expected: error("E008002"), params: () => ({}) },
  { name: "ok", verb: "get", many: true, expected: ok, params: () => ({ data: ["theme", "nothing", "token"] }) },
  { name: "exists", verb: "exists", expected: ok, params: () => ({ name: "theme" }) },
  { name: "does not exist", verb: "exists", expected: ok, params: () => ({ name: "nothing" }) },
  { name: "ok", verb: "exists", many: true, expected: ok, params: () => ({ data: ["theme", "nothing"] }) },
  { name: "neither name nor data", verb: "exists", many: true, expected: error("E008002"), params: () => ({}) },
  { name: "ok", verb: "names", expected: ok, params: () => ({}) },
  {
    name: "pre-check",
    verb: "create",
    expected: error("E004001"),
    precheck: true,
    params: () => ({ current_app: "Nope", name: "fresh", value: "v" }),
  },
  {
    name: "pre-check",
    verb: "delete",
    many: true,
    expected: error("E004001"),
    precheck: true,
    params: () => ({ current_app: "Nope", data: ["theme"] }),
  },
  { name: "pre-check", verb: "names", expected: error("E004001"), precheck: true, params: () => ({ current_app: "Nope" }) },
];

parityTests<AttrFixture>(
  scenarios("User", [
    ...common,
    {
      name: "no caller",
      verb: "create",
      expected: error("E007001"),
      params: () => ({ ust: undefined, name: "fresh", value: "v" }),
    },
    {
      name: "invalid caller",
      verb: "set",
      expected: error("E007001"),
      params: () => ({ ust: FORGED, name: "theme", value: "v" }),
    },
    {
      name: "regular-user caller (the owner itself)",
      verb: "create",
      expected: error("E005001"),
      params: (f) => ({ ust: f.ust, name: "fresh", value: "v" }),
    },
    {
      name: "regular-user caller (the owner itself)",
      verb: "get",
      expected: error("E005001"),
      params: (f) => ({ ust: f.ust, name: "theme" }),
    },
    {
      name: "regular-user caller (the owner itself)",
      verb: "delete",
      many: true,
      expected: error("E005001"),
      params: (f) => ({ ust: f.ust, data: ["theme"] }),
    },
    {
      name: "unknown user_id",
      verb: "create",
      expected: error("E005001"),
      params: () => ({ user_id: ZERO, name: "fresh", value: "v" }),
    },
    { name: "unknown user_id", verb: "names", expected: error("E005001"), params: () => ({ user_id: ZERO }) },
    {
      name: "no user_id",
      verb: "set",
      many: true,
      expected: error("E005001"),
      params: () => ({ user_id: undefined, data: [{ name: "theme", value: "x" }] }),
    },
    { name: "empty user_id", verb: "get", expected: error("E005001"), params: () => ({ user_id: "", name: "theme" }) },
    {
      name: "UST and current_app from the headers",
      verb: "set",
      expected: ok,
      params: () => ({ ust: undefined, current_app: undefined, name: "theme", value: "by-headers" }),
      headers: () => ({ "X-Zato-SSO-UST": a.adminUst, "X-Zato-SSO-Current-App": APP }),
    },
  ]),
  {
    gateway: () => a.gw,
    fixture: () => attrFixture("User"),
    title: "user attributes: REST and GraphQL report the same outcome, effect and audit operation",
  },
);

parityTests<AttrFixture>(
  scenarios("Session", [
    ...common,
    {
      name: "no caller",
      verb: "create",
      expected: error("E007001"),
      params: () => ({ current_ust: undefined, name: "fresh", value: "v" }),
    },
    {
      name: "invalid caller",
      verb: "get",
      expected: error("E007001"),
      params: () => ({ current_ust: FORGED, name: "theme" }),
    },
    {
      name: "regular-user caller (the target session itself)",
      verb: "create",
      expected: error("E005001"),
      params: (f) => ({ current_ust: f.ust, name: "fresh", value: "v" }),
    },
    {
      name: "regular-user caller (the target session itself)",
      verb: "names",
      expected: error("E005001"),
      params: (f) => ({ current_ust: f.ust }),
    },
    {
      name: "unknown target",
      verb: "create",
      expected: error("E007001"),
      params: () => ({ target_ust: FORGED, name: "fresh", value: "v" }),
    },
    { name: "unknown target", verb: "names", expected: error("E007001"), params: () => ({ target_ust: FORGED }) },
    {
      name: "unknown target",
      verb: "get",
      many: true,
      expected: error("E007001"),
      params: () => ({ target_ust: FORGED, data: ["theme"] }),
    },
    {
      name: "no target",
      verb: "set",
      expected: error("E007001"),
      params: () => ({ target_ust: undefined, name: "theme", value: "x" }),
    },
    {
      name: "expired target",
      verb: "exists",
      expected: error("E007001"),
      params: () => ({ name: "theme" }),
      arrange: (f) =>
        a.gw
          .query(
            "UPDATE sso_session SET expiration_time = now() AT TIME ZONE 'UTC' - interval '1 minute' WHERE session_id = $1",
            [f.sessionId],
          )
          .then(() => undefined),
    },
    {
      name: "target user locked",
      verb: "set",
      expected: error("E005002"),
      params: () => ({ name: "theme", value: "x" }),
      arrange: (f) => setUser(a.gw, f.username, { is_locked: true }),
    },
    {
      name: "current_ust and current_app from the headers",
      verb: "set",
      expected: ok,
      params: () => ({ current_ust: undefined, current_app: undefined, name: "theme", value: "by-headers" }),
      headers: () => ({ "X-Zato-SSO-UST": a.adminUst, "X-Zato-SSO-Current-App": APP }),
    },
    {
      name: "a user_id is ignored (REST; GraphQL has no such argument)",
      verb: "create",
      expected: ok,
      params: () => ({ name: "fresh", value: "v" }),
      restOnly: { user_id: ZERO },
    },
  ]),
  {
    gateway: () => a.gw,
    fixture: () => attrFixture("Session"),
    title: "session attributes: REST and GraphQL report the same outcome, effect and audit operation",
  },
);

// ---------------------------------------------------------------------------------------------
// Results: what the reads return, field by field

/** A GraphQL attribute (camelCase) in the REST form. */
const snakeAttribute = (p: Record<string, unknown>) => ({
  name: p.name,
  value: p.value,
  creation_time: p.creationTime,
  last_modified: p.lastModified,
  expiration_time: p.expirationTime,
  is_encrypted: p.isEncrypted,
});

/** The fields of a REST answer besides cid and status. */
const restFields = (r: HttpAnswer) => {
  expect(r.status, r.text).toBe(200);
  const { cid: _c, status, ...rest } = r.body;
  expect(status).toBe("ok");
  return rest;
};

for (const entity of ["User", "Session"] as const) {
  const owner = (f: AttrFixture) =>
    entity === "User"
      ? { ust: a.adminUst, current_app: APP, user_id: f.userId }
      : { current_ust: a.adminUst, current_app: APP, target_ust: f.ust };
  const both = async (f: AttrFixture, verb: Verb, many: boolean, params: Record<string, unknown>) => {
    const r = await rest(entity, verb, { ...owner(f), ...params });
    const g = await graphql(entity, verb, many, { ...owner(f), ...params });
    expect(graphqlOutcome(g)).toEqual(ok);
    return { r: restFields(r), g: payload(g) };
  };

  describe(`${entity.toLowerCase()} attributes: GraphQL reads return what REST reads return`, () => {
    it(`get${entity}Attr returns the fields of the REST answer, found`, async () => {
      const f = await attrFixture(entity);
      for (const name of ["theme", "lang", "prefs", "token"]) {
        const { r, g } = await both(f, "get", false, { name });
        expect({ found: g.found, ...snakeAttribute(g) }).toEqual(r);
        expect(r.found).toBe(true);
        expect(g.creationTime).toMatch(TIMESTAMP);
        expect(g.lastModified).toMatch(TIMESTAMP);
        expect(g.expirationTime).toMatch(TIMESTAMP);
      }
      const theme = await both(f, "get", false, { name: "theme" });
      expect(theme.g).toMatchObject({ value: "dark", isEncrypted: false, expirationTime: NEVER });
      const token = await both(f, "get", false, { name: "token" });
      expect(token.g).toMatchObject({ value: "s3cr3t", isEncrypted: true });
    });

    it(`get${entity}Attr, not found: found false on both, the other fields null on GraphQL`, async () => {
      const f = await attrFixture(entity);
      const { r, g } = await both(f, "get", false, { name: "nothing" });
      expect(r).toEqual({ found: false });
      expect(g).toEqual({
        __typename: "AttributePayload",
        cid: expect.any(String),
        status: "ok",
        subStatus: [],
        found: false,
        name: null,
        value: null,
        creationTime: null,
        lastModified: null,
        expirationTime: null,
        isEncrypted: null,
      });
    });

    it(`get${entity}Attr with decrypt false returns the stored ciphertext, the same on both`, async () => {
      const f = await attrFixture(entity);
      const sealed = await both(f, "get", false, { name: "token", decrypt: false });
      expect(sealed.g.value).toBe(sealed.r.value);
      expect(sealed.g.value).toMatch(/^v1:[A-Za-z0-9_-]{38,}$/);
      expect(sealed.g.isEncrypted).toBe(true);
      const clear = await both(f, "get", false, { name: "token", decrypt: true });
      expect([clear.r.value, clear.g.value]).toEqual(["s3cr3t", "s3cr3t"]);
      const many = await both(f, "get", true, { data: ["token"], decrypt: false });
      expect(many.g.result).toEqual(many.r.result);
      expect((many.g.result as Record<string, { value: string }>).token?.value).toBe(sealed.r.value);
    });

    it(`an attribute written through either surface reads back the same, but for its timestamps`, async () => {
      const viaRest = await attrFixture(entity);
      const viaGraphql = await attrFixture(entity);
      const value = { note: "written", n: 3 };
      const params = { name: "written", value, expiration: 900 };
      expectOkRest(await rest(entity, "create", { ...owner(viaRest), ...params }));
      expect(graphqlOutcome(await graphql(entity, "create", false, { ...owner(viaGraphql), ...params }))).toEqual(ok);
      const fromRest = await both(viaRest, "get", false, { name: "written" });
      const fromGraphql = await both(viaGraphql, "get", false, { name: "written" });
      const untimed = ({ creation_time: _c, last_modified: _l, expiration_time: _e, ...rest }: Record<string, unknown>) => rest;
      expect(untimed(fromGraphql.r)).toEqual(untimed(fromRest.r));
      expect(untimed(snakeAttribute(fromGraphql.g))).toEqual(untimed(snakeAttribute(fromRest.g)));
      expect(untimed(fromRest.r)).toEqual({ found: true, name: "written", value, is_encrypted: false });
      for (const read of [fromRest.r, fromGraphql.r]) {
        expect(Date.parse(`${read.expiration_time}Z`) - Date.parse(`${read.creation_time}Z`)).toBe(900_000);
      }
    });

    it(`get${entity}AttrMany returns the REST map as JSON, null for a missing name`, async () => {
      const f = await attrFixture(entity);
      const { r, g } = await both(f, "get", true, { data: ["theme", "nothing", "prefs", "lang"] });
      expect(g.result).toEqual(r.result);
      expect(r).toEqual({ result: expect.any(Object) });
      const result = g.result as Record<string, Record<string, unknown> | null>;
      expect(Object.keys(result).sort()).toEqual(["lang", "nothing", "prefs", "theme"]);
      expect(result.nothing).toBeNull();
      expect(Object.keys(result.theme ?? {}).sort()).toEqual([
        "creation_time",
        "expiration_time",
        "is_encrypted",
        "last_modified",
        "name",
        "value",
      ]);
      expect(result.prefs?.value).toEqual(SEED[3]?.value);
      // Each entry is what the single get answers for that name.
      const single = await both(f, "get", false, { name: "lang" });
      expect(result.lang).toEqual(snakeAttribute(single.g));
    });

    it(`get${entity}AttrMany and exists${entity}AttrMany keep "__proto__" and "constructor" as plain keys`, async () => {
      const f = await attrFixture(entity);
      expectOkRest(await rest(entity, "create", { ...owner(f), name: "__proto__", value: "p" }));
      const data = ["__proto__", "constructor", "theme"];
      const got = await both(f, "get", true, { data });
      expect(got.g.result).toEqual(got.r.result);
      const result = got.g.result as Record<string, { value: unknown } | null>;
      expect(Object.keys(result).sort()).toEqual([...data].sort());
      const own = Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v?.value ?? null]));
      expect(Object.entries(own).sort()).toEqual([
        ["__proto__", "p"],
        ["constructor", null],
        ["theme", "dark"],
      ]);
      const exists = await both(f, "exists", true, { data });
      expect(exists.g.result).toEqual(exists.r.result);
      expect(Object.entries(exists.g.result as object).sort()).toEqual([
        ["__proto__", true],
        ["constructor", false],
        ["theme", true],
      ]);
    });

    it(`exists${entity}Attr and exists${entity}AttrMany answer as REST does`, async () => {
      const f = await attrFixture(entity);
      const yes = await both(f, "exists", false, { name: "theme" });
      const no = await both(f, "exists", false, { name: "nothing" });
      expect([yes.g.result, no.g.result]).toEqual([true, false]);
      expect([yes.r.result, no.r.result]).toEqual([true, false]);
      const map = await both(f, "exists", true, { data: ["theme", "nothing", "token"] });
      expect(map.g.result).toEqual({ theme: true, nothing: false, token: true });
      expect(map.r.result).toEqual(map.g.result);
    });

    it(`names${entity}Attr lists the same names, in code point order`, async () => {
      const f = await attrFixture(entity);
      const { r, g } = await both(f, "names", false, {});
      expect(g.result).toEqual(["lang", "prefs", "theme", "token"]);
      expect(r.result).toEqual(g.result);
    });

    it(`a JSON value round-trips exactly through the JSON scalar (get${entity}Attr)`, async () => {
      const f = await attrFixture(entity);
      const values: Record<string, unknown> = {
        object: { a: 1, b: [true, null, "x", 2.5, { c: {} }], "é ✓": "ünï", empty: [], zero: 0, neg: -7 },
        array: [1, "two", { three: 3 }, []],
        text: '{"looks":"like json"}',
        number: 1.25,
        flag: false,
      };
      for (const [name, value] of Object.entries(values)) {
        expect(graphqlOutcome(await graphql(entity, "create", false, { ...owner(f), name, value }))).toEqual(ok);
      }
      for (const [name, value] of Object.entries(values)) {
        const { r, g } = await both(f, "get", false, { name });
        expect(g.value, name).toStrictEqual(value);
        expect(r.value, name).toStrictEqual(value);
      }
      // Written through REST, read through GraphQL.
      const object = values.object;
      expectOkRest(await rest(entity, "create", { ...owner(f), name: "from-rest", value: object }));
      expect(payload(await graphql(entity, "get", false, { ...owner(f), name: "from-rest" })).value).toStrictEqual(object);
    });
  });
}

describe("attributes: both surfaces record the same audit record", () => {
  const comparable = ({ id: _i, cid: _c, created_at: _t, user_agent: _u, ...rest }: AuditRow) => rest;

  it("setUserAttrMany and PUT /zato/sso/user/attr: same actor, target, outcome and details", async () => {
    const f = await attrFixture("User");
    const params = {
      ust: a.adminUst,
      current_app: APP,
      user_id: f.userId,
      data: [
        { name: "b", value: 1 },
        { name: "a", value: 2 },
      ],
    };
    const r = await rest("User", "set", params);
    const g = await graphql("User", "set", true, params);
    expect(graphqlOutcome(g)).toEqual(ok);
    const viaRest = await auditRow(a.gw, r);
    expect(comparable(await auditRow(a.gw, { cid: g.cid }))).toEqual(comparable(viaRest));
    expect(viaRest).toMatchObject({
      op: "attr.set_many",
      actor_user_id: a.adminId,
      target_user_id: f.userId,
      target_username: f.username,
      details: { scope: "user", names: ["b", "a"], count: 2 },
    });
  });

  it("getSessionAttrMany and GET /zato/sso/session/attr, refused for a regular caller: the same record", async () => {
    const f = await attrFixture("Session");
    const params = { current_ust: f.ust, current_app: APP, target_ust: f.ust, data: ["theme"] };
    const r = await rest("Session", "get", params);
    const g = await graphql("Session", "get", true, params);
    expect(graphqlOutcome(g)).toEqual(error("E005001"));
    const viaRest = await auditRow(a.gw, r);
    expect(comparable(await auditRow(a.gw, { cid: g.cid }))).toEqual(comparable(viaRest));
    expect(viaRest).toMatchObject({
      op: "attr.get",
      actor_user_id: f.userId,
      outcome: "error",
      sub_status: ["E005001"],
      details: { scope: "session" },
    });
  });

  it.each([
    ["get", [null]],
    ["get", ["theme", null]],
    ["delete", [null]],
    ["set", [{ name: "x", value: 1 }, null]],
  ] as const)("%s with a null item in data: E008002 on both surfaces, and nothing changed", async (verb, data) => {
    const f = await attrFixture("User");
    const params = { ust: a.adminUst, current_app: APP, user_id: f.userId, data };
    const before = await stored("User", f);
    const r = await rest("User", verb, params);
    expect({ http: r.status, sub_status: r.body.sub_status }).toEqual({ http: 403, sub_status: ["E008002"] });
    expect(graphqlOutcome(await graphql("User", verb, true, params))).toEqual(error("E008002"));
    expect(await stored("User", f)).toEqual(before);
  });

  it.each([
    ["the current_app pre-check", { name: "theme", current_app: "Nope" }, "E004001"],
    ["a UST that names no session", { name: "theme", ust: `zust${"0".repeat(52)}` }, "E007001"],
    ["neither name nor data", {}, "E008002"],
  ])("a call failing %s: its record names the scope all the same", async (_, change, code) => {
    const f = await attrFixture("User");
    const query = { ust: a.adminUst, current_app: APP, user_id: f.userId, ...change };
    const record = await auditRow(a.gw, await a.gw.rest("GET", USER_PATH, { query }));
    expect(record).toMatchObject({ op: "attr.get", outcome: "error", sub_status: [code], details: { scope: "user" } });
  });
});

describe("attributes: REST parameters in the query string answer as GraphQL does", () => {
  it("GET with data given once in the query string is a one-element list, as GraphQL's data: [name]", async () => {
    const f = await attrFixture("User");
    const query = { ust: a.adminUst, current_app: APP, user_id: f.userId };
    const r = await a.gw.rest("GET", USER_PATH, { query: { ...query, data: "lang" } });
    const g = await graphql("User", "get", true, { ...query, data: ["lang"] });
    expect(payload(g).result).toEqual(restFields(r).result);
    expect(Object.keys(payload(g).result as object)).toEqual(["lang"]);
    const e = await a.gw.rest("GET", `${USER_PATH}/exists`, { query: { ...query, data: ["lang", "nothing"] } });
    const ge = await graphql("User", "exists", true, { ...query, data: ["lang", "nothing"] });
    expect(payload(ge).result).toEqual(restFields(e).result);
    expect(payload(ge).result).toEqual({ lang: true, nothing: false });
  });
});

function expectOkRest(r: HttpAnswer) {
  expect({ http: r.status, status: r.body?.status }, r.text).toEqual({ http: 200, status: "ok" });
}

// ---------------------------------------------------------------------------------------------
// Arguments

describe("attribute fields take the REST parameters in camelCase", () => {
  const writeArgs = ["currentApp", "encrypt", "expiration", "name", "value"];
  const manyWriteArgs = ["currentApp", "data", "encrypt", "expiration"];
  const owners = { User: ["userId", "ust"], Session: ["currentUst", "targetUst"] };
  const expected = (entity: Entity): Record<string, string[]> => {
    const o = owners[entity];
    return {
      [`create${entity}Attr`]: [...writeArgs, ...o],
      [`create${entity}AttrMany`]: [...manyWriteArgs, ...o],
      [`update${entity}Attr`]: [...writeArgs, ...o],
      [`update${entity}AttrMany`]: [...manyWriteArgs, ...o],
      [`set${entity}Attr`]: [...writeArgs, ...o],
      [`set${entity}AttrMany`]: [...manyWriteArgs, ...o],
      [`delete${entity}Attr`]: ["currentApp", "name", ...o],
      [`delete${entity}AttrMany`]: ["currentApp", "data", ...o],
      [`get${entity}Attr`]: ["currentApp", "decrypt", "name", ...o],
      [`get${entity}AttrMany`]: ["currentApp", "data", "decrypt", ...o],
      [`exists${entity}Attr`]: ["currentApp", "name", ...o],
      [`exists${entity}AttrMany`]: ["currentApp", "data", ...o],
      [`names${entity}Attr`]: ["currentApp", ...o],
    };
  };

  it("every attribute field has exactly the camelCase arguments of its REST call", () => {
    const fields = { ...schema.getQueryType()?.getFields(), ...schema.getMutationType()?.getFields() };
    const actual: Record<string, string[]> = {};
    const wanted: Record<string, string[]> = {};
    for (const entity of ["User", "Session"] as const) {
      for (const [name, args] of Object.entries(expected(entity))) {
        wanted[name] = [...args].sort();
        actual[name] = (fields[name]?.args ?? []).map((arg) => arg.name).sort();
      }
    }
    expect(actual).toEqual(wanted);
    expect(Object.keys(wanted)).toHaveLength(26);
  });

  it("reads are queries and writes are mutations", () => {
    const queries = Object.keys(schema.getQueryType()?.getFields() ?? {}).filter((n) => /(User|Session)Attr/.test(n));
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {}).filter((n) => /(User|Session)Attr/.test(n));
    expect(queries.sort()).toEqual(
      ["get", "exists"]
        .flatMap((v) => ["User", "Session"].flatMap((e) => [`${v}${e}Attr`, `${v}${e}AttrMany`]))
        .concat(["namesUserAttr", "namesSessionAttr"])
        .sort(),
    );
    expect(mutations.sort()).toEqual(
      ["create", "update", "set", "delete"]
        .flatMap((v) => ["User", "Session"].flatMap((e) => [`${v}${e}Attr`, `${v}${e}AttrMany`]))
        .sort(),
    );
  });

  it("a snake_case argument is refused as a GraphQL error, and nothing is written", async () => {
    const f = await attrFixture("User");
    for (const [field, args] of [
      ["createUserAttr", `ust: "${a.adminUst}", current_app: "${APP}", userId: "${f.userId}", name: "snake", value: "v"`],
      ["createUserAttr", `ust: "${a.adminUst}", currentApp: "${APP}", user_id: "${f.userId}", name: "snake", value: "v"`],
      [
        "createSessionAttr",
        `current_ust: "${a.adminUst}", currentApp: "${APP}", targetUst: "${f.ust}", name: "snake", value: "v"`,
      ],
      [
        "createSessionAttr",
        `currentUst: "${a.adminUst}", currentApp: "${APP}", target_ust: "${f.ust}", name: "snake", value: "v"`,
      ],
    ] as const) {
      const answer = await a.gw.graphql(`mutation { ${field}(${args}) { __typename } }`);
      const errors = (answer.body?.errors ?? []) as { message: string }[];
      expect(errors.map((e) => e.message).join("\n"), field).toMatch(
        /Unknown argument "(current_app|user_id|current_ust|target_ust)"/,
      );
      expect(answer.body?.data ?? null).toBeNull();
    }
    const names = (await stored("User", f)) as { name: string }[];
    expect(names.map((n) => n.name)).not.toContain("snake");
  });

  it("camelCase arguments written inline (not as variables) work, a JSON object value included", async () => {
    const f = await attrFixture("Session");
    const set = await a.gw.graphql(
      `mutation { setSessionAttr(currentUst: "${a.adminUst}", targetUst: "${f.ust}", currentApp: "${APP}", name: "inline",
         value: { a: [1, "b", null, true], c: { d: 2.5 } }, expiration: 60) { ... on Payload { status subStatus } ... on SsoError { subStatus } } }`,
    );
    expect(set.body).toEqual({ data: { setSessionAttr: { status: "ok", subStatus: [] } } });
    const get = await a.gw.graphql(
      `{ getSessionAttr(currentUst: "${a.adminUst}", targetUst: "${f.ust}", currentApp: "${APP}", name: "inline") {
           ... on AttributePayload { found value isEncrypted } } }`,
    );
    expect(get.body).toEqual({
      data: { getSessionAttr: { found: true, value: { a: [1, "b", null, true], c: { d: 2.5 } }, isEncrypted: false } },
    });
  });
});
