import { describe, expect, it } from "vitest";
import { type AdminGateway, auditRow, loginAs, makeUser } from "./admin.js";
import type { HttpAnswer, TestGateway } from "./gateway.js";
import type { GraphQLAnswer } from "./graphql.js";
import { unique } from "./names.js";

// REST and GraphQL report the same outcome for the same situation (docs/graphql.md): the same
// status and sub_status, the same effects and the same audit operation, scenario by scenario.

/** What a client learns from an answer: its status and sub_status. */
export interface ParityOutcome {
  status: string;
  subStatus: string[];
}

export const ok: ParityOutcome = { status: "ok", subStatus: [] };
export const error = (...codes: string[]): ParityOutcome => ({ status: "error", subStatus: codes });

export interface ParityScenario<F = void> {
  name: string;
  expected: ParityOutcome;
  /** The current_app pre-check, which REST answers with HTTP 200 instead of 403. */
  precheck?: boolean;
  rest(fixture: F): Promise<HttpAnswer>;
  graphql(fixture: F): Promise<GraphQLAnswer<Record<string, unknown>>>;
  /** The audit operation both surfaces must record. */
  op?: string;
  /** Stored state after the call, compared between the surfaces. */
  effect?(fixture: F): Promise<unknown>;
}

export interface ParityOptions<F> {
  /** The gateway both surfaces are called on (read when the tests run). */
  gateway: () => TestGateway;
  /** Makes a fixture of its own for each surface; without it, scenarios get none. */
  fixture?: () => Promise<F>;
  /** The title of the describe block holding the tests. */
  title?: string;
}

/** The status and sub_status of a REST answer. */
export const restOutcome = (r: HttpAnswer) => ({ status: r.body?.status, subStatus: r.body?.sub_status ?? [] });

/** The status and subStatus of the one root field of a GraphQL answer, which must carry no GraphQL errors. */
export function graphqlOutcome(g: GraphQLAnswer<Record<string, unknown>>) {
  expect(g.errors, JSON.stringify(g.errors)).toBeUndefined();
  const fields = Object.values(g.data ?? {}) as ({ status?: string; subStatus?: string[] } | null)[];
  expect(fields, JSON.stringify(g.data)).toHaveLength(1);
  return { status: fields[0]?.status, subStatus: fields[0]?.subStatus };
}

/** One test per scenario: REST, then GraphQL, each on a fixture of its own, must report `expected`. */
export function parityTests<F>(scenarios: ParityScenario<F>[], options: ParityOptions<F>): void {
  const fixture = options.fixture ?? (async () => undefined as F);
  describe(options.title ?? "REST and GraphQL report the same outcome", () => {
    for (const s of scenarios) {
      it(s.name, async () => {
        const gw = options.gateway();
        const viaRest = await fixture();
        const viaGraphql = await fixture();
        const r = await s.rest(viaRest);
        const g = await s.graphql(viaGraphql);
        expect({ rest: restOutcome(r), graphql: graphqlOutcome(g) }).toEqual({ rest: s.expected, graphql: s.expected });
        // REST answers success, warnings and the current_app pre-check with 200, other failures with 403.
        const http = s.expected.status === "ok" || s.expected.status === "warning" || s.precheck ? 200 : 403;
        expect(r.status, r.text).toBe(http);
        if (s.effect) expect(await s.effect(viaGraphql)).toEqual(await s.effect(viaRest));
        if (s.op) {
          expect((await auditRow(gw, r)).op).toBe(s.op);
          expect(await auditRow(gw, { cid: g.cid })).toMatchObject({
            op: s.op,
            outcome: s.expected.status,
            sub_status: s.expected.subStatus,
          });
        }
      });
    }
  });
}

/** A regular user of its own, logged in: the fixture of scenarios that act on a user. */
export interface UserFixture {
  username: string;
  userId: string;
  ust: string;
}

/** A fresh, approved and logged-in regular user, created through REST by the super-user. */
export async function freshUser(a: AdminGateway, fields: Record<string, unknown> = {}): Promise<UserFixture> {
  const username = unique("par");
  const userId = await makeUser(a, { username, ...fields });
  return { username, userId, ust: await loginAs(a, username) };
}

/** The stored state of a fixture's user, or "deleted": the effect compared between the surfaces. */
export async function userState(gw: TestGateway, f: UserFixture): Promise<unknown> {
  const rows = await gw.query("SELECT * FROM sso_user WHERE user_id = $1", [f.userId]);
  if (rows.length === 0) return "deleted";
  const { username, display_name, is_locked, approval_status, password_must_change } = rows[0] as Record<string, unknown>;
  return { same_username: username === f.username, display_name, is_locked, approval_status, password_must_change };
}
