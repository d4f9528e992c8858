import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  attr,
  CONFIG,
  ctx,
  del,
  gateway,
  generatePassword,
  loginSuperUser,
  patch,
  post,
  replayZatoSuite,
} from "../support/zato-suite.js";

// Zato's own password-reset test cases, replayed by test/support/zato-suite.ts:
// - code/zato-sso/test/zato/test_flow_prt.py at 94658fb7f351996d6c7fe089884c54f147424699
// - code/zato-sso/test/zato/test_password_reset.py at 67624a72ccb635388dd80b54d0e90f2d9aa8ecf7
//
// Zato emails the PRT; its test reads it from the ODB instead. The gateway stores only the token's
// SHA-256 (spec README.md, "Deliberate differences" 1), so the same query is run against the gateway's
// database and the token itself is taken from the message the `outbox:` email hook wrote for it
// (spec behaviour.md §15, config.md "Hooks"): the server is configured with that hook.

replayZatoSuite({ main: { email_service: "outbox:outbox" } });

interface OutboxMessage {
  kind: string;
  token: string;
  user: { user_id: string; username: string };
}

/** Every message the outbox hook has written so far. */
function outbox(): OutboxMessage[] {
  const dir = path.join(gateway().config.configDir, "outbox");
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.map((file) => JSON.parse(readFileSync(path.join(dir, file), "utf8")) as OutboxMessage);
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * get_random_prt_info: SSOUser.user_id and SSOPasswordReset.token of a PRT not yet accessed,
 * limit(1).one(). The database holds the token's hash; the token is the one the outbox hook was handed
 * with that hash.
 */
async function getRandomPrtInfo(): Promise<{ user_id: string; token: string }> {
  const q = await gateway().query<{ user_id: string; token_hash: string }>(
    `SELECT sso_user.user_id, sso_password_reset.token_hash
       FROM sso_user, sso_password_reset
      WHERE sso_user.id = sso_password_reset.user_id
        AND sso_password_reset.has_been_accessed IS false
      LIMIT 1`,
  );
  // .one(): exactly one row, else NoResultFound / MultipleResultsFound.
  expect(q.length, "no PRT found (NoResultFound)").toBe(1);
  const row = q[0] as { user_id: string; token_hash: string };
  const message = outbox().find((m) => m.kind === "password_reset" && sha256(m.token) === row.token_hash);
  expect(message, "the outbox holds no message with this PRT").toBeDefined();
  return { user_id: row.user_id, token: (message as OutboxMessage).token };
}

describe("test_flow_prt.py", () => {
  // Cannot pass on any server: /zato/sso/flow/prt is not a path of Zato's API (its password reset is
  // /zato/sso/password/reset, which answers 404 here as every unknown path does), and the case uses a
  // token typed in by hand. Kept as translated, marked as failing.
  it.fails("test_flow_prt.py FlowPRTTestCase.test_user_reset_password", async () => {
    // This needs to be filled in manually
    const token = "9z0hv4qs59sqt1rskna3k3t9e";

    // Generated in each test
    const password = generatePassword();

    // Request a new PRT ..
    let response = await post("/zato/sso/flow/prt", {
      credential: "admin3",
    });

    // .. access the PRT received ..
    response = await patch("/zato/sso/flow/prt", {
      token: token,
    });

    // .. read the reset key received from the .patch call ..
    const reset_key = attr(response, "reset_key");

    // .. change the password now ..
    response = await del("/zato/sso/flow/prt", {
      token: token,
      reset_key: reset_key,
      password: password,
    });

    // .. confirm the status ..
    expect(attr(response, "status")).toBe("ok");

    // .. finally, confirm that the new password can be used for logging in.
  });
});

describe("test_password_reset.py", () => {
  it("test_password_reset.py FlowPRTTestCase.test_user_reset_password", async () => {
    // Generated in each test
    const password = generatePassword();

    // Request a new PRT ..
    await post("/zato/sso/password/reset", {
      credential: CONFIG.super_user_name,
    });

    // .. above, we never receive the PRT so we know there will be at least one PRT
    // when we look it up along with user_id in the ODB ..
    const prt_info = await getRandomPrtInfo();

    // .. extract the details ..
    const user_id = prt_info.user_id;
    const token = prt_info.token;

    // .. access the PRT received ..
    let response = await patch("/zato/sso/password/reset", {
      token: token,
    });

    // .. read the reset key received from the .patch call ..
    const reset_key = attr(response, "reset_key");

    // .. change the password now ..
    response = await del("/zato/sso/password/reset", {
      token: token,
      reset_key: reset_key,
      password: password,
    });

    // .. confirm the status ..
    expect(attr(response, "status")).toBe("ok");

    // .. change the password back to the old one ..
    await patch("/zato/sso/user/password", {
      ust: ctx.super_user_ust,
      user_id: user_id,
      old_password: password,
      new_password: CONFIG.super_user_password,
    });

    // .. confirm that we can log in using the old password.
    await loginSuperUser();
  });
});
