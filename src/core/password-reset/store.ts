import { type Sql, statement } from "../../db/sql.js";

// Every statement on sso_password_reset.

const DELETE_EXPIRED = statement("DELETE FROM sso_password_reset WHERE expiration_time <= $1");

/** Deletes password-reset tokens expired at `now`; returns how many. */
export const deleteExpiredResetTokens = (sql: Sql, now: Date): Promise<number> => sql.run(DELETE_EXPIRED, [now]);
