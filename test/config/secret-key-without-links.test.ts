import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { tempDir } from "./load.js";

// A file system without hard links (FAT, some network and FUSE mounts): link(2) fails with EPERM.
vi.mock("node:fs", async (original) => {
  const fs = await original<typeof import("node:fs")>();
  const linkSync = () => {
    throw Object.assign(new Error("EPERM: operation not permitted, link"), { code: "EPERM" });
  };
  return { ...fs, default: { ...fs, linkSync }, linkSync };
});

describe("the generated secret key, where the file system has no hard links", () => {
  it("is created in place instead, with mode 0600, leaving no draft behind, and reused", () => {
    const dir = tempDir();
    const configPath = path.join(dir, "sso.toml");
    writeFileSync(configPath, "");
    const first = loadConfig({ configPath, env: {}, warn: () => {} });
    const dataDir = path.join(dir, ".sso-data");
    const keyFile = path.join(dataDir, "secret.key");
    expect(readdirSync(dataDir)).toEqual(["secret.key"]);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, "utf8")).toBe(`${first.secretKey.toString("base64")}\n`);
    expect(loadConfig({ configPath, env: {}, warn: () => {} }).secretKey.equals(first.secretKey)).toBe(true);
  });
});
