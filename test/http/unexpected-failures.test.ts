import { afterEach, describe, expect, it } from "vitest";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close().catch(() => {});
  gw = undefined;
});

/** Breaks the database under a running gateway: the next statement fails unexpectedly. */
async function breakDatabase(target: TestGateway) {
  await target.query("ALTER TABLE sso_user RENAME TO sso_user_gone");
}

describe("unexpected failures", () => {
  it("REST answers 500 with the generic body and no detail; the log names the cid and the cause", async () => {
    gw = await startGateway();
    await breakDatabase(gw);
    const r = await gw.rest("POST", "/zato/sso/user/login", { body: { username: "u", password: "p", current_app: APP } });
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ result: "Error", cid: r.headers.get("x-zato-cid"), details: "An error has occurred" });
    expect(r.text).not.toMatch(/sso_user|relation|at \w+ \(/);
    const logged = gw.logs.filter((l) => l.level === "error");
    expect(logged).toHaveLength(1);
    expect(logged[0]?.fields).toMatchObject({ cid: r.body.cid, op: "user.login" });
    expect(String(logged[0]?.fields?.error)).toContain("sso_user");
  });

  it("GraphQL masks the failure as a GraphQL error and logs it once with the cid", async () => {
    gw = await startGateway();
    await breakDatabase(gw);
    const r = await gw.graphql(`mutation { login(username: "u", password: "p", currentApp: "CRM") { __typename } }`);
    expect(r.status).toBe(200);
    expect(r.body.errors).toEqual([expect.objectContaining({ message: "Unexpected error." })]);
    expect(r.text).not.toMatch(/sso_user|relation|stack/);
    const logged = gw.logs.filter((l) => l.level === "error");
    expect(logged).toHaveLength(1);
    expect(logged[0]?.fields).toMatchObject({ cid: r.headers.get("x-zato-cid"), op: "user.login" });
  });

  it("the failed call still leaves its audit record, marked unexpected", async () => {
    gw = await startGateway();
    await breakDatabase(gw);
    const r = await gw.rest("POST", "/zato/sso/user/login", { body: { username: "u", password: "p", current_app: APP } });
    await gw.services.audit.flush();
    const [record] = await gw.query<{ op: string; outcome: string; details: { unexpected?: boolean } }>(
      "SELECT op, outcome, details FROM sso_audit_log WHERE cid = $1",
      [r.body.cid],
    );
    expect(record).toEqual({ op: "user.login", outcome: "error", details: expect.objectContaining({ unexpected: true }) });
  });
});
