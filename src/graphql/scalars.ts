import { builder } from "./builder.js";

/** Any JSON value: attribute values, map-like results, audit details. */
export const JsonScalar = builder.scalarType("JSON", {
  description: "Any JSON value.",
  serialize: (value) => value,
  parseValue: (value) => value,
});
