import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkSync } from "recheck";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminGateway, send, startAdmin } from "../support/admin.js";
import { expectFailure } from "../support/fixtures.js";
import { APP } from "../support/gateway.js";

// A client controls most of the text the gateway matches patterns against: no pattern may take
// more than linear time on it.

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

/** Every regular expression literal of src/ (generated code aside), with where it is. */
function patterns(): { where: string; source: string; flags: string }[] {
  const found: { where: string; source: string; flags: string }[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated") visit(full);
      } else if (full.endsWith(".ts")) {
        const file = ts.createSourceFile(full, readFileSync(full, "utf8"), ts.ScriptTarget.Latest, true);
        const walk = (node: ts.Node) => {
          if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
            const text = node.getText(file);
            const end = text.lastIndexOf("/");
            const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
            found.push({ where: `${path.relative(SRC, full)}:${line}`, source: text.slice(1, end), flags: text.slice(end + 1) });
          }
          ts.forEachChild(node, walk);
        };
        walk(file);
      }
    }
  };
  visit(SRC);
  return found;
}

describe("regular expressions", () => {
  it("of src/ are all safe from ReDoS (recheck)", () => {
    const all = patterns();
    expect(all.length).toBeGreaterThan(20);
    const unsafe = all
      .map((p) => ({ ...p, status: checkSync(p.source, p.flags, { timeout: 10_000 }).status }))
      .filter((p) => p.status !== "safe")
      .map((p) => `${p.where} /${p.source}/${p.flags}: ${p.status}`);
    expect(unsafe).toEqual([]);
  }, 120_000);

  it("the checker finds a quadratic pattern when there is one", () => {
    expect(checkSync("=+$", "").status).toBe("vulnerable");
  });
});

describe("a TOTP key made to be slow", () => {
  let a: AdminGateway;
  beforeAll(async () => {
    a = await startAdmin();
  });
  afterAll(() => a.gw.close());

  // Before the fix, 40 000 `=` then `A` blocked the event loop for seconds; this one, close to the
  // body limit, would have for hours.
  const KEY = `${"=".repeat(1_000_000)}A`;

  it("is refused with E008002 on reset and on creation", async () => {
    expectFailure(
      await send(a.gw, "PATCH", "/zato/sso/user/totp", { ust: a.adminUst, current_app: APP, totp_key: KEY, totp_label: "" }),
      "E008002",
    );
    expectFailure(
      await send(a.gw, "POST", "/zato/sso/user", { ust: a.adminUst, current_app: APP, username: "slowkey", totp_key: KEY }),
      "E008002",
    );
  });
});
