import { timestampMs } from "../../lib/time.js";
import { input } from "../input.js";
import { operation } from "../operation.js";
import { requireOperator } from "../operator.js";
import { listUsersWithPasswordExpiringBefore } from "../users/store.js";
import { reveal } from "../users/views.js";
import { aboutToExpireHorizon } from "./expiry.js";

export interface ExpiringPassword {
  username: string;
  email: string | null;
  display_name: string | null;
  password_expiry: string;
  is_password_expired: boolean;
  is_password_about_to_expire: boolean;
}

/**
 * The CLI's list-expiring-passwords: every user who is not locked and whose password has
 * expired or is about to, ordered by username.
 */
export const operatorListExpiringPasswords = operation({
  name: "user.search",
  kind: "query",
  input: input({}),
  async run(call) {
    requireOperator(call);
    call.audit.details.filter = "password_about_to_expire";
    const { keys, log } = call.services;
    const users = await listUsersWithPasswordExpiringBefore(call.sql, aboutToExpireHorizon(call.config, call.now));
    call.audit.details.count = users.length;
    const now = call.now.getTime();
    return users.map(
      (user): ExpiringPassword => ({
        username: user.username,
        email: reveal(keys, log, user.email, "email"),
        display_name: user.display_name,
        password_expiry: user.password_expiry,
        is_password_expired: timestampMs(user.password_expiry) < now,
        is_password_about_to_expire: timestampMs(user.password_expiry) > now,
      }),
    );
  },
});
