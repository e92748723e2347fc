// One task, several models (OpenChamber's multi-run): the same prompt starts a chat per model,
// each by default in a git worktree of its own on a new branch, so their edits never meet and
// the user compares the chats and keeps the best branch. This module plans the runs and starts
// them, one step at a time, recording each step so a failed run resumes where it stopped (a
// worktree made is not made twice, a session is found again by its key, a prompt that arrived is
// not sent twice). It knows no HTTP: the steps are given (the backend's API in the window, fakes
// in tests).
import { type ModelRef, titleOf } from "@turnkey/contracts";

/** More would start more replies at once than a person can compare (OpenChamber allows five too). */
export const maxRuns = 5;

export type RunState = "waiting" | "worktree" | "chat" | "sending" | "sent" | "failed";

export interface Run {
  model: ModelRef;
  /** The model's name, as the pickers show it. */
  label: string;
  /** The run's own branch and worktree (null: the run works in the chat's folder). */
  branch: string | null;
  /** Each step's result, kept so a run tried again goes on from where it stopped. */
  path?: string;
  sessionId?: string;
  /** The chat's project (null: its folder is no listed project), for opening it. */
  projectId?: string | null;
  state: RunState;
  /** Why it failed, as a sentence saying what to do. */
  error?: string;
  /** The window starting it now (runLauncher.ts): another window does not offer it again while that one lives. */
  owner?: string;
}

export interface RunGroup {
  id: string;
  /** The task's first line, cut: it names the chats and the branches. */
  title: string;
  prompt: string;
  createdAt: number;
  /** The chat it was started from: its folder is where the worktrees branch off, and where runs without one work. */
  from: { sessionId: string; directory: string };
  /** The agent the chat used (build, plan…), each run's too; null: OpenCode's default. */
  agent: string | null;
  runs: Run[];
}

export interface RunSteps {
  /** Adds a worktree on a new branch from the chat's folder's last commit; answers its folder. */
  addWorktree(branch: string): Promise<string>;
  /** The folder of a worktree already on `branch` (an add whose answer was lost), or null. */
  findWorktree(branch: string): Promise<string | null>;
  /** A chat in a folder (listed as a project if it is not), found again by `key` when it was made before. */
  createSession(directory: string, title: string, key: string): Promise<{ id: string; projectId: string | null }>;
  /** Makes the model and agent the chat's own, so what the user sends there next goes to them too. */
  keepChoice(sessionId: string, choice: RunChoice): Promise<void>;
  /** Whether the chat already holds a prompt (a send whose answer was lost arrived). */
  hasPrompt(sessionId: string): Promise<boolean>;
  /** Sends the task as the message box would (its `@` mentions read in), with the run's model and agent. */
  send(sessionId: string, text: string, choice: RunChoice): Promise<void>;
  /** Puts the prompt in a chat's message box, so a send that failed loses nothing. */
  keepDraft(sessionId: string, text: string): void;
  /** Empties a chat's message box if it still holds exactly `text` (the task, sent after all). */
  dropDraft(sessionId: string, text: string): void;
}

export interface RunChoice {
  model: ModelRef;
  agent: string | null;
}

/** Letters and digits only, lower case, words joined by `-`, cut at a word: safe in a branch and a folder name on every system. */
export function slug(text: string, max: number): string {
  const plain = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  let cut = plain.slice(0, max);
  // Cut inside a word: the word goes, when there is an earlier one to end on.
  if (plain.length > max && plain[max] !== "-" && cut.includes("-")) cut = cut.slice(0, cut.lastIndexOf("-"));
  return cut.replace(/-+$/, "");
}

/** The task's name: its first line that says something, cut at a word. */
export function taskTitle(prompt: string): string {
  return titleOf(prompt, 48) || "Task";
}

/** The backend names a worktree's folder after its branch, cut at 64 characters (`worktreeFolderName`). */
export const folderNameLimit = 64;

/**
 * The runs of a task: one per model, named after the task and the model. A branch is
 * `try/<task>-<stamp>/<n>-<provider>-<model>`. What tells two runs apart comes first: the stamp
 * (the start in milliseconds, base 36) keeps a later task from checking out an older task's
 * branch, which `git worktree add` does for a name that exists, and the run's number keeps two
 * models whose names read alike (`gpt-4.1` and `gpt-4-1`, Bedrock's dated ids cut short) apart;
 * both fall within the folder name's first 64 characters, so the folders differ too.
 */
export function planRuns(input: {
  prompt: string;
  models: readonly { model: ModelRef; label: string }[];
  isolated: boolean;
  from: RunGroup["from"];
  agent: string | null;
  now: number;
}): RunGroup {
  const title = taskTitle(input.prompt);
  const task = `${slug(title, 20) || "task"}-${Math.floor(input.now).toString(36)}`;
  return {
    id: task,
    title,
    prompt: input.prompt,
    createdAt: input.now,
    from: input.from,
    agent: input.agent,
    runs: input.models.map(({ model, label }, i) => ({
      model,
      label,
      branch: input.isolated
        ? `try/${task}/${i + 1}-${slug(`${model.providerID}-${model.modelID}`, 28) || "model"}`
        : null,
      state: "waiting",
    })),
  };
}

/** Neither sent nor failed: waiting its turn or on a step (in some window, or in one that closed). */
export function isMidStep(run: Run): boolean {
  return run.state !== "sent" && run.state !== "failed";
}

/** What a run is doing or did, in words. */
export function runStateText(run: Run): string {
  switch (run.state) {
    case "waiting":
      return "Waiting to start";
    case "worktree":
      return `Adding the worktree ${run.branch}…`;
    case "chat":
      return "Starting its chat…";
    case "sending":
      return "Sending the task…";
    case "sent":
      return run.branch ? `Working on the branch ${run.branch}` : "Working in this chat's folder";
    case "failed":
      return run.error ?? "It did not start.";
  }
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : "Something went wrong. Try again.");

/**
 * Starts one run, or goes on with it from the step where it stopped. Each step's result is
 * reported (`update`) before the next begins, so what was made is never made again.
 */
export async function startRun(
  group: RunGroup,
  index: number,
  steps: RunSteps,
  update: (run: Run) => void,
): Promise<Run> {
  const original = group.runs[index];
  if (!original) throw new Error(`The task has no run ${index}.`);
  if (original.state === "sent") return original;
  // Tried before (failed, or cut by a reload mid-step): a step's answer may have been lost after it was done.
  const resumed = original.state !== "waiting";
  let run: Run = { ...original };
  delete run.error;
  const choice: RunChoice = { model: run.model, agent: group.agent };
  const set = (change: Partial<Run>) => {
    run = { ...run, ...change };
    update(run);
  };
  try {
    if (run.branch && run.path === undefined) {
      set({ state: "worktree" });
      const found = resumed ? await steps.findWorktree(run.branch) : null;
      set({ path: found ?? (await steps.addWorktree(run.branch)) });
    }
    if (run.sessionId === undefined) {
      set({ state: "chat" });
      const title = `${group.title} · ${run.label}`;
      const session = await steps.createSession(run.path ?? group.from.directory, title, `${group.id}/${index}`);
      // Before the chat counts as made: a try after a failure here finds the chat by its key and does this again.
      await steps.keepChoice(session.id, choice);
      set({ sessionId: session.id, projectId: session.projectId });
    }
    const sessionId = run.sessionId as string;
    set({ state: "sending" });
    try {
      if (!(resumed && (await steps.hasPrompt(sessionId)))) await steps.send(sessionId, group.prompt, choice);
    } catch (e) {
      steps.keepDraft(sessionId, group.prompt);
      throw e;
    }
    // A try before put the task in the chat's box: it went now, so a later Enter there does not send it twice.
    if (resumed) steps.dropDraft(sessionId, group.prompt);
    set({ state: "sent" });
  } catch (e) {
    // run.state is the step it was on.
    const where =
      run.state === "worktree"
        ? "The worktree could not be added"
        : run.state === "chat"
          ? "Its chat could not be started"
          : "The task could not be sent; it waits in that chat's message box";
    set({ state: "failed", error: `${where}: ${errorText(e)}` });
  }
  return run;
}

/** What the box holds besides its text that the runs do not take, in a sentence; null when nothing. */
export function staysInBox(attachments: number, comments: number): string | null {
  const things = [
    attachments === 1 ? "the attached file" : attachments > 1 ? `the ${attachments} attached files` : "",
    comments === 1 ? "the review comment" : comments > 1 ? `the ${comments} review comments` : "",
  ].filter((t) => t !== "");
  if (things.length === 0) return null;
  const verb = things.length === 1 && attachments + comments === 1 ? "stays" : "stay";
  return `The runs get the task's text only: ${things.join(" and ")} ${verb} in the message box for this chat.`;
}
