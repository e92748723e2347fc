// One task run with several models, in Debian's chromium at the desktop window size, against the
// headless backend with the real opencode and the stub provider, in a git project: two models
// (the stub behind a second provider is the second model), each in a worktree and chat of its
// own, the stub receiving the task once per model, one run opened from the dialog with its model
// in the picker, the other from the Session tab; then what each run changed compared, one run's
// changes brought into the project, and both worktrees removed together.
// Screenshots: test-artifacts/project-panel-multirun-*.png.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifacts, type BrowserBackend, gitProject, openChatWindow, startBrowserBackend } from "./browserBackend.ts";

// Safety nets only: on a loaded machine opencode's first answer can take tens of seconds.
const replyTimeout = { timeout: 90_000 };

let setup: BrowserBackend;
let page: Page;
let project: string;

const shot = (name: string) => page.screenshot({ path: join(artifacts, `project-panel-${name}.png`) });

beforeAll(async () => {
  setup = await startBrowserBackend({
    name: "multirun browser",
    prepare(root) {
      project = gitProject(root, { "notes.txt": "alpha\nbeta\n" });
      return { workdir: project };
    },
    // A second model: the same stub behind another provider.
    opencodeConfig: (stub) => ({
      provider: {
        stubtwo: {
          npm: "@ai-sdk/openai-compatible",
          name: "Stub Two",
          options: { baseURL: `${stub.url}/v1`, apiKey: "stub-key-not-secret" },
          models: {
            "second-model": { name: "Second Model", tool_call: true, limit: { context: 100_000, output: 4_096 } },
          },
        },
      },
    }),
  });
  page = await openChatWindow(setup);
}, 240_000);

afterAll(() => setup?.close());

describe("one task, several models, in a browser", () => {
  it("runs one task with two models, each in a worktree and chat of its own, and goes from one run to the other", async () => {
    await page.getByLabel("Message").fill("a chat to start from");
    await page.getByLabel("Message").press("Enter");
    await page.locator(".message-assistant", { hasText: "Echo: a chat to start from" }).waitFor(replyTimeout);
    await page.getByLabel("Message").fill("compare approaches");
    await page.getByRole("tab", { name: "Session" }).click();
    await page.getByRole("button", { name: "Run with several models…" }).click();
    const dialog = page.getByRole("dialog", { name: "Run this task with several models" });
    await expect(dialog.getByLabel("Task").inputValue()).resolves.toBe("compare approaches");
    await dialog.getByText(/Each branch starts from the last commit of/).waitFor(replyTimeout);
    await dialog.getByRole("checkbox", { name: /^Second Model / }).check();
    await shot("multirun-form");
    await dialog.getByRole("button", { name: "Start 2 runs" }).click();
    const runs = dialog.getByRole("list", { name: "Runs of compare approaches" }).getByRole("listitem");
    await expect
      .poll(() => runs.allTextContents(), replyTimeout)
      .toEqual([
        expect.stringMatching(/^Stub Model\s*Working on the branch try\/compare-approaches-\w+\/1-stub-stub-model/),
        expect.stringMatching(
          /^Second Model\s*Working on the branch try\/compare-approaches-\w+\/2-stubtwo-second-model/,
        ),
      ]);
    await expect(page.getByLabel("Message").inputValue()).resolves.toBe(""); // the task went to the runs
    // Each model got the task, in a folder of its own beside the repository.
    await expect
      .poll(
        () =>
          setup.stub.requests
            .filter((r) => JSON.stringify(r.messages).includes("compare approaches"))
            .map((r) => r.model)
            .sort(),
        replyTimeout,
      )
      .toEqual(["second-model", "stub-model"]);
    const folders = readdirSync(`${project}.worktrees`).filter((name) => name.startsWith("try-compare-approaches-"));
    expect(
      folders.map((name) => name.replace(/^try-compare-approaches-[0-9a-z]+-/, "try-compare-approaches-…-")).sort(),
    ).toEqual(["try-compare-approaches-…-1-stub-stub-model", "try-compare-approaches-…-2-stubtwo-second-model"]);
    await shot("multirun-started");

    await dialog.getByRole("button", { name: "Open the run of Second Model" }).click();
    const picker = page.getByLabel("Project", { exact: true });
    await expect
      .poll(() => picker.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text), replyTimeout)
      .toMatch(/^project · try-compare-approaches-[0-9a-z]+-2-stubtwo-second-model$/);
    await page.locator(".message-assistant", { hasText: "Echo: compare approaches" }).waitFor(replyTimeout);
    // The run's model is the chat's own: what is sent there next goes to it too.
    await page.getByRole("button", { name: "Model Second Model", exact: true }).waitFor(replyTimeout);
    // Its Session tab lists the task's runs; the other one opens from there.
    await page.getByRole("tab", { name: "Session" }).click();
    const listed = page.getByRole("region", { name: "The runs of compare approaches" });
    await expect(listed.getByRole("listitem").allTextContents()).resolves.toEqual([
      expect.stringMatching(/^Stub Model/),
      expect.stringMatching(/^Second Model \(this chat\)/),
    ]);
    await shot("multirun-session-tab");
    await listed.getByRole("button", { name: "Open the run of Stub Model" }).click();
    await expect
      .poll(() => picker.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text), replyTimeout)
      .toMatch(/^project · try-compare-approaches-[0-9a-z]+-1-stub-stub-model$/);
    expect(setup.pageErrors).toEqual([]);
  }, 240_000); // a safety net: two worktrees and two first replies in new folders

  it("compares what the runs changed, brings one run's changes into the project, and removes both worktrees", async () => {
    // The stub only talks: the runs' edits are written here, as their agents would have made them.
    const folders = readdirSync(`${project}.worktrees`).map((name) => join(`${project}.worktrees`, name));
    const stubRun = folders.find((f) => f.endsWith("-1-stub-stub-model"))!;
    const secondRun = folders.find((f) => f.endsWith("-2-stubtwo-second-model"))!;
    writeFileSync(join(stubRun, "notes.txt"), "alpha\nbeta\ngamma\n");
    writeFileSync(join(secondRun, "other.txt"), "the second model's idea\n");

    const listed = page.getByRole("region", { name: "The runs of compare approaches" });
    await listed.getByRole("button", { name: "Compare what they changed" }).click();
    const rows = listed.getByRole("listitem").filter({ has: page.locator("strong") });
    await expect
      .poll(() => rows.allTextContents(), replyTimeout)
      .toEqual([
        expect.stringMatching(/^Stub Model \(this chat\).*1 file, \+1 −0/),
        expect.stringMatching(/^Second Model.*1 file, \+1 −0/),
      ]);
    await listed.getByText("1 file, +1 −0").first().click(); // the file list unfolds
    await expect(
      listed.getByRole("list", { name: "Files the run of Stub Model changed" }).textContent(),
    ).resolves.toMatch(/M notes\.txt \+1 −0/);
    await rows.first().getByRole("button", { name: "Bring the changes of Stub Model here…" }).click();
    await shot("multirun-compare");
    await listed.getByRole("button", { name: "Bring them here" }).click();
    await expect(listed.getByRole("status").textContent()).resolves.toMatch(
      /^Brought the changes of the branch try\/compare-approaches-\w+\/1-stub-stub-model here: 1 file, uncommitted\./,
    );
    expect(readFileSync(join(project, "notes.txt"), "utf8")).toBe("alpha\nbeta\ngamma\n");
    expect(existsSync(join(project, "other.txt"))).toBe(false);

    await listed.getByRole("button", { name: "Remove the runs' worktrees…" }).click();
    await listed.getByRole("button", { name: "Remove 2 worktrees" }).click();
    await expect(listed.getByRole("status").textContent(replyTimeout)).resolves.toBe(
      "Removed the 2 runs' worktrees. Their chats stay readable, and their branches stay.",
    );
    expect(existsSync(stubRun) || existsSync(secondRun)).toBe(false);
    expect(readFileSync(join(project, "notes.txt"), "utf8")).toBe("alpha\nbeta\ngamma\n");
    expect(setup.pageErrors).toEqual([]);
  }, 120_000);
});
