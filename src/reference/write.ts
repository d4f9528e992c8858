// Writes the generated references into docs/ (npm run docs). A test fails when they are stale.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { references } from "./generate.js";

const docs = fileURLToPath(new URL("../../docs/", import.meta.url));
mkdirSync(docs, { recursive: true });
for (const [file, text] of Object.entries(references())) writeFileSync(`${docs}${file}`, text);
