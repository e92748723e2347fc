// @vitest-environment happy-dom
// "Several models…" with fake steps: the task from the box, the chat's model ticked, refusals that
// start nothing, each run's progress and its Open, a failed run tried again, the worktree choice
// when git cannot make one, an edited task going back to the box, at most five models, and the
// runs listed in each run's Session tab (a run cut by a closed window offered again).
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ModelRef, ModelsResponse } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type GitPlace, MultiRunDialog } from "./MultiRunDialog.tsx";
import type { Run, RunChoice, RunSteps } from "./multiRun.ts";
import { loadGroups, saveGroup } from "./runGroups.ts";
import { TaskRuns } from "./TaskRuns.tsx";

afterEach(cleanup);
beforeEach(() => localStorage.clear());

const models: ModelsResponse = {
  providers: [
    {
      id: "openai",
      name: "OpenAI",
      models: [
        { id: "gpt-4.1", name: "GPT-4.1" },
        { id: "o3", name: "o3" },
        { id: "o4-mini", name: "o4-mini" },
      ],
    },
    {
      id: "anthropic",
      name: "Anthropic",
      models: [
        { id: "claude-sonnet-4-5", name: "Claude Sonnet 4.5" },
        { id: "claude-opus-4-1", name: "Claude Opus 4.1" },
        { id: "claude-haiku-4-5", name: "Claude Haiku 4.5" },
      ],
    },
  ],
  default: null,
};

function fakeSteps(over: Partial<RunSteps> = {}) {
  const sent: { sessionId: string; model: ModelRef; text: string }[] = [];
  const steps: RunSteps = {
    addWorktree: vi.fn(async (branch: string) => `/code/app.worktrees/${branch.replaceAll("/", "-")}`),
    findWorktree: vi.fn(async () => null),
    createSession: vi.fn(async (directory: string, _title: string, key: string) => ({
      id: `ses-${key.slice(-1)}`,
      projectId: directory === "/code/app" ? "prj_app" : `prj-${key.slice(-1)}`,
    })),
    keepChoice: vi.fn(async () => undefined),
    hasPrompt: vi.fn(async () => false),
    send: vi.fn(async (sessionId: string, text: string, { model }: RunChoice) => {
      sent.push({ sessionId, text, model });
    }),
    keepDraft: vi.fn(),
    dropDraft: vi.fn(),
    ...over,
  };
  return { steps, sent };
}

/** A launch's id comes from its time: each test's its own (a launch left hanging by one test keeps its runs). */
let clock = Date.UTC(2026, 10, 23);

function dialog(options: { steps?: RunSteps; place?: GitPlace | Error; prompt?: string } = {}) {
  const steps = options.steps ?? fakeSteps().steps;
  const opened: Run[] = [];
  const started = vi.fn();
  const closed = vi.fn();
  const place = options.place ?? { branch: "main" };
  render(
    <MultiRunDialog
      prompt={options.prompt ?? "Make the parser stream"}
      models={models}
      model="openai/gpt-4.1"
      from={{ sessionId: "ses-from", directory: "/code/app" }}
      agent="build"
      gitPlace={() => (place instanceof Error ? Promise.reject(place) : Promise.resolve(place))}
      steps={steps}
      onOpen={(run) => opened.push(run)}
      onStarted={started}
      onClose={closed}
      now={() => (clock += 1_000)}
    />,
  );
  return { opened, started, closed };
}

const box = (name: string) => screen.getByRole("checkbox", { name: new RegExp(`^${name} `) });
const start = () => fireEvent.click(screen.getByRole("button", { name: /^Start/ }));

describe("running a task with several models", () => {
  it("sends the box's task to each chosen model, each in a worktree and chat of its own, and opens a run", async () => {
    const { steps, sent } = fakeSteps();
    const { opened, started } = dialog({ steps });
    const task = screen.getByRole("textbox", { name: "Task" }) as HTMLTextAreaElement;
    expect(task.value).toBe("Make the parser stream");
    expect(document.activeElement).toBe(task);
    expect((box("GPT-4.1") as HTMLInputElement).checked).toBe(true); // the chat's model
    await screen.findByText(
      /Each branch starts from the last commit of main: changes not committed here are not in them/,
    );
    expect((screen.getByRole("checkbox", { name: /worktree of its own/ }) as HTMLInputElement).checked).toBe(true);

    // One model is a normal message: refused, nothing started.
    start();
    expect(screen.getByRole("alert").textContent).toBe("Choose at least two models: one model is a normal message.");
    expect(steps.addWorktree).not.toHaveBeenCalled();

    fireEvent.click(box("Claude Sonnet 4.5"));
    expect(screen.getByRole("button", { name: "Start 2 runs" })).toBeTruthy();
    start();
    expect(started).toHaveBeenCalledWith("Make the parser stream");
    const list = await screen.findByRole("list", { name: "Runs of Make the parser stream" });
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent.map((s) => s.model)).toEqual([
      { providerID: "openai", modelID: "gpt-4.1" },
      { providerID: "anthropic", modelID: "claude-sonnet-4-5" },
    ]);
    expect(sent.every((s) => s.text === "Make the parser stream")).toBe(true);
    const rows = within(list).getAllByRole("listitem");
    await waitFor(() =>
      expect(rows[1]?.textContent).toMatch(
        /Working on the branch try\/make-the-parser-\w+\/2-anthropic-claude-sonnet-4-5/,
      ),
    );
    // Kept: the runs outlive this dialog.
    expect(loadGroups()[0]?.runs.map((r) => r.state)).toEqual(["sent", "sent"]);

    fireEvent.click(within(list).getByRole("button", { name: "Open the run of Claude Sonnet 4.5" }));
    expect(opened.map((r) => [r.sessionId, r.projectId])).toEqual([["ses-1", "prj-1"]]);
  });

  it("while one run starts, the others wait their turn and are not offered again", async () => {
    let made: (path: string) => void = () => undefined;
    const { steps } = fakeSteps({ addWorktree: vi.fn(() => new Promise<string>((resolve) => (made = resolve))) });
    dialog({ steps });
    fireEvent.click(box("o3"));
    await screen.findByText(/Each branch starts from the last commit of main/);
    start();
    const rows = within(await screen.findByRole("list", { name: /^Runs of/ })).getAllByRole("listitem");
    await waitFor(() => expect(rows[0]?.textContent).toMatch(/Adding the worktree try\//));
    expect(rows[1]?.textContent).toContain("Waiting to start");
    expect(screen.queryByRole("button", { name: /^Try the run/ })).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    made("/code/app.worktrees/one");
    await waitFor(() => expect(steps.send).toHaveBeenCalledTimes(1));
  });

  it("says why a run failed, and Try again goes on from there", async () => {
    const send = vi
      .fn<RunSteps["send"]>()
      .mockRejectedValueOnce(new Error("OpenCode is restarting. Try again in a moment."))
      .mockResolvedValue(undefined);
    const { steps } = fakeSteps({ send });
    dialog({ steps });
    fireEvent.click(box("o3"));
    start(); // before git answered where the branches would start: refused, nothing started
    expect(screen.getByRole("alert").textContent).toBe(
      "Still asking git where the worktrees would start: try again in a moment, or turn worktrees off to share this folder.",
    );
    await screen.findByText(/Each branch starts from the last commit of main/);
    start();
    const alert = await screen.findByRole("alert");
    await waitFor(() => expect(alert.textContent).toMatch(/^The task could not be sent/));
    expect(alert.textContent).toBe(
      "The task could not be sent; it waits in that chat's message box: OpenCode is restarting. Try again in a moment.",
    );
    expect(steps.keepDraft).toHaveBeenCalledWith("ses-0", "Make the parser stream");
    await waitFor(() => expect(send).toHaveBeenCalledTimes(2)); // the second run went on meanwhile
    const again = screen.getByRole("button", { name: "Try the run of GPT-4.1 again" });
    const row = again.closest("li");
    again.focus();
    fireEvent.click(again);
    expect(document.activeElement).toBe(row); // the button goes; the keyboard stays in the dialog
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
    expect(send).toHaveBeenCalledTimes(3);
    expect(steps.addWorktree).toHaveBeenCalledTimes(2); // not again for the retried run
    expect(loadGroups()[0]?.runs.map((r) => r.state)).toEqual(["sent", "sent"]);
  });

  it("without a repository to branch from, the runs share the chat's folder, and it says so", async () => {
    const { steps } = fakeSteps();
    dialog({ steps, place: new Error("This folder is not a git repository.") });
    await screen.findByText(
      "No worktrees here (This folder is not a git repository), so the runs share this chat's folder and may write over each other's files.",
    );
    const isolate = screen.getByRole("checkbox", { name: /worktree of its own/ }) as HTMLInputElement;
    expect(isolate.disabled).toBe(true);
    expect(isolate.checked).toBe(false);
    fireEvent.click(box("o3"));
    start();
    await waitFor(() => expect(steps.send).toHaveBeenCalledTimes(2));
    expect(steps.addWorktree).not.toHaveBeenCalled();
    expect(steps.createSession).toHaveBeenCalledWith("/code/app", "Make the parser stream · o3", expect.any(String));
  });

  it("puts the keyboard on the runs' progress once started, where Escape still closes the dialog", async () => {
    const { closed } = dialog();
    fireEvent.click(box("o3"));
    await screen.findByText(/Each branch starts from the last commit of main/);
    start();
    const progress = await screen.findByText(/Each model works on “Make the parser stream”/);
    expect(document.activeElement).toBe(progress);
    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(closed).toHaveBeenCalledWith(null); // started: nothing goes back to the box
  });

  it("while git is still asked, worktrees can be turned off and the runs start in the chat's folder", async () => {
    const { steps } = fakeSteps();
    render(
      <MultiRunDialog
        prompt="Explain the cache"
        models={models}
        model="openai/gpt-4.1"
        from={{ sessionId: "ses-from", directory: "/code/app" }}
        agent={null}
        gitPlace={() => new Promise(() => undefined)}
        steps={steps}
        onOpen={() => undefined}
        onStarted={() => undefined}
        onClose={() => undefined}
        now={() => (clock += 1_000)}
      />,
    );
    expect(screen.getByText("Asking git where the runs would start…")).toBeTruthy();
    fireEvent.click(box("o3"));
    fireEvent.click(screen.getByRole("checkbox", { name: /worktree of its own/ }));
    start();
    await waitFor(() => expect(steps.send).toHaveBeenCalledTimes(2));
    expect(steps.addWorktree).not.toHaveBeenCalled();
  });

  it("refuses an empty task, and a task edited here goes back to the box when closed unsent", () => {
    const { closed, started } = dialog({ prompt: "  " });
    fireEvent.click(box("o3"));
    start();
    expect(screen.getByRole("alert").textContent).toBe("Write the task first: every model gets the same one.");
    expect(started).not.toHaveBeenCalled();
    fireEvent.change(screen.getByRole("textbox", { name: "Task" }), { target: { value: "Explain the cache" } });
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    expect(closed).toHaveBeenCalledWith("Explain the cache");
  });

  it("takes at most five models", () => {
    dialog();
    for (const name of ["o3", "o4-mini", "Claude Sonnet 4.5", "Claude Opus 4.1"]) fireEvent.click(box(name));
    expect(screen.getByText("Models (5 of up to 5)")).toBeTruthy();
    expect((box("Claude Haiku 4.5") as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(box("o3"));
    expect((box("Claude Haiku 4.5") as HTMLInputElement).disabled).toBe(false);
  });
});

describe("a run's Session tab", () => {
  it("lists the task's other runs to open, and offers again a run a closed window left unsent", () => {
    saveGroup({
      id: "g1",
      title: "Make the parser stream",
      prompt: "Make the parser stream",
      createdAt: 1,
      from: { sessionId: "ses-from", directory: "/code/app" },
      agent: null,
      runs: [
        {
          model: { providerID: "openai", modelID: "gpt-4.1" },
          label: "GPT-4.1",
          branch: "try/a/gpt",
          sessionId: "ses-0",
          projectId: "p0",
          path: "/w/0",
          state: "sent",
        },
        {
          model: { providerID: "openai", modelID: "o3" },
          label: "o3",
          branch: "try/a/o3",
          sessionId: "ses-1",
          projectId: "p1",
          path: "/w/1",
          state: "sent",
        },
        {
          model: { providerID: "openai", modelID: "o4-mini" },
          label: "o4-mini",
          branch: "try/a/o4",
          path: "/w/2",
          state: "chat",
        },
      ],
    });
    const opened: Run[] = [];
    render(<TaskRuns sessionId="ses-0" onOpen={(run) => opened.push(run)} />);
    expect(screen.getByText("One task, 3 models")).toBeTruthy();
    const rows = within(screen.getByRole("list", { name: "Runs of Make the parser stream" })).getAllByRole("listitem");
    expect(rows[0]?.textContent).toContain("GPT-4.1 (this chat)");
    expect(within(rows[0]!).queryByRole("button")).toBeNull();
    fireEvent.click(within(rows[1]!).getByRole("button", { name: "Open the run of o3" }));
    expect(opened.map((r) => r.sessionId)).toEqual(["ses-1"]);
    expect(rows[2]?.textContent).toContain("Stopped before it was sent (the window closed): try again.");
    expect(within(rows[2]!).getByRole("button", { name: "Try the run of o4-mini again" })).toBeTruthy();
  });

  it("lists a task in the chat it was started from too", () => {
    saveGroup({
      id: "g2",
      title: "Explain the cache",
      prompt: "Explain the cache",
      createdAt: 2,
      from: { sessionId: "ses-from", directory: "/code/app" },
      agent: null,
      runs: [
        {
          model: { providerID: "openai", modelID: "o3" },
          label: "o3",
          branch: null,
          sessionId: "ses-9",
          state: "sent",
        },
      ],
    });
    render(<TaskRuns sessionId="ses-from" onOpen={() => undefined} />);
    const section = screen.getByRole("region", { name: "The runs of Explain the cache" });
    expect(section.textContent).toContain("“Explain the cache” was started from this chat.");
    expect(within(section).getByRole("button", { name: "Open the run of o3" })).toBeTruthy();
  });

  it("a run another window is starting is not offered again while that window lives", () => {
    const mid = (owner: string) => ({
      id: `g-${owner}`,
      title: `Task of ${owner}`,
      prompt: "p",
      createdAt: 3,
      from: { sessionId: "ses-from", directory: "/code/app" },
      agent: null,
      runs: [
        {
          model: { providerID: "openai", modelID: "o3" },
          label: "o3",
          branch: "try/x/1-o3",
          path: "/w",
          state: "chat" as const,
          owner,
        },
      ],
    });
    localStorage.setItem("turnkey.run-heartbeat.w-alive", String(Date.now()));
    localStorage.setItem("turnkey.run-heartbeat.w-gone", String(Date.now() - 120_000));
    saveGroup(mid("w-gone"));
    saveGroup(mid("w-alive"));
    render(<TaskRuns sessionId="ses-from" onOpen={() => undefined} />);
    const alive = screen.getByRole("region", { name: "The runs of Task of w-alive" });
    expect(alive.textContent).toContain("Starting its chat…");
    expect(within(alive).queryByRole("button", { name: /^Try the run/ })).toBeNull();
    const gone = screen.getByRole("region", { name: "The runs of Task of w-gone" });
    expect(gone.textContent).toContain("Stopped before it was sent (the window closed): try again.");
    expect(within(gone).getByRole("button", { name: "Try the run of o3 again" })).toBeTruthy();
  });

  it("shows nothing in a chat that is no run", () => {
    const { container } = render(<TaskRuns sessionId="ses-other" onOpen={() => undefined} />);
    expect(container.textContent).toBe("");
  });
});
