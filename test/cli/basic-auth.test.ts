import argon2 from "argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, cliEnv, OPERATOR, utcMs } from "./support.js";

let cli: CliEnv;
beforeAll(async () => {
  cli = await cliEnv();
});
afterAll(() => cli.close());

const credential = async (username: string) =>
  (await cli.query("SELECT * FROM sso_external_credential WHERE auth_type = 'basic_auth' AND username = $1", [username]))[0];

async function linkTo(credentialName: string, username: string) {
  await cli.query(
    `INSERT INTO sso_linked_auth (user_id, credential_id, auth_type, is_active, is_internal, creation_time, last_modified)
     SELECT u.id, c.id, 'basic_auth', true, false, now(), now() FROM sso_user u, sso_external_credential c
      WHERE u.username = $1 AND c.username = $2`,
    [username, credentialName],
  );
}

async function addSession(username: string, sessionId: string, extSessionId: string | null) {
  await cli.query(
    `INSERT INTO sso_session (session_id, ust_hash, user_id, creation_time, expiration_time, remote_addr, user_agent,
       auth_type, auth_principal, ext_session_id, state_change_list)
     SELECT $2::text, md5($2::text) || md5($2::text), id, now(), now() + interval '1 hour', '127.0.0.1', null, 'basic_auth', $1, $3, '[]'
       FROM sso_user WHERE username = $1`,
    [username, sessionId, extSessionId],
  );
}

describe("create-basic-auth", { timeout: 60_000 }, () => {
  it("creates an active credential with an argon2id PHC hash, never sealed", async () => {
    const r = await cli.run(["create-basic-auth", "crm-api", "--password", "any"]);
    expect(r).toMatchObject({ code: 0, stdout: "Created basic_auth credential `crm-api`\n", stderr: "" });
    const row = await credential("crm-api");
    expect(row).toMatchObject({ is_active: true, auth_type: "basic_auth" });
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(await argon2.verify(row?.password_hash as string, "any")).toBe(true);
    const [record] = await cli.audit("basic_auth.create");
    expect(record).toMatchObject({
      outcome: "ok",
      actor_user_id: `cli:${OPERATOR}`,
      current_app: "zato-cli",
      details: { auth_username: "crm-api" },
    });
    expect(JSON.stringify(record)).not.toContain(row?.password_hash as string);
  });

  it("creates an inactive credential with --inactive", async () => {
    expect((await cli.run(["create-basic-auth", "batch", "--password", "secret", "--inactive"])).code).toBe(0);
    expect((await credential("batch"))?.is_active).toBe(false);
  });

  it("refuses a taken name with exit 20, before any password is needed", async () => {
    const before = await credential("crm-api");
    const r = await cli.run(["create-basic-auth", "crm-api"]);
    expect(r).toMatchObject({ code: 20, stdout: "", stderr: "basic_auth credential already exists `crm-api`\n" });
    expect(await credential("crm-api")).toEqual(before);
  });

  it("refuses an empty password and a name that Basic Auth cannot carry with exit 21", async () => {
    const empty = await cli.run(["create-basic-auth", "new-one", "--password", ""]);
    expect(empty).toMatchObject({ code: 21, stderr: "Password validation error, reason code:`E003002`\n" });
    const colon = await cli.run(["create-basic-auth", "a:b", "--password", "x"]);
    expect(colon).toMatchObject({ code: 21, stderr: "Validation error, reason code:`E008002`\n" });
    expect(await credential("new-one")).toBeUndefined();
    expect(await credential("a:b")).toBeUndefined();
  });

  it("needs --password when not on a terminal: exit 29", async () => {
    const r = await cli.run(["create-basic-auth", "new-one"], { input: "pw\npw\n" });
    expect(r).toMatchObject({ code: 29, stderr: "Option --password is required when not running interactively\n" });
    expect(await credential("new-one")).toBeUndefined();
  });
});

describe("change-basic-auth-password", { timeout: 60_000 }, () => {
  it("replaces the password", async () => {
    const before = await credential("crm-api");
    const r = await cli.run(["change-basic-auth-password", "crm-api", "--password", "other"]);
    expect(r).toMatchObject({ code: 0, stdout: "Changed password for basic_auth credential `crm-api`\n", stderr: "" });
    const after = await credential("crm-api");
    expect(await argon2.verify(after?.password_hash as string, "other")).toBe(true);
    expect(await argon2.verify(after?.password_hash as string, "any")).toBe(false);
    expect(utcMs(after?.last_modified)).toBeGreaterThan(utcMs(before?.last_modified));
    expect(await cli.audit("basic_auth.change_password")).toMatchObject([
      { outcome: "ok", details: { auth_username: "crm-api" } },
    ]);
  });

  it("reports an unknown credential with exit 22", async () => {
    const r = await cli.run(["change-basic-auth-password", "nobody", "--password", "x"]);
    expect(r).toMatchObject({ code: 22, stdout: "", stderr: "No such basic_auth credential `nobody`\n" });
    expect((await cli.audit("basic_auth.change_password")).at(-1)).toMatchObject({ outcome: "error", sub_status: ["E008001"] });
  });
});

describe("list-basic-auth", { timeout: 60_000 }, () => {
  it("prints one JSON object per credential, ordered by name, with the linked user", async () => {
    expect((await cli.run(["create-user", "owner", "--password", "hQ9nl93UDqGus"])).code).toBe(0);
    await linkTo("crm-api", "owner");
    const owner = await cli.user("owner");
    const r = await cli.run(["list-basic-auth"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const lines = r.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { auth_type: "basic_auth", username: "batch", is_active: false, creation_time: expect.any(String), linked_user_id: null },
      {
        auth_type: "basic_auth",
        username: "crm-api",
        is_active: true,
        creation_time: expect.any(String),
        linked_user_id: owner?.user_id,
      },
    ]);
    expect(lines[0].creation_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
    expect(await cli.audit("basic_auth.get_list")).toMatchObject([{ outcome: "ok", details: { count: 2 } }]);
  });
});

describe("delete-basic-auth", { timeout: 60_000 }, () => {
  it("keeps the credential on n", async () => {
    const r = await cli.run(["delete-basic-auth", "crm-api"], { input: "no\nn\n" });
    expect(r).toMatchObject({
      code: 0,
      stdout: `${"Delete basic_auth credential? `crm-api` [y/n] ".repeat(2)}basic_auth credential \`crm-api\` kept intact\n`,
    });
    expect(await credential("crm-api")).toBeDefined();
  });

  it("deletes on y with its link and the sessions created through it, and no other session", async () => {
    const row = await credential("crm-api");
    await addSession("owner", "zses-through-credential", `basic_auth.${row?.id}`);
    await addSession("owner", "zses-other-login", null);
    const owner = await cli.user("owner");
    const r = await cli.run(["delete-basic-auth", "crm-api"], { input: "y\n" });
    expect(r).toMatchObject({
      code: 0,
      stdout: "Delete basic_auth credential? `crm-api` [y/n] Deleted basic_auth credential `crm-api`\n",
    });
    expect(await credential("crm-api")).toBeUndefined();
    expect(await cli.query("SELECT 1 FROM sso_linked_auth WHERE credential_id = $1", [row?.id])).toEqual([]);
    expect(await cli.query("SELECT session_id FROM sso_session")).toEqual([{ session_id: "zses-other-login" }]);
    expect(await cli.user("owner")).toBeDefined();
    expect((await cli.audit("basic_auth.delete")).at(-1)).toMatchObject({
      outcome: "ok",
      target_user_id: owner?.user_id,
      details: { auth_username: "crm-api", sessions_deleted: 1 },
    });
  });

  it("deletes without asking with --yes", async () => {
    expect(await cli.run(["delete-basic-auth", "batch", "--yes"])).toMatchObject({
      code: 0,
      stdout: "Deleted basic_auth credential `batch`\n",
    });
    expect(await credential("batch")).toBeUndefined();
  });

  it("reports an unknown credential with exit 22 before asking", async () => {
    const r = await cli.run(["delete-basic-auth", "crm-api"], { input: "y\n" });
    expect(r).toMatchObject({ code: 22, stdout: "", stderr: "No such basic_auth credential `crm-api`\n" });
  });
});
