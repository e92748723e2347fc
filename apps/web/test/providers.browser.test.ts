// The Providers view in Debian's chromium against the headless backend with the real opencode and
// a plugin of the test's own that offers a "code" and a device-code ("auto") sign-in for DeepSeek
// (apps/backend/test/providerOAuthStub.ts): opened from the model picker, a provider found by
// typing, a device-code sign-in (the page's link, the code with Copy, the wait, then "Signed in"
// and DeepSeek's models in the picker), Disconnect, and a pasted code refused then accepted.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type ProviderOAuthStub,
  signInProviderID,
  startProviderOAuthStub,
} from "../../backend/test/providerOAuthStub.ts";
import { artifacts, type BrowserBackend, openChatWindow, startBrowserBackend } from "./browserBackend.ts";

// Safety nets only: on a loaded machine opencode's first answer can take tens of seconds.
const slow = { timeout: 90_000 };

let oauth: ProviderOAuthStub;
let setup: BrowserBackend;
let page: Page;

beforeAll(async () => {
  oauth = await startProviderOAuthStub();
  setup = await startBrowserBackend({ name: "providers browser", opencodeConfig: oauth.opencodeConfig() });
  page = await openChatWindow(setup);
}, 240_000);

afterAll(async () => {
  await setup?.close();
  await oauth?.close();
});

const row = () => page.getByRole("list", { name: "Providers" }).locator("li", { hasText: "DeepSeek" }).first();

it("signs in with a device code from the Providers view, and the model list has the provider's models after", async () => {
  await page.getByRole("button", { name: /^Model/ }).click();
  await page.getByRole("button", { name: "Connect or sign in to a provider…" }).click();
  await page.getByRole("heading", { name: "Model providers" }).waitFor(slow);
  await page.getByLabel("Find a provider").fill("deepseek");
  await row().locator(".provider-state", { hasText: "Not connected." }).waitFor(slow);

  await row().getByRole("button", { name: "Sign in" }).click();
  await row().getByLabel("Sign in with a device code").check();
  await row().getByRole("button", { name: "Continue" }).click();
  const link = row().getByRole("link", { name: "Open DeepSeek's sign-in page" });
  await link.waitFor(slow);
  expect(await link.getAttribute("href")).toBe(`${oauth.url}/device`);
  expect(await link.getAttribute("target")).toBe("_blank");
  expect(await row().locator(".user-code code").textContent()).toBe(oauth.userCode);
  await row().getByRole("button", { name: "Copy code" }).waitFor();
  await row().getByRole("status").filter({ hasText: "Waiting for you to finish" }).waitFor();
  await page.screenshot({ path: join(artifacts, "provider-sign-in.png") });

  oauth.device = "approved";
  await row().getByText("Signed in to DeepSeek.").waitFor(slow);
  await row().locator(".provider-state", { hasText: "Signed in." }).waitFor(slow);
  await page.getByRole("button", { name: "Close" }).first().click();
  await page.getByRole("button", { name: /^Model/ }).click();
  await page.getByLabel("Search models").fill("deepseek");
  await page.getByRole("option").filter({ hasText: "DeepSeek" }).first().waitFor(slow);
  await page.keyboard.press("Escape");
}, 240_000);

it("disconnects, then signs in with a pasted code: a wrong code is refused in words, the right one connects", async () => {
  await page.getByRole("button", { name: "Providers", exact: true }).click();
  await page.getByLabel("Find a provider").fill(signInProviderID);
  await row().getByRole("button", { name: "Disconnect" }).click();
  await row().locator(".provider-state", { hasText: "Not connected." }).waitFor(slow);

  await row().getByRole("button", { name: "Sign in" }).click();
  await row().getByLabel("Sign in with a code").check();
  await row().getByRole("button", { name: "Continue" }).click();
  await row().getByLabel("Code from the page").fill("NOT-THE-CODE");
  await row().getByRole("button", { name: "Finish signing in" }).click();
  await row().getByRole("alert").filter({ hasText: "refused that code" }).waitFor(slow);
  await row().getByLabel("Code from the page").fill(oauth.pageCode);
  await row().getByRole("button", { name: "Finish signing in" }).click();
  await row().locator(".provider-state", { hasText: "Signed in." }).waitFor(slow);
  // The refused code's 400 is the one failed request the browser reports.
  expect(setup.pageErrors.filter((e) => !e.includes("status of 400"))).toEqual([]);
}, 240_000);
