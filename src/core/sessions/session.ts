import type { Timestamp } from "../../lib/time.js";
import type { User } from "../users/user.js";

/** One entry of a session's interaction history (docs/rules.md, "Sessions"). */
export interface StateChange {
  remote_addr: string | string[];
  user_agent: string | null;
  timestamp_utc: Timestamp;
  ctx_source: "login" | "renew";
  idx: number;
}

/** What a call needs of a live session besides its user. */
export interface Session {
  id: string;
  session_id: string;
  creation_time: Timestamp;
  expiration_time: Timestamp;
  remote_addr: string;
  user_agent: string | null;
}

export interface SessionWithUser {
  session: Session;
  user: User;
}

/** A live session as lists show it. Its UST is never shown: only its hash is stored. */
export interface SessionListItem {
  session_id: string;
  creation_time: Timestamp;
  expiration_time: Timestamp;
  remote_addr: string;
  user_agent: string | null;
  auth_type: string;
  auth_principal: string;
  ext_session_id: string | null;
  session_state_change_list: StateChange[];
}
