// One task, several models: the plan's names (branches safe in git and on every file system, the
// chats named after the task and the model) and each run's steps with fake ones: a run that
// fails says at which step and why, and tried again goes on from there without making anything
// twice (a worktree whose answer was lost is found, a prompt that arrived is not sent again); a
// prompt that could not be sent waits in its chat's box.
import type { ModelRef } from "@turnkey/contracts";
import { describe, expect, it, vi } from "vitest";
import {
  folderNameLimit,
  planRuns,
  type Run,
  type RunChoice,
  type RunGroup,
  type RunSteps,
  slug,
  startRun,
  staysInBox,
  taskTitle,
} from "./multiRun.ts";

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
    agent: "plan",
    now,
  });
}

function fakeSteps(over: Partial<RunSteps> = {}) {
  const sent: { sessionId: string; text: string; model: ModelRef; agent: string | null }[] = [];
  const drafts = new Map<string, string>();
  const steps: RunSteps = {
    addWorktree: vi.fn(async (branch: string) => `/code/app.worktrees/${branch.replaceAll("/", "-")}`),
    findWorktree: vi.fn(async () => null),
    createSession: vi.fn(async (directory: string, _title: string, key: string) => ({
      id: `ses_${key}`,
      projectId: directory === "/code/app" ? "prj_app" : `prj_${directory.length}`,
    })),
    keepChoice: vi.fn(async () => undefined),
    hasPrompt: vi.fn(async () => false),
    send: vi.fn(async (sessionId: string, text: string, choice: RunChoice) => {
      sent.push({ sessionId, text, ...choice });
    }),
    keepDraft: (sessionId, text) => drafts.set(sessionId, text),
    dropDraft: (sessionId, text) => {
      if (drafts.get(sessionId) === text) drafts.delete(sessionId);
    },
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
  it("names the task by its first line and each branch after the task, the time, the run and the model", () => {
    const group = plan();
    expect(group.title).toBe("Fix the login bug: the session cookie");
    const stamp = now.toString(36);
    expect(group.runs.map((r) => r.branch)).toEqual([
      `try/fix-the-login-bug-${stamp}/1-openai-gpt-4-1`,
      `try/fix-the-login-bug-${stamp}/2-anthropic-claude-sonnet-4-5`,
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
      agent: null,
      now,
    });
    expect(odd.runs[0]?.branch).toMatch(/^try\/task-[0-9a-z]+\/1-x$/);
  });

  it("gives models whose names read alike branches and folders of their own", () => {
    const input = {
      prompt: "Rewrite the whole configuration loader so that it validates every file it reads before merging",
      models: [
        { model: { providerID: "amazon-bedrock", modelID: "anthropic.claude-3-5-sonnet-20240620-v1:0" }, label: "a" },
        { model: { providerID: "amazon-bedrock", modelID: "anthropic.claude-3-5-sonnet-20241022-v2:0" }, label: "b" },
        { model: { providerID: "openai", modelID: "gpt-4.1" }, label: "c" },
        { model: { providerID: "openai", modelID: "gpt-4-1" }, label: "d" },
        { model: { providerID: "openrouter", modelID: "anthropic/claude-sonnet-4" }, label: "e" },
      ],
      isolated: true,
      from: { sessionId: "s", directory: "/d" },
      agent: null,
      now,
    };
    const branches = planRuns(input).runs.map((r) => r.branch ?? "");
    expect(new Set(branches).size).toBe(5);
    // The backend's folder: the branch with "/" as "-", cut at 64 characters (worktreeFolderName).
    const folders = branches.map((b) => b.replaceAll("/", "-").slice(0, folderNameLimit));
    expect(new Set(folders).size).toBe(5);
    // The same task a millisecond later does not take the earlier one's branch.
    expect(planRuns({ ...input, now: now + 1 }).runs[0]?.branch).not.toBe(branches[0]);
  });
});

describe("what the runs do not take", () => {
  it("names what stays in the box besides the text, or nothing", () => {
    expect(staysInBox(0, 0)).toBeNull();
    expect(staysInBox(1, 0)).toBe(
      "The runs get the task's text only: the attached file stays in the message box for this chat.",
    );
    expect(staysInBox(0, 2)).toBe(
      "The runs get the task's text only: the 2 review comments stay in the message box for this chat.",
    );
    expect(staysInBox(2, 3)).toBe(
      "The runs get the task's text only: the 2 attached files and the 3 review comments stay in the message box for this chat.",
    );
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
    // What is sent there next goes to the same model and agent.
    expect(steps.keepChoice).toHaveBeenCalledWith(`ses_${group.id}/1`, { model: claude, agent: "plan" });
    expect(sent).toEqual([{ sessionId: `ses_${group.id}/1`, text: group.prompt, model: claude, agent: "plan" }]);
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

    // It does not: sent now, and the box that held it is emptied, so Enter there does not send it twice.
    const third = fakeSteps();
    third.drafts.set(failed.sessionId!, group.prompt);
    await run({ ...group, runs: [failed, group.runs[1]!] }, 0, third.steps);
    expect(third.sent.map((s) => s.sessionId)).toEqual([failed.sessionId]);
    expect(third.drafts.has(failed.sessionId!)).toBe(false);
    // A box the user changed since is theirs: left as it is.
    const fourth = fakeSteps();
    fourth.drafts.set(failed.sessionId!, "my own words");
    await run({ ...group, runs: [failed, group.runs[1]!] }, 0, fourth.steps);
    expect(fourth.drafts.get(failed.sessionId!)).toBe("my own words");
  });

  it("a check of the chat that fails keeps the task in its box too, as the sentence says", async () => {
    const group = plan();
    const { steps, drafts } = fakeSteps({
      hasPrompt: vi.fn(async () => {
        throw new Error("OpenCode did not answer in time. Try again.");
      }),
    });
    const cut: Run = { ...group.runs[0]!, state: "sending", sessionId: "ses_cut", path: "/w" };
    const { result } = await run({ ...group, runs: [cut, group.runs[1]!] }, 0, steps);
    expect(result.error).toMatch(/^The task could not be sent; it waits in that chat's message box/);
    expect(drafts.get("ses_cut")).toBe(group.prompt);
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
