import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, type CliResult, cleanEnv, cliEnv, collect, REPO } from "./support.js";

let cli: CliEnv;
beforeAll(async () => {
  cli = await cliEnv();
});
afterAll(() => cli.close());

const PROMPT = /(Password|Password again) \(will not echo\): $/;

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`) and types each answer once the
 * program shows a password prompt, as a person would.
 */
function onTerminal(args: string[], answers: string[]): Promise<CliResult> {
  const command = ["node", "--import", "tsx", "src/cli/main.ts", ...args].map((a) => `'${a}'`).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], { cwd: REPO, env: cleanEnv(cli.env) });
  let seen = "";
  let prompted = 0;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    seen += chunk;
    if (PROMPT.test(seen)) {
      const answer = answers[prompted++];
      seen = "";
      if (answer !== undefined) child.stdin.write(answer);
    }
  });
  return collect(child);
}

describe("passwords typed at a terminal", { timeout: 60_000 }, () => {
  it("are asked twice without echo, again on a mismatch or an empty entry", async () => {
    const r = await onTerminal(
      ["create-user", "tina"],
      ["First-try-11\r", "Other-try-22\r", "\r", "\r", "Good-pass-33\r", "Good-pass-33\r"],
    );
    expect(r.code).toBe(0);
    expect(r.stdout.replaceAll("\r\n", "\n")).toBe(
      [
        "Password (will not echo): ",
        "Password again (will not echo): ",
        "Passwords do not match",
        "Password (will not echo): ",
        "Password again (will not echo): ",
        "No password entered",
        "Password (will not echo): ",
        "Password again (will not echo): ",
        "Created user `tina`",
        "",
      ].join("\n"),
    );
    const user = await cli.user("tina");
    expect(await cli.verify(user?.password as string, "Good-pass-33")).toBe(true);
  });

  it("still go through the policy", async () => {
    const r = await onTerminal(["create-user", "uma"], ["short\r", "short\r"]);
    expect(r.code).toBe(21);
    expect(r.stdout).toContain("Password validation error, reason code:`E003002`");
    expect(await cli.user("uma")).toBeUndefined();
  });

  it("are abandoned with Ctrl-C, changing nothing", async () => {
    const before = await cli.user("tina");
    const r = await onTerminal(["change-user-password", "tina"], ["Half-typed\u0003"]);
    expect(r.code).toBe(130);
    expect(await cli.user("tina")).toEqual(before);
  });

  it("set basic_auth credential passwords too", async () => {
    const r = await onTerminal(["create-basic-auth", "tty-api"], ["s3cret\r", "s3cret\r"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Created basic_auth credential `tty-api`");
    expect(await cli.query("SELECT username FROM sso_external_credential")).toEqual([{ username: "tty-api" }]);
  });
});
