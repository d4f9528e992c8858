import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AdminGateway,
  auditRow,
  auditRows,
  expectNoSecretsInAudit,
  loginAs,
  makeUser,
  send,
  startAdmin,
} from "../support/admin.js";
import { expectFailure, expectOk, PASSWORD, setUser, TIMESTAMP, USER_ID, userRow, wire, writeHook } from "../support/fixtures.js";
import { APP, type ConfigOverrides, type HttpAnswer, startGateway, type TestGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";

// Self-service signup over REST (docs/rest.md, "Signup"; docs/rules.md, "Signup", "Confirmation",
// "Approval", "Pending signups", "Notifications"): signup, confirmation with the token the
// confirmation message carries, the pending list, approval or rejection, then login.

const SIGNUP = "/zato/sso/user/signup";
const CONFIRM: readonly (readonly [string, string])[] = [
  ["PATCH", SIGNUP],
  ["POST", `${SIGNUP}/confirm`],
];
const APPROVE = ["/zato/sso/user/approve", "/zato/sso/user/signup/approve"] as const;
const REJECT = ["/zato/sso/user/reject", "/zato/sso/user/signup/reject"] as const;
const LOGIN = "/zato/sso/user/login";
const OUTBOX = "outbox:outbox";
/** A confirmation token as the gateway draws them: 24 random bytes in base64url. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

interface OutboxMessage {
  file: string;
  kind: string;
  cid: string;
  token: string | null;
  user: { user_id: string; username: string; email: string | null; display_name: string | null };
  message: { to: string; cc: string[]; bcc: string[]; from: string; subject: string; body: string; is_html: boolean };
}

/** The messages the `outbox:outbox` email_service wrote, oldest first. */
function outbox(gw: TestGateway): OutboxMessage[] {
  const dir = path.join(gw.config.configDir, "outbox");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(path.join(dir, file), "utf8")) }));
}

/** The messages one request caused. */
const messagesOf = (gw: TestGateway, r: HttpAnswer) => outbox(gw).filter((m) => m.cid === r.body.cid);

/** The confirmation token the confirmation message of a signup carries (fails unless there is exactly one). */
function mailedToken(gw: TestGateway, r: HttpAnswer): string {
  const messages = messagesOf(gw, r).filter((m) => m.kind === "signup_confirmation");
  expect(messages, `confirmation messages of ${r.body.cid}`).toHaveLength(1);
  return messages[0]?.token as string;
}

const signUp = (gw: TestGateway, fields: Record<string, unknown>) =>
  send(gw, "POST", SIGNUP, { password: PASSWORD, current_app: APP, ...fields });
const confirm = (gw: TestGateway, token: unknown, [method, route] = CONFIRM[0] as readonly [string, string]) =>
  send(gw, method, route, { confirm_token: token, current_app: APP });
const logIn = (gw: TestGateway, username: string, password = PASSWORD) =>
  send(gw, "POST", LOGIN, { username, password, current_app: APP });
const usersNamed = (gw: TestGateway, username: string) =>
  gw.query<{ user_id: string }>("SELECT user_id FROM sso_user WHERE username = $1", [username]);
const userIdOf = async (gw: TestGateway, username: string) => (await userRow(gw, username)).user_id as string;
const decide = (a: AdminGateway, route: string, userId: string, extra: Record<string, unknown> = {}) =>
  send(a.gw, "POST", route, { ust: a.adminUst, current_app: APP, user_id: userId, ...extra });
const pendingList = (a: AdminGateway, status?: string, ust = a.adminUst) =>
  send(a.gw, "GET", SIGNUP, { ust, current_app: APP, ...(status === undefined ? {} : { status }) });

/** A signup that succeeded: its answer, token and user_id; the token is remembered as a secret. */
async function signedUp(a: AdminGateway, username: string, fields: Record<string, unknown> = {}) {
  const r = await signUp(a.gw, { username, ...fields });
  expectOk(r);
  const token = r.body.confirm_token as string;
  a.secrets.add(token);
  return { r, token, userId: await userIdOf(a.gw, username) };
}

/** Log lines at warn or error level of one request. */
const problemsOf = (gw: TestGateway, cid: unknown) =>
  gw.logs.filter((l) => (l.level === "warn" || l.level === "error") && (l.fields as { cid?: unknown })?.cid === cid);

describe("signup → confirmation → approval → login", () => {
  let a: AdminGateway;
  beforeAll(async () => {
    a = await startAdmin({
      main: { email_service: OUTBOX },
      apps: { all: ["CRM", "Other"] },
      password_reset: { min_answer_time: 0 },
    });
  });
  afterAll(() => a.gw.close());

  describe.each([0, 1])("confirmation path %i, approval path %i", (i) => {
    const [method, route] = CONFIRM[i] as readonly [string, string];
    const approvePath = APPROVE[i] as string;

    it(`${method} ${route} then ${approvePath}: the user can log in only once confirmed and approved`, async () => {
      const username = unique("jane");
      const email = `${username}@example.net`;
      const r = await signUp(a.gw, { username, email, app_list: ["CRM"] });
      expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok", confirm_token: expect.stringMatching(TOKEN) });
      a.secrets.add(r.body.confirm_token as string);

      const row = await userRow(a.gw, username);
      expect(row).toMatchObject({
        sign_up_status: "before_confirmation",
        approval_status: "before_decision",
        approval_status_mod_by: "auto",
        is_super_user: false,
      });
      expect(row.user_id).toMatch(USER_ID);
      expect(JSON.parse(row.creation_ctx as string)).toMatchObject({ source: "signup", current_app: "CRM" });
      // [main] encrypt_email is true by default: the email is not stored in clear.
      expect(row.email).not.toBe(email);

      // The confirmation message, in the outbox, carries the same token.
      const [message, ...more] = messagesOf(a.gw, r);
      expect(more).toEqual([]);
      expect(message).toMatchObject({
        kind: "signup_confirmation",
        cid: r.body.cid,
        token: r.body.confirm_token,
        user: { user_id: row.user_id, username, email },
        message: { to: email, cc: [], bcc: [], from: "confirm@example.com", subject: "Confirm your account", is_html: false },
      });
      const token = mailedToken(a.gw, r);
      expect(message?.message.body).toContain(`https://example.com/signup-confirm/${token}`);
      expect(message?.message.body).toContain(username);

      // Neither confirmed nor approved: login is refused like an unknown user.
      expectFailure(await logIn(a.gw, username), "E005001");

      const c = await send(a.gw, method, route, { confirm_token: token, current_app: APP });
      expect(expectOk(c)).toEqual({ cid: c.body.cid, status: "ok" });
      const confirmed = await userRow(a.gw, username);
      expect(confirmed).toMatchObject({ sign_up_status: "final", approval_status: "before_decision" });
      expect(confirmed.sign_up_confirm_time).not.toBeNull();
      // Confirmation neither approves nor logs in.
      expectFailure(await logIn(a.gw, username), "E005001");
      const listed = expectOk(await pendingList(a, "to-approve")).result as { username: string }[];
      expect(listed.filter((u) => u.username === username)).toHaveLength(1);

      const approval = await decide(a, approvePath, row.user_id as string);
      expect(expectOk(approval)).toEqual({ cid: approval.body.cid, status: "ok" });
      expect(await userRow(a.gw, username)).toMatchObject({ approval_status: "approved", approval_status_mod_by: a.adminId });
      const [welcome, ...others] = messagesOf(a.gw, approval);
      expect(others).toEqual([]);
      expect(welcome).toMatchObject({
        kind: "welcome",
        user: { user_id: row.user_id, username, email },
        message: { to: email, from: "welcome@example.com", subject: "Welcome", is_html: false },
      });
      expect(welcome?.message.body).toContain(username);

      await loginAs(a, username);
      const after = expectOk(await pendingList(a)).result as { username: string }[];
      expect(after.map((u) => u.username)).not.toContain(username);
    });
  });

  it("approved before confirmed: login answers E005003 until the token is used", async () => {
    const username = unique("early");
    const { token, userId } = await signedUp(a, username, { email: `${username}@example.net` });
    expectOk(await decide(a, APPROVE[0], userId));
    expectFailure(await logIn(a.gw, username), "E005003");
    const listed = expectOk(await pendingList(a, "to-confirm")).result as { username: string }[];
    expect(listed.map((u) => u.username)).toContain(username);
    expectOk(await confirm(a.gw, token, CONFIRM[1]));
    await loginAs(a, username);
  });

  it("an update that sets approval_status to approved welcomes the user as the approve call does, once", async () => {
    const username = unique("patched");
    const email = `${username}@example.net`;
    const { token, userId } = await signedUp(a, username, { email });
    const approve = () =>
      send(a.gw, "PATCH", "/zato/sso/user", { ust: a.adminUst, current_app: APP, user_id: userId, approval_status: "approved" });
    const first = await approve();
    expectOk(first);
    expect(messagesOf(a.gw, first)).toMatchObject([{ kind: "welcome", user: { user_id: userId, username, email } }]);
    // Approved again: no second welcome.
    const again = await approve();
    expectOk(again);
    expect(messagesOf(a.gw, again)).toEqual([]);
    expectOk(await confirm(a.gw, token));
    await loginAs(a, username);
  });

  it("the built-in welcome does not tell a user who has still to confirm that they can log in", async () => {
    const username = unique("unconfirmed");
    const { userId } = await signedUp(a, username, { email: `${username}@example.net` });
    const approval = await decide(a, APPROVE[0], userId);
    const [welcome] = messagesOf(a.gw, approval);
    expect(welcome?.kind).toBe("welcome");
    expect(welcome?.message.body).not.toMatch(/log in now/);
    expectFailure(await logIn(a.gw, username), "E005003");
  });

  it("signs up through any application of [apps] all while signup_allowed is empty, with a valid app_list", async () => {
    const username = unique("other");
    const r = await signUp(a.gw, { username, current_app: "Other", app_list: ["CRM", "Other"] });
    expectOk(r);
    a.secrets.add(r.body.confirm_token as string);
    expect(JSON.parse((await userRow(a.gw, username)).creation_ctx as string)).toMatchObject({
      source: "signup",
      current_app: "Other",
    });
  });

  it("E004001: an app_list entry not in [apps] all; nothing is created", async () => {
    const username = unique("apps");
    expectFailure(await signUp(a.gw, { username, app_list: ["CRM", "Nope"] }), "E004001");
    expect(await usersNamed(a.gw, username)).toEqual([]);
  });

  it("E001001: an empty or absent username (the creation step, whatever inform_if_user_invalid says)", async () => {
    const before = await a.gw.query("SELECT count(*)::int AS n FROM sso_user");
    expectFailure(await signUp(a.gw, { username: "", email: "empty@example.net" }), "E001001");
    expectFailure(await signUp(a.gw, { email: "absent@example.net" }), "E001001");
    expect(await a.gw.query("SELECT count(*)::int AS n FROM sso_user")).toEqual(before);
  });

  it("with [main] encrypt_email true the email is not validated at all: absent, malformed, refused terms, taken", async () => {
    await a.gw.createUser(unique("owner"), PASSWORD, { email: "shared@example.net" });
    const cases: Record<string, unknown>[] = [
      {},
      { email: "" },
      { email: "not an email at all" },
      { email: "sysadmin@example.net" },
      { email: `${"e".repeat(200)}@example.net` },
      { email: "shared@example.net" },
    ];
    for (const fields of cases) {
      const username = unique("noemail");
      const r = await signUp(a.gw, { username, ...fields });
      expect(r.body, JSON.stringify(fields)).toMatchObject({ status: "ok" });
      a.secrets.add(r.body.confirm_token as string);
      expect(await usersNamed(a.gw, username)).toHaveLength(1);
    }
    // A user without an email gets no confirmation message, and the token in the answer is the only way in.
    const username = unique("noemail");
    const { r, token } = await signedUp(a, username);
    expect(messagesOf(a.gw, r)).toEqual([]);
    expectOk(await confirm(a.gw, token));
    expect((await userRow(a.gw, username)).sign_up_status).toBe("final");
  });

  it("stores the email given at signup: the pending list shows it", async () => {
    const username = unique("kept");
    await signedUp(a, username, { email: `${username}@Example.net` });
    const listed = expectOk(await pendingList(a)).result as { username: string; email: string }[];
    expect(listed.find((u) => u.username === username)?.email).toBe(`${username}@Example.net`);
  });

  describe.each(CONFIRM.map((c) => [`${c[0]} ${c[1]}`, c] as const))("confirmation failures through %s", (_, via) => {
    it("an unknown token: E005001 with status error; the audit record keeps E005006", async () => {
      for (const token of ["x".repeat(32), "", undefined]) {
        const r = await confirm(a.gw, token, via);
        expectFailure(r, "E005001");
        expect(await auditRow(a.gw, r)).toMatchObject({
          op: "user.confirm_signup",
          outcome: "error",
          sub_status: ["E005001"],
          details: expect.objectContaining({ raised: ["E005006"] }),
        });
      }
    });

    it("a second confirmation: E005001 with status error; the audit record keeps E005007 and names the user", async () => {
      const username = unique("twice");
      const { token, userId } = await signedUp(a, username);
      expectOk(await confirm(a.gw, token, via));
      const again = await confirm(a.gw, token, via);
      expectFailure(again, "E005001");
      expect(again.body.status).toBe("error");
      expect(await auditRow(a.gw, again)).toMatchObject({
        op: "user.confirm_signup",
        outcome: "error",
        sub_status: ["E005001"],
        target_user_id: userId,
        details: expect.objectContaining({ raised: ["E005007"] }),
      });
      expect((await userRow(a.gw, username)).sign_up_status).toBe("final");
    });
  });

  it("two simultaneous confirmations of one token: exactly one succeeds", async () => {
    for (let round = 0; round < 4; round++) {
      const { token } = await signedUp(a, unique("dup"));
      const answers = await Promise.all([confirm(a.gw, token, CONFIRM[0]), confirm(a.gw, token, CONFIRM[1])]);
      expect(answers.map((r) => r.body.status).sort()).toEqual(["error", "ok"]);
      expectFailure(answers.find((r) => r.body.status === "error") as HttpAnswer, "E005001");
    }
  });

  it("two simultaneous signups with one username: one account, the other refused as the check refuses it (E005001 unless informed)", async () => {
    for (let round = 0; round < 6; round++) {
      const username = unique("race");
      const answers = await Promise.all([
        signUp(a.gw, { username, email: `${username}-a@example.net` }),
        signUp(a.gw, { username, email: `${username}-b@example.net` }),
      ]);
      const ok = answers.filter((r) => r.body?.status === "ok");
      expect(ok, answers.map((r) => r.text).join(" ")).toHaveLength(1);
      const refused = answers.find((r) => r.body?.status !== "ok") as HttpAnswer;
      expect(refused.status, refused.text).toBe(403);
      expect(refused.body.sub_status).toEqual([a.gw.config.signup.inform_if_user_exists ? "E001002" : "E005001"]);
      expect(await usersNamed(a.gw, username)).toHaveLength(1);
      const token = ok[0]?.body.confirm_token as string;
      a.secrets.add(token);
      // Only the winner got a confirmation message.
      const mailed = outbox(a.gw).filter((m) => m.user.username === username);
      expect(mailed.map((m) => m.token)).toEqual([token]);
    }
  });

  it.each([
    "v1@a.test,v2@b.test",
    "v1@a.test; v2@b.test",
    '"Security Team" <v1@a.test>',
    "v1@a.test\r\nBcc: v2@b.test",
    "no-at-sign",
  ])("an email that is not one address (%j) is stored as given, but no message is sent to it", async (email) => {
    const username = unique("relay");
    const r = await signUp(a.gw, { username, email });
    expectOk(r);
    expect(messagesOf(a.gw, r)).toEqual([]);
    expect(a.gw.logs.some((l) => l.level === "warn" && l.message.includes("not one address"))).toBe(true);
  });

  it("escapes placeholders in the HTML reset message; the plain-text confirmation keeps the username as it is", async () => {
    const username = `<b>bold&"q'${unique("")}`;
    const email = `${unique("html")}@example.net`;
    const { r, token, userId } = await signedUp(a, username, { email });
    const [confirmation] = messagesOf(a.gw, r);
    expect(confirmation?.message.is_html).toBe(false);
    expect(confirmation?.message.body).toContain(username);
    expectOk(await confirm(a.gw, token));
    expectOk(await decide(a, APPROVE[0], userId));
    const reset = await send(a.gw, "POST", "/zato/sso/password/reset", { credential: username, current_app: APP });
    expectOk(reset);
    const [message] = messagesOf(a.gw, reset);
    a.secrets.add(message?.token as string);
    expect(message).toMatchObject({ kind: "password_reset", message: { to: email, is_html: true } });
    expect(message?.message.body).toContain("&lt;b&gt;bold&amp;&quot;q");
    expect(message?.message.body).not.toContain("<b>bold");
  });

  it("audits user.signup, user.confirm_signup and user.get_signup_list, failures included", async () => {
    const username = unique("audited");
    const { r, token, userId } = await signedUp(a, username, { email: `${username}@example.net` });
    expect(await auditRow(a.gw, r)).toMatchObject({
      op: "user.signup",
      outcome: "ok",
      sub_status: [],
      actor_user_id: null,
      target_user_id: userId,
      target_username: username,
      current_app: "CRM",
    });
    const c = await confirm(a.gw, token);
    expect(await auditRow(a.gw, c)).toMatchObject({ op: "user.confirm_signup", outcome: "ok", target_user_id: userId });
    const l = await pendingList(a);
    expect(await auditRow(a.gw, l)).toMatchObject({ op: "user.get_signup_list", outcome: "ok", actor_user_id: a.adminId });
    const refused = await signUp(a.gw, { username });
    expect(await auditRow(a.gw, refused)).toMatchObject({
      op: "user.signup",
      outcome: "error",
      sub_status: ["E005001"],
      target_username: username,
    });
  });

  it("no audit record holds a password or a token", async () => {
    for (const m of outbox(a.gw)) if (m.token) a.secrets.add(m.token);
    expect(a.secrets.size).toBeGreaterThan(10);
    await expectNoSecretsInAudit(a.gw, a.secrets);
  });
});

describe("pending signups: GET /zato/sso/user/signup", () => {
  let a: AdminGateway;
  let regularUst: string;
  const ids: Record<string, string> = {};
  const T0 = Date.parse("2031-05-06T07:08:09.250Z");
  const at = (seconds: number) => new Date(T0 + seconds * 1000);

  beforeAll(async () => {
    a = await startAdmin({ main: { email_service: OUTBOX } });
    await makeUser(a, { username: "plainuser" });
    regularUst = await loginAs(a, "plainuser");
    // Signups in every state.
    for (const name of ["pz", "py", "px", "pw"]) {
      const { token, userId } = await signedUp(a, name, { email: `${name}@example.net` });
      ids[name] = userId;
      if (name === "py" || name === "pw") expectOk(await confirm(a.gw, token));
      if (name === "px" || name === "pw") expectOk(await decide(a, APPROVE[0], userId));
    }
    // Accounts created by a super-user wait for actions too.
    ids.api1 = await makeUser(a, { username: "api1", auto_approve: false });
    ids.api2 = await makeUser(a, { username: "api2", auto_approve: false });
    expectOk(await decide(a, REJECT[0], ids.api2 as string));
    await setUser(a.gw, "api2", { sign_up_status: "before_confirmation" });
    ids.api3 = await makeUser(a, { username: "api3", sign_up_status: "before_confirmation", email: "api3@example.net" });
    // Times chosen so that neither creation order nor name order gives the listing order.
    const times: Record<string, number> = { api3: 0, pw: 0, api2: 0, py: 1, px: 1, api1: 2, pz: 3 };
    for (const [name, seconds] of Object.entries(times)) await setUser(a.gw, name, { sign_up_time: at(seconds) });
  });
  afterAll(() => a.gw.close());

  const names = async (status?: string) =>
    (expectOk(await pendingList(a, status)).result as { username: string }[]).map((u) => u.username);

  it("without status: both kinds, by sign_up_time, then username", async () => {
    expect(await names()).toEqual(["api3", "px", "py", "api1", "pz"]);
  });

  it("to-approve: users awaiting a decision", async () => {
    expect(await names("to-approve")).toEqual(["py", "api1", "pz"]);
  });

  it("to-confirm: unconfirmed users not rejected", async () => {
    expect(await names("to-confirm")).toEqual(["api3", "px", "pz"]);
  });

  it("answers the envelope with result only, each entry with exactly the documented fields", async () => {
    const r = await pendingList(a);
    const body = expectOk(r);
    expect(Object.keys(body).sort()).toEqual(["cid", "result", "status"]);
    const entries = body.result as Record<string, unknown>[];
    const pz = entries.find((e) => e.username === "pz") as Record<string, unknown>;
    expect(Object.keys(pz).sort()).toEqual(
      [
        "user_id",
        "username",
        "email",
        "display_name",
        "sign_up_time",
        "sign_up_status",
        "approval_status",
        "remote_ip",
        "remote_addr",
      ].sort(),
    );
    expect(pz).toMatchObject({
      user_id: ids.pz,
      username: "pz",
      email: "pz@example.net",
      sign_up_time: wire(at(3)),
      sign_up_status: "before_confirmation",
      approval_status: "before_decision",
      remote_ip: "127.0.0.1",
      remote_addr: "127.0.0.1",
    });
    expect([null, ""]).toContain(pz.display_name);
    expect(entries.find((e) => e.username === "api3")).toMatchObject({
      user_id: ids.api3,
      email: "api3@example.net",
      sign_up_status: "before_confirmation",
      approval_status: "approved",
    });
    expect(entries.find((e) => e.username === "py")).toMatchObject({
      sign_up_status: "final",
      approval_status: "before_decision",
    });
    for (const e of entries) expect(e.sign_up_time).toMatch(TIMESTAMP);
  });

  it("takes its parameters from the query string too", async () => {
    const r = await a.gw.rest("GET", SIGNUP, { query: { ust: a.adminUst, current_app: APP, status: "to-approve" } });
    expect((expectOk(r).result as { username: string }[]).map((u) => u.username)).toEqual(["py", "api1", "pz"]);
  });

  it("an empty list when nothing waits", async () => {
    const b = await startAdmin();
    try {
      const r = await pendingList(b);
      expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok", result: [] });
    } finally {
      await b.gw.close();
    }
  });

  it("E008002 for any other status", async () => {
    for (const status of ["approved", "TO-APPROVE", "to_confirm", "all"]) expectFailure(await pendingList(a, status), "E008002");
  });

  it("E005001 for a caller who is not a super-user", async () => {
    const r = await pendingList(a, undefined, regularUst);
    expectFailure(r, "E005001");
    expect(await auditRow(a.gw, r)).toMatchObject({ op: "user.get_signup_list", outcome: "error", sub_status: ["E005001"] });
    expectFailure(await pendingList(a, "to-approve", regularUst), "E005001");
  });
});

describe.each(REJECT.map((route, i) => [route, i] as const))("rejection through %s", (route, i) => {
  let a: AdminGateway;
  beforeAll(async () => {
    // Emails in clear and existence disclosed: a re-signup proves that the username and the email are free.
    a = await startAdmin({
      main: { email_service: OUTBOX, encrypt_email: false },
      signup: { inform_if_user_exists: true, inform_if_email_exists: true },
      password_reset: { min_answer_time: 0 },
    });
  });
  afterAll(() => a.gw.close());

  const ownRows = async (id: string) => {
    const count = async (table: string) =>
      ((await a.gw.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [id]))[0] as { n: number })
        .n;
    return {
      sso_session: await count("sso_session"),
      sso_attr: await count("sso_attr"),
      sso_password_reset: await count("sso_password_reset"),
    };
  };

  it("deletes an approved signup account with its sessions, attributes and tokens; its audit records stay", async () => {
    const username = unique("rej");
    const email = `${username}@example.net`;
    const { token, userId } = await signedUp(a, username, { email });
    expectOk(await confirm(a.gw, token, CONFIRM[i]));
    expectOk(await decide(a, APPROVE[i] as string, userId));
    const ust = await loginAs(a, username);
    expectOk(
      await send(a.gw, "POST", "/zato/sso/user/attr", {
        ust: a.adminUst,
        current_app: APP,
        user_id: userId,
        name: "theme",
        value: "dark",
      }),
    );
    expectOk(
      await send(a.gw, "POST", "/zato/sso/session/attr", {
        current_ust: a.adminUst,
        target_ust: ust,
        current_app: APP,
        name: "cart",
        value: "3 items",
      }),
    );
    expectOk(await send(a.gw, "POST", "/zato/sso/password/reset", { credential: username, current_app: APP }));
    const [{ id }] = (await a.gw.query("SELECT id::text AS id FROM sso_user WHERE user_id = $1", [userId])) as [{ id: string }];
    expect(await ownRows(id)).toEqual({ sso_session: 1, sso_attr: 2, sso_password_reset: 1 });
    const before = (await auditRows(a.gw)).filter((row) => row.target_user_id === userId);
    expect(before.map((row) => row.op)).toEqual(
      expect.arrayContaining(["user.signup", "user.confirm_signup", "user.approve_user"]),
    );

    const r = await decide(a, route, userId, { reason: "Duplicate account" });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    expect(await usersNamed(a.gw, username)).toEqual([]);
    expect(await ownRows(id)).toEqual({ sso_session: 0, sso_attr: 0, sso_password_reset: 0 });
    const after = (await auditRows(a.gw)).filter((row) => row.target_user_id === userId);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(await auditRow(a.gw, r)).toMatchObject({ op: "user.reject_user", outcome: "ok", target_user_id: userId });
    expectFailure(await send(a.gw, "GET", "/zato/sso/user", { ust, current_app: APP }), "E007001");
    expectFailure(await logIn(a.gw, username), "E005001");

    // The person may start anew, with the same username and email.
    const again = await signedUp(a, username, { email });
    expect(again.userId).not.toBe(userId);
    expect(again.token).not.toBe(token);
    expectOk(await confirm(a.gw, again.token));
  });

  it("deletes a signup account still awaiting confirmation; its old token is then unknown", async () => {
    const username = unique("rejpending");
    const email = `${username}@example.net`;
    const { token, userId } = await signedUp(a, username, { email });
    expectOk(await decide(a, route, userId));
    expect(await usersNamed(a.gw, username)).toEqual([]);
    expectFailure(await confirm(a.gw, token), "E005001");
    await signedUp(a, username, { email });
  });

  it("keeps an account created by a super-user, marked rejected: its username (and email) stay taken", async () => {
    const username = unique("rejapi");
    const email = `${username}@example.net`;
    const userId = await makeUser(a, { username, email, auto_approve: false });
    expectOk(await decide(a, route, userId, { reason: "Not a customer" }));
    expect(await userRow(a.gw, username)).toMatchObject({
      user_id: userId,
      approval_status: "rejected",
      approval_status_mod_by: a.adminId,
    });
    expectFailure(await signUp(a.gw, { username, email: `other-${email}` }), "E001002");
    expectFailure(await signUp(a.gw, { username: unique("fresh"), email }), "E002002");
    expect(await usersNamed(a.gw, username)).toEqual([{ user_id: userId }]);
  });
});

// The built-in validator `zato.sso.signup.validate`, row by row, with emails in clear so that they are checked.
interface ValidatorRow {
  row: string;
  /** The specific code(s), when the row's inform flag is true. */
  code: string | string[];
  params: () => Record<string, unknown>;
}

const fresh = () => {
  const username = unique("v");
  return { username, email: `${username}@example.net` };
};

const VALIDATOR_ROWS: ValidatorRow[] = [
  { row: "a: the username is taken", code: "E001002", params: () => ({ username: "taken1", email: fresh().email }) },
  {
    row: "a': the username and its owner's email are taken",
    code: ["E001002", "E002002"],
    params: () => ({ username: "taken1", email: "taken1@example.net" }),
  },
  {
    row: "a'': another user has the email (compared trimmed and case-insensitively)",
    code: "E002002",
    params: () => ({ ...fresh(), email: "Taken1@EXAMPLE.net" }),
  },
  { row: "b: the username is too long", code: "E001003", params: () => ({ ...fresh(), username: "u".repeat(13) }) },
  { row: "c: the username holds a space", code: "E001004", params: () => ({ ...fresh(), username: `ab cd${unique("")}` }) },
  { row: "c: the username holds a tab", code: "E001004", params: () => ({ ...fresh(), username: `ab\tcd${unique("")}` }) },
  {
    row: "c: the username holds Unicode whitespace",
    code: "E001004",
    params: () => ({ ...fresh(), username: `ab\u2003cd${unique("")}` }),
  },
  {
    row: "d: the username holds a refused term",
    code: "E001001",
    params: () => ({ ...fresh(), username: `myadmin${unique("")}` }),
  },
  { row: "e: the password is too short", code: "E003002", params: () => ({ ...fresh(), password: "Hq7!wz1" }) },
  {
    row: "f: the password is too long",
    code: "E003003",
    params: () => ({ ...fresh(), password: `${PASSWORD}${"x".repeat(14)}` }),
  },
  { row: "g: the password holds a refused term", code: "E003001", params: () => ({ ...fresh(), password: "Hq7!wz-PassWord-9" }) },
  { row: "h: no email", code: "E002005", params: () => ({ username: fresh().username }) },
  { row: "h: an empty email", code: "E002005", params: () => ({ username: fresh().username, email: "" }) },
  { row: "i: the email is too long", code: "E002003", params: () => ({ ...fresh(), email: `${"e".repeat(29)}@example.net` }) },
  { row: "j: the email holds whitespace", code: "E002004", params: () => ({ ...fresh(), email: "jane doe@example.net" }) },
  { row: "k: the email holds a refused term", code: "E002001", params: () => ({ ...fresh(), email: "sysadmin@example.net" }) },
];

const validatorConfig = (inform: boolean): ConfigOverrides => ({
  main: { encrypt_email: false, email_service: OUTBOX },
  signup: {
    inform_if_user_exists: inform,
    inform_if_user_invalid: inform,
    inform_if_email_exists: inform,
    inform_if_email_invalid: inform,
    max_length_username: 12,
    max_length_email: 40,
  },
  password: { max_length: 30, inform_if_invalid: inform, ...(inform ? {} : { min_complexity: 3 }) },
  apps: { all: ["CRM", "Other"], signup_allowed: ["CRM"], inform_if_app_invalid: inform },
});

describe.each([true, false])("the built-in validator and the application checks, inform flags %s", (inform) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway(validatorConfig(inform));
    await gw.createUser("taken1", PASSWORD, { email: "taken1@example.net" });
  });
  afterAll(() => gw.close());

  /** Signs up and expects a refusal with `code`, nothing written and nothing sent. */
  async function refused(params: Record<string, unknown>, code: string | string[]) {
    const count = () => gw.query("SELECT count(*)::int AS n FROM sso_user");
    const before = await count();
    const r = await signUp(gw, params);
    expectFailure(r, code);
    expect(await count()).toEqual(before);
    expect(messagesOf(gw, r)).toEqual([]);
    return r;
  }

  it.each(VALIDATOR_ROWS)("$row", async ({ code, params }) => {
    await refused(params(), inform ? code : "E005001");
  });

  it(`E004002: current_app not in [apps] signup_allowed (${inform ? "E004002" : "E005001"})`, async () => {
    await refused({ ...fresh(), current_app: "Other" }, inform ? "E004002" : "E005001");
  });

  it(`E004001: an app_list entry not in [apps] all (${inform ? "E004001" : "E005001"})`, async () => {
    await refused({ ...fresh(), app_list: ["CRM", "Nowhere"] }, inform ? "E004001" : "E005001");
  });

  it("the application checks come before the validator", async () => {
    await refused({ username: "taken1", email: "bad email", current_app: "Other" }, inform ? "E004002" : "E005001");
  });

  it("E001001 for an empty username, from the creation step, whatever inform_if_user_invalid says", async () => {
    await refused({ username: "", email: fresh().email }, "E001001");
  });

  if (inform) {
    it.each([
      ["a before everything", { username: "taken1", password: "short", email: "bad email" }, "E001002"],
      ["b before c", { username: "abcdefg hijkl", email: fresh().email }, "E001003"],
      ["c before d", { username: "my admin", email: fresh().email }, "E001004"],
      ["d before e", { username: "myadmin", password: "short", email: fresh().email }, "E001001"],
      ["e before h", { username: fresh().username, password: "short" }, "E003002"],
      ["f before g", { ...fresh(), password: `password${"x".repeat(30)}` }, "E003003"],
      ["g before k", { ...fresh(), password: "Hq7!wz-PassWord-9", email: "admin@example.net" }, "E003001"],
      ["i before j", { ...fresh(), email: `${"e ".repeat(20)}@example.net` }, "E002003"],
      ["j before k", { ...fresh(), email: "sys admin@example.net" }, "E002004"],
    ])("stops at the first failure: %s", async (_, params, code) => {
      await refused(params, code);
    });

    it("accepts values at the limits, and compares refused usernames case-sensitively", async () => {
      for (const params of [
        { username: "u".repeat(12), email: `${"e".repeat(28)}@example.net`, password: `${PASSWORD}${"x".repeat(13)}` },
        { username: "xADMINx", email: "upper@example.net" },
      ]) {
        const r = await signUp(gw, params);
        expectOk(r);
        expect(await usersNamed(gw, params.username)).toHaveLength(1);
      }
    });
  } else {
    it("E003008: a password the validator accepts but below [password] min_complexity, even with inform_if_invalid false", async () => {
      const { username, email } = fresh();
      await refused({ username, email, password: "aaaaaaaaaa" }, "E003008");
      expectOk(await signUp(gw, { username, email }));
    });
  }
});

describe("[apps] signup_allowed naming no application of [apps] all switches signup off", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ apps: { signup_allowed: ["Nobody"] } });
  });
  afterAll(() => gw.close());

  it("refuses every signup with E004002 and creates nothing", async () => {
    expectFailure(await signUp(gw, { username: unique("off"), email: "off@example.net" }), "E004002");
    expectFailure(await signUp(gw, { username: unique("off") }), "E004002");
    expect(await gw.query("SELECT username FROM sso_user")).toEqual([]);
  });
});

describe("validator hooks", () => {
  let gw: TestGateway;
  let http: Server;
  let httpUrl: string;
  const httpInputs: Record<string, unknown>[] = [];
  let moduleInputsFile: string;
  let callbacksFile: string;

  const readLines = (file: string): Record<string, unknown>[] =>
    existsSync(file)
      ? readFileSync(file, "utf8")
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];

  beforeAll(async () => {
    http = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const input = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { username: string };
        httpInputs.push(input);
        const u = input.username;
        const json = (status: number, body: unknown) => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(body));
        };
        if (u.startsWith("htfalse")) json(200, { is_valid: false });
        else if (u.startsWith("htcode")) json(200, { is_valid: false, sub_status: ["E002004"] });
        else if (u.startsWith("ht500")) json(500, { is_valid: true });
        else if (u.startsWith("ht404")) json(404, { is_valid: true });
        else if (u.startsWith("htshape")) json(200, { valid: true });
        else if (u.startsWith("htbad")) {
          res.writeHead(200, { "content-type": "application/json" });
          res.end("not json");
        } else if (u.startsWith("hthang")) {
          // Never answers.
        } else json(200, { is_valid: true });
      });
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/validate`;
    gw = await startGateway({
      main: { email_service: OUTBOX },
      hooks: { timeout: 1 },
      user_validation: { service: ["zato.sso.signup.validate", "module:validator.mjs", httpUrl] },
      signup: { callback_service_list: ["module:callback.mjs"] },
    });
    moduleInputsFile = path.join(gw.config.configDir, "validator-inputs.jsonl");
    callbacksFile = path.join(gw.config.configDir, "callbacks.jsonl");
    writeHook(
      gw,
      "validator.mjs",
      `import { appendFileSync } from "node:fs";
export default async function (input) {
  appendFileSync(${JSON.stringify(moduleInputsFile)}, JSON.stringify(input) + "\\n");
  const u = input.username;
  if (u.startsWith("hkcode")) return { is_valid: false, sub_status: ["E001004"] };
  if (u.startsWith("hkfalse")) return { is_valid: false };
  if (u.startsWith("hkmixed")) return { is_valid: false, sub_status: ["constructor", "W003005", "E001004", "toString"] };
  if (u.startsWith("hknotcodes")) return { is_valid: false, sub_status: ["constructor", "toString", "__proto__", "W003005"] };
  if (u.startsWith("hkthrow")) throw new Error("validator down");
  if (u.startsWith("hkhang")) return new Promise(() => {});
  if (u.startsWith("hkbadstring")) return "yes";
  if (u.startsWith("hkbadtype")) return { is_valid: "true" };
  if (u.startsWith("hkbadnull")) return null;
  if (u.startsWith("hkbadkey")) return { valid: true };
  return { is_valid: true };
}
`,
    );
    writeHook(
      gw,
      "callback.mjs",
      `import { appendFileSync } from "node:fs";
export default async function (input) {
  appendFileSync(${JSON.stringify(callbacksFile)}, JSON.stringify(input) + "\\n");
}
`,
    );
  });
  afterAll(async () => {
    await gw.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });

  it("a signup both hooks accept goes through; each got {username, password, email, current_app, app_list}", async () => {
    const username = unique("hkok");
    const r = await signUp(gw, { username, email: `${username}@example.net`, app_list: ["CRM"] });
    expectOk(r);
    const expected = { username, password: PASSWORD, email: `${username}@example.net`, current_app: "CRM", app_list: ["CRM"] };
    expect(readLines(moduleInputsFile).filter((l) => l.username === username)).toEqual([expected]);
    expect(httpInputs.filter((l) => l.username === username)).toEqual([expected]);
    expect(await usersNamed(gw, username)).toHaveLength(1);
    expect(readLines(callbacksFile).filter((l) => l.username === username)).toHaveLength(1);
    expect(messagesOf(gw, r)).toHaveLength(1);
  });

  /** Signs up `username` and expects `code`, with no user, no callback and no message. */
  async function refusedByHook(username: string, code: string) {
    const r = await signUp(gw, { username, email: `${username}@example.net` });
    expectFailure(r, code);
    expect(await usersNamed(gw, username)).toEqual([]);
    expect(readLines(callbacksFile).filter((l) => l.username === username)).toEqual([]);
    expect(outbox(gw).filter((m) => m.user.username === username)).toEqual([]);
    expect(await auditRow(gw, r)).toMatchObject({ op: "user.signup", outcome: "error", sub_status: [code] });
    return r;
  }

  it("is_valid false with sub_status: that code, even where an inform flag is false", async () => {
    await refusedByHook(unique("hkcode"), "E001004");
    await refusedByHook(unique("htcode"), "E002004");
  });

  it("sub_status keeps only error codes of the catalog: inherited names and warnings are not codes", async () => {
    await refusedByHook(unique("hkmixed"), "E001004");
    await refusedByHook(unique("hknotcodes"), "E005001");
  });

  it("is_valid false without sub_status: E005001", async () => {
    await refusedByHook(unique("hkfalse"), "E005001");
    await refusedByHook(unique("htfalse"), "E005001");
  });

  it("a module hook that throws: E005001, and the failure is logged", async () => {
    const r = await refusedByHook(unique("hkthrow"), "E005001");
    expect(problemsOf(gw, r.body.cid).length).toBeGreaterThan(0);
  });

  it("a module hook that never answers: E005001 after [hooks] timeout (1 s)", async () => {
    const started = Date.now();
    await refusedByHook(unique("hkhang"), "E005001");
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5_000);
  });

  it("an http hook that never answers: E005001 after [hooks] timeout (1 s)", async () => {
    const started = Date.now();
    await refusedByHook(unique("hthang"), "E005001");
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5_000);
  });

  it.each(["hkbadstring", "hkbadtype", "hkbadnull", "hkbadkey", "htshape", "htbad"])(
    "a malformed answer (%s): E005001",
    async (prefix) => {
      await refusedByHook(unique(prefix), "E005001");
    },
  );

  it.each(["ht500", "ht404"])("an http hook answering non-2xx (%s), even with is_valid true: E005001", async (prefix) => {
    await refusedByHook(unique(prefix), "E005001");
  });

  it("the http hook is called with a JSON POST and its is_valid true lets the signup through", async () => {
    const username = unique("htok");
    expectOk(await signUp(gw, { username }));
    expect(httpInputs.filter((l) => l.username === username)).toHaveLength(1);
  });

  it("no audit record holds the password", async () => {
    const tokens = outbox(gw).flatMap((m) => (m.token ? [m.token] : []));
    await expectNoSecretsInAudit(gw, [PASSWORD, ...tokens]);
  });
});

describe("signup callbacks and a failing confirmation message", () => {
  let gw: TestGateway;
  let callbacksFile: string;
  let mailFile: string;
  const lines = (file: string): Record<string, unknown>[] =>
    existsSync(file)
      ? readFileSync(file, "utf8")
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];

  beforeAll(async () => {
    gw = await startGateway({
      main: { email_service: "module:mailer.mjs" },
      signup: { callback_service_list: ["module:failing-callback.mjs", "module:callback.mjs"] },
    });
    callbacksFile = path.join(gw.config.configDir, "callbacks.jsonl");
    mailFile = path.join(gw.config.configDir, "mail.jsonl");
    writeHook(
      gw,
      "failing-callback.mjs",
      `export default async function (input) {
  if (input.username.startsWith("cbfail")) throw new Error("callback down");
}
`,
    );
    writeHook(
      gw,
      "callback.mjs",
      `import { appendFileSync } from "node:fs";
export default async function (input) {
  appendFileSync(${JSON.stringify(callbacksFile)}, JSON.stringify(input) + "\\n");
}
`,
    );
    writeHook(
      gw,
      "mailer.mjs",
      `import { appendFileSync } from "node:fs";
export default async function (input) {
  if (input.user.username.startsWith("mailfail")) throw new Error("mail server down");
  appendFileSync(${JSON.stringify(mailFile)}, JSON.stringify(input) + "\\n");
}
`,
    );
  });
  afterAll(() => gw.close());

  it("calls each callback with username, email, current_app, app_list, sign_up_status, user_id and confirm_token, never the password", async () => {
    const username = unique("cbok");
    const r = await signUp(gw, { username, email: `${username}@example.net`, app_list: ["CRM"] });
    expectOk(r);
    const got = lines(callbacksFile).filter((l) => l.username === username);
    expect(got).toEqual([
      {
        username,
        email: `${username}@example.net`,
        current_app: "CRM",
        app_list: ["CRM"],
        sign_up_status: "before_confirmation",
        user_id: await userIdOf(gw, username),
        confirm_token: r.body.confirm_token,
      },
    ]);
    expect(JSON.stringify(got)).not.toContain(PASSWORD);
  });

  it("a failing callback is logged; the signup still succeeds and the next callback and the message still happen", async () => {
    const username = unique("cbfail");
    const r = await signUp(gw, { username, email: `${username}@example.net` });
    expectOk(r);
    expect(await usersNamed(gw, username)).toHaveLength(1);
    expect(problemsOf(gw, r.body.cid).map((l) => JSON.stringify(l))).toEqual([expect.stringContaining("callback down")]);
    expect(lines(callbacksFile).filter((l) => l.username === username)).toHaveLength(1);
    expect(lines(mailFile).filter((l) => (l.user as { username: string }).username === username)).toMatchObject([
      { kind: "signup_confirmation", token: r.body.confirm_token },
    ]);
    expectOk(await confirm(gw, r.body.confirm_token));
  });

  it("a failed send is logged; the signup still succeeds, with the user created and the token usable", async () => {
    const username = unique("mailfail");
    const r = await signUp(gw, { username, email: `${username}@example.net` });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok", confirm_token: expect.stringMatching(TOKEN) });
    expect(await usersNamed(gw, username)).toHaveLength(1);
    expect(problemsOf(gw, r.body.cid).map((l) => JSON.stringify(l))).toEqual([expect.stringContaining("mail server down")]);
    expect(lines(callbacksFile).filter((l) => l.username === username)).toHaveLength(1);
    expectOk(await confirm(gw, r.body.confirm_token));
    expect((await userRow(gw, username)).sign_up_status).toBe("final");
  });
});

describe("[signup] always_return_confirm_token = false, is_approval_needed = false", () => {
  let a: AdminGateway;
  beforeAll(async () => {
    a = await startAdmin({
      main: { email_service: OUTBOX },
      signup: { always_return_confirm_token: false, is_approval_needed: false },
    });
  });
  afterAll(() => a.gw.close());

  it("answers without the token, which only the confirmation message carries", async () => {
    const username = unique("quiet");
    const r = await signUp(a.gw, { username, email: `${username}@example.net` });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    const token = mailedToken(a.gw, r);
    expect(token).toMatch(TOKEN);
    expectOk(await confirm(a.gw, token));
    expect((await userRow(a.gw, username)).sign_up_status).toBe("final");
  });

  it("approves at once: never in to-approve, and the user logs in as soon as confirmed", async () => {
    const username = unique("auto");
    const r = await signUp(a.gw, { username, email: `${username}@example.net` });
    expectOk(r);
    const token = mailedToken(a.gw, r);
    a.secrets.add(token);
    expect(await userRow(a.gw, username)).toMatchObject({
      approval_status: "approved",
      approval_status_mod_by: "auto",
      sign_up_status: "before_confirmation",
    });
    const names = async (status?: string) =>
      (expectOk(await pendingList(a, status)).result as { username: string }[]).map((u) => u.username);
    expect(await names("to-approve")).not.toContain(username);
    expect(await names("to-confirm")).toContain(username);
    expectFailure(await logIn(a.gw, username), "E005003");
    expectOk(await confirm(a.gw, token, CONFIRM[1]));
    await loginAs(a, username);
    expect(await names()).not.toContain(username);
  });
});
