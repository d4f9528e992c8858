import { randomBytes } from "node:crypto";
import argon2 from "argon2";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type CliEnv, cliEnv } from "./support.js";

let cli: CliEnv;
let url: string;
const server = inject("pg");
const name = `t_empty_${randomBytes(6).toString("hex")}`;

async function admin(sql: string) {
  const client = new pg.Client({ ...server, database: "postgres" });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function query<R>(text: string): Promise<R[]> {
  const client = new pg.Client({ ...server, database: name });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  cli = await cliEnv();
  await admin(`CREATE DATABASE ${name}`);
  url = `postgresql://${server.user}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/${name}`;
});
afterAll(async () => {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await cli.close();
});

describe("create-odb", { timeout: 60_000 }, () => {
  it("creates the schema on an empty database and the credential pubapi, printing its password", async () => {
    expect(await query("SELECT 1 FROM pg_tables WHERE tablename = 'sso_user'")).toEqual([]);
    const r = await cli.run(["create-odb"], { env: { DATABASE_URL: url } });
    expect(r.code).toBe(0);
    const match = /^Created basic_auth credential `pubapi` with password `([A-Za-z0-9_-]{32})`\nOK\n$/.exec(r.stdout);
    expect(match).not.toBeNull();
    const migrations = await query<{ migration_name: string; finished_at: Date | null }>(
      `SELECT migration_name, finished_at FROM "_prisma_migrations"`,
    );
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.every((m) => m.finished_at !== null)).toBe(true);
    const [pubapi] = await query<{ password_hash: string; is_active: boolean }>(
      "SELECT password_hash, is_active FROM sso_external_credential WHERE auth_type = 'basic_auth' AND username = 'pubapi'",
    );
    expect(pubapi?.is_active).toBe(true);
    expect(await argon2.verify(pubapi?.password_hash as string, match?.[1] as string)).toBe(true);
  });

  it("changes nothing on an up-to-date database and never changes pubapi", async () => {
    const before = await query("SELECT * FROM sso_external_credential");
    const migrations = await query(`SELECT id, migration_name FROM "_prisma_migrations" ORDER BY id`);
    const r = await cli.run(["create-odb"], { env: { DATABASE_URL: url } });
    expect(r).toMatchObject({ code: 0, stdout: "OK\n", stderr: "" });
    expect(await query("SELECT * FROM sso_external_credential")).toEqual(before);
    expect(await query(`SELECT id, migration_name FROM "_prisma_migrations" ORDER BY id`)).toEqual(migrations);
  });

  it("adds pubapi to a migrated database that lacks it", async () => {
    expect(await cli.query("SELECT 1 FROM sso_external_credential")).toEqual([]);
    const r = await cli.run(["create-odb"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Created basic_auth credential `pubapi` with password `[A-Za-z0-9_-]{32}`\nOK\n$/);
    expect(await cli.query("SELECT username FROM sso_external_credential")).toEqual([{ username: "pubapi" }]);
  });
});
