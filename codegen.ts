import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed operations for the tests: each document in test/graphql becomes a TypedDocumentNode.
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["test/graphql/**/*.graphql"],
  generates: {
    "test/generated/graphql.ts": {
      plugins: ["typescript", "typescript-operations", "typed-document-node"],
      config: { useTypeImports: true, enumsAsTypes: true, avoidOptionals: false, skipTypename: false },
    },
  },
};

export default config;
