import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { type Config, loadConfig } from "../../src/config/index.js";

/** A fixed key, so that loading a configuration never writes `secret.key` unless a test wants it. */
export const TEST_KEY = Buffer.alloc(32, 7).toString("base64");

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sso-config-"));
  dirs.push(dir);
  return dir;
}

export interface Loaded {
  config: Config;
  warnings: string[];
}

/**
 * Writes `text` as the configuration file of a new directory and loads it. `env` replaces the
 * process environment entirely (SSO_SECRET_KEY is set unless the test gives its own env entry).
 */
export function load(text: string | null, env: Record<string, string | undefined> = {}, fileName = "sso.toml"): Loaded {
  const dir = tempDir();
  const file = path.join(dir, fileName);
  if (text !== null) writeFileSync(file, text);
  const warnings: string[] = [];
  const config = loadConfig({
    configPath: file,
    env: { SSO_SECRET_KEY: TEST_KEY, ...env },
    warn: (m) => warnings.push(m),
  });
  return { config, warnings };
}

/** The error `loadConfig` throws for `text`. */
export function loadError(text: string, env: Record<string, string | undefined> = {}): Error {
  try {
    load(text, env);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`expected the configuration to be refused:\n${text}`);
}

/** The part of a configuration that comes from the file (not the paths, the key or the environment). */
export function settings(config: Config): Record<string, unknown> {
  const {
    configDir: _d,
    dataDir: _dd,
    auditFile: _a,
    databaseUrl: _u,
    secretKey: _k,
    previousSecretKeys: _pk,
    trustedProxies: _t,
    migrationDatabaseUrl: _m,
    anonymousExempt: _x,
    user_address_list,
    ...rest
  } = config;
  return { ...rest, user_address_list: Object.fromEntries(user_address_list) };
}
