import { z } from "zod";
import { AddressSet } from "../lib/addresses.js";

// Normalisation shared by TOML and INI input (docs/configuration.md): lists may be written as
// comma-separated strings, booleans as true/false strings, integers as digit strings. Each key
// carries the type the reference shows and, through describe(), what it controls.

/** How the reference names a key's type. */
const typed = <T extends z.ZodType>(schema: T, type: string) => schema.meta({ type });

const bool = (fallback: boolean) =>
  typed(
    z
      .preprocess(
        (v) => (typeof v === "string" && /^(true|false)$/i.test(v.trim()) ? v.trim().toLowerCase() === "true" : v),
        z.boolean({ error: "must be true or false" }),
      )
      .default(fallback),
    "boolean",
  );

const integer = (min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : typeof v === "bigint" ? Number(v) : v),
    z
      .number({ error: "must be an integer" })
      // The range first: a whole number too large to hold exactly (2^63 − 1) is out of range, not "not an integer".
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .int({ error: "must be an integer" }),
  );

/** The longest period a timer can wait (2^31 − 1 ms); Node runs a longer one after 1 ms. */
const MAX_TIMER_SECONDS = 2_147_483;
/** What argon2 accepts for its memory (KiB) and iterations. */
const ARGON2_MAX = 2 ** 32 - 1;

const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER, unit = "") =>
  typed(integer(min, max).default(fallback), `integer${unit ? ` (${unit})` : ""}`);

const str = (fallback: string) => typed(z.string({ error: "must be a string" }).default(fallback), "string");

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
  typed(
    z.preprocess((v) => splitList(v, separator), z.array(z.string(), { error: "must be a list of strings" })).default(fallback),
    "list of strings",
  );

/** A path on the gateway's own port, outside Zato's paths. */
const urlPath = (fallback: string) =>
  typed(
    z
      .string({ error: "must be a string" })
      .default(fallback)
      .refine((v) => /^\/[\w\-/]*$/.test(v) && !v.startsWith("/zato/"), { error: "must be a path outside /zato/" }),
    "string",
  );

const enumOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z.enum(values, { error: `must be one of: ${values.join(", ")}` });

const oneOf = <T extends string>(values: readonly [T, ...T[]], fallback: T) =>
  typed(enumOf(values).default(fallback), values.map((v) => `\`${v}\``).join(", "));

const USER_SEARCH_BY = ["username", "email", "username_or_email"] as const;

/** A hook reference (docs/configuration.md, "Hooks"); `extra` lists the built-ins a key also accepts. */
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
    encrypt_email: bool(true).describe(
      "Store emails encrypted (AES-256-GCM); a keyed hash still finds them by exact match. Also switches off the email checks of signup, as in Zato.",
    ),
    encrypt_password: bool(true).describe("Encrypt the stored argon2id hash of each password as well."),
    email_service: typed(hookRef((ref) => /^outbox:.+/.test(ref)).default(""), "hook").describe(
      "Hand every notification to this hook (`module:…`, `http(s)://…`, or `outbox:<directory>`) instead of SMTP.",
    ),
    smtp_conn: str("").describe("Name of the `[smtp.<name>]` section that notifications are sent through; empty: no SMTP."),
    site_name: str("").describe("`{site_name}` in the password-reset message; `site` when empty."),
  }),
  backend: z.object({
    default: typed(z.literal("sql", { error: "must be sql" }).default("sql"), "`sql`").describe(
      "Storage backend; only `sql` exists.",
    ),
  }),
  sql: z.object({
    name: str("").describe("Accepted for Zato files and ignored: the database is `DATABASE_URL` or the embedded one."),
  }),
  hash_secret: z.object({
    rounds: int(120000).describe("Accepted for Zato files and ignored: `[argon2]` sets the cost of password hashes."),
    salt_size: int(64, 8, 1024, "bytes").describe("Salt length of password hashes."),
  }),
  apps: z.object({
    all: list(["CRM"]).describe("Every application name `current_app` may take; a call naming another fails its pre-check."),
    default: str("CRM").describe("The application of sessions created for a linked credential when the request names none."),
    http_header: typed(
      z
        .string({ error: "must be a string" })
        .default("X-Zato-SSO-Current-App")
        .refine((v) => /^[A-Za-z0-9-]+$/.test(v), { error: "must be a header name" }),
      "string",
    ).describe("The request header that names the application when `current_app` is absent."),
    signup_allowed: list([]).describe("Applications users may sign up through; empty: any of `all`."),
    login_allowed: list(["CRM"]).describe("Applications users may log in through."),
    login_metadata_allowed: list([]).describe(
      "Applications whose logins may name the client's address and user agent (`remote_addr`, `user_agent`).",
    ),
    inform_if_app_invalid: bool(true).describe("Report E004001 (and E004002) for application problems instead of E005001."),
  }),
  login: z.object({
    reject_if_not_listed: bool(false).describe("Refuse users that `[user_address_list]` does not name."),
    inform_if_locked: bool(true).describe("Report E005002 for a locked user instead of E005001."),
    inform_if_not_confirmed: bool(true).describe("Report E005003 for an unconfirmed signup instead of E005001."),
    inform_if_not_approved: bool(true).describe("Report E005003 for a user not approved instead of E005001."),
    inform_if_totp_missing: bool(true).describe("Report E005008 when a TOTP code is needed and missing instead of E005001."),
  }),
  password_reset: z.object({
    valid_for: int(1440, 1, Number.MAX_SAFE_INTEGER, "minutes").describe(
      "Lifetime of a password-reset token; also `{expiration_time_hours}` in its message.",
    ),
    password_change_session_duration: int(1800, 1, Number.MAX_SAFE_INTEGER, "seconds").describe(
      "Lifetime of the reset key, from the moment its token is accessed.",
    ),
    user_search_by: oneOf(USER_SEARCH_BY, "username").describe("How the `credential` of a reset request finds the user."),
    email_title_en_GB: str("Password reset").describe("Subject of the password-reset message."),
    email_title_en_US: str("Password reset").describe("Read and unused: messages are always en_GB, as in Zato."),
    email_from: str("hello@example.com").describe("Sender of the password-reset message."),
    max_per_user_and_address: int(5, 1).describe(
      "Tokens one user may be sent per limit_window on requests from one client address; past it requests still answer ok but create and send nothing.",
    ),
    max_per_user: int(20, 1).describe(
      "Tokens one user may be sent per limit_window on requests from all addresses together, likewise.",
    ),
    max_per_address: int(50, 1).describe("Token requests one client address may make per limit_window, likewise."),
    limit_window: int(900, 1, 86_400, "seconds").describe("The window of the three limits above, each from its first request."),
    min_answer_time: int(100, 0, 10_000, "milliseconds").describe(
      "A token request is answered no sooner: long enough that creating and sending a token takes no longer than finding no user, so that timing tells nothing.",
    ),
  }),
  // No defaults here: only the keys the file sets may win over [password_reset].
  prt: z.object({
    valid_for: typed(integer(1).optional(), "integer (minutes)").describe("Wins over `[password_reset] valid_for` when set."),
    password_change_session_duration: typed(integer(1).optional(), "integer (seconds)").describe(
      "Wins over `[password_reset] password_change_session_duration` when set.",
    ),
    user_search_by: typed(enumOf(USER_SEARCH_BY).optional(), USER_SEARCH_BY.map((v) => `\`${v}\``).join(", ")).describe(
      "Wins over `[password_reset] user_search_by` when set.",
    ),
  }),
  session: z.object({
    expiry: int(60, 1, Number.MAX_SAFE_INTEGER, "minutes").describe("Session lifetime from login or renewal."),
    expiry_hook: typed(hookRef().default(""), "hook").describe(
      "A hook answering the lifetime of each new or renewed session in minutes; `expiry` when it fails.",
    ),
  }),
  password: z.object({
    expiry: int(730, 1, Number.MAX_SAFE_INTEGER, "days").describe("Lifetime of a newly set password."),
    inform_if_expired: bool(false).describe("Report E003004 for an expired password instead of E005001."),
    inform_if_about_to_expire: bool(true).describe(
      "A login with a password about to expire succeeds with warning W003005; false: it fails.",
    ),
    inform_if_must_be_changed: bool(true).describe("Report E003007 when a login must change the password and sent no new one."),
    inform_if_invalid: bool(true).describe("Show the password policy's codes on login instead of E005001."),
    about_to_expire_threshold: int(30, 0, Number.MAX_SAFE_INTEGER, "days").describe(
      "How long before its expiry a password counts as about to expire.",
    ),
    log_in_if_about_to_expire: bool(true).describe("Read and unused, as in Zato."),
    min_length: int(8).describe("Shortest password accepted, in code points."),
    max_length: int(256, 1).describe("Longest password accepted, in code points."),
    min_complexity: int(0, 0, 4).describe("Lowest zxcvbn score (0–4) accepted; 0 switches the check off."),
    min_complexity_algorithm: oneOf(["zxcvbn"], "zxcvbn").describe("The complexity measure; only `zxcvbn` exists."),
    reject_list: lowerCased(list(DEFAULT_REJECT_LIST, /[\n,]/))
      .meta({ type: "list of strings" })
      .describe("Substrings no password may contain, compared case-insensitively (one per line or comma-separated)."),
  }),
  signup: z.object({
    inform_if_user_exists: bool(false).describe("Show E001002 at signup instead of E005001."),
    inform_if_user_invalid: bool(false).describe("Show E001001, E001003 and E001004 at signup instead of E005001."),
    inform_if_email_exists: bool(false).describe("Show E002002 at signup instead of E005001."),
    inform_if_email_invalid: bool(false).describe("Show E002001, E002003, E002004 and E002005 at signup instead of E005001."),
    email_required: bool(true).describe("Read and unused (an older name of `is_email_required`), as in Zato."),
    max_length_username: int(128, 1, 191).describe("Longest username signup accepts (at most 191, what the database stores)."),
    max_length_email: int(128, 1).describe("Longest email signup accepts (checked only when emails are not encrypted)."),
    password_allow_whitespace: bool(true).describe("False: passwords holding whitespace are refused (E003001)."),
    always_return_confirm_token: bool(true).describe(
      "Signup answers with the confirmation token; false: only the email carries it.",
    ),
    is_email_required: bool(true).describe("Signup needs an email (checked only when emails are not encrypted)."),
    is_approval_needed: bool(true).describe(
      "New users wait for a super-user's approval (signup, and creation without `auto_approve`).",
    ),
    max_per_address: int(30, 1).describe(
      "Signups one client address may ask for per limit_window (addresses of [brute_force] anonymous_exempt aside); past it, E005001 (HTTP 429 with Retry-After when [brute_force] inform).",
    ),
    limit_window: int(3600, 1, 86_400, "seconds").describe("The window of max_per_address, from its first signup."),
    callback_service_list: typed(
      z.preprocess((v) => splitList(v, /,/), z.array(hookRef())).default([]),
      "list of hooks",
    ).describe("Hooks called after each signup."),
    email_confirm_enabled: bool(true).describe("Send the confirmation message at signup."),
    email_confirm_from: str("confirm@example.com").describe("Sender of the confirmation message."),
    email_confirm_cc: list([]).describe("Copies of the confirmation message."),
    email_confirm_bcc: list([]).describe("Blind copies of the confirmation message."),
    email_confirm_template: str("sso-confirm.txt").describe("Template file of the confirmation message (in `email/en_GB/`)."),
    email_welcome_enabled: bool(true).describe("Send the welcome message when a user is approved."),
    email_welcome_from: str("welcome@example.com").describe("Sender of the welcome message."),
    email_welcome_cc: list([]).describe("Copies of the welcome message."),
    email_welcome_bcc: list([]).describe("Blind copies of the welcome message."),
    email_welcome_template: str("sso-welcome.txt").describe("Template file of the welcome message (in `email/en_GB/`)."),
  }),
  user_validation: z.object({
    service: typed(
      z.preprocess((v) => splitList(v, /,/), z.array(hookRef((ref) => ref === SIGNUP_VALIDATOR))).default([SIGNUP_VALIDATOR]),
      "list of hooks",
    ).describe("Validators run, in order, at signup; `zato.sso.signup.validate` is the built-in one."),
    reject_username: lowerCased(list(DEFAULT_REJECTED_NAMES))
      .meta({ type: "list of strings" })
      .describe("Substrings signup refuses in usernames."),
    reject_email: lowerCased(list(DEFAULT_REJECTED_NAMES))
      .meta({ type: "list of strings" })
      .describe("Substrings signup refuses in emails."),
  }),
  search: z.object({
    default_page_size: int(50, 1).describe("Page size of a search that asks for none."),
    max_page_size: int(100, 1).describe("Largest page a search may ask for (never above 100)."),
  }),
  server: z.object({
    host: str("0.0.0.0").describe("Address the HTTP server listens on."),
    port: int(17010, 0, 65535).describe("Port the HTTP server listens on; `PORT` wins."),
    graphql_path: urlPath("/graphql").describe("Path of the GraphQL endpoint (and of GraphiQL in a browser)."),
    graphiql: bool(true).describe("Serve GraphiQL, from the gateway's own files, to browsers at `graphql_path`."),
    graphql_ws: bool(true).describe(
      "Serve GraphQL subscriptions over WebSocket (the graphql-ws protocol) at `graphql_path`, besides server-sent events.",
    ),
    openapi: bool(true).describe("Serve the OpenAPI 3.1 description of the REST paths at `/openapi.json`."),
    headers_timeout: int(10, 1, 3600, "seconds").describe(
      "Longest a client may take to send a request's headers before the connection is closed.",
    ),
    request_timeout: int(30, 1, 3600, "seconds").describe(
      "Longest a client may take to send a whole request (headers and body): HTTP 408, then the connection is closed.",
    ),
    workers: int(1, 1, 16).describe(
      "Gateway processes sharing the port (node:cluster) and one database, the embedded PostgreSQL or DATABASE_URL; each has its own connections to it (`[database] pool_size` + 3). 1: the process started serves alone.",
    ),
    max_connections: int(1024, 1, 1_000_000).describe(
      "Most connections open at once, per gateway process; more are closed as they arrive.",
    ),
    cors_origins: list([]).describe(
      "Origins (`https://app.example.com`) whose pages may call the gateway from a browser; empty: no page of another origin may read its answers.",
    ),
    cors_credentials: bool(false).describe(
      "Let those pages send credentials (cookies, HTTP authentication) with their calls; the gateway itself uses neither.",
    ),
    trusted_proxies: list([]).describe(
      "Addresses and CIDR networks of the proxies in front of the gateway: from them alone `X-Zato-Forwarded-For`, else `X-Forwarded-For`, give the request's addresses; the client is the right-most that is not one of them. Empty: the TCP peer is the client.",
    ),
    data_dir: typed(
      z
        .string({ error: "must be a string" })
        .default(".sso-data")
        .refine((v) => v.trim() !== "", { error: "must not be empty" }),
      "string",
    ).describe("Directory of the embedded PostgreSQL and the generated secret key, relative to the configuration file."),
  }),
  database: z.object({
    pool_size: int(10, 1, 1000).describe(
      "Connections of each gateway process for its calls; besides them, 2 store audit records and 1 listens for events.",
    ),
    connect_timeout: int(5, 1, 3600, "seconds").describe(
      "Longest a call waits for a connection (a free one of the pool, or a new one) before it fails: HTTP 503.",
    ),
    query_timeout: int(30, 1, 3600, "seconds").describe(
      "Longest one statement of a call may run (PostgreSQL's statement_timeout): it is cancelled then, and the call fails with HTTP 503. The cleanup job (the audit log's partition upkeep included) and migrations are not bounded.",
    ),
  }),
  graphql: z.object({
    max_depth: int(12, 1, 1000).describe("Deepest selection a GraphQL document may make (introspection aside)."),
    max_aliases: int(15, 0, 1000).describe("Most aliases in one GraphQL document."),
    max_tokens: int(2000, 10, 1_000_000).describe("Most tokens in one GraphQL document: counted while it is parsed."),
    max_cost: int(5000, 1, 10_000_000).describe("Highest cost of one GraphQL operation: fields, weighted by their depth."),
    max_directives: int(20, 0, 1000).describe("Most directives in one GraphQL document."),
  }),
  log: z.object({
    level: oneOf(["debug", "info", "warn", "error"], "info").describe(
      "The least severe level of the log: one JSON object per line on standard output.",
    ),
    audit_file: str("").describe(
      "A file the audit records (one JSON object per line) are appended to, relative to the configuration file, made readable by its owner only (0600); empty: standard output, with the log.",
    ),
  }),
  health: z.object({
    enabled: bool(true).describe("Serve the health checks."),
    path: urlPath("/health").describe(
      "Where: `<path>/live` answers while the process runs, `<path>/ready` when the database answers, every migration is applied and the process holds the secret key recorded for the database (HTTP 503 otherwise, and when the database gives no answer within 3 s); `<path>` answers as live.",
    ),
  }),
  metrics: z.object({
    enabled: bool(true).describe("Serve Prometheus metrics."),
    path: urlPath("/metrics").describe("Where, on the gateway's own port."),
  }),
  secret_keys: z.object({
    key1: typed(z.string().optional(), "base64 of 32 bytes").describe(
      "The gateway's secret key; `SSO_SECRET_KEY` wins; without either, one is generated into `<data_dir>/secret.key`.",
    ),
    previous_keys: typed(list([]), "list of base64 of 32 bytes").describe(
      'Keys the gateway had before its current one: data sealed with them is still read, until `sso reseal` seals it with the current key (docs/rules.md, "Rotating the secret key"). `SSO_PREVIOUS_SECRET_KEYS` (comma-separated) wins.',
    ),
  }),
  argon2: z.object({
    memory_cost: int(65536, 8, ARGON2_MAX, "KiB").describe("argon2id memory per password hash; at least 8 × parallelism."),
    time_cost: int(3, 1, ARGON2_MAX).describe("argon2id iterations."),
    parallelism: int(4, 1, 255).describe("argon2id lanes."),
    max_waiting: int(64, 1, 100_000).describe(
      "Password hashes and checks waiting for a core at most; past it calls needing one are refused at once (HTTP 503).",
    ),
    max_waiting_per_address: int(8, 1, 100_000).describe("Of those, the most one client address may have waiting."),
  }),
  totp: z.object({
    window: int(0, 0, 10).describe("30-second steps accepted on either side of the current one; 0: the current step only."),
    allow_code_reuse: bool(true).describe(
      "Accept a code again within its step, as Zato does; false: a code accepted once is refused to a second login of the same user.",
    ),
  }),
  brute_force: z.object({
    enabled: bool(true).describe("Count failed credential checks and refuse attempts past the thresholds below."),
    window: int(900, 1, 86_400, "seconds").describe(
      "Failed checks are forgotten after this long without one (a steady guesser is never forgotten).",
    ),
    address_threshold: int(5, 1).describe(
      "Failed password or TOTP checks of one account from one client address before its attempts are refused for a while.",
    ),
    account_threshold: int(20, 1).describe(
      "Failed checks of one account from any address before attempts from every address are refused for a while.",
    ),
    first_delay: int(2, 1, 86_400, "seconds").describe("How long the first refusal past a threshold lasts."),
    growth: int(2, 1, 10).describe("Each further failure multiplies that delay by this."),
    max_delay: int(900, 1, 86_400, "seconds").describe("The longest delay for one account from one address."),
    account_max_delay: int(30, 1, 86_400, "seconds").describe(
      "The longest delay for an account from every address: its owner, elsewhere, is slowed this much at most.",
    ),
    anonymous_threshold: int(600, 1).describe(
      "Failed calls without a caller (unknown users, wrong passwords, invalid USTs) from one client address per anonymous_window before its calls are refused (E005001; HTTP 429 with inform).",
    ),
    anonymous_window: int(60, 1, 86_400, "seconds").describe(
      "The window of anonymous_threshold, and how long its refusals last.",
    ),
    anonymous_exempt: list(["127.0.0.0/8", "::1"]).describe(
      "Addresses and CIDR networks whose anonymous failures are not limited. The default spares the gateway's own host: a proxy there left out of trusted_proxies would otherwise make one client's flood refuse every client.",
    ),
    inform: bool(false).describe(
      "Answer a throttled attempt with HTTP 429 and Retry-After; false: with the call's usual failure (E005001 at login).",
    ),
    refusal_delay: int(1, 0, 60, "seconds").describe(
      "How long a refused attempt waits for its answer: a guesser keeping N connections busy gets N refusals per delay and costs the gateway next to nothing.",
    ),
  }),
  hooks: z.object({
    timeout: int(10, 1, 300, "seconds").describe(
      "How long a hook (`module:` or `http(s)://`) may take; past it the call counts as failed.",
    ),
  }),
  attributes: z.object({
    max_value_size: int(65_536, 1, 1_048_576, "bytes").describe(
      "Largest value of a user or session attribute: the length of its JSON text in UTF-8.",
    ),
    max_batch: int(1000, 1, 100_000).describe("Most attributes (or names) one `*_many` call may name."),
  }),
  audit: z.object({
    retention_days: int(0, 0, 36_500, "days").describe(
      "Days of audit records kept: the cleanup job drops each day's partition of the log once all its records are older; 0: every record is kept.",
    ),
    valid_verifies: bool(true).describe(
      "Audit session verifies that find the session valid; false: only those that do not (every verify writes a record otherwise, thousands a second under load).",
    ),
  }),
  cleanup: z.object({
    interval: int(300, 0, MAX_TIMER_SECONDS, "seconds").describe(
      "Period of the deletion of expired sessions, attributes and reset tokens; 0: never; at most 2147483 (about 24.8 days).",
    ),
  }),
} as const;

export const smtpSection = z.object({
  host: typed(z.string({ error: "is required" }).min(1, { error: "is required" }), "string").describe("SMTP server (required)."),
  port: int(587, 1, 65535).describe("Its port."),
  secure: bool(false).describe("TLS from the first byte (port 465, typically); false: STARTTLS when the server offers it."),
  username: str("").describe("Login name; empty: no authentication."),
  password: str("").describe("Login password."),
  timeout: int(10, 1, 3600, "seconds").describe("Connection, greeting and socket timeout; at most 3600."),
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
