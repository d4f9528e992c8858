import type { Shape } from "../core/input.js";
import { execute, type Operation } from "../core/operation.js";
import type { GraphQLContext } from "./context.js";
import { type PayloadShape, SsoFailure } from "./errors.js";

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Runs a core operation for a field: arguments arrive in camelCase and are passed on under
 * their REST names; a business failure becomes the field's SsoError.
 */
export async function runOperation<S extends Shape, O>(
  ctx: GraphQLContext,
  op: Operation<S, O>,
  args: Record<string, unknown>,
): Promise<PayloadShape & O> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) if (value !== undefined) input[snake(key)] = value;
  const outcome = await execute(ctx.services, ctx.info, op, input);
  if (outcome.status === "error") throw new SsoFailure(outcome);
  return { cid: outcome.cid, status: outcome.status, subStatus: outcome.subStatus, ...outcome.data };
}
