// The trust card in Debian's chromium, against the headless backend with the real opencode 1.18: a
// folder opened from the window whose own config has a plugin is not loaded by OpenCode (the plugin's
// marker file stays absent) and the window asks, listing the plugin; "Trust this folder" lets the
// chat work there, and the plugin then runs.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BrowserBackend, openChatWindow, startBrowserBackend } from "./browserBackend.ts";

// Safety nets only: on a loaded machine opencode's first answer can take tens of seconds.
const slow = { timeout: 90_000 };

let setup: BrowserBackend;
let page: Page;

beforeAll(async () => {
  setup = await startBrowserBackend({ name: "trust browser" });
  page = await openChatWindow(setup);
}, 240_000);

afterAll(async () => {
  await setup?.close();
});

it("asks before OpenCode loads a folder's own config, and works there once trusted", async () => {
  const cloned = join(setup.root, "cloned");
  const marker = join(setup.root, "plugin-ran.txt");
  mkdirSync(join(cloned, ".opencode", "plugin"), { recursive: true });
  writeFileSync(join(cloned, "opencode.json"), "{}");
  writeFileSync(
    join(cloned, ".opencode", "plugin", "marker.js"),
    `import { writeFileSync } from "node:fs";\nexport const Marker = async () => { writeFileSync(${JSON.stringify(marker)}, "ran"); return {}; };\n`,
  );
  const client = createTurnkeyClient({ baseUrl: setup.backend.url, token: setup.backend.token });
  const { project } = await client.addProject(cloned);
  await page.getByLabel("Project", { exact: true }).selectOption(project.id);
  const card = page.getByRole("region", { name: "Do you trust the files in this folder?" });
  await card.waitFor(slow);
  expect(await card.textContent()).toContain(join(cloned, ".opencode", "plugin", "marker.js"));
  expect(existsSync(marker)).toBe(false);

  await card.getByRole("button", { name: "Trust this folder" }).click();
  await page.getByText("You trust this folder's OpenCode configuration.").waitFor(slow);
  await page.getByLabel("Message").fill("hello trusted");
  await page.getByLabel("Message").press("Enter");
  await page.locator(".message-assistant", { hasText: "Echo: hello trusted" }).waitFor(slow);
  expect(existsSync(marker)).toBe(true);
}, 240_000);
