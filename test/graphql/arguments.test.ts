import { type GraphQLField, getNamedType, isListType, isNonNullType } from "graphql";
import { describe, expect, it } from "vitest";
import type { AnyOperation } from "../../src/core/operation.js";
import { operationFields, repeatingFields } from "../../src/graphql/operation-field.js";
import { schema } from "../../src/graphql/schema.js";

// Each GraphQL field is made from one core operation, and its arguments from that operation's
// input declaration: a GraphQL argument that maps to no input field would be dropped unread.

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const GRAPHQL_TYPES = { string: "String", boolean: "Boolean", integer: "Int", json: "JSON", list: "JSON" } as const;

const allRootFields = (): [string, GraphQLField<unknown, unknown>][] =>
  [schema.getQueryType(), schema.getMutationType()].flatMap((type) => Object.entries(type?.getFields() ?? {}));
/** The fields made from one operation each; those repeating one over a list are checked below. */
const rootFields = () => allRootFields().filter(([name]) => !repeatingFields.has(name));

const operationOf = (name: string): AnyOperation => {
  const op = operationFields.get(name);
  if (!op) throw new Error(`${name} is not made from an operation`);
  return op;
};

describe("GraphQL arguments", () => {
  it("every query and mutation is made from a core operation of its kind", () => {
    expect(rootFields().length).toBeGreaterThan(20);
    for (const [name] of rootFields()) {
      const kind = schema.getQueryType()?.getFields()[name] ? "query" : "mutation";
      expect(operationOf(name).kind, name).toBe(kind);
    }
  });

  it("every argument maps to an input field of its operation, with the field's type", () => {
    const mismatches: string[] = [];
    for (const [name, field] of rootFields()) {
      const { shape } = operationOf(name).input;
      for (const arg of field.args) {
        const codec = shape[snake(arg.name)];
        if (!codec) mismatches.push(`${name}(${arg.name}): no input field ${snake(arg.name)}`);
        else if (
          codec.kind === "callback" ||
          getNamedType(arg.type).name !== (codec.choices?.name ?? GRAPHQL_TYPES[codec.kind])
        ) {
          mismatches.push(`${name}(${arg.name}): ${String(arg.type)} for a ${codec.kind} field`);
        } else if (isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type) !== (codec.kind === "list")) {
          mismatches.push(`${name}(${arg.name}): list or not`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("every input field is an argument, non-null exactly when REST requires it (but a UST and current_app)", () => {
    const mismatches: string[] = [];
    for (const [name, field] of rootFields()) {
      const { shape, required } = operationOf(name).input;
      const args = new Map(field.args.map((arg) => [snake(arg.name), arg]));
      for (const [key, codec] of Object.entries(shape)) {
        const arg = args.get(key);
        if (!arg) {
          mismatches.push(`${name}: no argument for ${key}`);
          continue;
        }
        const nonNull = required.includes(key) && !codec.credential && key !== "current_app";
        if (isNonNullType(arg.type) !== nonNull) mismatches.push(`${name}(${arg.name}): non-null should be ${nonNull}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("every query and mutation is nullable: a GraphQL error in one field nulls that field alone", () => {
    expect(
      allRootFields()
        .filter(([, field]) => isNonNullType(field.type))
        .map(([name]) => name),
    ).toEqual([]);
  });

  it("a misspelled argument is refused, not dropped", async () => {
    const { graphql } = await import("graphql");
    const result = await graphql({ schema, source: '{ getCurrentUser(curentApp: "CRM") { __typename } }' });
    expect(result.errors?.[0]?.message).toMatch(/Unknown argument "curentApp"/);
  });

  it("a field repeating an operation over a list takes that operation's arguments, with a list of ids for its user_id", () => {
    expect([...repeatingFields.keys()].sort()).toEqual(["approveUsers", "rejectUsers"]);
    for (const [name, single] of repeatingFields) {
      const field = allRootFields().find(([n]) => n === name)?.[1];
      const { shape } = operationOf(single).input;
      const args = (field?.args ?? []).map((arg) => arg.name).sort();
      const expected = Object.keys(shape)
        .map((key) => (key === "user_id" ? "userIds" : key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())))
        .sort();
      expect(args, name).toEqual(expected);
      expect(schema.getMutationType()?.getFields()[name], name).toBeDefined();
      expect(operationOf(single).kind).toBe("mutation");
    }
  });
});
