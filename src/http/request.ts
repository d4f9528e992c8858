import type { Config } from "../config/index.js";
import type { Credential, RequestInfo } from "../core/context.js";
import { clientAddress, parseAddress, parseAddressList } from "../lib/addresses.js";
import { newCid } from "../lib/ids.js";

/** Bodies above this size are refused (413), REST's and GraphQL's alike, before they are read in full. */
export const MAX_BODY_BYTES = 1024 * 1024;

type HeaderReader = (name: string) => string | undefined;

/**
 * What every call needs to know about its HTTP request (docs/rules.md, "Remote address and
 * user agent"): a new cid, the request's addresses and its client's, the user agent, the
 * application header and the credentials the request carries. Forwarded headers count only
 * from a trusted proxy: anyone else could name any address.
 */
export function requestInfo(config: Config, header: HeaderReader, peer: string | undefined): RequestInfo {
  const nonEmpty = (name: string) => {
    const value = header(name)?.trim();
    return value ? value : undefined;
  };
  const peerAddr = peer ? (parseAddress(peer) ?? undefined) : undefined;
  const forwarded =
    peerAddr && config.trustedProxies.contains(peerAddr)
      ? (nonEmpty("x-zato-forwarded-for") ?? nonEmpty("x-forwarded-for"))
      : undefined;
  const remoteAddr = forwarded !== undefined ? parseAddressList(forwarded) : peerAddr ? [peerAddr] : [];
  const credentials: Credential[] = [];
  const headerUst = nonEmpty("x-zato-sso-ust");
  if (headerUst) credentials.push({ kind: "ust", ust: headerUst });
  // Browsers resend Basic credentials on their own: a cross-site request must not ride on them.
  const origin = nonEmpty("origin");
  const basic = basicPrincipal(header("authorization"));
  if (basic && (origin === undefined || config.server.cors_origins.includes(origin))) credentials.push(basic);
  return {
    cid: newCid(),
    remoteAddr,
    clientAddr: clientAddress(remoteAddr, config.trustedProxies),
    peerAddr,
    userAgent: header("user-agent") ?? null,
    headerApp: nonEmpty(config.apps.http_header.toLowerCase()),
    credentials,
  };
}

/** An `Authorization: Basic` principal (RFC 7617): user-id and password split at the first colon. */
function basicPrincipal(value: string | undefined): Credential | undefined {
  const match = value === undefined ? null : /^\s*basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(value);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 1) return undefined;
  return { kind: "basic", username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
