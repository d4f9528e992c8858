import type { AttributeView } from "../core/attributes/attribute.js";
import { sessionAttributes, userAttributes } from "../core/attributes/operations.js";
import { builder } from "./builder.js";
import { PayloadInterface, type PayloadShape } from "./errors.js";
import { operationField } from "./operation-field.js";
import { EmptyPayload } from "./session.js";

export const Attribute = builder.objectRef<AttributeView>("Attribute").implement({
  description: "A user or session attribute.",
  fields: (t) => ({
    name: t.exposeString("name"),
    value: t.field({ type: "JSON", nullable: true, description: "Any JSON value.", resolve: (a) => a.value }),
    creationTime: t.exposeString("creation_time"),
    lastModified: t.exposeString("last_modified"),
    expirationTime: t.exposeString("expiration_time", {
      description: "`9999-12-31T00:00:00` for an attribute that never expires.",
    }),
    isEncrypted: t.exposeBoolean("is_encrypted"),
  }),
});

type Found = PayloadShape & ({ found: false } | ({ found: true } & AttributeView));
const field = <K extends keyof AttributeView>(p: Found, key: K) => (p.found ? p[key] : null);

const AttributePayload = builder.objectRef<Found>("AttributePayload").implement({
  description: "One attribute, when `found`; its other fields are null otherwise.",
  interfaces: [PayloadInterface],
  fields: (t) => ({
    found: t.exposeBoolean("found"),
    name: t.string({ nullable: true, resolve: (p) => field(p, "name") }),
    value: t.field({ type: "JSON", nullable: true, resolve: (p) => field(p, "value") }),
    creationTime: t.string({ nullable: true, resolve: (p) => field(p, "creation_time") }),
    lastModified: t.string({ nullable: true, resolve: (p) => field(p, "last_modified") }),
    expirationTime: t.string({ nullable: true, resolve: (p) => field(p, "expiration_time") }),
    isEncrypted: t.boolean({ nullable: true, resolve: (p) => field(p, "is_encrypted") }),
  }),
});

const AttributeMapPayload = builder
  .objectRef<PayloadShape & { result: Record<string, unknown> }>("AttributeMapPayload")
  .implement({
    description: "Every requested name mapped to its answer (an attribute or null; or whether it exists), as on REST.",
    interfaces: [PayloadInterface],
    fields: (t) => ({ result: t.field({ type: "JSON", resolve: (p) => p.result }) }),
  });

const AttributeExistsPayload = builder.objectRef<PayloadShape & { result: boolean }>("AttributeExistsPayload").implement({
  interfaces: [PayloadInterface],
  fields: (t) => ({ result: t.exposeBoolean("result") }),
});

const AttributeNamesPayload = builder.objectRef<PayloadShape & { result: string[] }>("AttributeNamesPayload").implement({
  interfaces: [PayloadInterface],
  fields: (t) => ({ result: t.exposeStringList("result", { description: "In code point order." }) }),
});

for (const [entity, ops, rest] of [
  ["User", userAttributes, "/zato/sso/user/attr"],
  ["Session", sessionAttributes, "/zato/sso/session/attr"],
] as const) {
  const whose = entity === "User" ? "a user's attributes (userId)" : "a session's attributes (targetUst)";
  const writes = [
    ["create", "Creates", "POST"],
    ["update", "Updates", "PATCH"],
    ["set", "Creates or updates", "PUT"],
    ["delete", "Deletes", "DELETE"],
  ] as const;
  for (const [verb, what, method] of writes) {
    operationField(`${verb}${entity}Attr`, ops[verb], {
      type: EmptyPayload,
      description: `${what} one of ${whose}, super-users only. REST: ${method} ${rest} with name.`,
    });
    operationField(`${verb}${entity}AttrMany`, ops[`${verb}Many`], {
      type: EmptyPayload,
      description: `${what} several of ${whose} in one transaction, super-users only. REST: ${method} ${rest} with data.`,
    });
  }
  operationField(`get${entity}Attr`, ops.get, {
    type: AttributePayload,
    description: `One of ${whose}, super-users only. REST: GET ${rest} with name.`,
  });
  operationField(`get${entity}AttrMany`, ops.getMany, {
    type: AttributeMapPayload,
    description: `Several of ${whose}: each name mapped to its attribute or null. REST: GET ${rest} with data.`,
  });
  operationField(`exists${entity}Attr`, ops.exists, {
    type: AttributeExistsPayload,
    description: `Whether one of ${whose} exists. REST: GET ${rest}/exists with name.`,
  });
  operationField(`exists${entity}AttrMany`, ops.existsMany, {
    type: AttributeMapPayload,
    description: `Whether several of ${whose} exist: each name mapped to a boolean. REST: GET ${rest}/exists with data.`,
  });
  operationField(`names${entity}Attr`, ops.names, {
    type: AttributeNamesPayload,
    description: `The names of ${whose}. REST: GET ${rest}/names.`,
  });
}
