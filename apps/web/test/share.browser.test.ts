// Sharing a chat as a public link in Debian's chromium, against the headless backend with the real
// opencode 1.18 and a local stand-in for opencode's share service (shareStub.ts, reached through
// `enterprise.url`): nothing leaves before the user agrees, the consent names what is sent, the
// service's host, who can read it and how to stop; then the link, Copy, and Stop sharing, which
// deletes it at the service. The project's own opencode.json asks for `"share": "auto"`, which
// would publish every chat unasked: it must not. A service that is down is a sentence.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifacts, type BrowserBackend, openChatWindow, startBrowserBackend } from "./browserBackend.ts";
import { type ShareStub, startShareStub } from "./shareStub.ts";

// Safety nets only: on a loaded machine opencode's first answer can take tens of seconds.
const slow = { timeout: 90_000 };

let stub: ShareStub;
let setup: BrowserBackend;
let page: Page;

beforeAll(async () => {
  stub = await startShareStub();
  setup = await startBrowserBackend({
    name: "share browser",
    // A cloned repository's config asking to publish every chat.
    prepare: (root) => {
      writeFileSync(join(root, "opencode.json"), JSON.stringify({ share: "auto" }));
      return { workdir: root };
    },
    // The test config turns sharing off for every other test; this one is the user choosing manual.
    opencodeConfig: { enterprise: { url: stub.url }, share: "manual" },
  });
  page = await openChatWindow(setup);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: setup.backend.url });
}, 240_000);

afterAll(async () => {
  await setup?.close();
  await stub?.close();
});

const host = () => new URL(stub.url).host;
const created = () => stub.requests.filter((r) => r.method === "POST" && r.path === "/api/share");

describe("sharing a chat as a public link", () => {
  it("asks first, publishes the whole chat to the named service, copies the link and stops", async () => {
    await page.getByLabel("Message").fill("hello share");
    await page.getByLabel("Message").press("Enter");
    await page.locator(".message-assistant", { hasText: "Echo: hello share" }).waitFor(slow);
    // The project's "share": "auto" published nothing.
    const panel = page.getByRole("complementary", { name: "Session details" });
    await panel.getByRole("region", { name: "Share" }).waitFor(slow);
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(await panel.getByLabel("Public link").count()).toBe(0);

    await panel.getByRole("button", { name: "Share a public link…" }).click();
    const consent = panel.getByRole("group", { name: "Share this chat publicly?" });
    await consent.waitFor();
    const text = (await consent.textContent()) ?? "";
    expect(text).toContain("the whole conversation");
    expect(text).toContain("the commands the agent ran and their output");
    // The stand-in is named by enterprise.url, so it is not called OpenCode's own (review 6, S7).
    expect(text).toContain(`the share service at ${host()}, named by enterprise.url in OpenCode's config`);
    expect(text).toContain("anyone who has the link");
    expect(text).toContain("Stop sharing");
    await page.screenshot({ path: join(artifacts, "share-consent.png") });
    expect(stub.requests).toEqual([]); // reading is not agreeing

    // A service that is down: a sentence naming it, nothing shown as shared.
    stub.failNextCreate = true;
    await consent.getByRole("button", { name: `Share publicly via ${host()}` }).click();
    await panel
      .getByRole("alert")
      .filter({ hasText: `The share service at ${stub.url}` })
      .waitFor(slow);
    await expect(panel.getByLabel("Public link").count()).resolves.toBe(0);

    await consent.getByRole("button", { name: `Share publicly via ${host()}` }).click();
    const link = panel.getByLabel("Public link");
    await link.waitFor(slow);
    const url = await link.inputValue();
    expect(url).toBe(`${stub.url}/s/shr2`);
    expect(JSON.parse(created()[1]!.body)).toEqual({ sessionID: expect.stringMatching(/^ses_/) });
    // opencode sends the conversation itself to the service it named.
    await expect
      .poll(() => stub.requests.some((r) => r.path === "/api/share/shr2/sync" && r.body.includes("hello share")), slow)
      .toBe(true);
    await page.screenshot({ path: join(artifacts, "share-link.png") });

    await panel.getByRole("button", { name: "Copy link" }).click();
    await panel.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

    await panel.getByRole("button", { name: "Stop sharing" }).click();
    await panel.getByRole("button", { name: "Share a public link…" }).waitFor(slow);
    const removed = stub.requests.filter((r) => r.method === "DELETE");
    expect(removed.map((r) => [r.path, JSON.parse(r.body)])).toEqual([["/api/share/shr2", { secret: "secret-shr2" }]]);
    expect(setup.pageErrors.filter((e) => !/status of 502/.test(e))).toEqual([]);
  }, 300_000);
});
