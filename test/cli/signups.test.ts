import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestContext, type RequestInfo, type Services } from "../../src/core/context.js";
import { execute, type Outcome } from "../../src/core/operation.js";
import { createServices } from "../../src/core/services.js";
import { login } from "../../src/core/sessions/login.js";
import { confirmSignup, getSignupList, type PendingSignup, signup } from "../../src/core/signup/operations.js";
import { connect } from "../../src/db/client.js";
import { poolLimits } from "../../src/db/index.js";
import { newCid } from "../../src/lib/ids.js";
import { createLogger } from "../../src/lib/log.js";
import { type CliEnv, cliEnv, DAY, MINUTE, OPERATOR, utcMs } from "./support.js";

// list-signups, approve-user and reject-user (docs/cli.md): the approval queue from the operator's side.

const PASSWORD = "hQ9nl93UDqGus";
const APP = "CRM";
const KEYS = [
  "user_id",
  "username",
  "email",
  "display_name",
  "sign_up_time",
  "sign_up_status",
  "approval_status",
  "remote_ip",
  "remote_addr",
];

let cli: CliEnv;
/** The core on the same database, for what only the API does: signups, confirmations, a super-user's pending list. */
let services: Services;
const clock = { at: Date.now() - DAY, now: () => new Date(clock.at) };
const T0 = clock.at;

beforeAll(async () => {
  cli = await cliEnv({ main: { email_service: "outbox:outbox" } });
  services = createServices(
    cli.config,
    connect(cli.database.params, poolLimits(cli.config, 2)),
    createLogger({ write: () => {} }),
    clock,
  );
});
afterAll(async () => {
  await services?.audit.flush();
  await services?.db.close();
  await cli?.close();
});

const from = (addresses: string[]): RequestInfo => ({
  cid: newCid(),
  remoteAddr: addresses,
  clientAddr: addresses[0],
  peerAddr: "127.0.0.1",
  userAgent: "signup test",
  credentials: [],
});

function data<O>(outcome: Outcome<O>): O {
  if (outcome.status === "error") throw new Error(`failed: ${outcome.subStatus.join()}`);
  return outcome.data;
}

/** A self-service signup at `at` from `addresses`; its confirmation token. */
async function signUp(username: string, at: number, addresses = ["203.0.113.7"]): Promise<string> {
  clock.at = at;
  const answer = data(
    await execute(new RequestContext(services, from(addresses)), signup, {
      username,
      password: PASSWORD,
      email: `${username}@example.net`,
      current_app: APP,
    }),
  ) as { confirm_token?: string };
  if (!answer.confirm_token) throw new Error("no confirm_token");
  return answer.confirm_token;
}

/** What GET /zato/sso/user/signup shows a super-user, every page of it. */
async function apiList(status?: string): Promise<PendingSignup[]> {
  clock.at = Date.now();
  const ust = (
    data(
      await execute(new RequestContext(services, from(["127.0.0.1"])), login, {
        username: "root",
        password: PASSWORD,
        current_app: APP,
      }),
    ) as { ust: string }
  ).ust;
  const all: PendingSignup[] = [];
  let after: string | undefined;
  for (;;) {
    const page = data(
      await execute(new RequestContext(services, from(["127.0.0.1"])), getSignupList, { ust, current_app: APP, status, after }),
    ) as { result: PendingSignup[]; has_next_page: boolean; end_cursor: string | null };
    all.push(...page.result);
    if (!page.has_next_page || !page.end_cursor) return all;
    after = page.end_cursor;
  }
}

/** The JSON lines a list-signups run printed. */
async function listSignups(...options: string[]): Promise<PendingSignup[]> {
  const r = await cli.run(["list-signups", ...options]);
  expect(r).toMatchObject({ code: 0, stderr: "" });
  return r.stdout === ""
    ? []
    : r.stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as PendingSignup);
}

/** The messages the `outbox:outbox` email_service wrote, of one kind, oldest first. */
function outbox(kind: string): { kind: string; user: { username: string; email: string } }[] {
  const dir = path.join(cli.dir, "outbox");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), "utf8")))
    .filter((message) => message.kind === kind);
}

/** The audit records of the CLI's listings (the API listings of apiList have their own). */
const listings = async () => (await cli.audit("user.get_signup_list")).filter((a) => a.actor_user_id === `cli:${OPERATOR}`);

const names = (list: PendingSignup[]) => list.map((p) => p.username);
const count = async (username: string) =>
  Number((await cli.query<{ n: string }>("SELECT count(*) AS n FROM sso_user WHERE username = $1", [username]))[0]?.n);

describe("list-signups", { timeout: 90_000 }, () => {
  it("prints nothing when nothing is pending, and audits the listing as the operator", async () => {
    expect(await cli.run(["create-super-user", "root", "--password", PASSWORD])).toMatchObject({ code: 0 });
    expect(await listSignups()).toEqual([]);
    expect(await listings()).toMatchObject([
      {
        actor_user_id: `cli:${OPERATOR}`,
        actor_session_id: null,
        current_app: "zato-cli",
        outcome: "ok",
        sub_status: [],
        details: { count: 0 },
      },
    ]);
  });

  it("prints one JSON object per pending account, in the order and the form of GET /zato/sso/user/signup", async () => {
    // Three at the same instant: by username then, in code point order ("Amy" before "amy").
    await signUp("zed", T0);
    await signUp("amy", T0);
    await signUp("Amy", T0, ["198.51.100.4", "10.0.0.2"]);
    const carolToken = await signUp("carol", T0 + MINUTE);
    data(
      await execute(new RequestContext(services, from(["127.0.0.1"])), confirmSignup, {
        confirm_token: carolToken,
        current_app: APP,
      }),
    );
    await signUp("dave", T0 + 2 * MINUTE);
    await cli.query("UPDATE sso_user SET approval_status = 'approved' WHERE username = 'dave'");
    await signUp("erin", T0 + 3 * MINUTE);
    await cli.query("UPDATE sso_user SET approval_status = 'rejected' WHERE username = 'erin'");
    const frankToken = await signUp("frank", T0 + 4 * MINUTE);
    data(
      await execute(new RequestContext(services, from(["127.0.0.1"])), confirmSignup, {
        confirm_token: frankToken,
        current_app: APP,
      }),
    );
    await cli.query("UPDATE sso_user SET approval_status = 'approved' WHERE username = 'frank'");
    // Created by the operator, then put back in the queue.
    expect(await cli.run(["create-user", "paul", "--password", PASSWORD])).toMatchObject({ code: 0 });
    await cli.query("UPDATE sso_user SET approval_status = 'before_decision' WHERE username = 'paul'");

    const all = await listSignups();
    expect(names(all)).toEqual(["Amy", "amy", "zed", "carol", "dave", "paul"]);
    for (const item of all) expect(Object.keys(item)).toEqual(KEYS);
    const amy = await cli.user("Amy");
    expect(all[0]).toEqual({
      user_id: amy?.user_id,
      username: "Amy",
      email: "Amy@example.net",
      display_name: amy?.display_name,
      sign_up_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
      sign_up_status: "before_confirmation",
      approval_status: "before_decision",
      remote_ip: "198.51.100.4",
      remote_addr: "198.51.100.4, 10.0.0.2",
    });
    expect(all[3]).toMatchObject({ username: "carol", sign_up_status: "final", approval_status: "before_decision" });
    expect(all[4]).toMatchObject({ username: "dave", sign_up_status: "before_confirmation", approval_status: "approved" });
    expect(all[5]).toMatchObject({ username: "paul", remote_ip: "127.0.0.1", remote_addr: "127.0.0.1" });
    expect(all).toEqual(await apiList());
    expect((await listings()).at(-1)).toMatchObject({ outcome: "ok", details: { count: 6 } });
  });

  it("narrows the list with --status, as the API's status does", async () => {
    const toApprove = await listSignups("--status", "to-approve");
    expect(names(toApprove)).toEqual(["Amy", "amy", "zed", "carol", "paul"]);
    expect(toApprove).toEqual(await apiList("to-approve"));
    const toConfirm = await listSignups("--status", "to-confirm");
    expect(names(toConfirm)).toEqual(["Amy", "amy", "zed", "dave"]);
    expect(toConfirm).toEqual(await apiList("to-confirm"));
  });

  it("refuses another --status as a usage error (exit 2), before touching the database", async () => {
    const before = (await listings()).length;
    for (const status of ["approved", "TO-APPROVE", ""]) {
      const r = await cli.run(["list-signups", "--status", status]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(
        `sso: option --status must be one of to-approve, to-confirm, not '${status}'\n` +
          "Usage: npm run sso -- list-signups [--status to-approve|to-confirm]\n" +
          "Run `npm run sso -- list-signups --help` for details.\n",
      );
    }
    expect(await cli.run(["list-signups", "extra"])).toMatchObject({ code: 2, stdout: "" });
    expect(await listings()).toHaveLength(before);
  });

  it("is listed by --help with its option", async () => {
    const top = await cli.run(["--help"]);
    for (const name of ["list-signups", "approve-user", "reject-user"]) expect(top.stdout).toContain(`  ${name} `);
    const r = await cli.run(["list-signups", "--help"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("Usage: npm run sso -- list-signups [--status to-approve|to-confirm]");
    const reject = await cli.run(["reject-user", "--help"]);
    expect(reject.stdout).toContain("Usage: npm run sso -- reject-user <username> [--reason R]");
  });
});

describe("approve-user", { timeout: 90_000 }, () => {
  it("approves by username as the operator, sends the welcome message and audits user.approve_user", async () => {
    const before = Date.now();
    const r = await cli.run(["approve-user", "carol"]);
    expect(r).toMatchObject({ code: 0, stdout: "Approved user account `carol`\n", stderr: "" });
    const carol = await cli.user("carol");
    expect(carol).toMatchObject({ approval_status: "approved", approval_status_mod_by: OPERATOR, sign_up_status: "final" });
    expect(utcMs(carol?.approval_status_mod_time)).toBeGreaterThanOrEqual(before - 1000);
    expect(outbox("welcome")).toMatchObject([{ user: { username: "carol", email: "carol@example.net" } }]);
    expect(await cli.audit("user.approve_user")).toMatchObject([
      {
        actor_user_id: `cli:${OPERATOR}`,
        current_app: "zato-cli",
        target_user_id: carol?.user_id,
        target_username: "carol",
        outcome: "ok",
        sub_status: [],
        details: {},
      },
    ]);
    expect(names(await listSignups())).toEqual(["Amy", "amy", "zed", "dave", "paul"]);
  });

  it("approves again without a second welcome message", async () => {
    expect(await cli.run(["approve-user", "carol"])).toMatchObject({ code: 0, stdout: "Approved user account `carol`\n" });
    expect(outbox("welcome")).toHaveLength(1);
  });

  it("approves an unconfirmed signup too: it leaves the approval queue, not the confirmation one", async () => {
    expect(await cli.run(["approve-user", "amy"])).toMatchObject({ code: 0 });
    expect(await cli.user("amy")).toMatchObject({ approval_status: "approved", sign_up_status: "before_confirmation" });
    expect(names(await listSignups("--status", "to-approve"))).toEqual(["Amy", "zed", "paul"]);
    expect(names(await listSignups("--status", "to-confirm"))).toEqual(["Amy", "amy", "zed", "dave"]);
    expect(outbox("welcome").map((m) => m.user.username)).toEqual(["carol", "amy"]);
  });

  it("reports an unknown user with exit 22 and audits the failure", async () => {
    const r = await cli.run(["approve-user", "ghost"]);
    expect(r).toMatchObject({ code: 22, stdout: "", stderr: "No such user `ghost`\n" });
    expect((await cli.audit("user.approve_user")).at(-1)).toMatchObject({
      actor_user_id: `cli:${OPERATOR}`,
      outcome: "error",
      sub_status: ["E008001"],
      target_username: "ghost",
      target_user_id: null,
    });
  });
});

describe("reject-user", { timeout: 90_000 }, () => {
  it("deletes an account that came from self-service signup, with the reason in the audit record", async () => {
    const zed = await cli.user("zed");
    const r = await cli.run(["reject-user", "zed", "--reason", "a bot"]);
    expect(r).toMatchObject({ code: 0, stdout: "Rejected and deleted signup account `zed`\n", stderr: "" });
    expect(await count("zed")).toBe(0);
    expect(await cli.audit("user.reject_user")).toMatchObject([
      {
        actor_user_id: `cli:${OPERATOR}`,
        current_app: "zato-cli",
        target_user_id: zed?.user_id,
        target_username: "zed",
        outcome: "ok",
        details: { deleted: true, reason: "a bot" },
      },
    ]);
    expect(names(await listSignups())).toEqual(["Amy", "amy", "dave", "paul"]);
  });

  it("deletes a signup account whatever its state, approved and logged in included", async () => {
    const login = await cli.run(["login", "carol"]);
    expect(login.code).toBe(0);
    const carol = await cli.user("carol");
    expect(await cli.query("SELECT 1 FROM sso_session WHERE user_id = $1", [carol?.id])).toHaveLength(1);
    expect(await cli.run(["reject-user", "carol"])).toMatchObject({
      code: 0,
      stdout: "Rejected and deleted signup account `carol`\n",
    });
    expect(await count("carol")).toBe(0);
    expect(await cli.query("SELECT 1 FROM sso_session WHERE user_id = $1", [carol?.id])).toEqual([]);
    expect((await cli.audit("user.reject_user")).at(-1)).toMatchObject({ outcome: "ok", details: { deleted: true } });
  });

  it("keeps any other account, marked rejected by the operator, and ends its sessions", async () => {
    expect(await cli.run(["create-user", "quinn", "--password", PASSWORD])).toMatchObject({ code: 0 });
    expect((await cli.run(["login", "quinn"])).code).toBe(0);
    const quinn = await cli.user("quinn");
    expect(await cli.query("SELECT 1 FROM sso_session WHERE user_id = $1", [quinn?.id])).toHaveLength(1);
    const r = await cli.run(["reject-user", "quinn"]);
    expect(r).toMatchObject({ code: 0, stdout: "Rejected user account `quinn`\n", stderr: "" });
    expect(await cli.user("quinn")).toMatchObject({ approval_status: "rejected", approval_status_mod_by: OPERATOR });
    expect(await cli.query("SELECT 1 FROM sso_session WHERE user_id = $1", [quinn?.id])).toEqual([]);
    expect((await cli.audit("user.reject_user")).at(-1)).toMatchObject({
      target_user_id: quinn?.user_id,
      outcome: "ok",
      details: {},
    });

    expect(await cli.run(["reject-user", "paul"])).toMatchObject({ code: 0, stdout: "Rejected user account `paul`\n" });
    expect(await cli.user("paul")).toMatchObject({ approval_status: "rejected" });
    expect(names(await listSignups())).toEqual(["Amy", "amy", "dave"]);
  });

  it("reports an unknown user with exit 22 and audits the failure", async () => {
    const r = await cli.run(["reject-user", "ghost", "--reason", "none"]);
    expect(r).toMatchObject({ code: 22, stdout: "", stderr: "No such user `ghost`\n" });
    expect((await cli.audit("user.reject_user")).at(-1)).toMatchObject({
      outcome: "error",
      sub_status: ["E008001"],
      target_username: "ghost",
      details: { reason: "none" },
    });
  });

  it("needs a username (exit 2)", async () => {
    expect(await cli.run(["reject-user"])).toMatchObject({ code: 2, stdout: "" });
    expect(await cli.run(["approve-user", "--reason", "x", "amy"])).toMatchObject({ code: 2, stdout: "" });
  });
});

describe("list-signups over many pages", { timeout: 120_000 }, () => {
  it("prints every pending account, past the API's page of 1000, in the API's order", async () => {
    // Copies of a pending row, some at the same instant (then by username), others later.
    const columns = (
      await cli.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'sso_user' AND column_name <> 'id'",
      )
    ).map((c) => c.column_name);
    const copied = columns.map((c) =>
      c === "user_id"
        ? "'zusrbulk' || lpad(i::text, 22, '0')"
        : c === "username"
          ? "'bulk-' || lpad(((i * 7919) % 2500)::text, 4, '0')"
          : c === "sign_up_confirm_token_hash"
            ? "md5(i::text) || md5((i + 1)::text)"
            : c === "sign_up_time"
              ? "sign_up_time + ((i / 3) * interval '1 millisecond')"
              : c === "email" || c === "email_hash"
                ? "NULL"
                : `"${c}"`,
    );
    await cli.query(
      `INSERT INTO sso_user (${columns.map((c) => `"${c}"`).join(", ")})
       SELECT ${copied.join(", ")} FROM sso_user, generate_series(1, 2500) AS i WHERE username = 'dave'`,
    );
    const all = await listSignups();
    expect(all).toHaveLength(2503);
    expect(new Set(names(all)).size).toBe(2503);
    expect(all).toEqual(await apiList());
    const keys = all.map((p) => [utcMs(new Date(p.sign_up_time)), p.username] as const);
    const sorted = [...keys].sort(([ta, ua], [tb, ub]) => ta - tb || (ua < ub ? -1 : ua > ub ? 1 : 0));
    expect(keys).toEqual(sorted);
    expect((await listings()).at(-1)).toMatchObject({ outcome: "ok", details: { count: 2503 } });
  });
});
