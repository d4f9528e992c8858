import { createServer } from "node:http";
import { createSchema, createYoga } from "graphql-yoga";
import { announce, sessionLookup } from "./session-lookup.js";

/** Baseline for GraphQL: a bare graphql-yoga resolving one field with the same SELECT. */
const lookup = sessionLookup();

const yoga = createYoga({
  schema: createSchema({
    typeDefs: /* GraphQL */ `
      type User {
        userId: String!
        username: String!
      }
      type Query {
        currentUser(ust: String!): User
      }
    `,
    resolvers: {
      Query: {
        currentUser: async (_: unknown, { ust }: { ust: string }) => {
          const row = (await lookup.find([ust])).get(lookup.hash(ust));
          return row ? { userId: row.user_id, username: row.username } : null;
        },
      },
    },
  }),
  graphqlEndpoint: "/graphql",
  landingPage: false,
  logging: false,
});

const server = createServer(yoga);
server.listen(Number(process.env.PORT), "127.0.0.1", () => announce(server, () => lookup.close()));
