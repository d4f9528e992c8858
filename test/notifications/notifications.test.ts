import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { notify, type Recipient } from "../../src/core/notifications/send.js";
import { type ConfigOverrides, startGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway | undefined;
let smtp: Server | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
  await new Promise((resolve) => (smtp ? smtp.close(resolve) : resolve(undefined)));
  smtp = undefined;
});

const jane: Recipient = {
  user_id: "zusr0000000000000000000000jane",
  username: "jane",
  email: "jane@example.net",
  display_name: "Jane",
};

async function start(overrides: ConfigOverrides) {
  gw = await startGateway(overrides);
  return gw;
}

const outbox = (g: TestGateway) => {
  const dir = path.join(g.config.configDir, "outbox");
  return readdirSync(dir).map((file) => ({ file, ...JSON.parse(readFileSync(path.join(dir, file), "utf8")) }));
};

describe("notifications", () => {
  it("outbox: one JSON file per message, named <created_at>-<kind>-<cid>.json, holding the hook input, cid and created_at", async () => {
    const g = await start({ main: { email_service: "outbox:outbox", site_name: "Acme" }, password_reset: { valid_for: 150 } });
    await notify(g.services, "a".repeat(24), "password_reset", jane, "prt-token");
    const [message] = outbox(g);
    expect(message.file).toBe(`${message.created_at}-password_reset-${"a".repeat(24)}.json`);
    expect(message.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
    expect(message).toMatchObject({
      kind: "password_reset",
      cid: "a".repeat(24),
      token: "prt-token",
      user: jane,
      message: { to: "jane@example.net", cc: [], bcc: [], from: "hello@example.com", subject: "Password reset", is_html: true },
    });
    // The built-in reset text: the link with the token, the validity in whole hours, the site name.
    expect(message.message.body).toContain("https://example.com/reset-password/prt-token");
    expect(message.message.body).toContain("valid for 2 hours");
    expect(message.message.body).toContain("Acme");
  });

  it("escapes placeholders in HTML messages, so that a username cannot inject markup; plain text stays as it is", async () => {
    const g = await start({ main: { email_service: "outbox:outbox", site_name: 'Acme & "Co"' } });
    const mallory = { ...jane, username: '<img src=x onerror="alert(1)">' };
    await notify(g.services, "b".repeat(24), "password_reset", mallory, "prt-token");
    await notify(g.services, "c".repeat(24), "welcome", mallory);
    const [reset] = outbox(g).filter((m) => m.kind === "password_reset");
    const [welcome] = outbox(g).filter((m) => m.kind === "welcome");
    expect(reset.message.body).toContain("Hello &lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(reset.message.body).not.toContain("<img");
    expect(reset.message.body).toContain("Acme &amp; &quot;Co&quot;");
    expect(welcome.message.is_html).toBe(false);
    expect(welcome.message.body).toContain('Hello <img src=x onerror="alert(1)">');
  });

  it("a template file in <config dir>/email/en_GB replaces the built-in text, with its placeholders filled", async () => {
    const g = await start({
      main: { email_service: "outbox:outbox" },
      signup: { email_confirm_template: "confirm.txt", email_confirm_cc: "a@example.net, b@example.net" },
    });
    const dir = path.join(g.config.configDir, "email", "en_GB");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "confirm.txt"), "Dear {username}, use {token} at {site_name}. {unknown}");
    await notify(g.services, "b".repeat(24), "signup_confirmation", jane, "tok123");
    const [message] = outbox(g);
    expect(message.message).toMatchObject({
      subject: "Confirm your account",
      from: "confirm@example.com",
      cc: ["a@example.net", "b@example.net"],
      body: "Dear jane, use tok123 at site. {unknown}",
      is_html: false,
    });
  });

  it("a module: email_service receives {kind, user, token, message}; its failure is logged, not raised", async () => {
    const g = await start({ main: { email_service: "module:mailer.mjs" } });
    const received = path.join(g.config.configDir, "received.json");
    writeFileSync(
      path.join(g.config.configDir, "mailer.mjs"),
      `import { writeFileSync } from "node:fs";
       export default async (input) => {
         if (input.user.username === "boom") throw new Error("mail server down");
         writeFileSync(${JSON.stringify(received)}, JSON.stringify(input));
       };`,
    );
    await notify(g.services, "c".repeat(24), "welcome", jane);
    expect(JSON.parse(readFileSync(received, "utf8"))).toMatchObject({
      kind: "welcome",
      user: jane,
      token: null,
      message: { subject: "Welcome" },
    });
    await expect(notify(g.services, "d".repeat(24), "welcome", { ...jane, username: "boom" })).resolves.toBeUndefined();
    expect(g.logs).toContainEqual(
      expect.objectContaining({
        level: "error",
        fields: expect.objectContaining({ cid: "d".repeat(24), error: "mail server down" }),
      }),
    );
  });

  it("SMTP: the message goes through [main] smtp_conn when no email_service is set", async () => {
    const transcript: string[] = [];
    smtp = createServer((socket) => {
      let data = false;
      socket.write("220 test ESMTP\r\n");
      socket.on("data", (chunk) => {
        for (const line of chunk.toString().split("\r\n").filter(Boolean)) {
          transcript.push(line);
          if (data) {
            if (line === ".") {
              data = false;
              socket.write("250 queued\r\n");
            }
          } else if (/^(EHLO|HELO)/i.test(line)) socket.write("250 test\r\n");
          else if (/^DATA/i.test(line)) {
            data = true;
            socket.write("354 go on\r\n");
          } else if (/^QUIT/i.test(line)) socket.end("221 bye\r\n");
          else socket.write("250 ok\r\n");
        }
      });
    });
    await new Promise<void>((resolve) => smtp?.listen(0, "127.0.0.1", resolve));
    const port = (smtp.address() as { port: number }).port;
    const g = await start({ main: { smtp_conn: "local" }, "smtp.local": { host: "127.0.0.1", port, timeout: 5 } });
    await notify(g.services, "e".repeat(24), "welcome", jane);
    expect(transcript).toContain("MAIL FROM:<welcome@example.com>");
    expect(transcript).toContain("RCPT TO:<jane@example.net>");
    expect(transcript).toContain("Subject: Welcome");
    expect(g.logs.filter((l) => l.level === "error")).toEqual([]);
  });

  it("no transport configured: a warning, nothing sent; a user without an email: nothing at all", async () => {
    const g = await start({});
    await notify(g.services, "f".repeat(24), "welcome", jane);
    expect(g.logs).toContainEqual(expect.objectContaining({ level: "warn", message: expect.stringContaining("was not sent") }));
    const before = g.logs.length;
    await notify(g.services, "f".repeat(24), "welcome", { ...jane, email: null });
    expect(g.logs.length).toBe(before);
  });
});
