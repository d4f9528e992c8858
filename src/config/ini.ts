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
    const line = stripComment(lines[i] ?? "").trim();
    if (line === "") continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header?.[1]) {
      const name = header[1].trim();
      result[name] ??= {};
      section = result[name];
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`line ${i + 1}: expected [section] or key=value`);
    if (!section) throw new Error(`line ${i + 1}: key outside of any [section]`);
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (value.startsWith('"""')) {
      const parts = [value.slice(3)];
      while (!parts[parts.length - 1]?.includes('"""')) {
        i++;
        if (i >= lines.length) throw new Error(`key ${key}: unterminated """ value`);
        parts.push(lines[i] ?? "");
      }
      const joined = parts.join("\n");
      value = joined.slice(0, joined.indexOf('"""'));
    } else if (/^[[{]/.test(value)) {
      // A TOML array or inline table: the file is TOML with a mistake somewhere, and reading it
      // as INI would turn `["a", "b"]` into the items `["a"` and `"b"]`.
      throw new Error(`line ${i + 1}: key ${key}: ${value[0]}…${value[0] === "[" ? "]" : "}"} is TOML, not Zato's INI dialect`);
    } else {
      value = unquote(value);
    }
    section[key] = value;
  }
  return result;
}

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "#") {
      return line.slice(0, i);
    }
  }
  return line;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) return value.slice(1, -1);
  return value;
}
