// One task, several models: the plan's names (branches safe in git and on every file system, the
// chats named after the task and the model) and each run's steps with fake ones: a run that
// fails says at which step and why, and tried again goes on from there without making anything
// twice (a worktree whose answer was lost is found, a prompt that arrived is not sent again); a
// prompt that could not be sent waits in its chat's box.
import type { ModelRef } from "@turnkey/contracts";
import { describe, expect, it, vi } from "vitest";
import { planRuns, type Run, type RunGroup, type RunSteps, slug, startRun, taskTitle } from "./multiRun.ts";

const gpt: ModelRef = { providerID: "openai", modelID: "gpt-4.1" };
const claude: ModelRef = { providerID: "anthropic", modelID: "claude-sonnet-4-5@20250929" };
const now = Date.UTC(2026, 10, 23, 12, 0, 0, 250);

function plan(isolated = true): RunGroup {
  return planRuns({
    prompt: "Fix the login bug: the session cookie\nexpires too early.",
    models: [
      { model: gpt, label: "GPT-4.1" },
      { model: claude, label: "Claude Sonnet 4.5" },
    ],
    isolated,
    from: { sessionId: "ses_from", directory: "/code/app" },
    now,
  });
}

function fakeSteps(over: Partial<RunSteps> = {}) {
  const sent: { sessionId: string; text: string; model: ModelRef }[] = [];
  const drafts = new Map<string, string>();
  const steps: RunSteps = {
    addWorktree: vi.fn(async (branch: string) => `/code/app.worktrees/${branch.replaceAll("/", "-")}`),
    findWorktree: vi.fn(async () => null),
    createSession: vi.fn(async (directory: string, _title: string, key: string) => ({
      id: `ses_${key}`,
      projectId: directory === "/code/app" ? "prj_app" : `prj_${directory.length}`,
    })),
    keepModel: vi.fn(async () => undefined),
    hasPrompt: vi.fn(async () => false),
    send: vi.fn(async (sessionId: string, text: string, model: ModelRef) => {
      sent.push({ sessionId, text, model });
    }),
    keepDraft: (sessionId, text) => drafts.set(sessionId, text),
    ...over,
  };
  return { steps, sent, drafts };
}

async function run(group: RunGroup, index: number, steps: RunSteps) {
  const seen: Run["state"][] = [];
  const result = await startRun(group, index, steps, (r) => seen.push(r.state));
  return { result, seen };
}

describe("planning the runs", () => {
  it("names the task by its first line and each branch after the task, the time and the model", () => {
    const group = plan();
    expect(group.title).toBe("Fix the login bug: the session cookie");
    const stamp = Math.floor(now / 1000).toString(36);
    expect(group.runs.map((r) => r.branch)).toEqual([
      `try/fix-the-login-bug-the-${stamp}/openai-gpt-4-1`,
      `try/fix-the-login-bug-the-${stamp}/anthropic-claude-sonnet-4-5-20250929`,
    ]);
    expect(group.runs.every((r) => r.state === "waiting")).toBe(true);
    expect(plan(false).runs.map((r) => r.branch)).toEqual([null, null]);
  });

  it("keeps names to letters, digits and dashes, and titles to a word boundary", () => {
    expect(slug("Ünïcödé  & ../../etc CON", 40)).toBe("unicode-etc-con");
    expect(slug("---", 10)).toBe("");
    expect(slug("a-very-long-name-indeed", 7)).toBe("a-very");
    expect(taskTitle("\n\n   \nRewrite the parser so that it streams tokens instead of reading the whole file")).toBe(
      "Rewrite the parser so that it streams tokens…",
    );
    expect(taskTitle("  ")).toBe("Task");
    const odd = planRuns({
      prompt: "!!!",
      models: [{ model: { providerID: "x", modelID: "///" }, label: "odd" }],
      isolated: true,
      from: { sessionId: "s", directory: "/d" },
      now,
    });
    expect(odd.runs[0]?.branch).toMatch(/^try\/task-[0-9a-z]+\/x$/);
  });
});

describe("starting a run", () => {
  it("adds its worktree, starts a chat there named after the task and the model, and sends the task with its model", async () => {
    const group = plan();
    const { steps, sent } = fakeSteps();
    const { result, seen } = await run(group, 1, steps);
    expect(seen).toEqual(["worktree", "worktree", "chat", "chat", "sending", "sent"]);
    expect(steps.addWorktree).toHaveBeenCalledWith(group.runs[1]?.branch);
    expect(steps.findWorktree).not.toHaveBeenCalled(); // a first try has nothing to find
    const folder = `/code/app.worktrees/${group.runs[1]?.branch?.replaceAll("/", "-")}`;
    expect(steps.createSession).toHaveBeenCalledWith(
      folder,
      "Fix the login bug: the session cookie · Claude Sonnet 4.5",
      `${group.id}/1`,
    );
    expect(steps.keepModel).toHaveBeenCalledWith(`ses_${group.id}/1`, claude); // what is sent there next goes to it too
    expect(sent).toEqual([{ sessionId: `ses_${group.id}/1`, text: group.prompt, model: claude }]);
    expect(result).toMatchObject({ state: "sent", path: folder, sessionId: `ses_${group.id}/1` });
    expect(result.error).toBeUndefined();
  });

  it("without worktrees, starts the chat in the chat's own folder", async () => {
    const { steps } = fakeSteps();
    const { result } = await run(plan(false), 0, steps);
    expect(steps.addWorktree).not.toHaveBeenCalled();
    expect(steps.createSession).toHaveBeenCalledWith("/code/app", expect.any(String), expect.any(String));
    expect(result).toMatchObject({ state: "sent", projectId: "prj_app" });
  });

  it("says at which step a run failed, and tried again finds the worktree git made rather than adding it twice", async () => {
    const group = plan();
    const lost = fakeSteps({
      addWorktree: vi.fn(async () => {
        throw new Error("The request took too long. Try again.");
      }),
    });
    const { result: failed } = await run(group, 0, lost.steps);
    expect(failed.state).toBe("failed");
    expect(failed.error).toBe("The worktree could not be added: The request took too long. Try again.");
    expect(lost.steps.createSession).not.toHaveBeenCalled();

    // Git had made it after all: the second try takes it.
    const again = fakeSteps({ findWorktree: vi.fn(async () => "/code/app.worktrees/made") });
    const { result } = await run({ ...group, runs: [failed, group.runs[1]!] }, 0, again.steps);
    expect(again.steps.addWorktree).not.toHaveBeenCalled();
    expect(again.steps.createSession).toHaveBeenCalledWith(
      "/code/app.worktrees/made",
      expect.any(String),
      `${group.id}/0`,
    );
    expect(result).toMatchObject({ state: "sent", path: "/code/app.worktrees/made" });
    expect(result.error).toBeUndefined();
  });

  it("keeps a prompt that could not be sent in its chat's box, and does not send it again when it had arrived", async () => {
    const group = plan();
    const first = fakeSteps({
      send: vi.fn(async () => {
        throw new Error("OpenCode is not running. Start it from the tray.");
      }),
    });
    const { result: failed } = await run(group, 0, first.steps);
    expect(failed.error).toBe(
      "The task could not be sent; it waits in that chat's message box: OpenCode is not running. Start it from the tray.",
    );
    expect(first.drafts.get(failed.sessionId!)).toBe(group.prompt);

    // The chat already holds the prompt (its answer was lost on the way back): sent, not sent twice.
    const again = fakeSteps({ hasPrompt: vi.fn(async () => true) });
    const { result } = await run({ ...group, runs: [failed, group.runs[1]!] }, 0, again.steps);
    expect(again.steps.addWorktree).not.toHaveBeenCalled();
    expect(again.steps.createSession).not.toHaveBeenCalled();
    expect(again.sent).toEqual([]);
    expect(result.state).toBe("sent");

    // It does not: sent now.
    const third = fakeSteps();
    await run({ ...group, runs: [failed, group.runs[1]!] }, 0, third.steps);
    expect(third.sent.map((s) => s.sessionId)).toEqual([failed.sessionId]);
  });

  it("a chat refused (a folder not trusted) fails at that step with OpenCode's sentence, the worktree kept for the next try", async () => {
    const group = plan();
    const { steps } = fakeSteps({
      createSession: vi.fn(async () => {
        throw new Error("This folder has its own OpenCode config: trust it in the chat window first.");
      }),
    });
    const { result } = await run(group, 0, steps);
    expect(result.state).toBe("failed");
    expect(result.error).toMatch(/^Its chat could not be started: This folder has its own OpenCode config/);
    expect(result.path).toBeDefined();
  });
});
