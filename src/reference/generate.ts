import type { z } from "zod";
import type { Command, OptionSpec } from "../cli/command.js";
import { COMMANDS, COMMON, usageLine } from "../cli/commands.js";
import { EXIT, EXIT_MEANINGS } from "../cli/exit-codes.js";
import { sections, smtpSection } from "../config/schema.js";
import type { Codec } from "../core/input.js";
import type { AnyOperation } from "../core/operation.js";
import { CATALOG, type Code, NEVER_REPORTED } from "../core/status.js";
import { operationFields } from "../graphql/operation-field.js";
import "../graphql/schema.js";
import { MAX_QUEUED_EVENTS } from "../core/events/watch.js";
import { MAX_STREAMS_PER_ADDRESS } from "../http/streams.js";
import { IDLE_SOCKET_MS, MAX_SUBSCRIPTIONS_PER_SOCKET } from "../http/websocket.js";
import { routes } from "../rest/routes.js";

// The parts of docs/ that the code is the source of: written by `npm run docs`, compared with
// the committed files by a test, so that they cannot drift from what the gateway does.

const GENERATED = (source: string) => `<!-- Generated from ${source} by \`npm run docs\`: edit the source, not this file. -->\n`;

const FIELD_TYPES: Record<Codec<unknown>["kind"], string> = {
  string: "string",
  boolean: "boolean",
  integer: "integer",
  list: "list",
  json: "any JSON value",
  callback: "(CLI only)",
};

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join(
    "\n",
  );

const graphqlNames = (op: AnyOperation) => [...operationFields].filter(([, o]) => o === op).map(([name]) => name);
const hasUst = (op: AnyOperation) => Object.values(op.input.shape).some((codec) => codec.credential);

function fieldRows(op: AnyOperation): string[][] {
  return Object.entries(op.input.shape).map(([key, codec]) => {
    const required = op.input.required.includes(key) ? "yes" : "";
    const type = codec.credential ? "string (a UST)" : FIELD_TYPES[codec.kind];
    const notes = codec.credential
      ? "Absent: the `X-Zato-SSO-UST` header."
      : key === "current_app"
        ? "Absent: the `[apps] http_header` header."
        : (codec.description ?? "");
    return [`\`${key}\``, type, required, notes];
  });
}

function codeLines(op: AnyOperation): string[] {
  const lines = ["- `E004001` or `E005001` with HTTP 200: `current_app` is not one of `[apps] all` (the pre-check)."];
  if (hasUst(op)) {
    lines.push(
      op.masks
        ? "- The caller's session: an invalid UST shows as `E005001`; a failed user check shows its code when disclosable."
        : "- The caller's session: `E007001` when the UST names no live session; else the code of a failed user check " +
            '(docs/rules.md, "User checks").',
    );
  }
  for (const [code, when] of Object.entries(op.codes ?? {}))
    lines.push(`- \`${code}\` (${CATALOG[code as Code].name}): ${when}.`);
  if (op.masks)
    lines.push('- Failures that may not be disclosed are reported as `E005001` (docs/rules.md, "Which code a failure reports").');
  return lines;
}

export function restReference(): string {
  const out = [
    GENERATED("src/rest/routes.ts and the operations' input declarations"),
    "# REST reference",
    "",
    "Every path Zato's SSO REST API documents, with the fields each call takes and the codes it reports. The rules",
    "behind them are in docs/rules.md; every code is explained in docs/status-codes.md.",
    "",
    "## Conventions",
    "",
    "- Parameters come from the query string, a JSON object body, or both, on every method; the query string wins.",
    "  The body is read as JSON whatever the `Content-Type` says. Keys a call does not define are ignored.",
    "- Booleans accept JSON `true`/`false` and the words `true yes on y t 1` / `false no off n f 0`; integers a JSON",
    "  number or a base-10 string; strings also a JSON number or boolean (as its text). A list from the query string",
    "  is repeated (`a=1&a=2`) or one JSON array text.",
    '- A required key that is absent: HTTP 400 and nothing else happens. A required key sent as `null` or `""` is',
    '  present and fails whatever rule it breaks, except `user_id`: sent as `""`, it is absent on every call (where',
    "  it is required, HTTP 400).",
    "- A value that cannot be converted to its field's type: `E008002`, after the `current_app` pre-check and before",
    "  every other rule.",
    "- Answers: `{cid, status, [sub_status], ...fields}`. HTTP 200 for `ok` and `warning` (and the pre-check failure);",
    "  403 for any other business failure; 400 `Bad request`, 404 `URL not found`, 405 `Method not allowed`, 413",
    "  `Payload too large`, 500 `An error has occurred` (never with a stack trace), 503 `Service unavailable` with",
    "  `Retry-After: 5` when the database gives no connection or answer within the `[database]` time limits. The cid is",
    "  also the `X-Zato-CID` response header.",
    "",
  ];
  for (const route of routes) {
    const ops = [route.op, ...(route.variant ? [route.variant.op] : [])];
    out.push(`## ${route.method} ${route.path}`, "");
    for (const [i, op] of ops.entries()) {
      if (route.variant) out.push(`### ${upperFirst(i === 0 ? route.variant.otherwise : route.variant.given)}`, "");
      const graphql = graphqlNames(op);
      out.push(
        `Operation \`${op.name}\`${graphql.length > 0 ? `; GraphQL ${graphql.map((n) => `\`${n}\``).join(", ")}` : ""}.`,
        "",
        table(["Field", "Type", "Required", "Notes"], fieldRows(op)),
        "",
        "Codes:",
        "",
        ...codeLines(op),
        "",
      );
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function graphqlReference(): string {
  const restOf = (op: AnyOperation) =>
    routes
      .filter((r) => r.op === op || r.variant?.op === op || r.graphqlOp === op)
      .map(
        (r) =>
          `${r.method} ${r.path}${r.variant ? ` (${(r.variant.op === op ? r.variant.given : r.variant.otherwise).replaceAll("`", "")})` : ""}`,
      );
  const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const rows = [...operationFields]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, op]) => [
      `\`${name}\``,
      op.kind,
      `\`${op.name}\``,
      restOf(op).join(", ") || "(none)",
      Object.entries(op.input.shape)
        .filter(([, codec]) => codec.kind !== "callback")
        .map(
          ([key]) =>
            `${camel(key)}${op.input.required.includes(key) && !["ust", "current_ust", "current_app"].includes(key) ? "!" : ""}`,
        )
        .join(", "),
    ]);
  return [
    GENERATED("the GraphQL fields made from core operations (src/graphql/operation-field.ts)"),
    "# GraphQL reference",
    "",
    "Every capability of the REST API is also a GraphQL query or mutation at `[server] graphql_path` (default",
    "`/graphql`; GraphiQL there in a browser). The full schema is `schema.graphql` at the root of the repository.",
    "",
    "- A field's name is the camelCase of Zato's Python method; its arguments are the REST fields in camelCase, made",
    "  from the same input declaration (so they cannot differ). `!` marks a non-null argument: those REST requires,",
    "  except `ust`, `currentUst` and `currentApp`, which may come from the `X-Zato-SSO-UST` header and the",
    "  `[apps] http_header` header instead; where REST requires one, neither the argument nor its header is the",
    "  GraphQL error `Bad request` (`extensions.code` `BAD_REQUEST`) that stands for REST's HTTP 400.",
    "- Each field answers a union of its payload (`cid`, `status`, `subStatus` and the fields of the REST answer in",
    "  camelCase) and `SsoError` (`cid`, `status`, `subStatus`, `message`). `subStatus` is exactly what the REST call",
    "  reports in the same situation, masking included.",
    "- GraphQL errors (an unknown field or argument, a missing non-null argument, a wrong type) play the part of",
    "  REST's HTTP 400. Unexpected failures are masked as `Unexpected error.` and logged with the cid; a database that",
    "  gives no connection or answer within the `[database]` time limits is `Service unavailable.` (`extensions.code`",
    "  `SERVICE_UNAVAILABLE`), REST's HTTP 503.",
    "- Every query and mutation field is nullable: an error of one field (`BAD_REQUEST`, `SERVICE_UNAVAILABLE`) makes that",
    "  field null and leaves the others of the document their answers (a login's UST beside a malformed field is kept).",
    "",
    table(["Field", "Kind", "Operation", "REST", "Arguments"], rows),
    "",
    "## The graph",
    "",
    "Beyond Zato's calls, payloads link to what belongs to them, for a caller who is a super-user (the caller the",
    "field's operation resolved; for anyone else these fields are null, as attributes are for super-users only):",
    "",
    "- every user (`UserPayload`, and each `User` of a `search` result) has `attributes` (its live user attributes,",
    "  by name in code point order) and `sessions` (its live sessions, oldest first, as `getSessionList` shows them);",
    "- every session (`SessionInfo` of a session list or of a user's `sessions`, and `SessionPayload`, which also",
    "  carries `sessionId`) has `attributes`.",
    "",
    "Each kind is read with one SQL statement for the whole response, however many users or sessions select it",
    "(a test counts the statements of a search over 50 users). Values are decrypted. Each user's attributes, each",
    "user's sessions and each session's attributes read this way write one audit record of their own, as the call",
    "reading them alone would: `attr.get` (`details.scope` `user` or `session`, with `session_id`; the names read)",
    "and `session.get_list`, with the acting super-user, the target user, the `current_app` of the field that",
    "produced the parent, the request's `cid` and `details.via` = `graph`; a read repeated in one request (aliases)",
    "is recorded once.",
    "",
    "## Live events",
    "",
    "Two subscriptions, over server-sent events (a POST to the GraphQL path with `Accept: text/event-stream`) or",
    "over WebSocket (the `graphql-transport-ws` protocol of graphql-ws, at the GraphQL path; `[server] graphql_ws`):",
    "",
    "- `sessionEvents(ust)`: the subscriber's own sessions being `created`, `renewed` or `ended` (with the `reason`:",
    "  `logout`, `expiry`, `lock`, `revocation`, `deletion`, `rejection` when the user's approval is withdrawn,",
    "  `unlinking` when the linked credential that made it is unlinked or deleted, or `refused` when the user no",
    "  longer passes the user checks: a password expired, by time or by an update, or a signup no longer confirmed;",
    "  a null `sessionId` means every session of the user). Changing or resetting a password ends no session",
    '  (docs/rules.md, "Sessions"), and so',
    "  sends no event;",
    "- `securityEvents(ust, types)`, for super-users: `login_refused`, `login_throttled`, `user_locked`,",
    "  `approval_pending`, `user_deleted` and `sessions_revoked`, all or only the `types` asked for.",
    "",
    "A subscription authorises once, at its start, with `ust` or the `X-Zato-SSO-UST` header (a GraphQL error with",
    "`extensions.subStatus` `E007001` or `E005001` otherwise), and ends when the subscriber's own session ends or",
    "can no longer be used (it looks again when the session or the password is due to expire, and every minute).",
    "Events are published once the call that caused them has committed, and reach every gateway process on the",
    "database through PostgreSQL's LISTEN/NOTIFY: a subscriber on one process sees what happens on another. They",
    "carry user ids, session ids, codes and, for a refused login, the username only when it names a user; never",
    `a token, a password or an email. A subscriber that falls ${MAX_QUEUED_EVENTS} events behind (it reads too slowly) gets`,
    "those, and then its subscription ends; so do the subscriptions of a process whose connection for events",
    "breaks (a database restart, a failover), after what they had received: a subscriber never misses events",
    "silently, and subscribes again. A gateway that stops completes its event streams at once (its WebSockets are",
    "closed with 1001, below): clients subscribe again, to another process.",
    "",
    `Event streams and WebSockets stay open as long as their subscriptions, and count together: one client address`,
    `may hold ${MAX_STREAMS_PER_ADDRESS} of them per gateway process, and all of them half the process's \`[server] max_connections\``,
    "(past either, an event stream is refused with HTTP 503 and `TOO_MANY_STREAMS`, a WebSocket with HTTP 503).",
    "Only a request whose `Accept` names `text/event-stream` or `multipart/mixed` may be answered with a stream,",
    "and every such request counts while it is open, a query's included; any other request (no `Accept`, `*/*`)",
    "is answered as `application/json`, and a subscription sent that way gets HTTP 406.",
    "",
    "Over WebSocket:",
    "",
    "- only subscriptions are served; a query or mutation is refused (`BAD_REQUEST`) and runs nothing: they go over",
    "  HTTP, where CSRF prevention applies;",
    '- the UST may also come in the `connection_init` payload, as `{"ust": "…"}`;',
    `- the document limits are those of HTTP, a message may be 1 MiB at most (close code 1009 past it), and one`,
    `  socket holds at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions at once (\`TOO_MANY_SUBSCRIPTIONS\` past them);`,
    "- a browser page may open a socket only from the gateway's own origin or one of `[server] cors_origins`",
    "  (HTTP 403 otherwise); clients that send no `Origin` are not browsers and are served;",
    `- a socket holding no subscription for ${IDLE_SOCKET_MS / 1000} s is closed (1008);`,
    "- a socket that sends no `connection_init` within 5 s is closed (4408); when the gateway stops, every socket",
    "  is closed with 1001 (going away), and clients reconnect to another process.",
    "",
  ].join("\n");
}

function describeSchema(schema: z.ZodType): { type: string; description: string } {
  const meta = (schema.meta() ?? {}) as { type?: string; description?: string };
  return { type: meta.type ?? "string", description: meta.description ?? "" };
}

function defaultOf(section: z.ZodObject, key: string): string {
  // Key by key: a section with a required key (an SMTP host) has defaults for the others.
  const parsed = (section.shape[key] as z.ZodType).safeParse(undefined);
  const value = parsed.success ? parsed.data : undefined;
  if (value === undefined) return "(none)";
  if (Array.isArray(value)) return value.length === 0 ? "(empty)" : value.map((v) => `\`${v}\``).join(", ");
  return value === "" ? "(empty)" : `\`${String(value)}\``;
}

function sectionTable(section: z.ZodObject): string {
  return table(
    ["Key", "Type", "Default", "Controls"],
    Object.entries(section.shape).map(([key, schema]) => {
      const { type, description } = describeSchema(schema as z.ZodType);
      return [`\`${key}\``, type, defaultOf(section, key), description];
    }),
  );
}

export function configurationReference(): string {
  const out = [
    GENERATED("src/config/schema.ts"),
    "# Configuration reference",
    "",
    "The gateway reads `sso.toml`: the CLI's `--config`, else `SSO_CONFIG`, else `./sso.toml`; a missing file means",
    "every default (a warning says so when `--config` or `SSO_CONFIG` named it). It has the sections and keys of Zato's `sso.conf`, with Zato's defaults, so a Zato `sso.conf` works",
    'when renamed: a file that is not TOML is read as Zato\'s INI dialect (`True`, `# comments` after values, `"""`',
    "blocks). Lists may be written as comma-separated strings, booleans as `true`/`false` strings, integers as digit",
    "strings. The file is validated once, at start-up: a wrong value stops the process with a message naming its",
    "section and key; unknown sections and keys are logged and ignored.",
    "",
    "Environment variables: `SSO_CONFIG` (the file), `DATABASE_URL` (a PostgreSQL URL; absent: the embedded",
    "PostgreSQL in `[server] data_dir`), `MIGRATION_DATABASE_URL` (with `DATABASE_URL`: the owner of the schema, which",
    'runs the migrations, while `DATABASE_URL` needs no more than the privileges of README.md, "Database roles"),',
    "`SSO_SECRET_KEY` (wins over `[secret_keys] key1`), `SSO_PREVIOUS_SECRET_KEYS` (comma-separated; wins over",
    "`[secret_keys] previous_keys`), `PORT` (wins over `[server] port`). An empty variable counts",
    "as unset.",
    "",
    "## Hooks",
    "",
    "Keys of type hook name code the gateway calls: `module:<file>.js` or `.mjs` (relative to the configuration",
    "file's directory; its default export is an async function of one object), or an `http://` / `https://` URL",
    "(the gateway POSTs the input as JSON and reads JSON back; a non-2xx answer or 10 s without one is a failure).",
    "`[main] email_service` also takes `outbox:<directory>`, which writes each message as a JSON file.",
    "A module is loaded at the first call of its hook and kept. One that is not there at start-up is warned",
    "about; until it is, or while it cannot be loaded, each call fails as the key's failure rule says, and the",
    "next call tries to load it again.",
    "",
  ];
  for (const [name, section] of Object.entries(sections)) {
    out.push(`## [${name}]`, "");
    if (name === "prt") {
      out.push("Zato's name for the timings of `[password_reset]`: a key set here wins over the same key there.", "");
    }
    out.push(sectionTable(section as z.ZodObject), "");
  }
  out.push(
    "## [user_address_list]",
    "",
    "Each key is a username; its value the addresses and CIDR networks (IPv4 or IPv6) the user may come from, `*`",
    'for anywhere, or empty for nowhere (docs/rules.md, "Address allow-lists"). In TOML, quote usernames holding',
    'dots: `"jane.doe" = ["10.0.0.0/8"]`.',
    "",
    "## [smtp.&lt;name&gt;]",
    "",
    "One section per SMTP connection; `[main] smtp_conn` picks one by name.",
    "",
    sectionTable(smtpSection),
    "",
  );
  return out.join("\n");
}

function optionRows(options: Record<string, OptionSpec>): string[][] {
  return Object.entries(options).map(([name, spec]) => [`\`--${name}${spec.value ? ` ${spec.value}` : ""}\``, spec.help]);
}

export function cliReference(): string {
  const out = [
    GENERATED("src/cli/commands.ts and src/cli/exit-codes.ts"),
    "# CLI reference",
    "",
    "`npm run sso -- <command> [arguments] [options]` (`npm run sso -- --help` lists the commands). The CLI works on",
    "the database directly: the embedded PostgreSQL of a gateway running on the same `data_dir`, its own one (started",
    "and stopped around the command) when none runs, or `DATABASE_URL`. It acts as the operator, `<os-user>@<host>`:",
    "no session, no `current_app` check; its audit records name `cli:<os-user>@<host>`, go to the audit table, and,",
    "as `sso.audit` lines, to `[log] audit_file` when it is set (standard output stays the command's own; with",
    "`--verbose` they are also printed on standard error). Passwords not given as options",
    "are asked for twice, without echo, only when standard input is a terminal. An option's value follows it as its",
    "own word or after `=`; a value that starts with a dash needs the `=` (`--password=-x`), except a negative number",
    "(`--expiry -3`).",
    "",
    "Options of every command:",
    "",
    table(["Option", "Meaning"], optionRows(COMMON)),
    "",
  ];
  for (const command of COMMANDS as readonly Command[]) {
    out.push(`## ${command.name}`, "", command.summary, "", "```", usageLine(command), "```", "");
    if (Object.keys(command.options).length > 0) out.push(table(["Option", "Meaning"], optionRows(command.options)), "");
  }
  out.push(
    "## Exit codes",
    "",
    table(
      ["Code", "Meaning"],
      Object.values(EXIT).map((code) => [String(code), EXIT_MEANINGS[code]]),
    ),
    "",
  );
  return out.join("\n");
}

export function statusCodesReference(): string {
  return [
    GENERATED("src/core/status.ts"),
    "# Status codes",
    "",
    "Every answer has a `status`: `ok`; `warning` (the call succeeded and the client should act: only login, with",
    "`W003005`); or `error` (the call failed and changed nothing). When it is not `ok`, `sub_status` (GraphQL",
    "`subStatus`) lists why, with the codes below, Zato's own. Which of a specific code and the generic `E005001` a",
    'failure reports is explained in docs/rules.md, "Which code a failure reports".',
    "",
    table(
      ["Code", "Zato's name", "Meaning"],
      Object.entries(CATALOG).map(([code, entry]) => [`\`${code}\``, entry.name, entry.meaning]),
    ),
    "",
    "Codes of Zato's catalog that the gateway never reports:",
    "",
    table(
      ["Code", "Zato's name", "Why"],
      Object.entries(NEVER_REPORTED).map(([code, entry]) => [`\`${code}\``, entry.name, entry.meaning]),
    ),
    "",
  ].join("\n");
}

/** Every generated file of docs/, by name. */
export const references = (): Record<string, string> => ({
  "rest.md": restReference(),
  "graphql.md": graphqlReference(),
  "configuration.md": configurationReference(),
  "cli.md": cliReference(),
  "status-codes.md": statusCodesReference(),
});
