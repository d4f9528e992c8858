import type { Failure, Success } from "../core/operation.js";

/** A response the REST surface sends: status code and JSON body, or plain text. */
export interface RestResponse {
  status: number;
  body: Record<string, unknown> | string;
  headers?: Record<string, string>;
}

/** Zato's envelope for a successful call: `cid`, `status`, `sub_status` on warnings, then the fields. */
export function successEnvelope(outcome: Success<unknown>, fields: Record<string, unknown>): RestResponse {
  const body: Record<string, unknown> = { cid: outcome.cid, status: outcome.status };
  if (outcome.status !== "ok") body.sub_status = outcome.subStatus;
  return { status: 200, body: Object.assign(body, fields) };
}

/**
 * A business failure: 403, except the current_app pre-check, which Zato answers with 200, and
 * refusals for load (brute-force defence, a full password-hashing queue): 429 or 503 with
 * Retry-After, in the same envelope.
 */
export function failureEnvelope(outcome: Failure): RestResponse {
  const body = { cid: outcome.cid, status: "error", sub_status: outcome.subStatus };
  if (outcome.refusal) {
    return { status: outcome.refusal.status, body, headers: { "retry-after": String(outcome.refusal.retryAfter) } };
  }
  return { status: outcome.precheck ? 200 : 403, body };
}

const plainError =
  (status: number, details: string) =>
  (cid: string): RestResponse => ({
    status,
    body: { result: "Error", cid, details },
  });

export const badRequest = plainError(400, "Bad request");
export const methodNotAllowed = plainError(405, "Method not allowed");
export const payloadTooLarge = plainError(413, "Payload too large");
export const internalError = plainError(500, "An error has occurred");
/** Seconds a client is asked to wait when the database did not answer in time. */
export const UNAVAILABLE_RETRY_AFTER = 5;
export const serviceUnavailable = (cid: string): RestResponse => ({
  ...plainError(503, "Service unavailable")(cid),
  headers: { "retry-after": String(UNAVAILABLE_RETRY_AFTER) },
});
export const notFound = (cid: string): RestResponse => ({ status: 404, body: `URL not found (CID:${cid})` });

export class BadRequest extends Error {}

/**
 * Parameters of a call: the query string and a JSON object body, merged, the query string
 * winning (docs/rest.md, "Conventions"). The body is JSON whatever the Content-Type
 * says; anything but an empty body or a JSON object is a bad request.
 */
export function readParams(query: string, body: Buffer, listFields: ReadonlySet<string>, singleValueLists: ReadonlySet<string>) {
  let params: Record<string, unknown> = {};
  const text = body.toString("utf8").trim();
  if (text !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new BadRequest("body is not JSON");
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new BadRequest("body is not a JSON object");
    params = parsed as Record<string, unknown>;
  }
  if (query !== "") {
    const fromQuery: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(query)) {
      const seen = fromQuery[key];
      fromQuery[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
    for (const [key, value] of Object.entries(fromQuery)) {
      params[key] = listFields.has(key) && typeof value === "string" ? queryList(value, singleValueLists.has(key)) : value;
    }
  }
  return params;
}

/** A list from the query string given once: a JSON array text, or (where allowed) a one-element list. */
function queryList(value: string, singleAllowed: boolean): unknown {
  if (value.trimStart().startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // not JSON: falls through
    }
  }
  return singleAllowed ? [value] : value;
}
