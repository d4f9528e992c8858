import { parse as parseToml } from "smol-toml";

/**
 * Zato's INI dialect (what `sso.conf` is written in): `[section]` headers, `key=value` lines,
 * `#` comments outside quotes, and `"""` values spanning several lines. Every value is returned
 * as a string; typing is the schema's job.
 */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = {};
  let section: Record<string, string> | null = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const eq = raw.indexOf("=");
    const hash = raw.indexOf("#");
    // A line that is a comment, or a header (with or without a comment after it).
    if (eq === -1 || (hash !== -1 && hash < eq)) {
      const line = (hash === -1 ? raw : raw.slice(0, hash)).trim();
      if (line === "") continue;
      const header = /^\[([^\]]+)\]$/.exec(line);
      if (!header?.[1]) throw new Error(`line ${i + 1}: expected [section] or key=value`);
      const name = header[1].trim();
      result[name] ??= {};
      section = result[name];
      continue;
    }
    const key = raw.slice(0, eq).trim();
    if (key === "") throw new Error(`line ${i + 1}: expected [section] or key=value`);
    if (!section) throw new Error(`line ${i + 1}: key outside of any [section]`);
    let value = raw.slice(eq + 1).trim();
    if (value.startsWith('"""')) {
      const parts = [value.slice(3)];
      while (!parts[parts.length - 1]?.includes('"""')) {
        i++;
        if (i >= lines.length) throw new Error(`key ${key}: unterminated """ value`);
        parts.push(lines[i] ?? "");
      }
      const joined = parts.join("\n");
      value = joined.slice(0, joined.indexOf('"""'));
    } else {
      const quoted = value.startsWith('"') || value.startsWith("'");
      value = lineValue(value);
      if (!quoted && isTomlCollection(value)) {
        // A TOML array or inline table: the file is TOML with a mistake somewhere, and reading it
        // as INI would turn `["a", "b"]` into the items `["a"` and `"b"]`.
        throw new Error(`line ${i + 1}: key ${key}: ${value[0]}…${value[0] === "[" ? "]" : "}"} is TOML, not Zato's INI dialect`);
      }
    }
    section[key] = value;
  }
  return result;
}

/**
 * The value of a `key=value` line: a quoted one (it starts with a quote) is what the quotes
 * hold, with a comment after it; an unquoted one ends at a `#`, and quotes inside it are text
 * (`Bob's site # the name` is `Bob's site`).
 */
function lineValue(text: string): string {
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, 1);
    if (end !== -1) {
      const after = text.slice(end + 1).trim();
      if (after === "" || after.startsWith("#")) return text.slice(1, end);
    }
  }
  const hash = text.indexOf("#");
  return (hash === -1 ? text : text.slice(0, hash)).trim();
}

/** Whether an unquoted value is a whole TOML array or inline table (`[Acme] Portal` is not: it is text). */
function isTomlCollection(value: string): boolean {
  if (!/^[[{]/.test(value)) return false;
  try {
    const parsed = parseToml(`v = ${value}`).v;
    return typeof parsed === "object" && parsed !== null;
  } catch {
    return false;
  }
}
