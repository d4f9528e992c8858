import { z } from "zod";
import { AddressSet } from "../lib/addresses.js";

// Normalisation shared by TOML and INI input (config.md, "The file"): lists may be written as
// comma-separated strings, booleans as true/false strings, integers as digit strings.

const bool = (fallback: boolean) =>
  z
    .preprocess(
      (v) => (typeof v === "string" && /^(true|false)$/i.test(v.trim()) ? v.trim().toLowerCase() === "true" : v),
      z.boolean({ error: "must be true or false" }),
    )
    .default(fallback);

const integer = (min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : typeof v === "bigint" ? Number(v) : v),
    z
      .number({ error: "must be an integer" })
      .int({ error: "must be an integer" })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` }),
  );

const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) => integer(min, max).default(fallback);

const str = (fallback: string) => z.string({ error: "must be a string" }).default(fallback);

const splitList = (v: unknown, separator: RegExp) =>
  typeof v === "string"
    ? v
        .split(separator)
        .map((s) => s.trim())
        .filter(Boolean)
    : Array.isArray(v)
      ? v.map((s) => (typeof s === "string" ? s.trim() : s)).filter((s) => s !== "")
      : v;

const list = (fallback: string[], separator = /,/) =>
  z.preprocess((v) => splitList(v, separator), z.array(z.string(), { error: "must be a list of strings" })).default(fallback);

const enumOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z.enum(values, { error: `must be one of: ${values.join(", ")}` });

const oneOf = <T extends string>(values: readonly [T, ...T[]], fallback: T) => enumOf(values).default(fallback);

const USER_SEARCH_BY = ["username", "email", "username_or_email"] as const;

/** A hook reference (config.md, "Hooks"); `extra` lists the built-ins a key also accepts. */
const hookRef = (extra: (ref: string) => boolean = () => false) =>
  z.string().refine((ref) => ref === "" || /^module:.+\.m?js$/.test(ref) || /^https?:\/\/.+/.test(ref) || extra(ref), {
    error: "is not a hook reference (module:<path>.js or .mjs, http(s)://…)",
  });

export const SIGNUP_VALIDATOR = "zato.sso.signup.validate";

const DEFAULT_REJECT_LIST = [
  "111111",
  "123123",
  "123321",
  "123456",
  "123qwe",
  "1q2w3e",
  "1q2w3e4r",
  "1q2w3e4r5t",
  "222222",
  "333333",
  "444444",
  "555555",
  "654321",
  "666666",
  "777777",
  "888888",
  "999999",
  "987654321",
  "google",
  "letmein",
  "mynoob",
  "password",
  "qwerty",
  "zxcvbnm",
];
const DEFAULT_REJECTED_NAMES = ["zato", "admin", "root", "system", "sso"];

const lowerCased = (schema: z.ZodType<string[]>) => schema.transform((items) => items.map((s) => s.toLowerCase()));

export const sections = {
  main: z.object({
    encrypt_email: bool(true),
    encrypt_password: bool(true),
    email_service: hookRef((ref) => /^outbox:.+/.test(ref)).default(""),
    smtp_conn: str(""),
    site_name: str(""),
  }),
  backend: z.object({ default: z.literal("sql", { error: "must be sql" }).default("sql") }),
  sql: z.object({ name: str("") }),
  hash_secret: z.object({ rounds: int(120000), salt_size: int(64, 8, 1024) }),
  apps: z.object({
    all: list(["CRM"]),
    default: str("CRM"),
    http_header: str("X-Zato-SSO-Current-App").refine((v) => /^[A-Za-z0-9-]+$/.test(v), { error: "must be a header name" }),
    signup_allowed: list([]),
    login_allowed: list(["CRM"]),
    login_metadata_allowed: list([]),
    inform_if_app_invalid: bool(true),
  }),
  login: z.object({
    reject_if_not_listed: bool(false),
    inform_if_locked: bool(true),
    inform_if_not_confirmed: bool(true),
    inform_if_not_approved: bool(true),
    inform_if_totp_missing: bool(true),
  }),
  password_reset: z.object({
    valid_for: int(1440, 1),
    password_change_session_duration: int(1800, 1),
    user_search_by: oneOf(USER_SEARCH_BY, "username"),
    email_title_en_GB: str("Password reset"),
    email_title_en_US: str("Password reset"),
    email_from: str("hello@example.com"),
  }),
  // No defaults here: only the keys the file sets may win over [password_reset].
  prt: z.object({
    valid_for: integer(1).optional(),
    password_change_session_duration: integer(1).optional(),
    user_search_by: enumOf(USER_SEARCH_BY).optional(),
  }),
  session: z.object({ expiry: int(60, 1), expiry_hook: hookRef().default("") }),
  password: z.object({
    expiry: int(730, 1),
    inform_if_expired: bool(false),
    inform_if_about_to_expire: bool(true),
    inform_if_must_be_changed: bool(true),
    inform_if_invalid: bool(true),
    about_to_expire_threshold: int(30),
    log_in_if_about_to_expire: bool(true),
    min_length: int(8),
    max_length: int(256, 1),
    min_complexity: int(0, 0, 4),
    min_complexity_algorithm: oneOf(["zxcvbn"], "zxcvbn"),
    reject_list: lowerCased(list(DEFAULT_REJECT_LIST, /[\n,]/)),
  }),
  signup: z.object({
    inform_if_user_exists: bool(false),
    inform_if_user_invalid: bool(false),
    inform_if_email_exists: bool(false),
    inform_if_email_invalid: bool(false),
    email_required: bool(true),
    max_length_username: int(128, 1),
    max_length_email: int(128, 1),
    password_allow_whitespace: bool(true),
    always_return_confirm_token: bool(true),
    is_email_required: bool(true),
    is_approval_needed: bool(true),
    callback_service_list: z.preprocess((v) => splitList(v, /,/), z.array(hookRef())).default([]),
    email_confirm_enabled: bool(true),
    email_confirm_from: str("confirm@example.com"),
    email_confirm_cc: list([]),
    email_confirm_bcc: list([]),
    email_confirm_template: str("sso-confirm.txt"),
    email_welcome_enabled: bool(true),
    email_welcome_from: str("welcome@example.com"),
    email_welcome_cc: list([]),
    email_welcome_bcc: list([]),
    email_welcome_template: str("sso-welcome.txt"),
  }),
  user_validation: z.object({
    service: z
      .preprocess((v) => splitList(v, /,/), z.array(hookRef((ref) => ref === SIGNUP_VALIDATOR)))
      .default([SIGNUP_VALIDATOR]),
    reject_username: lowerCased(list(DEFAULT_REJECTED_NAMES)),
    reject_email: lowerCased(list(DEFAULT_REJECTED_NAMES)),
  }),
  search: z.object({ default_page_size: int(50, 1), max_page_size: int(100, 1) }),
  server: z.object({
    host: str("0.0.0.0"),
    port: int(17010, 0, 65535),
    graphql_path: str("/graphql").refine((v) => /^\/[\w\-/]*$/.test(v) && !v.startsWith("/zato/"), {
      error: "must be a path outside /zato/",
    }),
    trust_forwarded_headers: bool(true),
    data_dir: str(".sso-data").refine((v) => v.trim() !== "", { error: "must not be empty" }),
  }),
  secret_keys: z.object({ key1: z.string().optional() }),
  argon2: z.object({ memory_cost: int(65536, 8), time_cost: int(3, 1), parallelism: int(4, 1, 255) }),
  totp: z.object({ window: int(0, 0, 10) }),
  cleanup: z.object({ interval: int(300) }),
} as const;

export const smtpSection = z.object({
  host: z.string({ error: "is required" }).min(1, { error: "is required" }),
  port: int(587, 1, 65535),
  secure: bool(false),
  username: str(""),
  password: str(""),
  timeout: int(10, 1),
});

export type AddressRule = { kind: "any" } | { kind: "none" } | { kind: "set"; set: AddressSet };

/** One `[user_address_list]` value: `*`, empty, or addresses and networks. */
export function parseAddressRule(value: unknown): AddressRule {
  const items = splitList(value ?? "", /,/);
  if (!Array.isArray(items) || items.some((i) => typeof i !== "string")) throw new Error("must be a list of addresses");
  if (items.length === 0) return { kind: "none" };
  if (items.includes("*")) return { kind: "any" };
  return { kind: "set", set: new AddressSet(items as string[]) };
}
