import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD } from "../support/fixtures.js";
import { startGateway, type TestGateway } from "../support/gateway.js";

// GraphiQL in a real browser on a machine without internet: every asset comes from the gateway.
// Debian's chromium (installed by .ci/run when missing), driven by playwright-core.
const CHROMIUM = "/usr/bin/chromium";

let gw: TestGateway;
let browser: Browser;

beforeAll(async () => {
  gw = await startGateway();
  await gw.createUser("admin1", ADMIN_PASSWORD, { superUser: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

describe("GraphiQL", () => {
  it("is installed for this test (run .ci/run, or apt-get install chromium)", () => {
    expect(existsSync(CHROMIUM)).toBe(true);
  });

  it("renders from the gateway's own assets and runs a login mutation", async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.origin === new URL(gw.url).origin || url.protocol === "blob:" || url.protocol === "data:") return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${gw.url}${gw.config.server.graphql_path}`);
    const editor = page.locator(".graphiql-query-editor .monaco-editor, .graphiql-query-editor textarea, .cm-editor").first();
    await editor.waitFor({ timeout: 30_000 });
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(
      `mutation { login(username: "admin1", password: "${ADMIN_PASSWORD}", currentApp: "CRM") { __typename ... on LoginPayload { status } } }`,
    );
    await page.locator("button.graphiql-execute-button").click();
    await expect.poll(async () => page.locator(".graphiql-response").innerText(), { timeout: 30_000 }).toContain("LoginPayload");
    const response = JSON.parse((await page.locator(".graphiql-response").innerText()).replace(/\u00a0/g, " "));
    expect(response).toEqual({ data: { login: { __typename: "LoginPayload", status: "ok" } } });
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);

  it("is not served when [server] graphiql is false", async () => {
    const off = await startGateway({ server: { graphiql: false } });
    try {
      const r = await fetch(`${off.url}${off.config.server.graphql_path}`, { headers: { accept: "text/html" } });
      expect(await r.text()).not.toMatch(/YogaGraphiQL|<html/i);
    } finally {
      await off.close();
    }
  });
});
