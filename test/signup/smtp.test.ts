import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminGateway, expectNoSecretsInAudit, loginAs, send, startAdmin } from "../support/admin.js";
import { expectFailure, expectOk, PASSWORD, userRow } from "../support/fixtures.js";
import { APP, type HttpAnswer, startGateway, type TestGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";

// Signup messages through a real SMTP server ([main] smtp_conn and an [smtp.<name>] section):
// the envelope, the headers, and the confirmation token the message carries
// (docs/rules.md, "Signup" and "Notifications").

const SIGNUP = "/zato/sso/user/signup";

interface Received {
  from: string | null;
  recipients: string[];
  headers: Record<string, string>;
  body: string;
}

/** Splits a raw message into unfolded, lower-cased headers and its decoded body. */
function parse(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.slice(split + 4);
  const encoding = (headers["content-transfer-encoding"] ?? "").toLowerCase();
  if (encoding === "quoted-printable") {
    body = Buffer.from(
      body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      "latin1",
    ).toString("utf8");
  } else if (encoding === "base64") {
    body = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  return { headers, body };
}

/** A local SMTP server that keeps what it receives and refuses every recipient of a session once one starts with `refused`. */
async function startSmtp() {
  const received: Received[] = [];
  const refusing = new Set<string>();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, session: SMTPServerSession, callback) {
      if (address.address.startsWith("refused")) refusing.add(session.id);
      if (refusing.has(session.id)) {
        return callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const from = session.envelope.mailFrom;
        received.push({
          from: from ? from.address : null,
          recipients: session.envelope.rcptTo.map((r) => r.address),
          ...parse(Buffer.concat(chunks).toString("utf8")),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, received, port: (server.server.address() as AddressInfo).port };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Waits until `check` holds (messages arrive before the call answers; this only guards against slow machines). */
async function eventually(check: () => boolean, ms = 3_000) {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
}

const signUp = (gw: TestGateway, fields: Record<string, unknown>) =>
  send(gw, "POST", SIGNUP, { password: PASSWORD, current_app: APP, ...fields });

/** Log lines at warn or error level of one request. */
const problemsOf = (gw: TestGateway, r: HttpAnswer) =>
  gw.logs.filter((l) => (l.level === "warn" || l.level === "error") && (l.fields as { cid?: unknown })?.cid === r.body.cid);

describe("signup messages through SMTP", () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let a: AdminGateway;

  beforeAll(async () => {
    smtp = await startSmtp();
    a = await startAdmin({
      main: { smtp_conn: "local" },
      "smtp.local": { host: "127.0.0.1", port: smtp.port, secure: false, timeout: 5 },
      signup: {
        // The token reaches the user only by email.
        always_return_confirm_token: false,
        email_confirm_from: "desk@example.org",
        email_confirm_cc: ["cc1@example.org", "cc2@example.org"],
        email_confirm_bcc: ["audit@example.org"],
      },
    });
  });
  afterAll(async () => {
    await a.gw.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  const messagesTo = (address: string) => smtp.received.filter((m) => m.recipients.includes(address));

  it("sends the confirmation message: envelope with to, cc and bcc, subject, From; its token confirms the account", async () => {
    const username = unique("mail");
    const email = `${username}@example.net`;
    const r = await signUp(a.gw, { username, email });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    await eventually(() => messagesTo(email).length > 0);
    const [message, ...more] = messagesTo(email);
    expect(more).toEqual([]);
    expect(message?.from).toBe("desk@example.org");
    expect([...(message?.recipients ?? [])].sort()).toEqual(
      [email, "cc1@example.org", "cc2@example.org", "audit@example.org"].sort(),
    );
    expect(message?.headers.subject).toBe("Confirm your account");
    expect(message?.headers.from).toContain("desk@example.org");
    expect(message?.headers.to).toContain(email);
    expect(message?.headers.cc).toContain("cc1@example.org");
    expect(message?.headers.cc).toContain("cc2@example.org");
    // Blind copies stay blind.
    expect(message?.headers.bcc).toBeUndefined();
    expect(JSON.stringify(message?.headers)).not.toContain("audit@example.org");
    expect(message?.headers["content-type"]).toMatch(/^text\/plain/);
    expect(message?.body).toContain(username);

    const token = message?.body.match(/https:\/\/example\.com\/signup-confirm\/([A-Za-z0-9_-]+)/)?.[1] as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    a.secrets.add(token);
    expect((await userRow(a.gw, username)).sign_up_status).toBe("before_confirmation");
    const c = await send(a.gw, "PATCH", SIGNUP, { confirm_token: token, current_app: APP });
    expect(expectOk(c)).toEqual({ cid: c.body.cid, status: "ok" });
    expect((await userRow(a.gw, username)).sign_up_status).toBe("final");
    expectFailure(await send(a.gw, "PATCH", SIGNUP, { confirm_token: token, current_app: APP }), "E005001");

    // Approval sends the welcome message the same way; then the user logs in.
    const userId = (await userRow(a.gw, username)).user_id as string;
    expectOk(await send(a.gw, "POST", "/zato/sso/user/approve", { ust: a.adminUst, current_app: APP, user_id: userId }));
    await eventually(() => messagesTo(email).length > 1);
    const welcome = messagesTo(email)[1];
    expect(welcome?.from).toBe("welcome@example.com");
    expect(welcome?.recipients).toEqual([email]);
    expect(welcome?.headers.subject).toBe("Welcome");
    expect(welcome?.body).toContain(username);
    await loginAs(a, username);
    expect(a.gw.logs.filter((l) => l.level === "error")).toEqual([]);
  });

  it("sends nothing to a user without an email", async () => {
    const before = smtp.received.length;
    const username = unique("nomail");
    expectOk(await signUp(a.gw, { username }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.received.length).toBe(before);
  });

  it("a server refusing the recipients: the failure is logged, the signup still succeeds", async () => {
    const before = smtp.received.length;
    const username = unique("refused");
    const email = `${username}@example.net`;
    const r = await signUp(a.gw, { username, email });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok" });
    expect(smtp.received.length).toBe(before);
    expect(await userRow(a.gw, username)).toMatchObject({
      sign_up_status: "before_confirmation",
      approval_status: "before_decision",
    });
    const problems = problemsOf(a.gw, r);
    expect(problems.length).toBeGreaterThan(0);
    expect(JSON.stringify(problems)).toMatch(/signup_confirmation/);
  });

  it("no audit record holds the password or a token", async () => {
    await expectNoSecretsInAudit(a.gw, a.secrets);
  });
});

describe("an SMTP server that cannot be reached", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({
      main: { smtp_conn: "down" },
      "smtp.down": { host: "127.0.0.1", port: await closedPort(), secure: false, timeout: 2 },
    });
  });
  afterAll(() => gw.close());

  it("the failure is logged; the signup still succeeds with the user created and the token returned", async () => {
    const username = unique("down");
    const r = await signUp(gw, { username, email: `${username}@example.net` });
    expect(expectOk(r)).toEqual({ cid: r.body.cid, status: "ok", confirm_token: expect.any(String) });
    expect((await userRow(gw, username)).sign_up_status).toBe("before_confirmation");
    expect(problemsOf(gw, r).length).toBeGreaterThan(0);
    expectOk(await send(gw, "PATCH", SIGNUP, { confirm_token: r.body.confirm_token, current_app: APP }));
  });
});
