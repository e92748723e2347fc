// Projects and questions in Debian's chromium against the headless backend with the real opencode
// and the stub provider: a first run without any project asks for one, the folder browser picks
// it, a chat works in that folder (a bash tool allowed through the waiting card answers its path;
// with the project set to allow all but secrets, the next goes ahead without a card), and a question from opencode's `question` tool is answered in the page.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../../backend/src/startBackend.ts";
import { artifacts, type BrowserBackend, startBrowserBackend } from "./browserBackend.ts";

let setup: BrowserBackend;
let backend: Backend;
let home: string;
let pageErrors: string[];

beforeAll(async () => {
  setup = await startBrowserBackend({
    name: "projects-browser",
    prepare(root) {
      home = join(root, "home ü");
      mkdirSync(join(home, "my project"), { recursive: true });
      mkdirSync(join(home, "other"));
      writeFileSync(join(home, "notes.txt"), "a file, never listed");
      // No --workdir: a first run, as the desktop app starts now.
      return { homeDir: home };
    },
  });
  ({ backend, pageErrors } = setup);
  // Running before the page opens: this test is about projects, not about a slow first start.
  expect((await createTurnkeyClient({ baseUrl: backend.url, token: backend.token }).start()).state).toBe("running");
});

afterAll(() => setup?.close());

async function openChat(): Promise<Page> {
  const page = setup.watch(await setup.browser.newPage({ viewport: { width: 1180, height: 760 } }));
  await page.goto(setup.loginUrl("/chat"));
  return page;
}

describe("projects in a browser", () => {
  it("picks a project with the folder browser, chats in it, and answers a question", async () => {
    const page = await openChat();
    await page.getByText("Choose the folder OpenCode should work in.").waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Open folder…" }).click();
    const dialog = page.getByRole("dialog", { name: "Open a project folder" });
    await dialog.getByRole("button", { name: "my project" }).click();
    expect(await dialog.getByText("notes.txt").count()).toBe(0);
    await dialog.getByRole("button", { name: "Open “my project”" }).click();
    await dialog.waitFor({ state: "detached" });
    const folder = join(home, "my project");
    await page.locator(".project-info").getByText(folder).waitFor();
    expect(await page.getByLabel("Project", { exact: true }).inputValue()).toBeTruthy();

    // A bash tool asks for permission in the waiting card, and runs in the project's folder.
    const box = page.getByLabel("Message");
    // Windows: opencode's bash tool may run Git Bash, whose `pwd` prints an MSYS path (/c/Users/…).
    const pwd = process.platform === "win32" ? 'node -e "console.log(process.cwd())"' : "pwd";
    await box.fill(`where am I [tool:bash ${pwd}]`);
    await box.press("Enter");
    const waiting = page.getByRole("region", { name: "OpenCode is waiting for you" });
    // The first chat in a folder waits for opencode to load that folder: slow on a loaded machine.
    await waiting.getByRole("button", { name: "Allow once" }).waitFor({ timeout: 150_000 });
    // "Allow edits" leaves a bash call to the user, and the waiting card says why.
    await page.getByLabel("Permissions").selectOption("chat:edits");
    await waiting.getByText("Not answered on its own: This chat goes ahead on its own with edits only.").waitFor();
    await page.screenshot({ path: join(artifacts, "chat-permission-why.png") });
    await waiting.getByRole("button", { name: "Allow once" }).click();
    await page.getByText(`Tool said: ${folder}`).waitFor({ timeout: 150_000 });

    // The project's level, chosen in the same picker: the chat follows it, and bash goes ahead.
    /** Chooses in the Permissions picker, and waits until it shows `shown` (the choice saved). */
    const permissions = async (value: string, shown: string) => {
      await page.getByLabel("Permissions").selectOption(value);
      await page.getByLabel("Permissions").locator("option:checked", { hasText: shown }).waitFor({ state: "attached" });
    };
    await permissions("project:everything", "Project (all but secrets)");
    await box.fill("and now [tool:bash echo project-wide]");
    await box.press("Enter");
    await page.getByText("Tool said: project-wide").waitFor({ timeout: 150_000 });
    expect(await waiting.count()).toBe(0);
    await page.screenshot({ path: join(artifacts, "chat-permission-project.png") });
    await permissions("project:ask", "Project (asks first)");

    // A question: the card offers the choices; the answer goes back and the reply continues.
    const projectSelect = page.getByLabel("Project", { exact: true });
    const widthBefore = (await projectSelect.boundingBox())?.width;
    await box.fill("choose [question:Which colour?|Red|Blue]");
    await box.press("Enter");
    await waiting.getByText("Which colour?").first().waitFor({ timeout: 150_000 });
    await page.getByRole("navigation", { name: "Sessions" }).getByText("waiting").waitFor();
    // The project says it waits, and its picker keeps its place (the buttons beside it do not move).
    await projectSelect.locator("option:checked", { hasText: "(waiting for you)" }).waitFor({ state: "attached" });
    expect((await projectSelect.boundingBox())?.width).toBe(widthBefore);
    await page.screenshot({ path: join(artifacts, "chat-question.png") });
    await waiting.getByLabel(/Blue/).check();
    await waiting.getByRole("button", { name: "Answer" }).click();
    await page.getByText(/Tool said: .*Blue/).waitFor({ timeout: 150_000 });
    await waiting.waitFor({ state: "detached" });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 400_000);
});
