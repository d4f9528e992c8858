import { resolveCaller } from "../caller.js";
import { boolean, input, integer, optionalId, string, ust } from "../input.js";
import { operation } from "../operation.js";
import { invalidInput } from "../status.js";
import { type NameColumn, searchUsers, type UserFilter } from "./store.js";
import { type SearchView, searchView } from "./views.js";

/** Zato's own hard limit on a page, kept whatever the configuration says. */
const HARD_PAGE_LIMIT = 100;
const NAMES: readonly NameColumn[] = ["display_name", "first_name", "middle_name", "last_name"];

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
 * Searches users for a super-user (docs/rules.md, "Searching users"): user_id alone, else
 * username alone, else names (exact or substring, case-insensitive, joined by name_op) AND
 * email AND statuses. Always paginated; ordered by display_name, username, sign_up_time, user_id.
 */
export const search = operation({
  name: "user.search",
  kind: "query",
  masks: true,
  codes: {
    E005001: "the caller's session is invalid (masked), or the caller is not a super-user",
    E008002: "a criterion that is empty, an object or a list; a bad name_op",
  },
  input: input(
    {
      ust,
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
    },
    { required: ["ust", "current_app"] },
  ),
  async run(call, i): Promise<SearchResult> {
    await resolveCaller(call, { superUser: true });
    const criteria: string[] = [];
    let filter: UserFilter;
    if (i.user_id) {
      criteria.push("user_id");
      call.target({ user_id: i.user_id });
      filter = { user_id: i.user_id };
    } else if (i.username) {
      criteria.push("username");
      call.target({ username: i.username });
      filter = { username: i.username };
    } else {
      const nameOp = i.name_op ?? "and";
      if (nameOp !== "and" && nameOp !== "or") throw invalidInput();
      const exact = i.is_name_exact ?? true;
      const names: { column: NameColumn; value: string; exact: boolean }[] = [];
      for (const column of NAMES) {
        const value = i[column];
        if (value == null) continue;
        if (value.trim() === "") throw invalidInput();
        criteria.push(column);
        names.push({ column, value: value.trim(), exact });
      }
      filter = { names, nameOp };
      if (i.email) {
        criteria.push("email");
        filter.emailHashes = call.services.keys.emailHashes(i.email);
      }
      for (const status of ["sign_up_status", "approval_status"] as const) {
        if (!i[status]) continue;
        criteria.push(status);
        filter[status] = i[status];
      }
    }
    call.audit.details.criteria = criteria;

    const { default_page_size, max_page_size } = call.config.search;
    const pageSize = Math.min(!i.page_size || i.page_size <= 0 ? default_page_size : i.page_size, max_page_size, HARD_PAGE_LIMIT);
    const curPage = Math.max(i.cur_page ?? 1, 1);
    const { total, users } = await searchUsers(call.sql, filter, { size: pageSize, offset: (curPage - 1) * pageSize });
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
      result: users.map((user) => searchView(user, call.services.keys, call.services.log)),
    };
  },
});
