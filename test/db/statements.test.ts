import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaredStatements } from "../../src/db/sql.js";
import { freshDatabase } from "../support/database.js";

// Every statement the stores declare is prepared against the migrated schema: SQL that no
// longer matches a table, a column or a type fails here, before any test reaches it.

const CORE = fileURLToPath(new URL("../../src/core", import.meta.url));

/** Every store of the core: `core/<capability>/store.ts`. */
const storeFiles = () =>
  readdirSync(CORE, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(CORE, entry.name, "store.ts"))
    .filter((file) => {
      try {
        return readdirSync(path.dirname(file)).includes("store.ts");
      } catch {
        return false;
      }
    });

let database: Awaited<ReturnType<typeof freshDatabase>>;
let client: pg.Client;

beforeAll(async () => {
  for (const file of storeFiles()) await import(pathToFileURL(file).href);
  database = await freshDatabase();
  client = new pg.Client(database.params);
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await database.drop();
});

describe("store statements", () => {
  it("are declared by every store of the core", () => {
    const stores = storeFiles().map((file) => path.basename(path.dirname(file)));
    expect(stores).toEqual(
      expect.arrayContaining(["users", "sessions", "linked-auth", "audit", "attributes", "password-reset", "throttle"]),
    );
    expect(declaredStatements().length).toBeGreaterThan(30);
  });

  it("each prepare against the migrated schema", async () => {
    const failures: string[] = [];
    for (const [i, text] of declaredStatements().entries()) {
      try {
        await client.query(`PREPARE check_${i} AS ${text}`);
        await client.query(`DEALLOCATE check_${i}`);
      } catch (e) {
        failures.push(`${(e as Error).message}\n  in: ${text.replace(/\s+/g, " ").slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("compare hash columns (char(64)) as they are: a column cast to text is one no index serves", async () => {
    const byHash = declaredStatements().filter((text) => /_hash\s*=/.test(text));
    expect(byHash.length).toBeGreaterThan(1);
    for (const text of byHash) {
      const plan = (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (GENERIC_PLAN) ${text}`)).rows
        .map((r) => r["QUERY PLAN"])
        .join("\n");
      expect(plan, text).not.toMatch(/\(\w+_hash\)::text/);
    }
  });

  it("fail to prepare when they do not match the schema", async () => {
    await expect(client.query("PREPARE check_broken AS SELECT no_such_column FROM sso_user")).rejects.toThrow(/no_such_column/);
  });
});
