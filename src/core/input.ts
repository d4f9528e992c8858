import { booleanWord } from "../lib/words.js";
import { invalidInput } from "./status.js";

/**
 * Input codecs: Zato's typing rules for one field (docs/rest.md, "Parameters"). A value that
 * cannot be converted is a business failure, E008002, raised after the current_app pre-check.
 * JSON `null` passes through as null: it is a present value that fails whatever rule it breaks.
 */
export const INVALID: unique symbol = Symbol("invalid");

/** What a field holds on the wire; GraphQL argument types and the reference follow from it. */
export type FieldKind = "string" | "boolean" | "integer" | "list" | "json" | "callback";

export interface Codec<T> {
  kind: FieldKind;
  decode(value: unknown): T | null | undefined | typeof INVALID;
  /** What the field means, where its name does not say it all (documentation and GraphQL). */
  description?: string;
  /** The field carries the caller's UST: the caller is resolved from it (docs/rules.md, "Identifying the caller"). */
  credential?: boolean;
  /** A string with a closed set of values: a GraphQL enum of this name (REST passes any string on to the rules). */
  choices?: { name: string; values: readonly string[] };
}

/** Text that can be stored and logged: no NUL character and no unpaired surrogate (PostgreSQL refuses both). */
export const isStorableText = (s: string) => !s.includes("\u0000") && !/\p{Cs}/u.test(s);

/** Strings; JSON numbers and booleans are taken as their JSON text (a number too large for JSON has none). */
export const string: Codec<string> = {
  kind: "string",
  decode: (v) => {
    if (v === undefined || v === null) return v;
    const text =
      typeof v === "string"
        ? v
        : (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean"
          ? JSON.stringify(v)
          : undefined;
    return text !== undefined && isStorableText(text) ? text : INVALID;
  },
};

/** A UST naming the caller's own session (`ust`, or `current_ust` on calls about another session). */
export const ust: Codec<string> = { ...string, credential: true };

/** Like `string`, but an empty string means "absent" (an empty `user_id` is treated as absent on every call). */
export const optionalId: Codec<string> = {
  kind: "string",
  decode: (v) => {
    const s = string.decode(v);
    return s === "" ? undefined : s;
  },
};

/** JSON booleans, 0 and 1, and Zato's boolean words. */
export const boolean: Codec<boolean> = {
  kind: "boolean",
  decode: (v) => {
    if (v === undefined || v === null || typeof v === "boolean") return v;
    if (typeof v === "number" && (v === 0 || v === 1)) return v === 1;
    if (typeof v === "string") return booleanWord(v) ?? INVALID;
    return INVALID;
  },
};

export const integer: Codec<number> = {
  kind: "integer",
  decode: (v) => {
    if (v === undefined || v === null) return v;
    if (typeof v === "number") return Number.isSafeInteger(v) ? v : INVALID;
    if (typeof v === "string" && /^\s*[-+]?\d{1,15}\s*$/.test(v)) return Number(v);
    return INVALID;
  },
};

export const list: Codec<unknown[]> = {
  kind: "list",
  decode: (v) => (v === undefined || v === null || Array.isArray(v) ? v : INVALID),
};

/** Any JSON value, untouched. */
export const json: Codec<unknown> = { kind: "json", decode: (v) => v };

/**
 * A function the CLI hands in to ask the operator something only when the operation gets to
 * need the answer. Only operator operations declare one; no HTTP surface can send a function.
 */
export const callback = <T>(): Codec<() => Promise<T>> => ({
  kind: "callback",
  decode: (v) => (v === undefined || v === null || typeof v === "function" ? (v as () => Promise<T>) : INVALID),
});

/** A string whose valid values are `values`: GraphQL's enum `name`; on REST the operation judges other values. */
export const choice = (name: string, values: readonly string[]): Codec<string> => ({ ...string, choices: { name, values } });

/** The same codec, with a description. */
export const described = <T>(codec: Codec<T>, description: string): Codec<T> => ({ ...codec, description });

export type Shape = Record<string, Codec<unknown>>;
export type Decoded<S extends Shape> = {
  [K in keyof S]?: S[K] extends Codec<infer T> ? T | null : never;
};

/** The fields an operation accepts. */
export interface InputSchema<S extends Shape> {
  shape: S;
  /** Keys that must be present: HTTP 400 on REST when absent, non-null GraphQL arguments (but UST and current_app). */
  required: readonly string[];
  decode(raw: Readonly<Record<string, unknown>>): Decoded<S>;
}

export interface InputOptions<S extends Shape> {
  /** Refuse keys the shape does not define (E008002) instead of ignoring them. */
  strict?: boolean;
  required?: readonly (keyof S & string)[];
}

export function input<S extends Shape>(shape: S, options: InputOptions<S> = {}): InputSchema<S> {
  const entries = Object.entries(shape);
  return {
    shape,
    required: options.required ?? [],
    decode(raw) {
      if (options.strict && Object.keys(raw).some((key) => !(key in shape))) throw invalidInput();
      const out: Record<string, unknown> = {};
      for (const [key, codec] of entries) {
        const value = codec.decode(raw[key]);
        if (value === INVALID) throw invalidInput();
        if (value !== undefined) out[key] = value;
      }
      return out as Decoded<S>;
    },
  };
}
