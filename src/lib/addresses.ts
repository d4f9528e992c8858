import { BlockList, isIP } from "node:net";

/** Normalises one address: trims it and unwraps IPv4-mapped IPv6; null when not an IP address. */
export function parseAddress(raw: string): string | null {
  let value = raw.trim();
  if (value.startsWith("[") && value.endsWith("]")) value = value.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  if (mapped?.[1]) value = mapped[1];
  return isIP(value) ? value : null;
}

/** Splits a comma-separated address list, dropping items that are not IP addresses. */
export function parseAddressList(raw: string | null | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(",")
    .map(parseAddress)
    .filter((a): a is string => a !== null);
}

/**
 * The client of an address list that proxies appended to: its right-most address that is not a
 * trusted proxy (the left-most when all are). Addresses to its left were written by the client.
 */
export function clientAddress(list: readonly string[], trusted: AddressSet): string | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (!trusted.contains(list[i] as string)) return list[i];
  return list[0];
}

const MAX_REMEMBERED = 10_000;

/** A set of IP addresses and CIDR networks (IPv4 or IPv6). */
export class AddressSet {
  readonly #list = new BlockList();

  /** Throws when an entry is neither an address nor a network. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [host = "", prefix] = entry.trim().split("/");
      const address = parseAddress(host);
      if (!address) throw new Error(`not an IP address or network: ${entry}`);
      const family = isIP(address) === 4 ? "ipv4" : "ipv6";
      if (prefix === undefined) {
        this.#list.addAddress(address, family);
        continue;
      }
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === "ipv4" ? 32 : 128)) throw new Error(`bad network prefix: ${entry}`);
      this.#list.addSubnet(address, bits, family);
    }
  }

  // BlockList.check builds a transferable SocketAddress per call, tens of microseconds, and
  // every request asks about its own addresses: answers are remembered, a bounded number.
  readonly #answers = new Map<string, boolean>();

  contains(address: string): boolean {
    let answer = this.#answers.get(address);
    if (answer === undefined) {
      answer = this.#list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
      if (this.#answers.size >= MAX_REMEMBERED) this.#answers.clear();
      this.#answers.set(address, answer);
    }
    return answer;
  }
}
