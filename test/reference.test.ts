import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { references } from "../src/reference/generate.js";

// The references in docs/ that the code is the source of are exactly what `npm run docs` makes of it.

describe("docs/", () => {
  for (const [file, text] of Object.entries(references())) {
    it(`${file} is what \`npm run docs\` writes`, () => {
      expect(readFileSync(new URL(`../docs/${file}`, import.meta.url), "utf8")).toBe(text);
    });
  }

  it("lists every REST path, GraphQL field, configuration section, CLI command and code", () => {
    const { "rest.md": rest, "graphql.md": graphql, "configuration.md": configuration, "cli.md": cli } = references();
    expect(rest).toContain("## PATCH /zato/sso/user/totp");
    expect(rest).toContain("`E005008` (auth.totp_missing)");
    expect(graphql).toContain("| `getSessionList` | query | `session.get_list` |");
    expect(configuration).toContain("## [password]");
    expect(configuration).toContain("| `expiry` | integer (days) | `730` |");
    expect(cli).toContain("## list-expiring-passwords");
    expect(references()["status-codes.md"]).toContain("| `E010001` | password_reset.could_not_access |");
  });
});
