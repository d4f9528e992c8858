import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { ustHash } from "../../src/core/sessions/store.js";
import type { PgParams } from "../../src/db/embedded.js";
import { newSessionId, newUst } from "../../src/lib/ids.js";
import { settle, sqlTime } from "./search-seed.js";

// Sessions as a login makes them (one `login` entry in their history), straight into the table:
// the row keeps only the hash of its UST.

export interface SessionSeed {
  /** `[session] expiry` in minutes: the sessions start within the last half of one, so all outlive the run. */
  lifetimeMinutes: number;
  /** Their `current_app`. */
  app: string;
  now: Date;
}

const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "python-requests/2.32.3",
];

/** `source` yields session_id, ust_hash, user_id, username and a number i; $1 the lifetime, $2 the application, $3 now. */
const insertFrom = (source: string) => `INSERT INTO sso_session (session_id, ust_hash, user_id, creation_time, expiration_time,
    remote_addr, user_agent, auth_type, auth_principal, state_change_list, current_app)
  SELECT s.session_id, s.ust_hash, s.user_id, s.created, s.created + make_interval(mins => $1), s.addr, s.agent, 'default',
    s.username, jsonb_build_array(jsonb_build_object('remote_addr', s.addr, 'user_agent', s.agent,
      'timestamp_utc', to_char(s.created, 'YYYY-MM-DD"T"HH24:MI:SS.US'), 'ctx_source', 'login', 'idx', 1)), $2
  FROM (SELECT t.*, $3::timestamp - make_interval(secs => t.i % ($1 * 30)) AS created,
          '10.' || (t.i / 65536 % 256) || '.' || (t.i / 256 % 256) || '.' || (t.i % 256) AS addr,
          (ARRAY['${AGENTS.join("', '")}'])[1 + t.i % ${AGENTS.length}] AS agent
        FROM (${source}) t) s`;

const SEEDED = insertFrom(`SELECT 'zses' || left(md5($4 || '/' || g.i), 26) AS session_id,
    encode(sha256(convert_to('zust' || left(encode(sha256(convert_to($4 || '/' || g.i, 'UTF8')), 'hex'), 52), 'UTF8')), 'hex')
      AS ust_hash, o.id AS user_id, o.username, g.i
  FROM generate_series($5::bigint, $6::bigint) AS g(i)
  JOIN (SELECT id, username, row_number() OVER (ORDER BY id) - 1 AS n FROM sso_user WHERE username LIKE $7 || '%') o
    ON o.n = g.i % $8`);

const GIVEN = insertFrom(`SELECT r.session_id, r.ust_hash, u.id AS user_id, u.username, r.i
  FROM unnest($4::text[], $5::text[]) WITH ORDINALITY AS r(session_id, ust_hash, i) JOIN sso_user u ON u.username = $6`);

/** Numbered sessions spread over the users whose names start with a prefix; the UST of each is `ust(i)`. */
export class SeededSessions {
  readonly #salt = randomBytes(12).toString("hex");

  constructor(
    private readonly owner: PgParams,
    private readonly ownersPrefix: string,
    private readonly seed: SessionSeed,
  ) {}

  /** The UST of session `i`, as SEEDED computes it. */
  ust(i: number): string {
    return `zust${createHash("sha256").update(`${this.#salt}/${i}`).digest("hex").slice(0, 52)}`;
  }

  /** Adds sessions `from` to `to` (inclusive) in one statement, then lets PostgreSQL settle. */
  async add(from: number, to: number): Promise<void> {
    const client = new pg.Client(this.owner);
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM sso_user WHERE username LIKE $1 || '%'", [
        this.ownersPrefix,
      ]);
      const owners = Number(rows[0]?.n);
      if (!owners) throw new Error(`no users named ${this.ownersPrefix}… to own the sessions`);
      const { lifetimeMinutes, app, now } = this.seed;
      await client.query(SEEDED, [lifetimeMinutes, app, sqlTime(now), this.#salt, from, to, this.ownersPrefix, owners]);
    } finally {
      await client.end();
    }
    await settle(this.owner, "sso_session");
  }
}

/** Adds `count` sessions of one user, returning their USTs and session ids. */
export async function addSessions(
  owner: PgParams,
  username: string,
  count: number,
  seed: SessionSeed,
): Promise<{ ust: string; sessionId: string }[]> {
  const sessions = Array.from({ length: count }, () => ({ ust: newUst(), sessionId: newSessionId() }));
  const client = new pg.Client(owner);
  await client.connect();
  try {
    const added = await client.query(GIVEN, [
      seed.lifetimeMinutes,
      seed.app,
      sqlTime(seed.now),
      sessions.map((s) => s.sessionId),
      sessions.map((s) => ustHash(s.ust)),
      username,
    ]);
    if (added.rowCount !== count) throw new Error(`${added.rowCount} of ${count} sessions added for ${username}`);
  } finally {
    await client.end();
  }
  await settle(owner, "sso_session");
  return sessions;
}
