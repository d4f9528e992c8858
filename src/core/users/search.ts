import { boolean, input, integer, optionalId, string } from "../input.js";
import { operation } from "../operation.js";
import { resolveCaller } from "../sessions/resolve.js";
import { invalidInput } from "../status.js";
import { searchCopy } from "./create.js";
import { toUserRecord, USER_COLUMNS, type UserRecord } from "./record.js";
import { type SearchView, searchView } from "./views.js";

/** Zato's own hard limit on a page, kept whatever the configuration says. */
const HARD_PAGE_LIMIT = 100;
const NAMES = ["display_name", "first_name", "middle_name", "last_name"] as const;

const ORDER = "u.display_name ASC NULLS LAST, u.username, u.sign_up_time, u.user_id";

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface SearchResult {
  total: number;
  num_pages: number;
  page_size: number;
  cur_page: number;
  has_next_page: boolean;
  has_prev_page: boolean;
  next_page: number | null;
  prev_page: number;
  result: SearchView[];
}

/**
 * Searches users for a super-user (behaviour §7.2): user_id alone, else username alone, else
 * names (exact or substring, case-insensitive, joined by name_op) AND email AND statuses.
 * Always paginated; ordered by display_name, username, sign_up_time, user_id.
 */
export const search = operation({
  name: "user.search",
  masks: true,
  input: input({
    ust: string,
    current_app: string,
    user_id: optionalId,
    username: string,
    email: string,
    display_name: string,
    first_name: string,
    middle_name: string,
    last_name: string,
    sign_up_status: string,
    approval_status: string,
    is_name_exact: boolean,
    name_op: string,
    cur_page: integer,
    page_size: integer,
    paginate: boolean,
  }),
  async run(call, i): Promise<SearchResult> {
    await resolveCaller(call, i.ust, { superUser: true });
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    const criteria: string[] = [];

    if (i.user_id) {
      criteria.push("user_id");
      call.target({ user_id: i.user_id });
      where.push(`u.user_id = ${param(i.user_id)}`);
    } else if (i.username) {
      criteria.push("username");
      call.target({ username: i.username });
      where.push(`u.username = ${param(i.username)}`);
    } else {
      const op = i.name_op ?? "and";
      if (op !== "and" && op !== "or") throw invalidInput();
      const exact = i.is_name_exact ?? true;
      const names: string[] = [];
      for (const name of NAMES) {
        const value = i[name];
        if (value == null) continue;
        const wanted = searchCopy(value.trim()) as string;
        if (wanted === "") throw invalidInput();
        criteria.push(name);
        names.push(exact ? `u.${name}_upper = ${param(wanted)}` : `u.${name}_upper LIKE ${param(`%${escapeLike(wanted)}%`)}`);
      }
      if (names.length > 0) where.push(`(${names.join(` ${op.toUpperCase()} `)})`);
      if (i.email) {
        criteria.push("email");
        where.push(`u.email_hash = ${param(call.services.keys.emailHash(i.email))}`);
      }
      for (const status of ["sign_up_status", "approval_status"] as const) {
        if (!i[status]) continue;
        criteria.push(status);
        where.push(`u.${status} = ${param(i[status])}`);
      }
    }
    call.audit.details.criteria = criteria;

    const { default_page_size, max_page_size } = call.config.search;
    const pageSize = Math.min(!i.page_size || i.page_size <= 0 ? default_page_size : i.page_size, max_page_size, HARD_PAGE_LIMIT);
    const curPage = Math.max(i.cur_page ?? 1, 1);
    const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
    // Matches are counted and ordered on their sort keys alone; whole rows are read for one page only.
    const rows = await call.sql.rows<UserRecord & { total: string }>(
      `WITH matches AS (SELECT u.id, u.display_name, u.username, u.sign_up_time, u.user_id FROM sso_user u ${filter}),
            page AS (SELECT m.id FROM matches m ORDER BY ${ORDER.replaceAll("u.", "m.")}
                     LIMIT ${param(pageSize)} OFFSET ${param((curPage - 1) * pageSize)})
       SELECT ${USER_COLUMNS}, (SELECT count(*) FROM matches) AS total
         FROM page JOIN sso_user u ON u.id = page.id
        ORDER BY ${ORDER}`,
      params,
    );
    // A page past the end has no rows to carry the total: count separately.
    const total = rows[0]
      ? Number(rows[0].total)
      : Number((await call.sql.one<{ n: string }>(`SELECT count(*) AS n FROM sso_user u ${filter}`, params.slice(0, -2)))?.n);
    const numPages = Math.ceil(total / pageSize);
    return {
      total,
      num_pages: numPages,
      page_size: pageSize,
      cur_page: curPage,
      has_next_page: curPage < numPages,
      has_prev_page: curPage > 1,
      next_page: curPage < numPages ? curPage + 1 : null,
      prev_page: curPage - 1,
      result: rows.map((row) => searchView(toUserRecord(row), call.services.keys, call.services.log)),
    };
  },
});
