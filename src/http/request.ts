import type { Config } from "../config/index.js";
import type { RequestInfo } from "../core/context.js";
import { parseAddressList } from "../lib/addresses.js";
import { newCid } from "../lib/ids.js";

type HeaderReader = (name: string) => string | undefined;

/**
 * What every call needs to know about its HTTP request (README, "Remote address and user
 * agent"): a new cid, the client's addresses, the user agent and the header fallbacks.
 */
export function requestInfo(
  config: Config,
  header: HeaderReader,
  peer: string | undefined,
  surface: "rest" | "graphql",
): RequestInfo {
  const nonEmpty = (name: string) => {
    const value = header(name)?.trim();
    return value ? value : undefined;
  };
  const forwarded = config.server.trust_forwarded_headers
    ? (nonEmpty("x-zato-forwarded-for") ?? nonEmpty("x-forwarded-for"))
    : undefined;
  return {
    cid: newCid(),
    surface,
    remoteAddr: parseAddressList(forwarded ?? peer),
    userAgent: header("user-agent") ?? null,
    headerUst: nonEmpty("x-zato-sso-ust"),
    headerApp: nonEmpty(config.apps.http_header.toLowerCase()),
  };
}
