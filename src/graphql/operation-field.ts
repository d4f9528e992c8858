import type { ObjectRef } from "@pothos/core";
import { GraphQLError } from "graphql";
import { requiredAbsent } from "../core/caller.js";
import type { Viewer } from "../core/graph.js";
import type { Codec, Shape } from "../core/input.js";
import { type AnyOperation, execute, type Operation } from "../core/operation.js";
import { builder } from "./builder.js";
import type { GraphQLContext } from "./context.js";
import { errorOptions, SsoFailure } from "./errors.js";

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The caller an operation resolved, carried by its payload (and by the objects inside it) for
 * the nested fields that read more than the operation did: they answer super-users only.
 */
export const VIEWER: unique symbol = Symbol("viewer");
export type Viewed = { [VIEWER]?: Viewer };

export const viewerOf = (parent: object): Viewer | undefined => (parent as Viewed)[VIEWER];

/** Items of a payload, carrying the payload's viewer. */
export const viewed = <T extends object>(parent: object, items: readonly T[]): T[] =>
  items.map((item) => ({ ...item, [VIEWER]: viewerOf(parent) }));

/**
 * Fields that repeat an operation of operationFields over a list (approveUsers runs approveUser for
 * each id), with arguments of their own: the schema test checks them apart.
 */
export const repeatingFields = new Map<string, string>();

/** Every field made from an operation, by name: what the schema test checks arguments against. */
export const operationFields = new Map<string, AnyOperation>();

type ArgBuilder = Parameters<Parameters<typeof builder.args>[0]>[0];
type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

const enums = new Map<string, ReturnType<typeof builder.enumType>>();

/** The GraphQL enum of a closed set of string values, made once per name. */
function enumOf(choices: { name: string; values: readonly string[] }) {
  let ref = enums.get(choices.name);
  if (!ref) {
    ref = builder.enumType(choices.name, { values: Object.fromEntries(choices.values.map((v) => [v, { value: v }])) });
    enums.set(choices.name, ref);
  }
  return ref;
}

/**
 * One argument per input field, named in camelCase: strings, booleans, integers, JSON values
 * and lists of them. A field the REST call requires is non-null, except a UST and current_app,
 * which may come from headers instead. Callbacks (the CLI's questions) are not arguments.
 */
function argumentsOf(t: ArgBuilder, op: AnyOperation) {
  const args: Record<string, unknown> = {};
  for (const [key, codec] of Object.entries(op.input.shape) as [string, Codec<unknown>][]) {
    const required = op.input.required.includes(key) && !codec.credential && key !== "current_app";
    const options = { required, ...(codec.description ? { description: codec.description } : {}) };
    switch (codec.kind) {
      case "string":
        args[camel(key)] = codec.choices ? t.field({ type: enumOf(codec.choices), ...options }) : t.string(options);
        break;
      case "boolean":
        args[camel(key)] = t.boolean(options);
        break;
      case "integer":
        args[camel(key)] = t.int(options);
        break;
      case "json":
        args[camel(key)] = t.field({ type: "JSON", ...options });
        break;
      case "list":
        // Items may be null, as in a REST body: the operation judges them (E008002), not the schema.
        args[camel(key)] = t.field({ type: ["JSON"], ...options, required: { list: required, items: false } });
        break;
      case "callback":
        break;
    }
  }
  return args as Record<string, ReturnType<ArgBuilder["string"]>>;
}

/**
 * A query or mutation (by the operation's kind) whose arguments are the operation's input
 * fields and whose result is its payload or an SsoError with the sub_status REST would report.
 */
export function operationField<S extends Shape, O>(
  name: string,
  op: Operation<S, O>,
  field: { type: ObjectRef<Types, unknown>; description: string },
): void {
  const any = op as unknown as AnyOperation;
  operationFields.set(name, any);
  const keys = new Map(Object.keys(op.input.shape).map((key) => [camel(key), key]));
  const define = op.kind === "query" ? builder.queryField.bind(builder) : builder.mutationField.bind(builder);
  define(name, (t) =>
    t.field({
      type: field.type as never,
      // Nullable: a BAD_REQUEST in one field of a document nulls that field only, not the fields
      // beside it (a login's UST, a change already committed).
      nullable: true,
      description: field.description,
      errors: errorOptions,
      args: builder.args((a) => argumentsOf(a, any)),
      resolve: async (_, args, ctx: GraphQLContext) => {
        const input: Record<string, unknown> = {};
        for (const [arg, value] of Object.entries(args as Record<string, unknown>)) {
          const key = keys.get(arg);
          if (key !== undefined && value !== undefined) input[key] = value;
        }
        // A UST or currentApp neither sent nor in a header: REST's HTTP 400, so a GraphQL error, and nothing else happens.
        if (await requiredAbsent(any, input, ctx.request)) {
          throw new GraphQLError("Bad request", { extensions: { code: "BAD_REQUEST", cid: ctx.request.info.cid } });
        }
        const outcome = await execute(ctx.request, op, input);
        if (outcome.status === "error") {
          // REST's HTTP 400 for a value naming nothing: an ordinary GraphQL error, as its other 400s are.
          if (outcome.badRequest)
            throw new GraphQLError("Bad request", { extensions: { code: "BAD_REQUEST", cid: outcome.cid } });
          throw new SsoFailure(outcome);
        }
        const payload = { cid: outcome.cid, status: outcome.status, subStatus: outcome.subStatus, ...outcome.data };
        return { ...payload, [VIEWER]: outcome.viewer } as never;
      },
    }),
  );
}
