import { presentedSession } from "../caller.js";
import { sessionEvent } from "../events/bus.js";
import { type Codec, INVALID, input, string, ust } from "../input.js";
import { operation } from "../operation.js";
import { requireOperator } from "../operator.js";
import { endSessionById, endSessionByUst } from "./store.js";

/** Logout answers ok whatever the UST: one that cannot be a string (an object, a list) names no session. */
const anyUst: Codec<string> = {
  ...ust,
  decode: (v) => {
    const decoded = ust.decode(v);
    return decoded === INVALID ? "" : decoded;
  },
};

/**
 * Logs out (docs/rules.md, "Logout"): deletes the live session of the UST, with its attributes,
 * whatever the state of its user. Always `ok`, so that logout cannot probe tokens.
 */
export const logout = operation({
  name: "user.logout",
  floodExempt: true,
  kind: "mutation",
  masks: true,
  input: input({ ust: anyUst, current_app: string }, { required: ["ust", "current_app"] }),
  async run(call) {
    const presented = await presentedSession(call);
    if (!presented) return {};
    const ended =
      "ust" in presented
        ? await endSessionByUst(call.sql, presented.ust, call.now)
        : await endSessionById(call.sql, presented.session.session);
    if (ended) {
      // The holder of the UST acts on their own session.
      call.actor = {
        id: ended.id,
        userId: ended.user_id,
        username: ended.username,
        isSuperUser: ended.is_super_user,
        sessionId: ended.session_id,
      };
      call.target(ended);
      sessionEvent(call, "ended", ended, "logout");
    }
    return {};
  },
});

/**
 * The CLI's logout: deletes the session of a UST, expired or not, with its attributes; always
 * succeeds.
 */
export const operatorLogout = operation({
  name: "user.logout",
  kind: "mutation",
  input: input({ ust: string }),
  async run(call, i) {
    requireOperator(call);
    if (!i.ust) return { ended: false };
    const ended = await endSessionByUst(call.sql, i.ust);
    if (ended) {
      call.target(ended);
      call.audit.details.session_id = ended.session_id;
    }
    return { ended: Boolean(ended) };
  },
});
