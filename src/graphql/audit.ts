import { type AuditQuery, readAuditLog } from "../core/audit/read.js";
import { formatTimestamp } from "../lib/time.js";
import { builder } from "./builder.js";
import { PayloadInterface, type PayloadShape } from "./errors.js";
import { operationField } from "./operation-field.js";
import "./scalars.js";

/** One audit record, projected straight from the table: it holds no secret by construction. */
const AuditRecord = builder.prismaObject("AuditRecord", {
  fields: (t) => ({
    id: t.string({
      description: "The record's position in the log; pass it as `after` to read older records.",
      resolve: (r) => String(r.id),
    }),
    cid: t.exposeString("cid"),
    createdAt: t.string({ resolve: (r) => formatTimestamp(r.createdAt) }),
    operation: t.exposeString("op"),
    actorUserId: t.exposeString("actorUserId", { nullable: true }),
    actorSessionId: t.exposeString("actorSessionId", { nullable: true }),
    targetUserId: t.exposeString("targetUserId", { nullable: true }),
    targetUsername: t.exposeString("targetUsername", { nullable: true }),
    currentApp: t.exposeString("currentApp", { nullable: true }),
    remoteAddr: t.exposeString("remoteAddr", { nullable: true }),
    peerAddr: t.exposeString("peerAddr", {
      nullable: true,
      description: "The TCP peer of the request (a proxy, behind one); null for the CLI.",
    }),
    userAgent: t.exposeString("userAgent", { nullable: true }),
    outcome: t.exposeString("outcome"),
    subStatus: t.exposeStringList("subStatus"),
    details: t.expose("details", { type: "JSON" }),
  }),
});

const AuditLogPayload = builder.objectRef<PayloadShape & AuditQuery>("AuditLogPayload").implement({
  interfaces: [PayloadInterface],
  description: "A page of the audit log, newest first.",
  fields: (t) => ({
    records: t.prismaField({
      type: [AuditRecord],
      resolve: async (query, page, _args, ctx) => {
        // Records reach the table in batches: what this gateway has recorded, the read of the
        // log included, is stored before the page is read.
        await ctx.services.audit.flush();
        return ctx.services.db.prisma.auditRecord.findMany({
          ...query,
          where: {
            targetUserId: page.targetUserId,
            actorUserId: page.actorUserId,
            op: page.op,
            createdAt: { gte: page.from, lt: page.to },
            id: page.after === undefined ? undefined : { lt: page.after },
          },
          orderBy: { id: "desc" },
          take: page.first,
        });
      },
    }),
  }),
});

operationField("auditLog", readAuditLog, {
  type: AuditLogPayload,
  description:
    "The audit log of access to personal data (super-users only), newest first: filter by target user, acting user, " +
    "operation and time range [from, to); page with `first` and `after` (the id of the last record read).",
});
