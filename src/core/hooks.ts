import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Config } from "../config/index.js";

export type HookFunction = (input: Record<string, unknown>) => Promise<unknown>;

/** Calls the hooks that configuration names (docs/configuration.md, "Hooks"). */
export interface Hooks {
  /** Calls `ref` with `input`; rejects when the hook fails, times out or answers badly. */
  call(ref: string, input: Record<string, unknown>): Promise<unknown>;
}

/** Rejects with a timeout error unless `work` settles within `ms`. */
function withTimeout<T>(work: Promise<T>, ms: number, ref: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hook ${ref} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createHooks(config: Config): Hooks {
  const timeoutMs = config.hooks.timeout * 1000;
  const modules = new Map<string, Promise<HookFunction>>();
  const load = (file: string) => {
    let loaded = modules.get(file);
    if (!loaded) {
      loaded = import(pathToFileURL(path.resolve(config.configDir, file)).href).then((m: { default?: unknown }) => {
        if (typeof m.default !== "function") throw new Error(`${file} has no default export function`);
        return m.default as HookFunction;
      });
      modules.set(file, loaded);
      // A module that could not be loaded (not there yet, or broken) is tried afresh at the next call.
      loaded.catch(() => modules.delete(file));
    }
    return loaded;
  };
  return {
    async call(ref, input) {
      if (ref.startsWith("module:")) {
        const hook = await load(ref.slice("module:".length));
        return withTimeout(
          Promise.resolve().then(() => hook(input)),
          timeoutMs,
          ref,
        );
      }
      if (/^https?:\/\//.test(ref)) {
        const response = await fetch(ref, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(input),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!response.ok) throw new Error(`hook answered HTTP ${response.status}`);
        return await response.json();
      }
      throw new Error(`unsupported hook reference: ${ref}`);
    },
  };
}
