import { availableParallelism } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRow } from "../support/admin.js";
import { arrangeUser, expectOk, PASSWORD } from "../support/fixtures.js";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";
import { unique } from "../support/names.js";

// Password hashes and checks run at most one per core; the others wait in a bounded queue in
// which one client address holds only its share ([argon2] max_waiting, max_waiting_per_address).
// A call that finds no room is refused at once: HTTP 503 with Retry-After.

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({
    server: { trusted_proxies: ["127.0.0.1"] },
    // Production cost, so that checks are still running when the flood's last requests arrive.
    argon2: { memory_cost: 65536, time_cost: 3, parallelism: 1, max_waiting: 2, max_waiting_per_address: 1 },
  });
  await arrangeUser(gw, "owner");
});
afterAll(() => gw.close());

const loginFrom = (address: string, username: string, password: string) =>
  gw.rest("POST", "/zato/sso/user/login", {
    body: { username, password, current_app: APP },
    headers: { "X-Forwarded-For": address },
  });

/** Resolves once at least one password check waits for a core. */
async function queued(): Promise<void> {
  while (gw.services.passwords.load.waiting === 0) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe("the password-hashing queue", () => {
  it("refuses a flood's excess at once with 503, while another address still gets its turn", async () => {
    await loginFrom("192.0.2.1", unique("warm"), "x"); // the dummy hash of unknown users, computed once
    const cores = availableParallelism();
    // Unknown usernames, each once: the brute-force counts never refuse them.
    const flood = Array.from({ length: cores + 8 }, () => loginFrom("192.0.2.1", unique("nobody"), "guess"));
    await queued();
    const owner = loginFrom("203.0.113.1", "owner", PASSWORD);
    const answers = await Promise.all(flood);

    const busy = answers.filter((r) => r.status === 503);
    // `cores` running and one waiting (the address's share): the rest were refused.
    expect(busy.length).toBeGreaterThanOrEqual(7);
    for (const r of busy) {
      expect(r.body).toMatchObject({ status: "error", sub_status: ["E005001"] });
      expect(r.headers.get("retry-after")).toBe("1");
    }
    expect((await auditRow(gw, busy[0] as never)).details).toMatchObject({ busy: true });
    for (const r of answers.filter((a) => a.status !== 503)) expect(r.status).toBe(403);

    expectOk(await owner);
  });
});
