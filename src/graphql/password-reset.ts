import {
  accessPasswordResetToken,
  changePasswordResetPassword,
  createPasswordResetToken,
} from "../core/password-reset/operations.js";
import { builder } from "./builder.js";
import { PayloadInterface, type PayloadShape } from "./errors.js";
import { operationField } from "./operation-field.js";
import { EmptyPayload } from "./session.js";

const AccessPasswordResetTokenPayload = builder
  .objectRef<PayloadShape & { reset_key: string }>("AccessPasswordResetTokenPayload")
  .implement({
    interfaces: [PayloadInterface],
    fields: (t) => ({
      resetKey: t.exposeString("reset_key", {
        description: "Needed, with the token, to set the new password; shown only here.",
      }),
    }),
  });

operationField("createPasswordResetToken", createPasswordResetToken, {
  type: EmptyPayload,
  description:
    "Sends a password-reset token to the user a username or email names; always ok, whoever it names. REST: POST /zato/sso/password/reset.",
});

operationField("accessPasswordResetToken", accessPasswordResetToken, {
  type: AccessPasswordResetTokenPayload,
  description: "Accesses a password-reset token, once, for its reset key. REST: PATCH /zato/sso/password/reset.",
});

operationField("changePasswordResetPassword", changePasswordResetPassword, {
  type: EmptyPayload,
  description: "Sets a new password with an accessed token and its reset key, once. REST: DELETE /zato/sso/password/reset.",
});
