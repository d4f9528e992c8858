import { PrismaPg } from "@prisma/adapter-pg";
import { parse } from "pg-connection-string";
import { defineConfig } from "prisma/config";

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
    return new PrismaPg({
      host: host ?? undefined,
      port: port ? Number(port) : undefined,
      user,
      password,
      database: database ?? undefined,
      allowExitOnIdle: true,
    });
  },
});
