import type { Call } from "./context.js";

/**
 * Operations of the `sso` CLI act as the operator: no session, no current_app pre-check.
 * They are never routed to REST or GraphQL; this guard keeps it so.
 */
export function requireOperator(call: Call): string {
  const operator = call.request.operator;
  if (!operator) throw new Error("operator-only operation called without an operator");
  return operator;
}
