import type { AuditDetails, AuditOperation } from "./audit/log.js";
import { Call, operatorOf, type RequestContext } from "./context.js";
import type { Viewer } from "./graph.js";
import { type Decoded, type InputSchema, type Shape, string } from "./input.js";
import { Code, type Refusal, SsoError } from "./status.js";
import { countAnonymousFailure, refuseAnonymousFlood } from "./throttle/throttle.js";

/** One capability of the API: its audit name, its input and its rules. */
export interface Operation<S extends Shape, O> {
  name: AuditOperation;
  /** A query reads; a mutation may change something (GraphQL's kinds, and what a request may keep reading). */
  kind: "query" | "mutation";
  /** Login, logout and search show undisclosable failures as E005001 (docs/rules.md, "Which code a failure reports"). */
  masks?: boolean;
  /** Details every audit record of the operation carries, whatever its outcome (an attribute call's scope). */
  auditDetails?: AuditDetails;
  /** Whether a successful call writes its audit record (by default every call does). */
  audited?(call: Call, data: O): boolean;
  /** Called when the operation fails for a business reason, with the codes it raised (before masking). */
  failed?: (call: Call, subStatus: readonly Code[]) => void;
  /**
   * It never fails after the current_app pre-check and tells nothing whatever it is given (logout):
   * an address refused for a flood of anonymous failures may still call it.
   */
  floodExempt?: boolean;
  /** It checks a password or a TOTP code: a GraphQL operation may hold one such field at most. */
  checksCredentials?: boolean;
  input: InputSchema<S>;
  /**
   * The codes the operation itself reports, and when, in the order of its checks: for the
   * reference. The current_app pre-check and the resolution of a caller's session add theirs.
   */
  codes?: Partial<Record<Code, string>>;
  run(call: Call, input: Decoded<S>): Promise<O>;
}

/** Any operation, as tables of operations hold them. */
export type AnyOperation = Operation<Shape, unknown>;

/**
 * What surfaces receive for a failure that is not a business one. It has been logged with its
 * cid already; its message is generic, and the original error rides along only as `cause`,
 * which no surface sends to a client (the CLI prints it, as its reference says).
 */
export class UnexpectedFailure extends Error {
  override name = "UnexpectedFailure";
  constructor(
    readonly cid: string,
    cause: unknown,
  ) {
    super("An error has occurred", { cause });
  }
}

export const operation = <S extends Shape, O>(spec: Operation<S, O>): Operation<S, O> => spec;

/** `viewer`: the caller the call resolved, if any, and its current_app (nested GraphQL fields authorise with it). */
export type Success<O> = { status: "ok" | "warning"; subStatus: Code[]; data: O; cid: string; viewer?: Viewer };
export type Failure = {
  status: "error";
  subStatus: Code[];
  precheck: boolean;
  cid: string;
  refusal?: Refusal;
  /** Answered as a malformed request rather than with the envelope (see SsoError.badRequest). */
  badRequest?: boolean;
};
export type Outcome<O> = Success<O> | Failure;

/**
 * Runs an operation for a surface: the current_app pre-check, input conversion, the
 * operation's rules, the masking of its endpoint and one audit record, whatever the outcome.
 * Business failures come back as a `Failure`; anything else is audited and rethrown.
 */
export async function execute<S extends Shape, O>(
  context: RequestContext,
  op: Operation<S, O>,
  raw: Readonly<Record<string, unknown>>,
): Promise<Outcome<O>> {
  const started = performance.now();
  const call = new Call(context);
  if (op.auditDetails) Object.assign(call.audit.details, op.auditDetails);
  const { cid } = context.info;
  call.ustField = Object.keys(op.input.shape).find((key) => op.input.shape[key]?.credential);
  let outcome: Outcome<O> | undefined;
  let raised: Code[] | undefined;
  try {
    if (!operatorOf(context.info)) {
      if (!op.floodExempt) await refuseAnonymousFlood(call, () => signedInCaller(op as AnyOperation, call, raw));
      precheckApp(call, raw.current_app);
    }
    const input = op.input.decode(raw);
    call.params = input;
    const data = await op.run(call, input);
    if (op.kind === "mutation") context.changed();
    const status = call.warnings.length > 0 ? "warning" : "ok";
    outcome = { status, subStatus: [...call.warnings], data, cid };
    if (call.actor) outcome.viewer = { actor: call.actor, currentApp: call.currentApp ?? null };
  } catch (e) {
    if (op.kind === "mutation") context.changed();
    if (!(e instanceof SsoError)) {
      call.audit.details.unexpected = true;
      audit(call, op.name, { status: "error", subStatus: [], precheck: false, cid });
      context.observer?.operation(op.name, "error", "unexpected", (performance.now() - started) / 1000);
      context.services.log.error("unexpected failure", { cid, op: op.name, error: (e as Error)?.stack ?? String(e) });
      throw new UnexpectedFailure(cid, e);
    }
    if (!e.precheck) op.failed?.(call, e.subStatus);
    const masked = op.masks && !e.disclosable && !e.precheck;
    if (masked) raised = e.subStatus;
    outcome = { status: "error", subStatus: masked ? [Code.AUTH_NOT_ALLOWED] : e.subStatus, precheck: e.precheck, cid };
    if (e.refusal) outcome.refusal = e.refusal;
    if (e.badRequest) outcome.badRequest = true;
    if (e.refusal?.status === 503) call.audit.details.busy = true;
    if (e.quiet) return outcome;
    if (!call.actor && !operatorOf(context.info)) {
      // The call's own answer stands even when its failure cannot be counted.
      await countAnonymousFailure(call).catch((failure: unknown) =>
        context.services.log.error("could not count an anonymous failure", { cid, error: String(failure) }),
      );
    }
  }
  if (raised && raised.join() !== outcome.subStatus.join()) call.audit.details.raised = raised;
  if (outcome.status === "error" || !op.audited || op.audited(call, outcome.data)) audit(call, op.name, outcome);
  if (call.events.length > 0) await context.services.events.publish(call.events);
  context.observer?.operation(op.name, outcome.status, outcome.subStatus[0], (performance.now() - started) / 1000);
  return outcome;
}

/**
 * Whether the call is made by a signed-in caller: the operation resolves its caller from a UST
 * (its UST parameter as sent, else the request's UST header) and that UST names a live session.
 * Never for an operation that checks a password or TOTP code, nor one without a caller (a login
 * carrying some UST in its header must not pass a flood's refusal). Looked up with the request's
 * other session look-ups, so the caller's resolution later reuses it.
 */
async function signedInCaller(op: AnyOperation, call: Call, raw: Readonly<Record<string, unknown>>): Promise<boolean> {
  if (call.ustField === undefined || op.checksCredentials) return false;
  const param = raw[call.ustField];
  const header = call.request.credentials.find((credential) => credential.kind === "ust");
  const ust = param !== undefined ? param : header?.kind === "ust" ? header.ust : undefined;
  return typeof ust === "string" && ust !== "" && (await call.context.sessions.load(ust)) !== undefined;
}

/**
 * Every call first checks that current_app (parameter, else header) is one of `[apps] all`.
 * It is read as a string field; a value that is not one counts as no application.
 */
function precheckApp(call: Call, param: unknown) {
  const value = string.decode(param === undefined ? call.request.headerApp : param);
  const app = typeof value === "string" ? value : undefined;
  call.currentApp = app;
  if (app === undefined || !call.config.apps.all.includes(app)) {
    throw new SsoError(call.config.apps.inform_if_app_invalid ? Code.APP_LIST_INVALID : Code.AUTH_NOT_ALLOWED, {
      precheck: true,
    });
  }
}

/** Writes the call's audit record: logged before the call answers, stored in the table soon after. */
export function audit(call: Call, op: AuditOperation, outcome: Outcome<unknown>): void {
  const { request, actor } = call;
  const operator = operatorOf(request);
  // Every field written out: built by spreading another object, the record (a hot path: every
  // verify writes one) measured a quarter more CPU per verify and 90 MB more memory under load.
  void call.services.audit.record({
    cid: request.cid,
    created_at: call.now,
    op,
    actor_user_id: operator ? `cli:${operator}` : (actor?.userId ?? null),
    actor_session_id: actor?.sessionId ?? null,
    target_user_id: call.audit.targetUserId ?? null,
    target_username: call.audit.targetUsername ?? null,
    current_app: operator ? "zato-cli" : (call.currentApp ?? null),
    remote_addr: request.remoteAddr.length > 0 ? request.remoteAddr.join(", ") : null,
    peer_addr: request.peerAddr ?? null,
    user_agent: request.userAgent,
    outcome: outcome.status,
    sub_status: outcome.subStatus,
    details: call.audit.details,
  });
}
