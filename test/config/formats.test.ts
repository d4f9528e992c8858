import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULTS } from "./defaults.js";
import { load, loadError, settings } from "./load.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

describe("the default file", () => {
  it("the default file, as TOML, gives the defaults of docs/configuration.md", () => {
    const { config, warnings } = load(fixture("default.toml"));
    expect(warnings).toEqual([]);
    expect(settings(config)).toStrictEqual(DEFAULTS);
  });

  it("Zato's own sso.conf, saved as sso.toml, gives the same configuration", () => {
    const { config, warnings } = load(fixture("sso.conf"));
    expect(warnings).toEqual([]);
    expect(settings(config)).toStrictEqual(settings(load(fixture("default.toml")).config));
  });
});

describe("Zato's INI dialect", () => {
  it("reads True/False in any case, digits, comments and empty values", () => {
    const { config } = load(
      [
        "[login]",
        "reject_if_not_listed=TRUE",
        "inform_if_locked = false",
        "inform_if_not_confirmed=fAlSe # comment",
        "[session]",
        "expiry=15 # In minutes",
        "expiry_hook=",
        "[main]",
        'site_name = "My # site" # the hash inside quotes stays',
        "[password_reset]",
        "email_title_en_GB=Reset your password",
      ].join("\n"),
    );
    expect(config.login).toMatchObject({ reject_if_not_listed: true, inform_if_locked: false, inform_if_not_confirmed: false });
    expect(config.session).toStrictEqual({ expiry: 15, expiry_hook: "" });
    expect(config.main.site_name).toBe("My # site");
    expect(config.password_reset.email_title_en_GB).toBe("Reset your password");
  });

  it('splits comma lists and reads """ values over several lines', () => {
    const { config } = load(
      [
        "[apps]",
        "all=CRM, Billing ,Portal",
        "login_allowed=CRM,Portal",
        "[signup]",
        "email_confirm_cc=a@example.com, b@example.com",
        "[password]",
        'reject_list = """',
        "  Secret",
        "  hunter2",
        '"""',
        "min_length=10",
      ].join("\n"),
    );
    expect(config.apps.all).toEqual(["CRM", "Billing", "Portal"]);
    expect(config.apps.login_allowed).toEqual(["CRM", "Portal"]);
    expect(config.signup.email_confirm_cc).toEqual(["a@example.com", "b@example.com"]);
    expect(config.password.reject_list).toEqual(["secret", "hunter2"]);
    expect(config.password.min_length).toBe(10);
  });

  it("reads [smtp.<name>] sections", () => {
    const { config } = load(
      ["[main]", "smtp_conn=relay", "[smtp.relay]", "host=mail.example.com", "port=465", "secure=True", "username=bot"].join(
        "\n",
      ),
    );
    expect(config.main.smtp_conn).toBe("relay");
    expect(config.smtp).toStrictEqual({
      relay: { host: "mail.example.com", port: 465, secure: true, username: "bot", password: "", timeout: 10 },
    });
  });

  it("reads [smtp.<name>] tables in TOML the same way", () => {
    const { config } = load(`[main]\nsmtp_conn = "relay"\n[smtp.relay]\nhost = "mail.example.com"\nport = 465\nsecure = true\n`);
    expect(config.smtp.relay).toMatchObject({ host: "mail.example.com", port: 465, secure: true });
  });

  it("a file that is neither TOML nor INI is refused, naming the file", () => {
    const error = loadError("this is not a configuration file\n");
    expect(error.name).toBe("ConfigError");
    expect(error.message).toMatch(/sso\.toml is neither TOML .* nor Zato's INI dialect/);
  });

  it("a TOML file with a mistake is refused, not misread as INI (TOML arrays are not INI lists)", () => {
    const error = loadError(`[apps]\nall = ["CRM", "Billing"]\n[main]\nsite_name = My Site\n`);
    expect(error.name).toBe("ConfigError");
    expect(error.message).toMatch(/is neither TOML \(.+\) nor Zato's INI dialect \(line 2: key all: /);
    expect(loadError(`[smtp]\nrelay = { host = "h" }\n[main]\nsite_name = My Site\n`).message).toMatch(/key relay: /);
  });

  it("values are unquoted text: one starting with a bracket that is no TOML array, an apostrophe before a comment", () => {
    const { config, warnings } = load(
      [
        "[main]",
        "site_name=[Acme] Portal",
        "[password_reset]",
        "email_title_en_GB=Bob's reset # the subject",
        "email_title_en_US='Quoted # kept' # a comment after the quotes",
      ].join("\n"),
    );
    expect(warnings).toEqual([]);
    expect(config.main.site_name).toBe("[Acme] Portal");
    expect(config.password_reset.email_title_en_GB).toBe("Bob's reset");
    expect(config.password_reset.email_title_en_US).toBe("Quoted # kept");
    // Quoted, what looks like a TOML array is text.
    expect(load('[main]\nsite_name="[1, 2]"\nsmtp_conn=\n').config.main.site_name).toBe("[1, 2]");
  });

  it("a bare [smtp] section's keys are unknown keys: warned about and ignored (connections are [smtp.<name>])", () => {
    for (const text of ['[smtp]\nhost = "m"\n', "[smtp]\nhost=m\n[main]\nsite_name=Site # INI\n"]) {
      const { config, warnings } = load(text);
      expect(config.smtp).toStrictEqual({});
      expect(warnings).toEqual(["unknown key [smtp] host ignored (a connection is a section [smtp.<name>])"]);
    }
  });

  it('an unterminated """ value is refused', () => {
    expect(loadError('[password]\nreject_list = """\n  abc\n').message).toMatch(/reject_list: unterminated/);
  });
});

describe("normalisation", () => {
  it("list-typed keys accept a comma string: items trimmed, empty items dropped", () => {
    const { config } = load(
      `[apps]\nall = " CRM,, Billing ,"\nsignup_allowed = ""\nlogin_allowed = ["CRM", " Billing ", ""]\n[signup]\nemail_welcome_bcc = "x@example.com"\n`,
    );
    expect(config.apps.all).toEqual(["CRM", "Billing"]);
    expect(config.apps.signup_allowed).toEqual([]);
    expect(config.apps.login_allowed).toEqual(["CRM", "Billing"]);
    expect(config.signup.email_welcome_bcc).toEqual(["x@example.com"]);
  });

  it("booleans accept true/false strings in any case", () => {
    const { config } = load(
      `[main]\nencrypt_email = "FALSE"\nencrypt_password = "False"\n[apps]\ninform_if_app_invalid = "false"\n[login]\nreject_if_not_listed = "TrUe"\n`,
    );
    expect(config.main).toMatchObject({ encrypt_email: false, encrypt_password: false });
    expect(config.apps.inform_if_app_invalid).toBe(false);
    expect(config.login.reject_if_not_listed).toBe(true);
  });

  it.each(['"yes"', '"1"', "1", '""'])("a boolean written %s is refused", (value) => {
    expect(loadError(`[signup]\nis_approval_needed = ${value}\n`).message).toMatch(/^\[signup\] is_approval_needed: /);
  });

  it("integers accept strings of digits", () => {
    const { config } = load(`[session]\nexpiry = "15"\n[search]\nmax_page_size = " 20 "\n[argon2]\nmemory_cost = "1024"\n`);
    expect(config.session.expiry).toBe(15);
    expect(config.search.max_page_size).toBe(20);
    expect(config.argon2.memory_cost).toBe(1024);
  });

  it.each(['"15m"', '"1.5"', "1.5", '"0x10"', '""', "true"])("an integer written %s is refused", (value) => {
    expect(loadError(`[session]\nexpiry = ${value}\n`).message).toMatch(/^\[session\] expiry: /);
  });

  it("reject_list: a list or a multi-line string, entries lower-cased and trimmed", () => {
    expect(load(`[password]\nreject_list = ["  Secret ", "HUNTER2", ""]\n`).config.password.reject_list).toEqual([
      "secret",
      "hunter2",
    ]);
    expect(load(`[password]\nreject_list = """\n  Secret\n\n  Hunter2  \n"""\n`).config.password.reject_list).toEqual([
      "secret",
      "hunter2",
    ]);
    expect(load(`[password]\nreject_list = []\n`).config.password.reject_list).toEqual([]);
  });

  it("[user_validation] reject lists are lower-cased", () => {
    const { config } = load(`[user_validation]\nreject_username = "Admin, ROOT"\nreject_email = ["Postmaster"]\n`);
    expect(config.user_validation.reject_username).toEqual(["admin", "root"]);
    expect(config.user_validation.reject_email).toEqual(["postmaster"]);
  });
});

describe("[prt] and [password_reset]", () => {
  it("[password_reset] is read", () => {
    const { config } = load(
      `[password_reset]\nvalid_for = 30\npassword_change_session_duration = 60\nuser_search_by = "email"\n`,
    );
    expect(config.password_reset).toMatchObject({ valid_for: 30, password_change_session_duration: 60, user_search_by: "email" });
  });

  it("[prt] keys win over [password_reset]", () => {
    const { config } = load(
      `[password_reset]\nvalid_for = 30\npassword_change_session_duration = 60\nuser_search_by = "email"\n` +
        `[prt]\nvalid_for = 10\npassword_change_session_duration = 20\nuser_search_by = "username_or_email"\n`,
    );
    expect(config.password_reset).toMatchObject({
      valid_for: 10,
      password_change_session_duration: 20,
      user_search_by: "username_or_email",
    });
    expect(config).not.toHaveProperty("prt");
  });

  it("a [prt] key absent leaves the [password_reset] value in place", () => {
    const { config } = load(
      `[password_reset]\nvalid_for = 30\npassword_change_session_duration = 60\nuser_search_by = "email"\n[prt]\nvalid_for = 10\n`,
    );
    expect(config.password_reset).toMatchObject({ valid_for: 10, password_change_session_duration: 60, user_search_by: "email" });
  });

  it("[prt] alone overrides the defaults", () => {
    const { config } = load("[prt]\nuser_search_by=email\n");
    expect(config.password_reset).toStrictEqual({ ...DEFAULTS.password_reset, user_search_by: "email" });
  });

  it("[prt] values are validated like [password_reset]'s", () => {
    expect(loadError(`[prt]\nuser_search_by = "phone"\n`).message).toMatch(/^\[prt\] user_search_by: /);
    expect(loadError(`[prt]\nvalid_for = 0\n`).message).toMatch(/^\[prt\] valid_for: /);
  });
});

describe("[user_address_list]", () => {
  const rules = (text: string) => load(text).config.user_address_list;

  it("TOML: quoted usernames with dots, CIDR v4 and v6, *, empty", () => {
    const list = rules(
      [
        "[user_address_list]",
        '"jane.doe" = ["10.0.0.0/8", "192.168.1.5"]',
        'admin1 = "*"',
        'blocked = ""',
        "nobody = []",
        'v6 = ["2001:db8::/32", "::1"]',
        'comma = "172.16.0.0/12, 127.0.0.1"',
        '"mixed.star" = ["10.0.0.1", "*"]',
      ].join("\n"),
    );
    expect([...list.keys()].sort()).toEqual(["admin1", "blocked", "comma", "jane.doe", "mixed.star", "nobody", "v6"]);
    const jane = list.get("jane.doe");
    if (jane?.kind !== "set") throw new Error("jane.doe should hold a set");
    expect(jane.set.contains("10.20.30.40")).toBe(true);
    expect(jane.set.contains("192.168.1.5")).toBe(true);
    expect(jane.set.contains("192.168.1.6")).toBe(false);
    expect(list.get("admin1")).toEqual({ kind: "any" });
    expect(list.get("blocked")).toEqual({ kind: "none" });
    expect(list.get("nobody")).toEqual({ kind: "none" });
    expect(list.get("mixed.star")).toEqual({ kind: "any" });
    const v6 = list.get("v6");
    if (v6?.kind !== "set") throw new Error("v6 should hold a set");
    expect(v6.set.contains("2001:db8:1::5")).toBe(true);
    expect(v6.set.contains("::1")).toBe(true);
    expect(v6.set.contains("2001:db9::1")).toBe(false);
    expect(v6.set.contains("10.0.0.1")).toBe(false);
    const comma = list.get("comma");
    if (comma?.kind !== "set") throw new Error("comma should hold a set");
    expect(comma.set.contains("172.31.255.255")).toBe(true);
    expect(comma.set.contains("127.0.0.1")).toBe(true);
    expect(comma.set.contains("172.32.0.0")).toBe(false);
  });

  it("INI: usernames with dots, comma lists, * and empty", () => {
    const list = rules(
      ["[user_address_list]", "jane.doe=10.0.0.0/8, 192.168.1.5", "admin1=*", "blocked=", "v6=2001:db8::/32"].join("\n"),
    );
    const jane = list.get("jane.doe");
    if (jane?.kind !== "set") throw new Error("jane.doe should hold a set");
    expect(jane.set.contains("10.1.1.1")).toBe(true);
    expect(jane.set.contains("11.1.1.1")).toBe(false);
    expect(list.get("admin1")).toEqual({ kind: "any" });
    expect(list.get("blocked")).toEqual({ kind: "none" });
    expect(list.get("v6")?.kind).toBe("set");
  });

  it.each([
    ['bad = ["10.0.0.300"]', "bad"],
    ['bad = ["10.0.0.0/33"]', "bad"],
    ['bad = ["2001:db8::/129"]', "bad"],
    ['bad = ["10.0.0.0/"]', "bad"],
    ['bad = ["example.com"]', "bad"],
    ["bad = 5", "bad"],
    ["bad = [1, 2]", "bad"],
  ])("%s is refused, naming the user", (line, user) => {
    const error = loadError(`[user_address_list]\n${line}\n`);
    expect(error.name).toBe("ConfigError");
    expect(error.message).toMatch(new RegExp(`^\\[user_address_list\\] ${user}: `));
  });

  it("an unquoted dotted username in TOML is refused with a hint to quote it", () => {
    const error = loadError(`[user_address_list]\njane.doe = ["10.0.0.0/8"]\n`);
    expect(error.message).toMatch(/^\[user_address_list\] jane/);
    expect(error.message).toMatch(/quote/);
  });
});
