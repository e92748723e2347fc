// @vitest-environment happy-dom
// The agents, commands and skills section: the summary, OpenCode's refusal of the project's config first,
// a refused file's sentence, a file in a subfolder shown as not changeable here; making an agent
// sends what was typed (the temperature as a number, the model chosen) and has the pickers read
// again; a refused save keeps the form and what was typed; Remove asks before deleting the file, and
// before a skill's folder names the files that go with it; a skill OpenCode skips says why.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { AgentSettings, CustomEntry, CustomizeResponse } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fake } from "../testHarness.tsx";
import { CustomizePanel, customSummary } from "./CustomizePanel.tsx";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());

type Mock = ReturnType<typeof vi.fn>;
const api = fake.api as typeof fake.api & { saveAgent: Mock; saveCommand: Mock; saveSkill: Mock; removeCustom: Mock };

const settings: AgentSettings = {
  description: "Reviews the diff",
  mode: "subagent",
  model: null,
  temperature: null,
  permission: { edit: "deny", bash: "kept", webfetch: "inherit" },
  prompt: "You review code.",
};
const entry = (name: string, extra: Partial<CustomEntry> = {}): CustomEntry => ({
  name,
  scope: "project",
  file: `/p/.opencode/agents/${name}.md`,
  agent: settings,
  command: null,
  skill: null,
  kept: [],
  problem: null,
  editable: true,
  ...extra,
});
const list = (extra: Partial<CustomizeResponse> = {}): CustomizeResponse => ({
  agents: [],
  commands: [],
  skills: [],
  otherSkills: [],
  folders: { project: "/p/.opencode", global: "/home/u/.config/opencode" },
  inConfig: [],
  opencodeProblem: null,
  ...extra,
});
const skill = (name: string, extra: Partial<CustomEntry> = {}): CustomEntry =>
  entry(name, {
    file: `/p/.opencode/skills/${name}/SKILL.md`,
    agent: null,
    skill: { description: "Use for release notes", instructions: "List changes.", otherFiles: [], otherFileCount: 0 },
    ...extra,
  });
const choices = { models: [{ value: "stub/fast", label: "Stub · Fast" }], agents: ["build", "plan"] };

beforeEach(() => {
  fake.reset();
  api.saveAgent = vi.fn();
  api.saveCommand = vi.fn();
  api.removeCustom = vi.fn();
});
afterEach(cleanup);

const open = async (response: CustomizeResponse, onChanged = vi.fn()) => {
  fake.api.customizations.mockResolvedValueOnce(response);
  const view = render(<CustomizePanel sessionID="ses_1" live choices={choices} onChanged={onChanged} />);
  fireEvent.click(await screen.findByText("Agents, commands and skills"));
  return view;
};

describe("the agents and commands section", () => {
  it("counts the user's own and says when OpenCode refuses one", () => {
    expect(customSummary(list())).toBe("none of your own");
    expect(customSummary(list({ agents: [entry("a"), entry("b", { problem: "bad" })], commands: [entry("c")] }))).toBe(
      "2 agents · 1 command · 0 skills · OpenCode refuses one",
    );
    expect(customSummary(list({ skills: [skill("notes"), skill("x", { problem: "no name" })] }))).toBe(
      "0 agents · 0 commands · 2 skills · OpenCode skips 1",
    );
  });

  it("puts OpenCode's refusal first, then each file's problem, and a subfolder's file as not changeable here", async () => {
    await open(
      list({
        opencodeProblem: "OpenCode cannot load this project's settings because it refuses /p/.opencode/agents/bad.md.",
        agents: [
          entry("bad", { agent: null, problem: '"mode" must be primary, subagent or all.' }),
          entry("team/lead", { editable: false }),
        ],
      }),
    );
    expect(screen.getByRole("alert").textContent).toContain("it refuses /p/.opencode/agents/bad.md");
    const bad = screen.getByRole("listitem", { name: "@bad" });
    expect(bad.textContent).toContain('OpenCode refuses /p/.opencode/agents/bad.md: "mode" must be primary');
    // A file OpenCode refuses cannot be shown in the form: it can be removed.
    expect(within(bad).queryByRole("button", { name: "Edit @bad" })).toBeNull();
    expect(within(bad).getByRole("button", { name: "Remove @bad" })).toBeTruthy();
    const lead = screen.getByRole("listitem", { name: "@team/lead" });
    expect(lead.textContent).toContain("change it there");
    expect(within(lead).queryByRole("button")).toBeNull();
  });

  it("makes an agent with what was typed, then has the pickers read again", async () => {
    const onChanged = vi.fn();
    await open(list(), onChanged);
    api.saveAgent.mockResolvedValueOnce(list({ agents: [entry("docs")] }));
    fireEvent.click(screen.getByRole("button", { name: "Make an agent" }));
    const form = screen.getByRole("form", { name: "Make an agent" });
    fireEvent.change(within(form).getByLabelText(/^Name/), { target: { value: "docs" } });
    fireEvent.change(within(form).getByLabelText(/^What it is for/), { target: { value: "Writes docs" } });
    fireEvent.change(within(form).getByLabelText("Model"), { target: { value: "stub/fast" } });
    fireEvent.change(within(form).getByLabelText("Temperature"), { target: { value: "0.5" } });
    fireEvent.change(within(form).getByLabelText("Run commands"), { target: { value: "deny" } });
    fireEvent.change(within(form).getByLabelText("Instructions"), { target: { value: "Write the docs." } });
    fireEvent.click(within(form).getByLabelText(/^Every project/));
    fireEvent.click(within(form).getByRole("button", { name: "Make agent" }));

    // onChanged is called beside the answer's list and the form's closing, before React draws them.
    expect(await screen.findByRole("listitem", { name: "@docs" })).toBeTruthy();
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(api.saveAgent).toHaveBeenCalledWith("ses_1", "docs", {
      scope: "global",
      create: true,
      settings: {
        description: "Writes docs",
        mode: "subagent",
        model: "stub/fast",
        temperature: 0.5,
        permission: { edit: "inherit", bash: "deny", webfetch: "inherit" },
        prompt: "Write the docs.",
      },
    });
    expect(screen.queryByRole("form")).toBeNull();
    expect(screen.getByRole("listitem", { name: "@docs" })).toBeTruthy();
  });

  it("keeps the form and what was typed when the save is refused", async () => {
    const onChanged = vi.fn();
    await open(
      list({
        commands: [
          entry("hello", {
            agent: null,
            command: { description: "", agent: "plan", model: "gone/model", subtask: true, template: "Hi $ARGUMENTS" },
          }),
        ],
      }),
      onChanged,
    );
    api.saveCommand.mockRejectedValueOnce(new Error("A reply is running in this project. Nothing was changed."));
    fireEvent.click(screen.getByRole("button", { name: "Edit /hello" }));
    const form = screen.getByRole("form", { name: "Change command hello" });
    // The model the file names stays choosable although the project no longer offers it.
    expect((within(form).getByLabelText("Model") as HTMLSelectElement).value).toBe("gone/model");
    fireEvent.change(within(form).getByLabelText(/^Text sent/), { target: { value: "Hello $ARGUMENTS" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));

    expect((await within(form).findByRole("alert")).textContent).toBe(
      "A reply is running in this project. Nothing was changed.",
    );
    expect((within(form).getByLabelText(/^Text sent/) as HTMLTextAreaElement).value).toBe("Hello $ARGUMENTS");
    expect(api.saveCommand).toHaveBeenCalledWith("ses_1", "hello", {
      scope: "project",
      create: false,
      settings: { description: "", agent: "plan", model: "gone/model", subtask: true, template: "Hello $ARGUMENTS" },
    });
    expect(onChanged).not.toHaveBeenCalled();
  });

  it("keeps the open section and its list while OpenCode is down, with the changes held", async () => {
    fake.api.customizations.mockResolvedValueOnce(list({ agents: [entry("docs")] }));
    const props = { sessionID: "ses_1", choices, onChanged: vi.fn() };
    const view = render(<CustomizePanel {...props} live />);
    fireEvent.click(await screen.findByText("Agents, commands and skills"));
    view.rerender(<CustomizePanel {...props} live={false} />);
    expect(screen.getByText("OpenCode is not running: changes wait until it is.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Edit @docs" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole("button", { name: "Make an agent" }) as HTMLButtonElement).disabled).toBe(true);
    // Back: read again, the section still open.
    fake.api.customizations.mockResolvedValueOnce(list({ agents: [entry("docs"), entry("more")] }));
    view.rerender(<CustomizePanel {...props} live />);
    expect(await screen.findByRole("listitem", { name: "@more" })).toBeTruthy();
    expect(view.container.querySelector("details")?.open).toBe(true);
  });

  it("asks before deleting a file, and deletes it only on the second click", async () => {
    await open(list({ agents: [entry("docs")] }));
    api.removeCustom.mockResolvedValueOnce(list());
    fireEvent.click(screen.getByRole("button", { name: "Remove @docs" }));
    expect(api.removeCustom).not.toHaveBeenCalled();
    const confirm = screen.getByRole("group", { name: "Remove @docs" });
    expect(confirm.textContent).toContain("Delete /p/.opencode/agents/docs.md?");
    fireEvent.click(within(confirm).getByRole("button", { name: "Delete it" }));
    await waitFor(() => expect(api.removeCustom).toHaveBeenCalledWith("ses_1", "agent", "docs", "project"));
    expect(await screen.findByText("No agent of your own yet.")).toBeTruthy();
  });

  it("makes a skill from its name, when to use it and its instructions, and lists the skills OpenCode reads elsewhere", async () => {
    const onChanged = vi.fn();
    await open(
      list({
        skills: [skill("shadowed", { problem: "OpenCode uses the skill of the same name in /p/x instead." })],
        otherSkills: [
          { name: "lint", description: "Lints", location: "/p/.claude/skills/lint/SKILL.md" },
          { name: "customize-opencode", description: "", location: "<built-in>" },
        ],
      }),
      onChanged,
    );
    expect(screen.getByRole("listitem", { name: "shadowed" }).textContent).toContain(
      "/p/.opencode/skills/shadowed/SKILL.md: OpenCode uses the skill of the same name in /p/x instead.",
    );
    expect(screen.getByText(/OpenCode also uses/).textContent).toBe(
      "OpenCode also uses (change them where they are): lint (/p/.claude/skills/lint/SKILL.md); customize-opencode (its own).",
    );
    api.saveSkill = vi.fn().mockResolvedValueOnce(list({ skills: [skill("release-notes")] }));
    fireEvent.click(screen.getByRole("button", { name: "Make a skill" }));
    const form = screen.getByRole("form", { name: "Make a skill" });
    fireEvent.change(within(form).getByLabelText(/^Name/), { target: { value: "release-notes" } });
    fireEvent.change(within(form).getByLabelText(/^When to use it/), { target: { value: "Use for release notes" } });
    fireEvent.change(within(form).getByLabelText("Instructions"), { target: { value: "List changes." } });
    fireEvent.click(within(form).getByRole("button", { name: "Make skill" }));
    expect(await screen.findByRole("listitem", { name: "release-notes" })).toBeTruthy();
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(api.saveSkill).toHaveBeenCalledWith("ses_1", "release-notes", {
      scope: "project",
      create: true,
      settings: { description: "Use for release notes", instructions: "List changes." },
    });
    expect(screen.getByRole("listitem", { name: "release-notes" })).toBeTruthy();
  });

  it("edits a skill's instructions, saying its other files stay, without sending the file list", async () => {
    const scripts = { otherFiles: ["README.md", "scripts/run.sh"], otherFileCount: 12 };
    await open(list({ skills: [skill("notes", { skill: { ...skill("notes").skill!, ...scripts } })] }));
    api.saveSkill = vi.fn().mockResolvedValueOnce(list({ skills: [skill("notes")] }));
    fireEvent.click(screen.getByRole("button", { name: "Edit notes" }));
    const form = screen.getByRole("form", { name: "Change skill notes" });
    expect(form.textContent).toContain("The skill's other files stay as they are: README.md, scripts/run.sh…");
    fireEvent.change(within(form).getByLabelText("Instructions"), { target: { value: "List every change." } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(api.saveSkill).toHaveBeenCalledWith("ses_1", "notes", {
        scope: "project",
        create: false,
        settings: { description: "Use for release notes", instructions: "List every change." },
      }),
    );
  });

  it("names each of two rows of one name by where it is kept, and asks about a folder holding only SKILL.md", async () => {
    const global = skill("notes", { scope: "global", file: "/home/u/.config/opencode/skills/notes/SKILL.md" });
    await open(list({ skills: [global, skill("notes")] }));
    expect(screen.getByRole("listitem", { name: "notes (every project)" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Remove notes (this project)" }));
    expect(screen.getByRole("group", { name: "Remove notes (this project)" }).textContent).toContain(
      "Delete the folder /p/.opencode/skills/notes (only SKILL.md is in it)?",
    );
  });

  it("asks before deleting a skill's folder, naming the files that go with it", async () => {
    const scripts = { otherFiles: ["README.md", "scripts/run.sh"], otherFileCount: 12 };
    await open(list({ skills: [skill("notes", { skill: { ...skill("notes").skill!, ...scripts } })] }));
    api.removeCustom.mockResolvedValueOnce(list());
    fireEvent.click(screen.getByRole("button", { name: "Remove notes" }));
    const confirm = screen.getByRole("group", { name: "Remove notes" });
    expect(confirm.textContent).toContain(
      "Delete the folder /p/.opencode/skills/notes, with SKILL.md and 12 other files (README.md, scripts/run.sh and 10 more)?",
    );
    fireEvent.click(within(confirm).getByRole("button", { name: "Delete it" }));
    await waitFor(() => expect(api.removeCustom).toHaveBeenCalledWith("ses_1", "skill", "notes", "project"));
  });
});
