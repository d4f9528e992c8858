// The Prisma CLI takes adapter-pg 7.10 (an npm alias): 6.19's, which the gateway's own client
// uses, cannot read PostgreSQL's `name` type in the migration tables ("Column type 'name' could
// not be deserialized"; checked with 6.19.3, the latest 6.x).
import { PrismaPg } from "@prisma/adapter-pg-migrate";
import { parse } from "pg-connection-string";
import { defineConfig } from "prisma/config";

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * adapter-pg's executeScript splits a migration on every `;`, which cuts PL/pgSQL bodies
 * (`$$ … ; … $$`) and string literals apart, so `prisma migrate deploy` fails on such
 * migrations. PostgreSQL's simple query protocol runs a whole script in one round trip, as
 * Prisma's native engine and our own migrator (src/db/migrate.ts) do.
 */
function wholeScripts(adapter: Adapter): Adapter {
  const queryable = adapter as unknown as { client: { query(sql: string): Promise<unknown> }; onError(e: unknown): never };
  adapter.executeScript = async (script: string) => {
    try {
      await queryable.client.query(script);
    } catch (e) {
      queryable.onError(e);
    }
  };
  return adapter;
}

class PrismaPgScripts extends PrismaPg {
  override async connect() {
    return wholeScripts(await super.connect());
  }
  override async connectToShadowDb() {
    return wholeScripts(await super.connectToShadowDb());
  }
}

// The Prisma CLI runs its schema engine on WASM through this adapter: the native engine
// would be downloaded on first use, which these build machines cannot do.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is required for this Prisma command");
    const { host, port, user, password, database } = parse(url);
    return new PrismaPgScripts({
      host: host ?? undefined,
      port: port ? Number(port) : undefined,
      user,
      password,
      database: database ?? undefined,
      allowExitOnIdle: true,
    });
  },
});
