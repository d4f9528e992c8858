import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { formatTimestamp } from "../../lib/time.js";
import type { Services } from "../context.js";
import { reveal } from "../users/views.js";
import { composeMessage, isEnabled, type MessageKind } from "./messages.js";

/** The user a message is about, with the email in clear. */
export interface Recipient {
  user_id: string;
  username: string;
  email: string | null;
  display_name: string | null;
}

/** A user as a message names them, the email revealed when stored encrypted. */
export const recipientOf = (services: Services, user: Recipient): Recipient => ({
  user_id: user.user_id,
  username: user.username,
  email: reveal(services.keys, services.log, user.email, "email"),
  display_name: user.display_name,
});

/**
 * One address, local@domain, and nothing else. An email stored encrypted is not validated at
 * signup (as Zato), so it may hold a list, a display name or header syntax: sent as it is, it
 * would make the gateway mail whoever a stranger names.
 */
const ONE_ADDRESS = /^[^\s@,;:<>()[\]\\"]+@[^\s@,;:<>()[\]\\"]+$/;

type Transporter = ReturnType<typeof nodemailer.createTransport>;
const transporters = new WeakMap<Services, Transporter>();

/**
 * Sends a notification (docs/rules.md, "Notifications") through `[main] email_service` (a hook, or the
 * `outbox:` directory), else through `[main] smtp_conn`, else nowhere (with a warning).
 * A user without an email gets nothing. Failures are logged, never raised: a notification
 * never fails or undoes the call that sends it.
 */
export async function notify(services: Services, cid: string, kind: MessageKind, user: Recipient, token?: string): Promise<void> {
  const { config, log } = services;
  if (!user.email || !isEnabled(config, kind)) return;
  if (!ONE_ADDRESS.test(user.email)) {
    log.warn(`the user's email is not one address: the ${kind} message was not sent`, { cid, user_id: user.user_id });
    return;
  }
  try {
    const message = await composeMessage(config, kind, user.email, { username: user.username, token });
    const payload = { kind, user, token: token ?? null, message };
    const service = config.main.email_service;
    if (service.startsWith("outbox:")) {
      const dir = path.resolve(config.configDir, service.slice("outbox:".length));
      const createdAt = formatTimestamp(services.clock.now());
      await mkdir(dir, { recursive: true });
      await writeFile(
        path.join(dir, `${createdAt}-${kind}-${cid}.json`),
        JSON.stringify({ ...payload, cid, created_at: createdAt }),
        {
          mode: 0o600,
        },
      );
    } else if (service) {
      await services.hooks.call(service, payload);
    } else if (config.main.smtp_conn) {
      await smtp(services).sendMail({
        from: message.from,
        to: message.to,
        cc: message.cc,
        bcc: message.bcc,
        subject: message.subject,
        ...(message.is_html ? { html: message.body } : { text: message.body }),
      });
    } else {
      log.warn(`no [main] email_service or smtp_conn: the ${kind} message was not sent`, { cid });
    }
  } catch (e) {
    log.error(`the ${kind} message could not be sent`, { cid, error: (e as Error).message });
  }
}

function smtp(services: Services): Transporter {
  let transporter = transporters.get(services);
  if (!transporter) {
    const conn = services.config.smtp[services.config.main.smtp_conn];
    if (!conn) throw new Error(`no [smtp.${services.config.main.smtp_conn}] section`);
    transporter = nodemailer.createTransport({
      host: conn.host,
      port: conn.port,
      secure: conn.secure,
      auth: conn.username ? { user: conn.username, pass: conn.password } : undefined,
      connectionTimeout: conn.timeout * 1000,
      greetingTimeout: conn.timeout * 1000,
      socketTimeout: conn.timeout * 1000,
    });
    transporters.set(services, transporter);
  }
  return transporter;
}
