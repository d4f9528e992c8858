import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../../config/index.js";

export type MessageKind = "signup_confirmation" | "welcome" | "password_reset";

export interface Message {
  to: string;
  cc: string[];
  bcc: string[];
  from: string;
  subject: string;
  body: string;
  is_html: boolean;
}

const SIGNATURE = "\n\n-- \n{site_name}\n";

// Used when `<config dir>/email/en_GB/<file>` is missing (docs/rules.md, "Notifications").
const BUILT_IN: Record<MessageKind, string> = {
  signup_confirmation: `Hello {username},\n\nplease confirm your account: https://example.com/signup-confirm/{token}${SIGNATURE}`,
  welcome: `Hello {username},\n\nwelcome: your account has been approved.${SIGNATURE}`,
  password_reset:
    '<p>Hello {username},</p>\n<p>to set a new password, open <a href="https://example.com/reset-password/{token}">' +
    "https://example.com/reset-password/{token}</a>. The link is valid for {expiration_time_hours} hours.</p>\n" +
    "<p>-- <br>{site_name}</p>\n",
};

/** Everything configuration says about one kind of message. */
function settings(config: Config, kind: MessageKind) {
  const { signup, password_reset } = config;
  switch (kind) {
    case "signup_confirmation":
      return {
        enabled: signup.email_confirm_enabled,
        file: signup.email_confirm_template,
        subject: "Confirm your account",
        from: signup.email_confirm_from,
        cc: signup.email_confirm_cc,
        bcc: signup.email_confirm_bcc,
        html: false,
      };
    case "welcome":
      return {
        enabled: signup.email_welcome_enabled,
        file: signup.email_welcome_template,
        subject: "Welcome",
        from: signup.email_welcome_from,
        cc: signup.email_welcome_cc,
        bcc: signup.email_welcome_bcc,
        html: false,
      };
    case "password_reset":
      return {
        enabled: true,
        file: "password-reset-link.txt",
        subject: password_reset.email_title_en_GB || "Password reset",
        from: password_reset.email_from,
        cc: [],
        bcc: [],
        html: true,
      };
  }
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

export const isEnabled = (config: Config, kind: MessageKind): boolean => settings(config, kind).enabled;

/** Builds the message of `kind` for `to`, from its template file or the built-in text. */
export async function composeMessage(
  config: Config,
  kind: MessageKind,
  to: string,
  values: { username: string; token?: string },
): Promise<Message> {
  const s = settings(config, kind);
  let template: string;
  try {
    template = await readFile(path.join(config.configDir, "email", "en_GB", s.file), "utf8");
  } catch {
    template = BUILT_IN[kind];
  }
  const placeholders: Record<string, string> = {
    username: values.username,
    token: values.token ?? "",
    site_name: config.main.site_name || "site",
    expiration_time_hours: String(Math.floor(config.password_reset.valid_for / 60)),
  };
  // In an HTML message a placeholder is text, never markup: a username like <img src=x> shows as such.
  const fill = s.html ? escapeHtml : (text: string) => text;
  const body = template.replace(/\{(username|token|site_name|expiration_time_hours)\}/g, (_, name: string) =>
    fill(placeholders[name] ?? ""),
  );
  return { to, cc: [...s.cc], bcc: [...s.bcc], from: s.from, subject: s.subject, body, is_html: s.html };
}
