import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { load, TEST_KEY, tempDir } from "./load.js";

const key = () => randomBytes(32).toString("base64");

/** Loads with exactly this environment (no SSO_SECRET_KEY unless given). */
function loadWith(env: Record<string, string | undefined>, configPath?: string) {
  return loadConfig({ configPath, env, warn: () => {} });
}

function errorOf(work: () => unknown): Error {
  try {
    work();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("where the file is found", () => {
  it("SSO_CONFIG names the file; its directory is the config directory", () => {
    const dir = tempDir();
    const file = path.join(dir, "custom.toml");
    writeFileSync(file, "[session]\nexpiry = 7\n");
    const config = loadWith({ SSO_CONFIG: file, SSO_SECRET_KEY: TEST_KEY });
    expect(config.session.expiry).toBe(7);
    expect(config.configDir).toBe(dir);
    expect(config.dataDir).toBe(path.join(dir, ".sso-data"));
  });

  it("--config (configPath) wins over SSO_CONFIG", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "a.toml"), "[session]\nexpiry = 1\n");
    writeFileSync(path.join(dir, "b.toml"), "[session]\nexpiry = 2\n");
    const config = loadWith({ SSO_CONFIG: path.join(dir, "a.toml"), SSO_SECRET_KEY: TEST_KEY }, path.join(dir, "b.toml"));
    expect(config.session.expiry).toBe(2);
  });

  it("otherwise sso.toml in the working directory; an empty SSO_CONFIG counts as unset", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "sso.toml"), "[session]\nexpiry = 3\n");
    const previous = process.cwd();
    process.chdir(dir);
    try {
      expect(loadWith({ SSO_SECRET_KEY: TEST_KEY }).session.expiry).toBe(3);
      expect(loadWith({ SSO_CONFIG: "", SSO_SECRET_KEY: TEST_KEY }).session.expiry).toBe(3);
      expect(loadWith({ SSO_CONFIG: "", SSO_SECRET_KEY: TEST_KEY }).configDir).toBe(dir);
    } finally {
      process.chdir(previous);
    }
  });

  it("a missing file is not an error, and its directory is still the config directory", () => {
    const dir = tempDir();
    const config = loadWith({ SSO_CONFIG: path.join(dir, "absent.toml"), SSO_SECRET_KEY: TEST_KEY });
    expect(config.configDir).toBe(dir);
    expect(config.session.expiry).toBe(60);
  });

  it("a missing file named by SSO_CONFIG or --config is warned about (a mistyped path would run on defaults unnoticed); the default ./sso.toml missing is not", () => {
    const dir = tempDir();
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    loadConfig({ env: { SSO_CONFIG: path.join(dir, "absent.toml"), SSO_SECRET_KEY: TEST_KEY }, warn });
    loadConfig({ configPath: path.join(dir, "gone.toml"), env: { SSO_SECRET_KEY: TEST_KEY }, warn });
    expect(warnings).toEqual([
      `${path.join(dir, "absent.toml")} does not exist: every key takes its default`,
      `${path.join(dir, "gone.toml")} does not exist: every key takes its default`,
    ]);
    const previous = process.cwd();
    process.chdir(dir);
    try {
      loadConfig({ env: { SSO_SECRET_KEY: TEST_KEY }, warn });
    } finally {
      process.chdir(previous);
    }
    expect(warnings).toHaveLength(2);
  });

  it("a path that cannot be read is a ConfigError naming it", () => {
    const dir = tempDir();
    const error = errorOf(() => loadWith({ SSO_CONFIG: dir, SSO_SECRET_KEY: TEST_KEY }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(dir);
  });

  it("[server] data_dir is relative to the config directory, or absolute", () => {
    expect(load('[server]\ndata_dir = "state/db"\n').config.dataDir).toMatch(/\/state\/db$/);
    const elsewhere = tempDir();
    expect(load(`[server]\ndata_dir = "${elsewhere}"\n`).config.dataDir).toBe(elsewhere);
  });
});

describe("PORT", () => {
  it("wins over [server] port", () => {
    expect(load("[server]\nport = 1234\n").config.server.port).toBe(1234);
    expect(load("[server]\nport = 1234\n", { PORT: "4321" }).config.server.port).toBe(4321);
    expect(load(null, { PORT: "0" }).config.server.port).toBe(0);
  });

  it("an empty PORT counts as unset", () => {
    expect(load("[server]\nport = 1234\n", { PORT: "" }).config.server.port).toBe(1234);
  });

  it.each(["http", "-1", "65536", "80a", "1.5"])("PORT=%s is refused, naming PORT", (port) => {
    const error = errorOf(() => load(null, { PORT: port }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^PORT: /);
  });
});

describe("DATABASE_URL", () => {
  it("is taken as given; absent or empty means the embedded PostgreSQL", () => {
    const url = "postgresql://sso:secret@db.example.com:5433/sso";
    expect(load(null, { DATABASE_URL: url }).config.databaseUrl).toBe(url);
    expect(load(null).config.databaseUrl).toBeUndefined();
    expect(load(null, { DATABASE_URL: "" }).config.databaseUrl).toBeUndefined();
  });

  it("MIGRATION_DATABASE_URL goes with DATABASE_URL only: the embedded PostgreSQL has its own roles", () => {
    const owner = "postgresql://owner:secret@db.example.com/sso";
    const url = "postgresql://app:secret@db.example.com/sso";
    expect(load(null, { DATABASE_URL: url, MIGRATION_DATABASE_URL: owner }).config.migrationDatabaseUrl).toBe(owner);
    expect(load(null, { DATABASE_URL: url, MIGRATION_DATABASE_URL: "" }).config.migrationDatabaseUrl).toBeUndefined();
    const error = errorOf(() => load(null, { MIGRATION_DATABASE_URL: owner }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^MIGRATION_DATABASE_URL is set without DATABASE_URL/);
  });
});

describe("the secret key", () => {
  it("SSO_SECRET_KEY wins over [secret_keys] key1, and nothing is written", () => {
    const fromEnv = key();
    const fromFile = key();
    const { config } = load(`[secret_keys]\nkey1 = "${fromFile}"\n`, { SSO_SECRET_KEY: fromEnv });
    expect(config.secretKey.toString("base64")).toBe(fromEnv);
    expect(existsSync(path.join(config.dataDir, "secret.key"))).toBe(false);
  });

  it("[secret_keys] key1 is used without SSO_SECRET_KEY (also in Zato's INI spelling)", () => {
    const fromFile = key();
    const toml = load(`[secret_keys]\nkey1 = "${fromFile}"\n`, { SSO_SECRET_KEY: undefined }).config;
    expect(toml.secretKey.toString("base64")).toBe(fromFile);
    expect(existsSync(path.join(toml.dataDir, "secret.key"))).toBe(false);
    const ini = load(`[secret_keys]\nkey1=${fromFile}\n`, { SSO_SECRET_KEY: "" }).config;
    expect(ini.secretKey.toString("base64")).toBe(fromFile);
  });

  it("base64url is accepted", () => {
    const raw = randomBytes(32);
    expect(load(null, { SSO_SECRET_KEY: raw.toString("base64url") }).config.secretKey.equals(raw)).toBe(true);
  });

  it("is generated on first use into <data_dir>/secret.key with mode 0600, then reused", () => {
    const dir = tempDir();
    const file = path.join(dir, "sso.toml");
    writeFileSync(file, '[server]\ndata_dir = "data"\n');
    const first = loadWith({}, file);
    const keyFile = path.join(dir, "data", "secret.key");
    expect(first.secretKey).toHaveLength(32);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(keyFile, "utf8").trim(), "base64").equals(first.secretKey)).toBe(true);
    const second = loadWith({}, file);
    expect(second.secretKey.equals(first.secretKey)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it("is never seen half-written by a process starting at the same moment", async () => {
    // Another process reads the key file the instant it appears, as a gateway or CLI started together would.
    const reader = spawn(
      process.execPath,
      [
        "-e",
        `const { readFileSync } = require("node:fs");
        process.on("message", (file) => {
          process.send("watching");
          const until = Date.now() + 5000;
          for (let i = 0; ; i++) {
            try { return process.send(readFileSync(file, "utf8")); } catch {}
            if (i % 1024 === 0 && Date.now() > until) return process.send("never appeared");
          }
        });`,
      ],
      { stdio: ["ignore", "inherit", "inherit", "ipc"] },
    );
    const inbox: string[] = [];
    const waiting: ((m: string) => void)[] = [];
    reader.on("message", (m) => (waiting.shift() ?? ((v: string) => inbox.push(v)))(String(m)));
    const next = () => (inbox.length ? Promise.resolve(inbox.shift() as string) : new Promise<string>((r) => waiting.push(r)));
    try {
      for (let round = 0; round < 100; round++) {
        const dir = tempDir();
        const keyFile = path.join(dir, ".sso-data", "secret.key");
        reader.send(keyFile);
        expect(await next()).toBe("watching");
        const { secretKey } = loadWith({}, path.join(dir, "sso.toml"));
        expect(await next()).toBe(`${secretKey.toString("base64")}\n`);
        expect(readdirSync(path.dirname(keyFile))).toEqual(["secret.key"]);
      }
    } finally {
      reader.kill();
    }
  });

  it.each([
    ["SSO_SECRET_KEY", { SSO_SECRET_KEY: "c2hvcnQ=" }, null],
    ["SSO_SECRET_KEY", { SSO_SECRET_KEY: `${"!".repeat(43)}=` }, null],
    ["[secret_keys] key1", { SSO_SECRET_KEY: undefined }, `[secret_keys]\nkey1 = "c2hvcnQ="\n`],
    // A bad key1 is refused even when SSO_SECRET_KEY would win.
    ["[secret_keys] key1", { SSO_SECRET_KEY: TEST_KEY }, `[secret_keys]\nkey1 = "not a key"\n`],
    ["[secret_keys] key1", { SSO_SECRET_KEY: undefined }, `[secret_keys]\nkey1 = "${"x".repeat(88)}"\n`],
  ])("a bad key names its origin (%s)", (origin, env, text) => {
    const error = errorOf(() => load(text, env));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message.startsWith(`${origin}: `)).toBe(true);
  });

  it("a bad generated key file names the file", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, ".sso-data"));
    const keyFile = path.join(dir, ".sso-data", "secret.key");
    writeFileSync(keyFile, "garbage\n", { mode: 0o600 });
    const error = errorOf(() => loadWith({}, path.join(dir, "sso.toml")));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message.startsWith(`${keyFile}: `)).toBe(true);
  });
});

describe("SSO_PREVIOUS_SECRET_KEYS", () => {
  const previous = Buffer.alloc(32, 9).toString("base64");
  const other = Buffer.alloc(32, 8).toString("base64");
  const file = `[secret_keys]\nprevious_keys = ["${previous}"]\n`;

  it("wins over [secret_keys] previous_keys, comma-separated", () => {
    const { config } = load(file, { SSO_PREVIOUS_SECRET_KEYS: ` ${other} , ${previous}` });
    expect(config.previousSecretKeys.map((k) => k.toString("base64"))).toEqual([other, previous]);
  });

  it("naming no key (empty, or only commas), counts as unset", () => {
    for (const value of ["", ",", " , "]) {
      const { config } = load(file, { SSO_PREVIOUS_SECRET_KEYS: value });
      expect(config.previousSecretKeys.map((k) => k.toString("base64"))).toEqual([previous]);
    }
  });
});
