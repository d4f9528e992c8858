import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";

// docs/rules.md, "Remote address and user agent": the first non-empty of X-Zato-Forwarded-For,
// X-Forwarded-For and the TCP peer (headers only when [server] trust_forwarded_headers);
// comma-separated, trimmed, unparsable items dropped. Observed in the session record and the audit log.

const PASSWORD = "Hq7!wz-paper-lamp";

async function loginWith(gw: TestGateway, username: string, headers: Record<string, string>) {
  const r = await gw.rest("POST", "/zato/sso/user/login", {
    body: { username, password: PASSWORD, current_app: APP },
    headers: { "user-agent": "remote-address-test/1.0", ...headers },
  });
  await gw.services.audit.flush();
  return r;
}

/** The remote address the newest session of `username` and the newest login audit record hold. */
async function recorded(gw: TestGateway, username: string) {
  const [session] = await gw.query<{ remote_addr: string; user_agent: string | null }>(
    `SELECT s.remote_addr, s.user_agent FROM sso_session s
     JOIN sso_user u ON u.id = s.user_id WHERE u.username = $1 ORDER BY s.id DESC LIMIT 1`,
    [username],
  );
  const [audit] = await gw.query<{ remote_addr: string | null; user_agent: string | null }>(
    `SELECT remote_addr, user_agent FROM sso_audit_log WHERE op = 'user.login' AND target_username = $1 ORDER BY id DESC LIMIT 1`,
    [username],
  );
  return { session, audit };
}

describe("remote address, trusting forwarded headers (the default)", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ user_address_list: { "office.user": ["10.20.0.0/16", "2001:db8::/32"] } });
    for (const name of ["plain", "office.user"]) await gw.createUser(name, PASSWORD);
  });
  afterAll(() => gw.close());

  it.each([
    [
      "X-Zato-Forwarded-For wins over X-Forwarded-For",
      { "x-zato-forwarded-for": "10.1.1.1", "x-forwarded-for": "10.2.2.2" },
      "10.1.1.1",
    ],
    ["X-Forwarded-For when X-Zato-Forwarded-For is absent", { "x-forwarded-for": "10.2.2.2" }, "10.2.2.2"],
    ["an empty X-Zato-Forwarded-For does not count", { "x-zato-forwarded-for": "  ", "x-forwarded-for": "10.2.2.2" }, "10.2.2.2"],
    ["the TCP peer without either header", {}, "127.0.0.1"],
    [
      "a list, trimmed, IPv4 and IPv6",
      { "x-forwarded-for": " 10.3.3.3 ,2001:db8::7, 10.4.4.4" },
      "10.3.3.3, 2001:db8::7, 10.4.4.4",
    ],
    [
      "unparsable items dropped",
      { "x-zato-forwarded-for": "unknown, 10.5.5.5, 999.1.1.1, 10.6.6.6:8080, [::1]" },
      "10.5.5.5, ::1",
    ],
    ["IPv4-mapped IPv6 as IPv4", { "x-forwarded-for": "::ffff:10.7.7.7" }, "10.7.7.7"],
  ])("%s", async (_, headers, expected) => {
    const r = await loginWith(gw, "plain", headers);
    expect(r.body.status).toBe("ok");
    const { session, audit } = await recorded(gw, "plain");
    expect(session?.remote_addr).toBe(expected);
    expect(session?.user_agent).toBe("remote-address-test/1.0");
    expect(audit?.remote_addr).toBe(expected);
    expect(audit?.user_agent).toBe("remote-address-test/1.0");
  });

  it("a header holding nothing parsable gives no address (the peer is not used instead)", async () => {
    const r = await loginWith(gw, "plain", { "x-zato-forwarded-for": "unknown, garbage" });
    expect(r.body.status).toBe("ok");
    const { session, audit } = await recorded(gw, "plain");
    expect(session?.remote_addr).toBe("");
    expect(audit?.remote_addr).toBeNull();
  });

  it("[user_address_list] is checked against the forwarded addresses", async () => {
    expect((await loginWith(gw, "office.user", { "x-forwarded-for": "10.20.1.2" })).body.status).toBe("ok");
    expect((await loginWith(gw, "office.user", { "x-forwarded-for": "192.168.1.1, 2001:db8::1" })).body.status).toBe("ok");
    const refused = await loginWith(gw, "office.user", { "x-forwarded-for": "192.168.1.1" });
    expect(refused.body).toMatchObject({ status: "error", sub_status: ["E005001"] });
    // Without a header the peer (127.0.0.1) is outside the list.
    expect((await loginWith(gw, "office.user", {})).body).toMatchObject({ status: "error", sub_status: ["E005001"] });
  });
});

describe("remote address with trust_forwarded_headers = false", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({
      server: { trust_forwarded_headers: false },
      user_address_list: { "office.user": ["10.20.0.0/16"] },
    });
    for (const name of ["plain", "office.user"]) await gw.createUser(name, PASSWORD);
  });
  afterAll(() => gw.close());

  it("ignores both headers and records the TCP peer", async () => {
    const r = await loginWith(gw, "plain", { "x-zato-forwarded-for": "10.1.1.1", "x-forwarded-for": "10.2.2.2" });
    expect(r.body.status).toBe("ok");
    const { session, audit } = await recorded(gw, "plain");
    expect(session?.remote_addr).toBe("127.0.0.1");
    expect(audit?.remote_addr).toBe("127.0.0.1");
  });

  it("a forwarded header cannot satisfy [user_address_list]", async () => {
    const r = await loginWith(gw, "office.user", { "x-forwarded-for": "10.20.1.2" });
    expect(r.body).toMatchObject({ status: "error", sub_status: ["E005001"] });
  });
});
