import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { GraphQLError, Kind, type ValidationRule } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Config } from "../config/index.js";
import { operationFields } from "./operation-field.js";

/**
 * What one GraphQL document may ask (docs/configuration.md, "[graphql]"): a document of 5 000
 * aliases stalled the process for seconds, a 20 000-deep selection overflowed the parser's
 * stack. Tokens are counted while parsing, before anything deep is built; depth, aliases,
 * directives and cost are checked before anything runs. A refusal is a GraphQL error.
 */
export function documentLimits(config: Config): Plugin[] {
  const { max_depth, max_aliases, max_tokens, max_cost, max_directives } = config.graphql;
  return [
    EnvelopArmorPlugin({
      maxTokens: { n: max_tokens },
      maxDepth: { n: max_depth, ignoreIntrospection: true, flattenFragments: true },
      maxAliases: { n: max_aliases },
      maxDirectives: { n: max_directives },
      costLimit: { maxCost: max_cost, ignoreIntrospection: true, flattenFragments: true },
      blockFieldSuggestion: { enabled: false },
    }),
    { onValidate: ({ addValidationRule }) => addValidationRule(oneCredentialCheck) },
  ];
}

/**
 * At most one field that checks a password or a TOTP code per operation: aliases would
 * otherwise try hundreds of guesses in one request.
 */
const oneCredentialCheck: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    const checking = operation.selectionSet.selections.filter(
      (s) => s.kind === Kind.FIELD && operationFields.get(s.name.value)?.checksCredentials,
    );
    if (checking.length > 1) {
      context.reportError(
        new GraphQLError("An operation may check credentials (login, changePassword) in one field only.", {
          nodes: checking,
          extensions: { code: "TOO_MANY_CREDENTIAL_CHECKS" },
        }),
      );
    }
  },
});
