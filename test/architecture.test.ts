import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src", import.meta.url));

/** Every TypeScript file under src/ except generated code, as a path relative to src/. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" && dir === SRC ? [] : sourceFiles(full);
    return /\.(m|c)?tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path.relative(SRC, full)] : [];
  });
}

interface Import {
  specifier: string;
  /** The imported file relative to src/ (for relative specifiers), else null. */
  target: string | null;
}

/** Static imports, `import type`, re-exports, `import x = require()` and dynamic `import()` of a file. */
function importsOf(file: string): Import[] {
  const info = ts.preProcessFile(readFileSync(path.join(SRC, file), "utf8"), true, true);
  return info.importedFiles.map(({ fileName: specifier }) => {
    if (!specifier.startsWith(".")) return { specifier, target: null };
    const resolved = path.resolve(path.dirname(path.join(SRC, file)), specifier).replace(/\.(m|c)?js$/, ".$1ts");
    return { specifier, target: path.relative(SRC, resolved) };
  });
}

const files = sourceFiles();
const layer = (relative: string) => relative.split(path.sep)[0] ?? "";
const isInsideSrc = (target: string) => !target.startsWith("..") && !path.isAbsolute(target);

/** `file: specifier` for each import of a file in `from` that breaks `allowed`. */
function violations(from: string, allowed: (imp: Import) => boolean): string[] {
  return files
    .filter((f) => layer(f) === from)
    .flatMap((f) => importsOf(f).map((imp) => ({ f, imp })))
    .filter(({ imp }) => !allowed(imp))
    .map(({ f, imp }) => `${f}: ${imp.specifier}`);
}

describe("architecture", () => {
  it("finds the source files and their imports, including type-only and dynamic ones", () => {
    expect(files).toContain(path.join("core", "services.ts"));
    expect(files).toContain(path.join("lib", "addresses.ts"));
    expect(importsOf(path.join("core", "services.ts")).map((i) => i.target)).toContain(path.join("db", "client.ts"));
    const sample = ts.preProcessFile(
      'import type { A } from "../http/a.js";\nexport { b } from "../rest/b.js";\nconst c = await import("../cli/c.js");\n',
      true,
      true,
    );
    expect(sample.importedFiles.map((i) => i.fileName)).toEqual(["../http/a.js", "../rest/b.js", "../cli/c.js"]);
    // The checker reports imports across layers: http/ does use rest/.
    expect(violations("http", (imp) => imp.target === null || layer(imp.target) !== "rest")).toContain(
      `${path.join("http", "server.ts")}: ../rest/handler.js`,
    );
  });

  it("core/ imports nothing from graphql/, rest/, http/, cli/ or reference/", () => {
    const forbidden = new Set(["graphql", "rest", "http", "cli", "reference", "main.ts"]);
    expect(violations("core", (imp) => imp.target === null || !forbidden.has(layer(imp.target)))).toEqual([]);
  });

  it("lib/ imports nothing from the rest of src/", () => {
    expect(violations("lib", (imp) => imp.target === null || (isInsideSrc(imp.target) && layer(imp.target) === "lib"))).toEqual(
      [],
    );
  });

  it("every SQL statement on a table lives in a store of the core (core/<capability>/store.ts)", () => {
    const sql = /\b(FROM|INTO|UPDATE|JOIN)\s+sso_/;
    const outside = files.filter(
      (f) =>
        !f.startsWith(`db${path.sep}`) && path.basename(f) !== "store.ts" && sql.test(readFileSync(path.join(SRC, f), "utf8")),
    );
    expect(outside).toEqual([]);
    // The check sees what it looks for.
    expect(sql.test(readFileSync(path.join(SRC, "core", "users", "store.ts"), "utf8"))).toBe(true);
  });

  it("stores are used by the core alone: surfaces go through operations", () => {
    const users = files
      .filter((f) => layer(f) !== "core")
      .flatMap((f) => importsOf(f).map((imp) => ({ f, imp })))
      .filter(({ imp }) => imp.target !== null && path.basename(imp.target) === "store.ts")
      .map(({ f, imp }) => `${f}: ${imp.specifier}`);
    expect(users).toEqual([]);
  });

  it("nothing in src/ imports reference/ (it writes docs/ from the rest)", () => {
    const importers = files.filter(
      (f) => layer(f) !== "reference" && importsOf(f).some((i) => i.target !== null && layer(i.target) === "reference"),
    );
    expect(importers).toEqual([]);
  });

  it("nothing imports main.ts (the composition root)", () => {
    const importers = files.filter((f) => importsOf(f).some((imp) => imp.target === "main.ts"));
    expect(importers).toEqual([]);
  });
});
