import type { Failure } from "../core/operation.js";
import { CATALOG } from "../core/status.js";
import { builder } from "./builder.js";

/** A business failure of one field, as GraphQL returns it: the same sub_status as on REST. */
export class SsoFailure extends Error {
  readonly cid: string;
  readonly status = "error";
  readonly subStatus: string[];
  readonly retryAfter: number | null;

  constructor(outcome: Failure) {
    super(outcome.subStatus.map((code) => CATALOG[code].name).join(", "));
    this.cid = outcome.cid;
    this.subStatus = outcome.subStatus;
    this.retryAfter = outcome.refusal?.retryAfter ?? null;
  }
}

export const ErrorInterface = builder.interfaceRef<Error>("Error").implement({
  description: "A failure returned as data, not as a GraphQL error.",
  fields: (t) => ({ message: t.exposeString("message") }),
});

builder.objectType(SsoFailure, {
  name: "SsoError",
  description: "Zato's `status` `error` with its `sub_status` codes (docs/status-codes.md).",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    cid: t.exposeString("cid"),
    status: t.exposeString("status"),
    subStatus: t.exposeStringList("subStatus"),
    retryAfter: t.exposeInt("retryAfter", {
      nullable: true,
      description:
        "Seconds to wait before trying again, when the call was refused for load: brute-force defence or busy password hashing (REST: HTTP 429 or 503 with Retry-After).",
    }),
  }),
});

/** What every success payload carries besides its own fields. */
export interface PayloadShape {
  cid: string;
  status: string;
  subStatus: string[];
}

export const PayloadInterface = builder.interfaceRef<PayloadShape>("Payload").implement({
  description: "A successful call: `status` is `ok`, or `warning` with the reasons in `subStatus`.",
  fields: (t) => ({
    cid: t.exposeString("cid"),
    status: t.exposeString("status"),
    subStatus: t.exposeStringList("subStatus"),
  }),
});

export const errorOptions = { types: [SsoFailure] };
