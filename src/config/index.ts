import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import type { z } from "zod";
import { AddressSet } from "../lib/addresses.js";
import { parseIni } from "./ini.js";
import { type AddressRule, parseAddressRule, sections, smtpSection } from "./schema.js";

type Sections = typeof sections;
type Parsed = { [K in keyof Sections]: z.infer<Sections[K]> };

export type Config = Readonly<
  Omit<Parsed, "prt"> & {
    smtp: Readonly<Record<string, z.infer<typeof smtpSection>>>;
    user_address_list: ReadonlyMap<string, AddressRule>;
    /** Directory holding the configuration file: email templates and module hooks are relative to it. */
    configDir: string;
    /** Absolute `[server] data_dir`. */
    dataDir: string;
    /** Absolute `[log] audit_file`; absent: standard output. */
    auditFile: string | undefined;
    /** `DATABASE_URL`; absent means the embedded PostgreSQL in `dataDir`. */
    databaseUrl: string | undefined;
    /** `MIGRATION_DATABASE_URL`: the schema's owner, for migrations; absent: `databaseUrl` migrates. */
    migrationDatabaseUrl: string | undefined;
    /** The gateway's 32-byte secret key. */
    secretKey: Buffer;
    /** Keys it had before (`[secret_keys] previous_keys`): what they sealed is still read. */
    previousSecretKeys: readonly Buffer[];
    /** `[server] trusted_proxies`, parsed. */
    trustedProxies: AddressSet;
    /** `[brute_force] anonymous_exempt`, parsed. */
    anonymousExempt: AddressSet;
  }
>;

/** Stops start-up: names the section and key at fault. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface LoadOptions {
  /** `--config`; otherwise `SSO_CONFIG`, otherwise `sso.toml` in the working directory. */
  configPath?: string;
  env?: Readonly<Record<string, string | undefined>>;
  warn?: (message: string) => void;
}

/** Reads, validates and freezes the configuration; creates the secret key on first use. */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const warn = options.warn ?? ((m: string) => process.stderr.write(`WARN config ${m}\n`));
  // An empty variable counts as unset, for SSO_CONFIG as for PORT, DATABASE_URL, MIGRATION_DATABASE_URL
  // and SSO_SECRET_KEY.
  const file = path.resolve(options.configPath ?? (env.SSO_CONFIG || "sso.toml"));
  const configDir = path.dirname(file);
  const found = existsSync(file);
  // Not an error (docs/configuration.md), but a mistyped path would otherwise run on defaults unnoticed.
  if (!found && (options.configPath || env.SSO_CONFIG)) warn(`${file} does not exist: every key takes its default`);
  const raw = found ? readRaw(file) : {};

  const parsed: Record<string, unknown> = {};
  const smtp: Record<string, z.infer<typeof smtpSection>> = {};
  const userAddressList = new Map<string, AddressRule>();

  for (const [name, value] of Object.entries(raw)) {
    if (name === "smtp" && isTable(value)) {
      for (const [conn, section] of Object.entries(value)) {
        // A key of a bare [smtp] section (only [smtp.<name>] sections exist): unknown, as any other.
        if (isTable(section)) smtp[conn] = parseSection(`smtp.${conn}`, smtpSection, section, warn);
        else warn(`unknown key [smtp] ${conn} ignored (a connection is a section [smtp.<name>])`);
      }
    } else if (name.startsWith("smtp.")) {
      smtp[name.slice(5)] = parseSection(name, smtpSection, value, warn);
    } else if (name === "user_address_list") {
      if (!isTable(value)) throw new ConfigError("[user_address_list] must be a section");
      for (const [username, rule] of Object.entries(value)) {
        // TOML reads `jane.doe = …` as a table `jane` holding `doe`.
        if (isTable(rule)) {
          throw new ConfigError(`[user_address_list] ${username}: usernames with dots must be quoted ("${username}.…" = …)`);
        }
        try {
          userAddressList.set(username, parseAddressRule(rule));
        } catch (e) {
          throw new ConfigError(`[user_address_list] ${username}: ${(e as Error).message}`);
        }
      }
    } else if (!(name in sections)) {
      warn(`unknown section [${name}] ignored`);
    }
  }
  for (const [name, schema] of Object.entries(sections)) parsed[name] = parseSection(name, schema, raw[name] ?? {}, warn);

  const { prt, ...rest } = parsed as Parsed;
  const passwordReset = { ...rest.password_reset, ...definedOnly(prt) };
  const server = { ...rest.server };
  if (env.PORT) {
    if (!/^\d+$/.test(env.PORT) || Number(env.PORT) > 65535) throw new ConfigError("PORT: must be a port number");
    server.port = Number(env.PORT);
  }
  if (rest.main.smtp_conn && !smtp[rest.main.smtp_conn]) {
    throw new ConfigError(`[main] smtp_conn: no [smtp.${rest.main.smtp_conn}] section`);
  }
  if (rest.apps.all.length === 0) throw new ConfigError("[apps] all: must name at least one application");
  if (rest.password.min_length > rest.password.max_length) {
    throw new ConfigError("[password] min_length: must not be more than max_length (no password could be set)");
  }
  if (rest.argon2.memory_cost < 8 * rest.argon2.parallelism) {
    throw new ConfigError("[argon2] memory_cost: must be at least 8 KiB per lane (8 × parallelism)");
  }
  if (server.headers_timeout > server.request_timeout) {
    throw new ConfigError("[server] headers_timeout: must not be longer than request_timeout");
  }
  const paths = [
    ["[server] graphql_path", server.graphql_path],
    ["[health] path", rest.health.path],
    ["[metrics] path", rest.metrics.path],
    ["/openapi.json", "/openapi.json"],
  ] as const;
  for (const [i, [key, value]] of paths.entries()) {
    const clash = paths.slice(0, i).find(([, other]) => other === value);
    if (clash) throw new ConfigError(`${key}: ${value} is ${clash[0]} already`);
  }

  const hooks = [
    ["[main] email_service", [rest.main.email_service]],
    ["[session] expiry_hook", [rest.session.expiry_hook]],
    ["[signup] callback_service_list", rest.signup.callback_service_list],
    ["[user_validation] service", rest.user_validation.service],
  ] as const;
  for (const [key, refs] of hooks) {
    for (const ref of refs) {
      // Not an error: the module may be put in place after start-up (src/core/hooks.ts loads it at a call).
      const module = ref.startsWith("module:") ? path.resolve(configDir, ref.slice("module:".length)) : undefined;
      if (module && !existsSync(module)) warn(`${key}: ${module} does not exist; calls of the hook fail until it does`);
    }
  }

  if (env.MIGRATION_DATABASE_URL && !env.DATABASE_URL) {
    throw new ConfigError("MIGRATION_DATABASE_URL is set without DATABASE_URL (the embedded PostgreSQL has its own roles)");
  }
  const dataDir = path.resolve(configDir, server.data_dir);
  const secretKey = resolveSecretKey(env.SSO_SECRET_KEY, rest.secret_keys.key1, dataDir);
  const config: Config = {
    ...rest,
    password_reset: passwordReset,
    server,
    smtp,
    user_address_list: userAddressList,
    configDir,
    dataDir,
    auditFile: rest.log.audit_file ? path.resolve(configDir, rest.log.audit_file) : undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    migrationDatabaseUrl: env.MIGRATION_DATABASE_URL || undefined,
    secretKey,
    previousSecretKeys: previousSecretKeys(env.SSO_PREVIOUS_SECRET_KEYS, rest.secret_keys.previous_keys, secretKey),
    trustedProxies: addressSet("[server] trusted_proxies", server.trusted_proxies),
    anonymousExempt: addressSet("[brute_force] anonymous_exempt", rest.brute_force.anonymous_exempt),
  };
  return deepFreeze(config);
}

function addressSet(key: string, entries: readonly string[]): AddressSet {
  try {
    return new AddressSet(entries);
  } catch (e) {
    throw new ConfigError(`${key}: ${(e as Error).message}`);
  }
}

function readRaw(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(`${file} cannot be read: ${(e as Error).message}`);
  }
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (tomlError) {
    try {
      return parseIni(text);
    } catch (iniError) {
      throw new ConfigError(
        `${file} is neither TOML (${(tomlError as Error).message.split("\n")[0]}) nor Zato's INI dialect (${(iniError as Error).message})`,
      );
    }
  }
}

function parseSection<T extends z.ZodObject>(name: string, schema: T, value: unknown, warn: (m: string) => void): z.infer<T> {
  if (!isTable(value)) throw new ConfigError(`[${name}] must be a section`);
  for (const key of Object.keys(value)) if (!(key in schema.shape)) warn(`unknown key [${name}] ${key} ignored`);
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`[${name}] ${String(issue?.path[0] ?? "")}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

/** A secret key as configured: base64 (or base64url) of 32 bytes. */
function decodeKey(value: string, origin: string): Buffer {
  const key = Buffer.from(value.trim(), "base64");
  if (key.length !== 32 || !/^[A-Za-z0-9+/_-]+=*$/.test(value.trim()))
    throw new ConfigError(`${origin}: must be base64 of 32 bytes`);
  return key;
}

/** `SSO_PREVIOUS_SECRET_KEYS` (comma-separated), else `[secret_keys] previous_keys`: none may be the current key. */
function previousSecretKeys(fromEnv: string | undefined, fromFile: readonly string[], current: Buffer): Buffer[] {
  const ofFile = fromFile.map((value) => decodeKey(value, "[secret_keys] previous_keys"));
  // A variable naming no key (empty, or only commas) counts as unset, as empty variables do.
  const ofEnv = (fromEnv ?? "").split(",").filter((value) => value.trim() !== "");
  const keys = ofEnv.length > 0 ? ofEnv.map((value) => decodeKey(value, "SSO_PREVIOUS_SECRET_KEYS")) : ofFile;
  const origin = ofEnv.length > 0 ? "SSO_PREVIOUS_SECRET_KEYS" : "[secret_keys] previous_keys";
  if (keys.some((key) => key.equals(current))) throw new ConfigError(`${origin}: holds the current secret key`);
  return keys;
}

/** `SSO_SECRET_KEY`, else `[secret_keys] key1`, else `<data_dir>/secret.key`, generated on first use. */
function resolveSecretKey(fromEnv: string | undefined, fromFile: string | undefined, dataDir: string): Buffer {
  // key1 is checked even when SSO_SECRET_KEY wins: a bad value in the file is a configuration error.
  const keyOfFile = fromFile ? decodeKey(fromFile, "[secret_keys] key1") : undefined;
  if (fromEnv) return decodeKey(fromEnv, "SSO_SECRET_KEY");
  if (keyOfFile) return keyOfFile;
  const file = path.join(dataDir, "secret.key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    createKeyFile(file, `${randomBytes(32).toString("base64")}\n`);
  }
  return decodeKey(readFileSync(file, "utf8"), file);
}

/** What link(2) fails with where the file system has no hard links (FAT, some network and FUSE mounts). */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV"]);

/**
 * Written whole and flushed under a private name, then linked into place: linking fails when the
 * file exists, so when several processes start together one key wins, and none ever reads a
 * half-written file. Without hard links the file is created exclusively instead.
 */
function createKeyFile(file: string, text: string) {
  const draft = `${file}.${process.pid}.${randomBytes(6).toString("hex")}`;
  try {
    writeFlushed(draft, text);
    try {
      linkSync(draft, file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? "";
      if (code === "EEXIST") return;
      if (!NO_HARD_LINKS.has(code)) throw e;
      try {
        writeFlushed(file, text);
      } catch (again) {
        if ((again as NodeJS.ErrnoException).code !== "EEXIST") throw again;
      }
    }
  } finally {
    rmSync(draft, { force: true });
  }
}

function writeFlushed(file: string, text: string) {
  const fd = openSync(file, "wx", 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const definedOnly = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Buffer.isBuffer(value) && !(value instanceof Map) && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
