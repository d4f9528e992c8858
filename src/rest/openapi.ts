import { readFileSync } from "node:fs";
import type { Config } from "../config/index.js";
import type { Codec } from "../core/input.js";
import type { AnyOperation } from "../core/operation.js";
import { CATALOG, type Code } from "../core/status.js";
import { type Answer, COMPONENTS, type Schema } from "./answers.js";
import { type Route, routes } from "./routes.js";

// An OpenAPI 3.1 description of Zato's REST paths, made from the route table and each
// operation's input declaration: a Zato client can be generated from it, and it cannot drift.

const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

const FIELD: Record<Codec<unknown>["kind"], Schema | undefined> = {
  string: { type: "string" },
  boolean: { type: "boolean", description: "Also one of Zato's words: true yes on y t 1 / false no off n f 0." },
  integer: { type: "integer" },
  list: { type: "array", items: {} },
  json: {},
  callback: undefined,
};

const camel = (name: string) => name.replace(/[._]([a-z])/g, (_, c: string) => c.toUpperCase());

/** The input fields of the operations behind a route, and which are required whichever applies. */
function fieldsOf(ops: AnyOperation[]) {
  const fields = new Map<string, Codec<unknown>>();
  for (const op of ops) for (const [key, codec] of Object.entries(op.input.shape)) if (FIELD[codec.kind]) fields.set(key, codec);
  // A UST and current_app may come from headers instead: never required in the query or body.
  const required = [...fields.keys()].filter(
    (key) => ops.every((op) => op.input.required.includes(key)) && !fields.get(key)?.credential && key !== "current_app",
  );
  return { fields, required };
}

const schemaOf = (codec: Codec<unknown>): Schema => ({
  ...FIELD[codec.kind],
  ...(codec.credential ? { description: "A UST; absent: the X-Zato-SSO-UST header." } : {}),
  ...(codec.description ? { description: codec.description } : {}),
});

/** The success envelope with the fields an answer carries. */
function success(answer: Answer): Schema {
  const envelope = { $ref: "#/components/schemas/Envelope" };
  if ("allOf" in answer || "anyOf" in answer) return { allOf: [envelope, answer] };
  const keys = Object.keys(answer);
  if (keys.length === 0) return envelope;
  return { allOf: [envelope, { type: "object", properties: answer, required: keys }] };
}

function codesOf(ops: AnyOperation[]): string {
  const lines = ops.flatMap((op) =>
    Object.entries(op.codes ?? {}).map(([code, when]) => `- \`${code}\` (${CATALOG[code as Code].name}): ${when}`),
  );
  return lines.length > 0 ? `\n\nCodes of this call (besides the pre-check and the caller's session):\n${lines.join("\n")}` : "";
}

function operationObject(route: Route, appHeader: string, ids: Set<string>): Schema {
  const ops = [route.op, ...(route.variant ? [route.variant.op] : [])];
  const { fields, required } = fieldsOf(ops);
  let id = camel(route.op.name);
  if (ids.has(id)) id = camel(`${route.op.name}_${route.path.split("/").slice(3).join("_")}`);
  ids.add(id);
  const headers = [
    ...(ops.some((op) => Object.values(op.input.shape).some((c) => c.credential))
      ? [
          {
            name: "X-Zato-SSO-UST",
            in: "header",
            required: false,
            schema: { type: "string" },
            description: "The UST, when absent from the parameters.",
          },
        ]
      : []),
    {
      name: appHeader,
      in: "header",
      required: false,
      schema: { type: "string" },
      description: "current_app, when absent from the parameters.",
    },
  ];
  const inQuery = route.method === "GET";
  const parameters = inQuery
    ? [
        ...[...fields].map(([key, codec]) => ({
          name: key,
          in: "query",
          required: required.includes(key),
          schema: schemaOf(codec),
          ...(codec.kind === "list" ? { style: "form", explode: true } : {}),
        })),
        ...headers,
      ]
    : headers;
  const body = {
    required: false,
    description: "Parameters may also be sent in the query string, which wins; keys a call does not define are ignored.",
    content: {
      "application/json": {
        schema: {
          type: "object",
          properties: Object.fromEntries([...fields].map(([key, codec]) => [key, schemaOf(codec)])),
          required,
        },
      },
    },
  };
  const answer = route.variant ? { anyOf: [success(route.answer), success(route.variant.answer)] } : success(route.answer);
  const plain = (description: string) => ({
    description,
    content: { "application/json": { schema: { $ref: "#/components/schemas/PlainError" } } },
  });
  const refused = (description: string, retry = false) => ({
    description,
    ...(retry ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } } : {}),
    content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorEnvelope" } } },
  });
  return {
    operationId: id,
    summary: route.variant
      ? `Operation ${route.op.name} (${route.variant.otherwise}), or ${route.variant.op.name} (${route.variant.given})`.replaceAll(
          "`",
          "",
        )
      : `Operation ${route.op.name}`,
    description: `Audited as \`${route.op.name}\`${route.variant ? ` (or, ${route.variant.given}, \`${route.variant.op.name}\`)` : ""}.${codesOf(ops)}`,
    parameters,
    ...(inQuery ? {} : { requestBody: body }),
    responses: {
      "200": {
        description: "Success (`ok`, or `warning` with `sub_status`), or the current_app pre-check failing (`error`).",
        content: { "application/json": { schema: { oneOf: [answer, { $ref: "#/components/schemas/ErrorEnvelope" }] } } },
      },
      "400": plain("A required parameter is absent, or the body is not a JSON object."),
      "403": refused("A business failure: `status` `error` with its codes in `sub_status`."),
      "405": plain("The path does not serve this method."),
      "413": plain("The body is larger than 1 MiB."),
      "429": refused(
        'Refused by the brute-force defence, with `[brute_force] inform` only (docs/rules.md, "Brute-force defence").',
        true,
      ),
      "503": {
        description:
          "Every core is busy hashing passwords and the queue is full (the envelope), or the database gave no connection or answer within the `[database]` time limits (`Service unavailable`).",
        headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } },
        content: {
          "application/json": {
            schema: { oneOf: [{ $ref: "#/components/schemas/ErrorEnvelope" }, { $ref: "#/components/schemas/PlainError" }] },
          },
        },
      },
      "500": plain("An unexpected failure (never with a stack trace)."),
    },
  };
}

/** The OpenAPI 3.1 document of every REST path. */
export function openApiDocument(config: Config): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  const ids = new Set<string>();
  for (const route of routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, Schema>)[route.method.toLowerCase()] = operationObject(
      route,
      config.apps.http_header,
      ids,
    );
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "SSO identity gateway: Zato SSO REST API",
      version: VERSION,
      description:
        "Zato SSO's REST paths, fields, envelope and codes. Every call answers `{cid, status, [sub_status], ...fields}`; " +
        "the codes are in docs/status-codes.md and the rules in docs/rules.md.",
    },
    paths,
    components: {
      schemas: {
        ...COMPONENTS,
        Envelope: {
          type: "object",
          properties: {
            cid: { type: "string", pattern: "^[0-9a-f]{24}$" },
            status: { type: "string", enum: ["ok", "warning"] },
            sub_status: { type: "array", items: { type: "string" }, description: "Present when status is warning." },
          },
          required: ["cid", "status"],
        },
        ErrorEnvelope: {
          type: "object",
          properties: {
            cid: { type: "string", pattern: "^[0-9a-f]{24}$" },
            status: { const: "error" },
            sub_status: { type: "array", items: { type: "string", enum: Object.keys(CATALOG) }, minItems: 1 },
          },
          required: ["cid", "status", "sub_status"],
        },
        PlainError: {
          type: "object",
          properties: { result: { const: "Error" }, cid: { type: "string" }, details: { type: "string" } },
          required: ["result", "cid", "details"],
        },
      },
    },
  };
}
