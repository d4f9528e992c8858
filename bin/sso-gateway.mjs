#!/usr/bin/env node
// The gateway: compiled JavaScript, built first when the sources are newer.
import { buildIfStale } from "./build.mjs";

buildIfStale();
await import("../dist/main.js");
