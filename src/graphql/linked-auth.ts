import type { LinkListItem } from "../core/linked-auth/links.js";
import { createLinkedAuth, deleteLinkedAuth, getLinkedAuthList } from "../core/linked-auth/links.js";
import { builder } from "./builder.js";
import { PayloadInterface, type PayloadShape } from "./errors.js";
import { operationField } from "./operation-field.js";
import { EmptyPayload } from "./session.js";

const LinkedAuth = builder.objectRef<LinkListItem>("LinkedAuth").implement({
  description: "An external credential linked to a user.",
  fields: (t) => ({
    authType: t.exposeString("auth_type"),
    authUsername: t.exposeString("auth_username"),
    isActive: t.exposeBoolean("is_active"),
    creationTime: t.exposeString("creation_time"),
  }),
});

const LinkedAuthListPayload = builder.objectRef<PayloadShape & { result: LinkListItem[] }>("LinkedAuthListPayload").implement({
  interfaces: [PayloadInterface],
  fields: (t) => ({ result: t.field({ type: [LinkedAuth], resolve: (p) => p.result }) }),
});

operationField("createLinkedAuth", createLinkedAuth, {
  type: EmptyPayload,
  description:
    "Links an external credential to a user (super-users); its Basic principal then acts as the user. REST: POST /zato/sso/user/linked.",
});

operationField("getLinkedAuthList", getLinkedAuthList, {
  type: LinkedAuthListPayload,
  description: "The caller's linked credentials, or a user's (super-users, with userId). REST: GET /zato/sso/user/linked.",
});

operationField("deleteLinkedAuth", deleteLinkedAuth, {
  type: EmptyPayload,
  description:
    "Unlinks an external credential (super-users), ending the sessions made through it. REST: DELETE /zato/sso/user/linked.",
});
