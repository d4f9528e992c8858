import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULTS } from "./defaults.js";
import { load, settings } from "./load.js";

describe("defaults", () => {
  it("a missing file gives every documented default", () => {
    const { config, warnings } = load(null);
    expect(settings(config)).toStrictEqual(DEFAULTS);
    // Named explicitly (as load names it), the missing file is warned about, and only that.
    expect(warnings).toEqual([`${path.join(config.configDir, "sso.toml")} does not exist: every key takes its default`]);
  });

  it("an empty file gives every documented default", () => {
    expect(settings(load("").config)).toStrictEqual(DEFAULTS);
  });

  it("empty sections give every documented default", () => {
    const text = Object.keys(DEFAULTS)
      .filter((s) => s !== "smtp")
      .map((s) => `[${s}]\n`)
      .join("\n");
    const { config, warnings } = load(text);
    expect(settings(config)).toStrictEqual(DEFAULTS);
    expect(warnings).toEqual([]);
  });

  it.each(["argon2", "server", "password", "signup"])("a key absent from a present section [%s] keeps its default", (section) => {
    // Setting one key of the section must leave every other key of every section at its default.
    const keys = DEFAULTS[section as keyof typeof DEFAULTS] as Record<string, unknown>;
    const [key, value] = Object.entries(keys).find(([, v]) => typeof v === "number" || typeof v === "boolean") ?? [];
    if (key === undefined) throw new Error(`no scalar key in [${section}]`);
    const changed = typeof value === "number" ? value + 1 : !value;
    const { config } = load(`[${section}]\n${key} = ${changed}\n`);
    expect(settings(config)).toStrictEqual({ ...DEFAULTS, [section]: { ...keys, [key]: changed } });
  });

  it("knows every documented key (none is warned about as unknown)", () => {
    // Writing each key with its own default value must be silent and change nothing.
    const lines: string[] = [];
    for (const [section, keys] of Object.entries(DEFAULTS)) {
      if (section === "smtp" || section === "user_address_list" || section === "secret_keys") continue;
      lines.push(`[${section}]`);
      for (const [key, value] of Object.entries(keys)) lines.push(`${key} = ${JSON.stringify(value)}`);
    }
    const { config, warnings } = load(lines.join("\n"));
    expect(warnings).toEqual([]);
    expect(settings(config)).toStrictEqual(DEFAULTS);
  });

  it("[smtp.<name>] keys take their defaults; host is required", () => {
    const { config } = load(`[main]\nsmtp_conn = "relay"\n[smtp.relay]\nhost = "mail.example.com"\n`);
    expect(config.smtp).toStrictEqual({
      relay: { host: "mail.example.com", port: 587, secure: false, username: "", password: "", timeout: 10 },
    });
  });

  it("relative paths hang off the config directory; the configuration is frozen", () => {
    const { config } = load(null);
    expect(config.dataDir).toBe(`${config.configDir}/.sso-data`);
    expect(config.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.password.reject_list)).toBe(true);
    expect(() => {
      (config.session as { expiry: number }).expiry = 5;
    }).toThrow(TypeError);
  });
});
