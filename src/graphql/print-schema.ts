// Writes schema.graphql from the code (npm run schema). A test fails when the file is stale.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { printedSchema } from "./schema.js";

writeFileSync(fileURLToPath(new URL("../../schema.graphql", import.meta.url)), printedSchema());
