// The fields of successful REST answers besides cid and status, as JSON Schema (OpenAPI 3.1):
// what each route row says it answers, and what /openapi.json publishes.

export type Schema = Record<string, unknown>;

const string = { type: "string" };
const nullableString = { type: ["string", "null"] };
const boolean = { type: "boolean" };
const integer = { type: "integer" };
const timestamp = { type: "string", description: "UTC, `YYYY-MM-DDTHH:MM:SS` with `.ffffff` when the fraction is not zero." };
const nullableTimestamp = { ...timestamp, type: ["string", "null"] };

/** The fields of an object, all present in every answer. */
const object = (properties: Record<string, Schema>): Schema => ({
  type: "object",
  properties,
  required: Object.keys(properties),
});

const REGULAR_VIEW = {
  username: string,
  email: nullableString,
  display_name: nullableString,
  first_name: nullableString,
  middle_name: nullableString,
  last_name: nullableString,
  is_totp_enabled: boolean,
  totp_label: string,
};

const FULL_VIEW = {
  ...REGULAR_VIEW,
  user_id: string,
  is_active: boolean,
  is_internal: boolean,
  is_super_user: boolean,
  is_approval_needed: boolean,
  approval_status: { type: "string", enum: ["before_decision", "approved", "rejected"] },
  approval_status_mod_time: timestamp,
  approval_status_mod_by: string,
  is_locked: boolean,
  locked_time: nullableTimestamp,
  locked_by: nullableString,
  creation_ctx: string,
  password_expiry: timestamp,
  password_is_set: boolean,
  password_must_change: boolean,
  password_last_set: timestamp,
  sign_up_status: { type: "string", enum: ["before_confirmation", "final"] },
  sign_up_time: timestamp,
};

const SEARCH_VIEW = {
  ...FULL_VIEW,
  is_rate_limit_active: boolean,
  rate_limit_def: nullableString,
  rate_limit_type: string,
  rate_limit_check_parent_def: boolean,
};

const STATE_CHANGE = object({
  remote_addr: { oneOf: [string, { type: "array", items: string }] },
  user_agent: nullableString,
  timestamp_utc: timestamp,
  ctx_source: { type: "string", enum: ["login", "renew"] },
  idx: integer,
});

const SESSION = object({
  session_id: string,
  creation_time: timestamp,
  expiration_time: timestamp,
  remote_addr: string,
  user_agent: nullableString,
  auth_type: string,
  auth_principal: string,
  ext_session_id: nullableString,
  session_state_change_list: { type: "array", items: STATE_CHANGE },
});

const ATTRIBUTE = {
  name: string,
  value: { description: "Any JSON value; with `decrypt` false, an encrypted value is its ciphertext string." },
  creation_time: timestamp,
  last_modified: timestamp,
  expiration_time: { ...timestamp, description: "`9999-12-31T00:00:00` for an attribute that never expires." },
  is_encrypted: boolean,
};

/** Reusable schemas, published under components/schemas. */
export const COMPONENTS: Record<string, Schema> = {
  RegularView: object(REGULAR_VIEW),
  FullView: object(FULL_VIEW),
  SearchView: object(SEARCH_VIEW),
  Session: SESSION,
  Attribute: object(ATTRIBUTE),
};

const ref = (name: keyof typeof COMPONENTS) => ({ $ref: `#/components/schemas/${name}` });

/** What an answer carries besides cid and status: fields, or the fields of a component. */
export type Answer = Record<string, Schema> | { allOf: Schema[] } | { anyOf: Schema[] };

export const answers = {
  none: {} as Answer,
  fullView: { allOf: [ref("FullView")] } as Answer,
  ownView: { anyOf: [ref("RegularView"), ref("FullView")] } as Answer,
  login: { ust: { ...string, description: "The user session token: treat it as opaque." } } as Answer,
  search: {
    total: integer,
    num_pages: integer,
    page_size: integer,
    cur_page: integer,
    has_next_page: boolean,
    has_prev_page: boolean,
    next_page: { type: ["integer", "null"] },
    prev_page: integer,
    result: { type: "array", items: ref("SearchView") },
  } as Answer,
  totpKey: { totp_key: { ...string, description: "The key now in force; shown only here." } } as Answer,
  isValid: { is_valid: boolean } as Answer,
  linkList: {
    result: {
      type: "array",
      items: object({
        auth_type: { type: "string", enum: ["basic_auth"] },
        auth_username: string,
        is_active: boolean,
        creation_time: timestamp,
      }),
    },
  } as Answer,
  confirmToken: {
    confirm_token: { ...string, description: "Present unless `[signup] always_return_confirm_token` is false." },
  } as Answer,
  signupList: {
    result: {
      type: "array",
      items: object({
        user_id: string,
        username: string,
        email: nullableString,
        display_name: nullableString,
        sign_up_time: timestamp,
        sign_up_status: { type: "string", enum: ["before_confirmation", "final"] },
        approval_status: { type: "string", enum: ["before_decision", "approved", "rejected"] },
        remote_ip: nullableString,
        remote_addr: nullableString,
      }),
    },
  } as Answer,
  resetKey: {
    reset_key: { ...string, description: "Needed, with the token, to set the new password; shown only here." },
  } as Answer,
  expirationTime: { expiration_time: timestamp } as Answer,
  session: {
    creation_time: timestamp,
    expiration_time: timestamp,
    remote_addr: string,
    user_agent: nullableString,
  } as Answer,
  sessionList: { result: { type: "array", items: ref("Session") } } as Answer,
  attribute: {
    anyOf: [
      object({ found: { type: "boolean", const: true }, ...ATTRIBUTE }),
      object({ found: { type: "boolean", const: false } }),
    ],
  } as Answer,
  attributeMap: {
    result: {
      type: "object",
      description: "Every requested name, mapped to its attribute or null.",
      additionalProperties: { oneOf: [ref("Attribute"), { type: "null" }] },
    },
  } as Answer,
  exists: { result: boolean } as Answer,
  existsMap: {
    result: { type: "object", description: "Every requested name, mapped to whether it exists.", additionalProperties: boolean },
  } as Answer,
  names: { result: { type: "array", items: string, description: "In code point order." } } as Answer,
};
