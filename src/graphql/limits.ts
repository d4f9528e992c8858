import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import {
  type FieldNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
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
      maxAliases: { n: max_aliases, allowList: [] },
      maxDirectives: { n: max_directives },
      costLimit: { maxCost: max_cost, ignoreIntrospection: true, flattenFragments: true },
      blockFieldSuggestion: { enabled: false },
    }),
    {
      onValidate: ({ addValidationRule }) => {
        addValidationRule(oneCredentialCheck);
        addValidationRule(oneSchemaIntrospection);
      },
    },
  ];
}

/** The fields an operation selects at its root, those its fragments (inline or named, nested or not) add included. */
function rootFields(context: ValidationContext, operation: OperationDefinitionNode): FieldNode[] {
  const fields: FieldNode[] = [];
  const spread = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!spread.has(selection.name.value)) {
        spread.add(selection.name.value);
        const fragment = context.getFragment(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return fields;
}

/**
 * At most one field that checks a password or a TOTP code per operation, wherever it is written
 * (fragments too): aliases would otherwise try hundreds of guesses in one request.
 */
const oneCredentialCheck: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    const checking = rootFields(context, operation).filter((f) => operationFields.get(f.name.value)?.checksCredentials);
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

/**
 * At most one `__schema` per operation. The depth and cost limits leave introspection out (GraphiQL
 * needs it whole), and fifteen aliased copies of it cost anyone a third of a second of the event loop.
 */
const oneSchemaIntrospection: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    const schemas = rootFields(context, operation).filter((f) => f.name.value === "__schema");
    if (schemas.length > 1) {
      context.reportError(
        new GraphQLError("An operation may introspect the schema (__schema) once only.", {
          nodes: schemas,
          extensions: { code: "TOO_MANY_INTROSPECTIONS" },
        }),
      );
    }
  },
});
