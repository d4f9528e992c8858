import { lexicographicSortSchema, printSchema } from "graphql";
import { builder } from "./builder.js";
import "./attributes.js";
import "./audit.js";
import "./errors.js";
import "./events.js";
import "./graph.js";
import "./linked-auth.js";
import "./password-reset.js";
import "./signup.js";
import "./session.js";
import "./user.js";

export const schema = builder.toSchema();

/** The schema as committed in schema.graphql. */
export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;
