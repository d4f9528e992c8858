import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import type { TestGateway } from "./gateway.js";

export interface GraphQLAnswer<T> {
  /** HTTP status of the answer. */
  status: number;
  data: T | null | undefined;
  errors: { message: string; extensions?: Record<string, unknown> }[] | undefined;
  /** The `X-Zato-CID` response header. */
  cid: string | null;
}

/** Sends a typed operation (test/graphql/documents, compiled by `npm run codegen`) to the gateway. */
export async function gql<TResult, TVariables>(
  gw: TestGateway,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  headers: Record<string, string> = {},
): Promise<GraphQLAnswer<TResult>> {
  const answer = await gw.graphql(print(document), (variables ?? {}) as Record<string, unknown>, headers);
  const body = (answer.body ?? {}) as { data?: TResult | null; errors?: GraphQLAnswer<TResult>["errors"] };
  return { status: answer.status, data: body.data, errors: body.errors, cid: answer.headers.get("x-zato-cid") };
}

/** Narrows a union result to the member named `typename`, failing the test otherwise. */
export function as<T extends { __typename: string }, N extends T["__typename"]>(
  value: T | null | undefined,
  typename: N,
): Extract<T, { __typename: N }> {
  if (!value || value.__typename !== typename) {
    throw new Error(`expected ${typename}, got ${JSON.stringify(value)}`);
  }
  return value as Extract<T, { __typename: N }>;
}
