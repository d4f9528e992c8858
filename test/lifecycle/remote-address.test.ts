import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP, startGateway, type TestGateway } from "../support/gateway.js";

// docs/rules.md, "Remote address and user agent": forwarded headers count only from a peer in
// [server] trusted_proxies; then the first non-empty of X-Zato-Forwarded-For and X-Forwarded-For
// gives the addresses (comma-separated, trimmed, unparsable items dropped), and the client is the
// right-most that is not a trusted proxy. Observed in the session record and the audit log.

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
  const [audit] = await gw.query<{ remote_addr: string | null; peer_addr: string | null; user_agent: string | null }>(
    `SELECT remote_addr, peer_addr, user_agent FROM sso_audit_log WHERE op = 'user.login' AND target_username = $1
     ORDER BY id DESC LIMIT 1`,
    [username],
  );
  return { session, audit };
}

describe("remote address behind a trusted proxy ([server] trusted_proxies names the peer)", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({
      server: { trusted_proxies: ["127.0.0.1", "10.99.0.0/16"] },
      user_address_list: { "office.user": ["10.20.0.0/16", "2001:db8::/32"] },
    });
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
    expect(audit?.peer_addr).toBe("127.0.0.1");
    expect(audit?.user_agent).toBe("remote-address-test/1.0");
  });

  it("a header holding nothing parsable gives no address (the peer is not used instead)", async () => {
    const r = await loginWith(gw, "plain", { "x-zato-forwarded-for": "unknown, garbage" });
    expect(r.body.status).toBe("ok");
    const { session, audit } = await recorded(gw, "plain");
    expect(session?.remote_addr).toBe("");
    expect(audit?.remote_addr).toBeNull();
    expect(audit?.peer_addr).toBe("127.0.0.1");
  });

  it("[user_address_list] judges the client alone: the right-most address that is not a trusted proxy", async () => {
    expect((await loginWith(gw, "office.user", { "x-forwarded-for": "10.20.1.2" })).body.status).toBe("ok");
    // A further proxy of ours (10.99.x) appended after the client is skipped.
    expect((await loginWith(gw, "office.user", { "x-forwarded-for": "10.20.1.2, 10.99.0.5" })).body.status).toBe("ok");
    expect((await loginWith(gw, "office.user", { "x-forwarded-for": "192.168.1.1, 2001:db8::1" })).body.status).toBe("ok");
    // The attack: the client writes an allowed address, the proxy appends the real one.
    const spoofed = await loginWith(gw, "office.user", { "x-forwarded-for": "10.20.1.2, 192.168.1.1" });
    expect(spoofed.body).toMatchObject({ status: "error", sub_status: ["E005001"] });
    // Without a header the peer (127.0.0.1) is outside the list.
    expect((await loginWith(gw, "office.user", {})).body).toMatchObject({ status: "error", sub_status: ["E005001"] });
  });
});

describe("remote address without trusted proxies (the default)", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ user_address_list: { "office.user": ["10.20.0.0/16"] } });
    for (const name of ["plain", "office.user"]) await gw.createUser(name, PASSWORD);
  });
  afterAll(() => gw.close());

  it("ignores both headers and records the TCP peer", async () => {
    const r = await loginWith(gw, "plain", { "x-zato-forwarded-for": "10.1.1.1", "x-forwarded-for": "10.2.2.2" });
    expect(r.body.status).toBe("ok");
    const { session, audit } = await recorded(gw, "plain");
    expect(session?.remote_addr).toBe("127.0.0.1");
    expect(audit?.remote_addr).toBe("127.0.0.1");
    expect(audit?.peer_addr).toBe("127.0.0.1");
  });

  it("a forwarded header cannot satisfy [user_address_list]: a client allow-listed to 10.20.0.0/16 cannot claim it", async () => {
    const r = await loginWith(gw, "office.user", { "x-forwarded-for": "10.20.1.2" });
    expect(r.body).toMatchObject({ status: "error", sub_status: ["E005001"] });
    const zato = await loginWith(gw, "office.user", { "x-zato-forwarded-for": "10.20.1.2" });
    expect(zato.body).toMatchObject({ status: "error", sub_status: ["E005001"] });
  });
});
