import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/index.js";
import { load, loadError } from "./load.js";

const toml = (section: string, key: string, value: unknown) => `[${section}]\n${key} = ${JSON.stringify(value)}\n`;

describe("hook references", () => {
  const MODULE_JS = "module:hooks/check.js";
  const MODULE_MJS = "module:check.mjs";
  const HTTP = "http://127.0.0.1:9/hook";
  const HTTPS = "https://hooks.example.com/sso";
  const OUTBOX = "outbox:mail";
  const VALIDATOR = "zato.sso.signup.validate";

  // Per key: what docs/configuration.md's "Hooks" table lets it name, and what it must refuse.
  const cases: { section: string; key: string; list: boolean; accepted: string[]; refused: string[] }[] = [
    {
      section: "main",
      key: "email_service",
      list: false,
      accepted: ["", MODULE_JS, MODULE_MJS, HTTP, HTTPS, OUTBOX, "outbox:/var/spool/sso"],
      refused: [VALIDATOR, "outbox:", "module:", "module:hook.ts", "ftp://example.com", "zato.helpers.send-email", "smtp"],
    },
    {
      section: "session",
      key: "expiry_hook",
      list: false,
      accepted: ["", MODULE_JS, MODULE_MJS, HTTP, HTTPS],
      refused: [OUTBOX, VALIDATOR, "my.expiry.service", "module:", "module:hook.cjs", "http://"],
    },
    {
      section: "signup",
      key: "callback_service_list",
      list: true,
      accepted: [MODULE_JS, MODULE_MJS, HTTP, HTTPS],
      refused: [OUTBOX, VALIDATOR, "my.callback.service", "module:"],
    },
    {
      section: "user_validation",
      key: "service",
      list: true,
      accepted: [VALIDATOR, MODULE_JS, MODULE_MJS, HTTP, HTTPS],
      refused: [OUTBOX, "zato.sso.signup.other", "module:", "module:check.py"],
    },
  ];

  for (const { section, key, list, accepted, refused } of cases) {
    it.each(accepted)(`[${section}] ${key} accepts %j`, (ref) => {
      const { config } = load(toml(section, key, list ? [ref] : ref));
      expect((config as unknown as Record<string, Record<string, unknown>>)[section]?.[key]).toEqual(list ? [ref] : ref);
    });
    it.each(refused)(`[${section}] ${key} refuses %j, naming the key`, (ref) => {
      const error = loadError(toml(section, key, list ? [ref] : ref));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toMatch(new RegExp(`^\\[${section}\\] ${key}: `));
    });
  }

  it("list-typed hook keys accept a comma string, in order", () => {
    const { config } = load(
      `[user_validation]\nservice = "${VALIDATOR}, ${MODULE_MJS}"\n[signup]\ncallback_service_list = "${HTTP},${MODULE_JS}"\n`,
    );
    expect(config.user_validation.service).toEqual([VALIDATOR, MODULE_MJS]);
    expect(config.signup.callback_service_list).toEqual([HTTP, MODULE_JS]);
  });

  it("a module: hook whose file is not there is warned about, naming the key; it may appear later, so start-up goes on", () => {
    const { config, warnings } = load(
      `[session]\nexpiry_hook = "module:absent.mjs"\n[signup]\ncallback_service_list = "${HTTP}, module:hooks/gone.js"\n`,
    );
    expect(config.session.expiry_hook).toBe("module:absent.mjs");
    expect(warnings).toEqual([
      `[session] expiry_hook: ${path.join(config.configDir, "absent.mjs")} does not exist; calls of the hook fail until it does`,
      `[signup] callback_service_list: ${path.join(config.configDir, "hooks", "gone.js")} does not exist; calls of the hook fail until it does`,
    ]);
  });

  it("one bad entry in a list of hooks refuses the key", () => {
    expect(loadError(toml("signup", "callback_service_list", [HTTP, "nope"])).message).toMatch(
      /^\[signup\] callback_service_list: /,
    );
  });
});

describe("invalid values stop start-up naming the section and key", () => {
  it.each([
    ["main", "encrypt_email", "maybe"],
    ["main", "site_name", 5],
    ["backend", "default", "redis"],
    ["hash_secret", "salt_size", 4],
    ["apps", "all", [1, 2]],
    ["apps", "all", ""],
    ["apps", "http_header", "Bad Header"],
    ["apps", "inform_if_app_invalid", "no"],
    ["login", "reject_if_not_listed", 1],
    ["password_reset", "valid_for", "a day"],
    ["password_reset", "user_search_by", "phone"],
    ["session", "expiry", 0],
    ["session", "expiry", -5],
    ["password", "expiry", "730d"],
    ["password", "min_complexity", 5],
    ["password", "min_complexity_algorithm", "other"],
    ["password", "reject_list", 123],
    ["signup", "max_length_username", "long"],
    ["signup", "email_confirm_cc", [1]],
    ["search", "default_page_size", 0],
    ["server", "port", 70000],
    ["server", "port", "http"],
    ["database", "pool_size", 0],
    ["database", "connect_timeout", 0],
    ["database", "query_timeout", 3601],
    ["server", "graphql_path", "graphql"],
    ["server", "graphql_path", "/zato/sso/graphql"],
    ["server", "trusted_proxies", ["10.0.0.1", "a proxy"]],
    ["server", "trusted_proxies", "10.0.0.0/33"],
    ["server", "data_dir", ""],
    ["secret_keys", "key1", "not a key"],
    ["argon2", "memory_cost", 1],
    ["argon2", "parallelism", 0],
    ["totp", "window", -1],
    ["cleanup", "interval", "often"],
    ["cleanup", "interval", 2_147_484],
    ["argon2", "memory_cost", 2 ** 32],
    ["argon2", "time_cost", 2 ** 32],
    ["signup", "max_length_username", 192],
  ])("[%s] %s = %j", (section, key, value) => {
    const error = loadError(toml(section, key, value));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(new RegExp(`^\\[${section}\\] ${key}: \\S`));
  });

  it("a whole number out of range says so, whatever its size; a fraction is not an integer", () => {
    expect(loadError("[hash_secret]\nrounds = 9223372036854775807\n").message).toBe(
      "[hash_secret] rounds: must be at most 9007199254740991",
    );
    expect(loadError("[session]\nexpiry = 1e300\n").message).toMatch(/^\[session\] expiry: must be at most /);
    expect(loadError("[session]\nexpiry = 1.5\n").message).toBe("[session] expiry: must be an integer");
  });

  it("[smtp.<name>] keys are validated", () => {
    expect(loadError(`[smtp.relay]\nport = "x"\nhost = "h"\n`).message).toMatch(/^\[smtp\.relay\] port: /);
    expect(loadError(`[smtp.relay]\nport = 25\n`).message).toMatch(/^\[smtp\.relay\] host: /);
    expect(loadError(`[smtp.relay]\nhost = "h"\nsecure = "tls"\n`).message).toMatch(/^\[smtp\.relay\] secure: /);
  });

  it("[smtp.<name>] timeout longer than a timer can wait is refused", () => {
    expect(loadError(`[smtp.relay]\nhost = "h"\ntimeout = 2147484\n`).message).toMatch(/^\[smtp\.relay\] timeout: /);
  });

  it("values that contradict each other are refused, naming the key", () => {
    expect(loadError("[password]\nmin_length = 20\nmax_length = 10\n").message).toMatch(/^\[password\] min_length: /);
    expect(loadError("[argon2]\nmemory_cost = 64\nparallelism = 16\n").message).toMatch(/^\[argon2\] memory_cost: /);
    expect(load("[argon2]\nmemory_cost = 128\nparallelism = 16\n").config.argon2.memory_cost).toBe(128);
  });

  it("[main] smtp_conn must name an [smtp.<name>] section", () => {
    const error = loadError(`[main]\nsmtp_conn = "relay"\n[smtp.other]\nhost = "h"\n`);
    expect(error.message).toMatch(/^\[main\] smtp_conn: /);
    expect(error.message).toContain("[smtp.relay]");
  });

  it("a known section written as a value is refused", () => {
    expect(loadError(`main = 5\n`).message).toMatch(/^\[main\] /);
  });

  it("INI values are validated the same way", () => {
    expect(loadError("[session]\nexpiry=sixty # minutes\n").message).toMatch(/^\[session\] expiry: /);
    expect(loadError("[login]\ninform_if_locked=Yes\n").message).toMatch(/^\[login\] inform_if_locked: /);
  });
});

describe("unknown sections and keys", () => {
  it("are warned about and ignored", () => {
    const { config, warnings } = load(
      [
        "[main]",
        "encrypt_email = false",
        "legacy_flag = true",
        "[zato]",
        'well_known_data = "x"',
        "[password]",
        "min_length = 12",
        "max_age = 3",
        "[smtp.relay]",
        'host = "h"',
        "tls_ciphers = 1",
        "[prt]",
        "valid_for = 5",
        "colour = 1",
      ].join("\n"),
    );
    expect(warnings.sort()).toEqual(
      [
        "unknown key [main] legacy_flag ignored",
        "unknown key [password] max_age ignored",
        "unknown key [prt] colour ignored",
        "unknown key [smtp.relay] tls_ciphers ignored",
        "unknown section [zato] ignored",
      ].sort(),
    );
    expect(config.main.encrypt_email).toBe(false);
    expect(config.password.min_length).toBe(12);
    expect(config.password_reset.valid_for).toBe(5);
    expect(config).not.toHaveProperty("zato");
    expect(config.main).not.toHaveProperty("legacy_flag");
    expect(config.password).not.toHaveProperty("max_age");
    expect(config.smtp.relay).not.toHaveProperty("tls_ciphers");
  });

  it("are ignored in Zato's INI files as well", () => {
    const { config, warnings } = load("[main]\nencrypt_email=False\nextra=1\n[other]\nk=v\n");
    expect(warnings.sort()).toEqual(["unknown key [main] extra ignored", "unknown section [other] ignored"]);
    expect(config.main.encrypt_email).toBe(false);
  });
});
