import { invalidInput } from "./status.js";

/**
 * Input codecs: Zato's typing rules for one field (README, "Where parameters come from").
 * A value that cannot be converted is a business failure, E008002, raised after the
 * current_app pre-check. JSON `null` passes through as null: it is a present value that
 * fails whatever rule it breaks.
 */
export const INVALID: unique symbol = Symbol("invalid");

export type FieldKind = "string" | "boolean" | "integer" | "list" | "json" | "object";

export interface Codec<T> {
  kind: FieldKind;
  decode(value: unknown): T | null | undefined | typeof INVALID;
}

const TRUE = new Set(["true", "yes", "on", "y", "t", "1"]);
const FALSE = new Set(["false", "no", "off", "n", "f", "0"]);

/** Text that can be stored and logged: no NUL character and no unpaired surrogate (PostgreSQL refuses both). */
const isStorableText = (s: string) => !s.includes("\u0000") && !/\p{Cs}/u.test(s);

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

/** Like `string`, but an empty string means "absent" (README: an empty `user_id` is treated as absent). */
export const optionalId: Codec<string> = {
  kind: "string",
  decode: (v) => {
    const s = string.decode(v);
    return s === "" ? undefined : s;
  },
};

export const boolean: Codec<boolean> = {
  kind: "boolean",
  decode: (v) => {
    if (v === undefined || v === null || typeof v === "boolean") return v;
    if (typeof v === "number" && (v === 0 || v === 1)) return v === 1;
    if (typeof v === "string") {
      const s = v.trim().toLowerCase();
      if (TRUE.has(s)) return true;
      if (FALSE.has(s)) return false;
    }
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

export type Shape = Record<string, Codec<unknown>>;
export type Decoded<S extends Shape> = {
  [K in keyof S]?: S[K] extends Codec<infer T> ? T | null : never;
};

/** The fields an operation accepts; keys it does not define are ignored, or refused when `strict`. */
export interface InputSchema<S extends Shape> {
  shape: S;
  decode(raw: Readonly<Record<string, unknown>>): Decoded<S>;
}

export function input<S extends Shape>(shape: S, options: { strict?: boolean } = {}): InputSchema<S> {
  const entries = Object.entries(shape);
  return {
    shape,
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
