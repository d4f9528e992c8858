#!/usr/bin/env node
// The sso operator command: compiled JavaScript, built first when the sources are newer.
import { buildIfStale } from "./build.mjs";

buildIfStale();
await import("../dist/cli/main.js");
