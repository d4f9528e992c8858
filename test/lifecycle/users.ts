import { loadConfig } from "../../src/config/index.js";
import { localRequest, RequestContext } from "../../src/core/context.js";
import { execute } from "../../src/core/operation.js";
import { createServices } from "../../src/core/services.js";
import { operatorCreateUser } from "../../src/core/users/create.js";
import { openDatabase } from "../../src/db/index.js";
import { createLogger, memorySink } from "../../src/lib/log.js";

/**
 * Creates an approved user the way the CLI does, against the database a gateway process uses
 * (DATABASE_URL, or the embedded PostgreSQL it runs on the same data_dir).
 */
export async function createUser(
  configPath: string,
  env: Record<string, string>,
  username: string,
  password: string,
): Promise<string> {
  const config = loadConfig({ configPath, env, warn: () => {} });
  const log = createLogger(memorySink());
  const database = await openDatabase(config, log, { shareRunning: true, poolSize: 2 });
  const services = createServices(config, database.db, log);
  try {
    const outcome = await execute(
      new RequestContext(services, localRequest("lifecycle test", [{ kind: "operator", name: "tester@test" }])),
      operatorCreateUser,
      { username, password },
    );
    if (outcome.status === "error") throw new Error(`could not create ${username}: ${outcome.subStatus.join()}`);
    return (outcome.data as { user_id: string }).user_id;
  } finally {
    await services.audit.flush();
    await database.close();
  }
}

/** Logs in over REST; returns the HTTP status and the parsed body. */
export async function login(
  url: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/zato/sso/user/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ username, password, current_app: "CRM" }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
