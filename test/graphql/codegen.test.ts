import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import config from "../../codegen.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("test/generated/graphql.ts", () => {
  it("is what `npm run codegen` makes of schema.graphql and test/graphql/documents", async () => {
    const outputs: { filename: string; content: string }[] = await generate({ ...config, cwd: root, silent: true }, false);
    expect(outputs.map((o) => path.relative(root, path.resolve(root, o.filename)))).toEqual(Object.keys(config.generates));
    for (const output of outputs) {
      expect(readFileSync(path.resolve(root, output.filename), "utf8"), `${output.filename} is stale: run npm run codegen`).toBe(
        output.content,
      );
    }
  });
});
