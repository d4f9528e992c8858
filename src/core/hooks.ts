import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Config } from "../config/index.js";

export type HookFunction = (input: Record<string, unknown>) => Promise<unknown>;

/** Calls the hooks that configuration names (docs/configuration.md, "Hooks"). */
export interface Hooks {
  /** Calls `ref` with `input`; rejects when the hook fails, times out or answers badly. */
  call(ref: string, input: Record<string, unknown>): Promise<unknown>;
}

const TIMEOUT_MS = 10_000;

export function createHooks(config: Config): Hooks {
  const modules = new Map<string, Promise<HookFunction>>();
  const load = (file: string) => {
    let loaded = modules.get(file);
    if (!loaded) {
      loaded = import(pathToFileURL(path.resolve(config.configDir, file)).href).then((m: { default?: unknown }) => {
        if (typeof m.default !== "function") throw new Error(`${file} has no default export function`);
        return m.default as HookFunction;
      });
      modules.set(file, loaded);
    }
    return loaded;
  };
  return {
    async call(ref, input) {
      if (ref.startsWith("module:")) return (await load(ref.slice("module:".length)))(input);
      if (/^https?:\/\//.test(ref)) {
        const response = await fetch(ref, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(input),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (!response.ok) throw new Error(`hook answered HTTP ${response.status}`);
        return await response.json();
      }
      throw new Error(`unsupported hook reference: ${ref}`);
    },
  };
}
