import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminGateway, auditRows, expectNoSecretsInAudit, loginAs, makeUser, send, startAdmin } from "../support/admin.js";
import {
  ADMIN_PASSWORD,
  expectFailure,
  expectOk,
  expectPlainError,
  ms,
  PASSWORD,
  sessionsOf,
  userRow,
} from "../support/fixtures.js";
import { APP, startGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";
import { expectUnchanged } from "../support/state.js";

// DELETE /zato/sso/user, deleteUserByUsername (GraphQL), POST/DELETE /zato/sso/user/lock
// (docs/rest.md; docs/rules.md, "Deleting users", "Locking users").

let a: AdminGateway;
let userUst: string;

beforeAll(async () => {
  a = await startAdmin();
  await makeUser(a, { username: "plain" });
  userUst = await loginAs(a, "plain");
});
afterAll(() => a.gw.close());

const del = (params: Record<string, unknown>, ust = a.adminUst) =>
  send(a.gw, "DELETE", "/zato/sso/user", { ust, current_app: APP, ...params });

const DELETE_BY_USERNAME = `mutation ($ust: String, $username: String!) {
  deleteUserByUsername(ust: $ust, currentApp: "CRM", username: $username) {
    __typename
    ... on EmptyPayload { status subStatus }
    ... on SsoError { status subStatus }
  }
}`;
const deleteByUsername = async (username: string, ust = a.adminUst) => {
  const r = await a.gw.graphql(DELETE_BY_USERNAME, { ust, username });
  expect(r.body.errors, r.text).toBeUndefined();
  return (r.body.data as { deleteUserByUsername: { __typename: string; status: string; subStatus: string[] } })
    .deleteUserByUsername;
};

const exists = async (userId: string) => (await a.gw.query("SELECT 1 FROM sso_user WHERE user_id = $1", [userId])).length === 1;

/** A user with a session, a session attribute, a user attribute, a password-reset row and a linked credential. */
async function userWithEverything() {
  const username = unique("full");
  const userId = await makeUser(a, { username });
  await loginAs(a, username);
  await loginAs(a, username);
  const [session] = await sessionsOf(a.gw, username);
  const [{ id }] = (await a.gw.query("SELECT id::text AS id FROM sso_user WHERE user_id = $1", [userId])) as [{ id: string }];
  await a.gw.query(
    `INSERT INTO sso_attr (user_id, session_id, is_session_attr, scope_key, name, value, is_encrypted, serial_method,
       creation_time, last_modified, expiration_time)
     SELECT s.user_id, s.id, true, s.session_id, 'session-colour', '"blue"', false, 'json', now(), now(), '9999-12-31'
       FROM sso_session s WHERE s.session_id = $1`,
    [session?.session_id],
  );
  await a.gw.query(
    `INSERT INTO sso_attr (user_id, is_session_attr, scope_key, name, value, is_encrypted, serial_method,
       creation_time, last_modified, expiration_time)
     VALUES ($1, false, '', 'user-colour', '"red"', false, 'json', now(), now(), '9999-12-31')`,
    [id],
  );
  await a.gw.query(
    `INSERT INTO sso_password_reset (user_id, token_hash, type_, creation_time, expiration_time, creation_ctx,
       has_been_accessed, is_password_reset)
     VALUES ($1, md5($2) || md5($2), 'prt', now(), now() + interval '1 day', '{}', false, false)`,
    [id, username],
  );
  const [cred] = (await a.gw.query(
    `INSERT INTO sso_external_credential (auth_type, username, password_hash, is_active, creation_time, last_modified)
     VALUES ('basic_auth', $1, 'x', true, now(), now()) RETURNING id::text AS id`,
    [`ext-${username}`],
  )) as [{ id: string }];
  await a.gw.query(
    `INSERT INTO sso_linked_auth (user_id, credential_id, auth_type, is_active, is_internal, creation_time, last_modified)
     VALUES ($1, $2, 'basic_auth', true, false, now(), now())`,
    [id, cred.id],
  );
  return { username, userId, id, credentialId: cred.id };
}

async function belongings(id: string) {
  const count = async (sql: string) => Number(((await a.gw.query(sql, [id])) as [{ n: string }])[0].n);
  return {
    sessions: await count("SELECT count(*) AS n FROM sso_session WHERE user_id = $1"),
    sessionAttrs: await count("SELECT count(*) AS n FROM sso_attr WHERE user_id = $1 AND is_session_attr"),
    userAttrs: await count("SELECT count(*) AS n FROM sso_attr WHERE user_id = $1 AND NOT is_session_attr"),
    resets: await count("SELECT count(*) AS n FROM sso_password_reset WHERE user_id = $1"),
    links: await count("SELECT count(*) AS n FROM sso_linked_auth WHERE user_id = $1"),
  };
}

describe("delete: DELETE /zato/sso/user", () => {
  it("deletes the user with sessions, session and user attributes, reset tokens and links, and keeps the audit records", async () => {
    const u = await userWithEverything();
    expect(await belongings(u.id)).toEqual({ sessions: 2, sessionAttrs: 1, userAttrs: 1, resets: 1, links: 1 });
    await a.gw.services.audit.flush();
    const auditBefore = await a.gw.query("SELECT id FROM sso_audit_log WHERE target_user_id = $1 ORDER BY id", [u.userId]);
    expect(auditBefore.length).toBeGreaterThan(0);

    const r = await del({ user_id: u.userId });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });

    expect(await exists(u.userId)).toBe(false);
    expect(await belongings(u.id)).toEqual({ sessions: 0, sessionAttrs: 0, userAttrs: 0, resets: 0, links: 0 });
    // The external credential itself stays; only the link goes.
    expect(await a.gw.query("SELECT 1 FROM sso_external_credential WHERE id = $1", [u.credentialId])).toHaveLength(1);
    await a.gw.services.audit.flush();
    const auditAfter = await a.gw.query("SELECT id FROM sso_audit_log WHERE target_user_id = $1 ORDER BY id", [u.userId]);
    expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
    expect(auditAfter).toHaveLength(auditBefore.length + 1);
  });

  it("leaves nothing for search to find (Zato's own scenario)", async () => {
    const userId = await makeUser(a, { username: unique("gone") });
    expectOk(await del({ user_id: userId }));
    const r = await send(a.gw, "GET", "/zato/sso/user/search", { ust: a.adminUst, current_app: APP, user_id: userId });
    expect(expectOk(r)).toMatchObject({ total: 0, result: [] });
  });

  it("frees the username: a new user may take it", async () => {
    const username = unique("reuse");
    const userId = await makeUser(a, { username });
    expectOk(await del({ user_id: userId }));
    const again = await makeUser(a, { username });
    expect(again).not.toBe(userId);
  });

  it("lets a super-user delete another super-user", async () => {
    const userId = await a.gw.createUser(unique("boss"), PASSWORD, { superUser: true });
    expectOk(await del({ user_id: userId }));
    expect(await exists(userId)).toBe(false);
  });

  it("answers E008003 when user_id is absent or empty [gateway]", async () => {
    await expectUnchanged(a.gw, async () => {
      expectFailure(await del({}), "E008003");
      expectFailure(await del({ user_id: "" }), "E008003");
      expectFailure(await del({ user_id: null }), "E008003");
    });
  });

  it("answers E008001 for an unknown user [gateway] and for the caller's own account", async () => {
    await expectUnchanged(a.gw, async () => {
      expectFailure(await del({ user_id: "zusr00000000000000000000000000" }), "E008001");
      expectFailure(await del({ user_id: a.adminId }), "E008001");
    });
    expect(await exists(a.adminId)).toBe(true);
  });

  it("answers E005001 to a regular user, even for their own account", async () => {
    const victim = await makeUser(a, { username: unique("victim") });
    const [me] = (await a.gw.query("SELECT user_id FROM sso_user WHERE username = 'plain'")) as [{ user_id: string }];
    await expectUnchanged(a.gw, async () => {
      expectFailure(await del({ user_id: victim }, userUst), "E005001");
      expectFailure(await del({ user_id: me.user_id }, userUst), "E005001");
    });
  });

  it("answers E007001 for an invalid UST, before looking at user_id", async () => {
    expectFailure(await del({ user_id: "zusr00000000000000000000000000" }, "zust-nothing"), "E007001");
    expectFailure(await del({}, "zust-nothing"), "E007001");
  });

  it("answers HTTP 400 when ust is absent, and 200 E004001 for an unknown current_app", async () => {
    expectPlainError(await send(a.gw, "DELETE", "/zato/sso/user", { current_app: APP, user_id: a.adminId }), 400, "Bad request");
    expectFailure(
      await send(a.gw, "DELETE", "/zato/sso/user", { ust: a.adminUst, current_app: "X", user_id: "z" }),
      "E004001",
      200,
    );
  });

  it("reads user_id from the query string too", async () => {
    const userId = await makeUser(a, { username: unique("qs") });
    const r = await a.gw.rest("DELETE", "/zato/sso/user", { query: { ust: a.adminUst, current_app: APP, user_id: userId } });
    expectOk(r);
    expect(await exists(userId)).toBe(false);
  });
});

describe("delete: deleteUserByUsername (GraphQL only, the rules of deleteUserById)", () => {
  it("deletes the user and everything that is theirs", async () => {
    const u = await userWithEverything();
    expect(await deleteByUsername(u.username)).toEqual({ __typename: "EmptyPayload", status: "ok", subStatus: [] });
    expect(await exists(u.userId)).toBe(false);
    expect(await belongings(u.id)).toEqual({ sessions: 0, sessionAttrs: 0, userAttrs: 0, resets: 0, links: 0 });
  });

  it("answers E008001 for an unknown username and for the caller's own", async () => {
    await expectUnchanged(a.gw, async () => {
      expect(await deleteByUsername("nobody-here")).toMatchObject({ status: "error", subStatus: ["E008001"] });
      expect(await deleteByUsername("admin1")).toMatchObject({ status: "error", subStatus: ["E008001"] });
    });
  });

  it("answers E008003 for an empty username", async () => {
    expect(await deleteByUsername("")).toMatchObject({ status: "error", subStatus: ["E008003"] });
  });

  it("answers E005001 to a regular user and E007001 for an invalid UST", async () => {
    await expectUnchanged(a.gw, async () => {
      expect(await deleteByUsername("admin1", userUst)).toMatchObject({ status: "error", subStatus: ["E005001"] });
      expect(await deleteByUsername("plain", "zust-nothing")).toMatchObject({ status: "error", subStatus: ["E007001"] });
    });
  });

  it("matches the username exactly", async () => {
    await makeUser(a, { username: "CaseUser" });
    expect(await deleteByUsername("caseuser")).toMatchObject({ status: "error", subStatus: ["E008001"] });
    expect(await deleteByUsername("CaseUser")).toMatchObject({ status: "ok" });
  });

  it("records the operation and the username given", async () => {
    const username = unique("audited");
    const userId = await makeUser(a, { username });
    await deleteByUsername(username);
    const rows = await auditRows(a.gw);
    expect(rows.at(-1)).toMatchObject({
      op: "user.delete_user_by_username",
      outcome: "ok",
      target_username: username,
      target_user_id: userId,
      actor_user_id: a.adminId,
    });
  });
});

describe("lock and unlock", () => {
  const lock = (userId: unknown, ust = a.adminUst) =>
    send(a.gw, "POST", "/zato/sso/user/lock", { ust, current_app: APP, user_id: userId });
  const unlock = (userId: unknown, ust = a.adminUst) =>
    send(a.gw, "DELETE", "/zato/sso/user/lock", { ust, current_app: APP, user_id: userId });

  it("locks: is_locked, locked_time now, locked_by the super-user; the user's sessions fail E005002 but stay", async () => {
    const username = unique("lockme");
    const userId = await makeUser(a, { username });
    const ust = await loginAs(a, username);
    a.gw.clock.advance(3_600_000 / 2);
    const at = a.gw.clock.now().getTime();
    const r = await lock(userId);
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    const row = await userRow(a.gw, username);
    expect(row).toMatchObject({ is_locked: true, locked_by: a.adminId });
    const [view] = (await a.gw.query("SELECT locked_time::text AS t FROM sso_user WHERE user_id = $1", [userId])) as [
      { t: string },
    ];
    expect(Math.abs(ms(view.t.replace(" ", "T")) - at)).toBeLessThan(2_000);
    expectFailure(await send(a.gw, "GET", "/zato/sso/user", { ust, current_app: APP }), "E005002");
    expect(await sessionsOf(a.gw, username)).toHaveLength(1);
    const login = await send(a.gw, "POST", "/zato/sso/user/login", { username, password: PASSWORD, current_app: APP });
    expectFailure(login, "E005002");
  });

  it("unlocks: is_locked false, a new locked_time and locked_by; the sessions work again", async () => {
    const username = unique("unlockme");
    const userId = await makeUser(a, { username });
    const ust = await loginAs(a, username);
    expectOk(await lock(userId));
    const locked = await userRow(a.gw, username);
    a.gw.clock.advance(60_000);
    const other = await a.gw.createUser(unique("admin"), PASSWORD, { superUser: true });
    const otherUst = await loginAs(
      a,
      (await a.gw.query("SELECT username FROM sso_user WHERE user_id = $1", [other]))[0]?.username as string,
    );
    expectOk(await unlock(userId, otherUst));
    const row = await userRow(a.gw, username);
    expect(row).toMatchObject({ is_locked: false, locked_by: other });
    expect((row.locked_time as Date).getTime()).toBeGreaterThan((locked.locked_time as Date).getTime());
    expectOk(await send(a.gw, "GET", "/zato/sso/user", { ust, current_app: APP }));
  });

  it("allows locking a locked user and unlocking an unlocked one", async () => {
    const username = unique("twice");
    const userId = await makeUser(a, { username });
    expectOk(await unlock(userId));
    expect(await userRow(a.gw, username)).toMatchObject({ is_locked: false, locked_by: a.adminId });
    expectOk(await lock(userId));
    expectOk(await lock(userId));
    expect((await userRow(a.gw, username)).is_locked).toBe(true);
  });

  it("changes nothing for an unknown user_id and reports ok", async () => {
    await expectUnchanged(a.gw, async () => {
      expectOk(await lock("zusr00000000000000000000000000"));
      expectOk(await unlock("zusr00000000000000000000000000"));
    });
  });

  it("lets a super-user lock themselves, after which their own session fails E005002", async () => {
    const username = unique("selflock");
    const userId = await a.gw.createUser(username, PASSWORD, { superUser: true });
    const ust = await loginAs(a, username);
    expectOk(await lock(userId, ust));
    expect(await userRow(a.gw, username)).toMatchObject({ is_locked: true, locked_by: userId });
    expectFailure(await unlock(userId, ust), "E005002");
  });

  it("answers E005001 to a regular user and E007001 for an invalid UST", async () => {
    const target = await makeUser(a, { username: unique("target") });
    await expectUnchanged(a.gw, async () => {
      expectFailure(await lock(target, userUst), "E005001");
      expectFailure(await unlock(target, userUst), "E005001");
      expectFailure(await lock(target, "zust-nothing"), "E007001");
    });
  });

  it("answers HTTP 400 when user_id is absent", async () => {
    expectPlainError(await send(a.gw, "POST", "/zato/sso/user/lock", { ust: a.adminUst, current_app: APP }), 400, "Bad request");
    expectPlainError(
      await send(a.gw, "DELETE", "/zato/sso/user/lock", { ust: a.adminUst, current_app: APP }),
      400,
      "Bad request",
    );
  });

  it.each(["lockUser", "unlockUser", "approveUser", "rejectUser"])(
    'GraphQL %s with userId "": BAD_REQUEST and nothing changes, as REST answers 400',
    async (field) => {
      await expectUnchanged(a.gw, async () => {
        const r = await a.gw.graphql(
          `mutation ($ust: String) { ${field}(ust: $ust, currentApp: "${APP}", userId: "") { __typename } }`,
          { ust: a.adminUst },
        );
        expect(r.body.data).toEqual({ [field]: null });
        expect(r.body.errors).toEqual([
          expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_REQUEST" }) }),
        ]);
      });
    },
  );

  it("a BAD_REQUEST field nulls itself alone: a login beside it in the document keeps its UST", async () => {
    const r = await a.gw.graphql(
      `mutation ($ust: String) {
        login(username: "admin1", password: "${ADMIN_PASSWORD}", currentApp: "${APP}") { __typename ... on LoginPayload { ust } }
        lockUser(ust: $ust, currentApp: "${APP}", userId: "") { __typename }
      }`,
      { ust: a.adminUst },
    );
    const data = r.body.data as { login: { __typename: string; ust: string }; lockUser: null };
    expect(data.lockUser).toBeNull();
    expect(r.body.errors).toEqual([
      expect.objectContaining({ path: ["lockUser"], extensions: expect.objectContaining({ code: "BAD_REQUEST" }) }),
    ]);
    expect(data.login.__typename).toBe("LoginPayload");
    a.secrets.add(data.login.ust);
    const verify = await send(a.gw, "POST", "/zato/sso/user/session", {
      current_ust: a.adminUst,
      target_ust: data.login.ust,
      current_app: APP,
    });
    expect(expectOk(verify).is_valid).toBe(true);
  });

  it('GraphQL getUserById with userId "": BAD_REQUEST, as the fields above (REST takes an empty user_id as absent)', async () => {
    const r = await a.gw.graphql(
      `query ($ust: String) { getUserById(ust: $ust, currentApp: "${APP}", userId: "") { __typename } }`,
      { ust: a.adminUst },
    );
    expect(r.body.data).toEqual({ getUserById: null });
    expect(r.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_REQUEST" }) })]);
  });

  it("reports E005001 for a locked caller when [login] inform_if_locked is false", async () => {
    const b = await startGateway({ login: { inform_if_locked: false } });
    try {
      const id = await b.createUser("boss", PASSWORD, { superUser: true });
      const ust = await b.login("boss", PASSWORD);
      expectOk(await send(b, "POST", "/zato/sso/user/lock", { ust, current_app: APP, user_id: id }));
      expectFailure(await send(b, "GET", "/zato/sso/user", { ust, current_app: APP }), "E005001");
    } finally {
      await b.close();
    }
  });
});

describe("delete and lock: audit", () => {
  it("wrote no secret in any audit record", async () => {
    await expectNoSecretsInAudit(a.gw, a.secrets);
  });
});
