import { type Sql, statement } from "../../db/sql.js";

// Every statement on sso_attr.

const DELETE_EXPIRED = statement("DELETE FROM sso_attr WHERE expiration_time <= $1");

/** Deletes user and session attributes expired at `now`; returns how many. */
export const deleteExpiredAttributes = (sql: Sql, now: Date): Promise<number> => sql.run(DELETE_EXPIRED, [now]);
