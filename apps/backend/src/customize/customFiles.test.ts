// The agent, command and skill files as OpenCode reads them: found in both spellings of the folder
// and below, read into the form's settings with what OpenCode would refuse or skip said, and written
// back key by key (comments, unknown keys, line endings kept); a skill removed with its folder. The real opencode reads them in
// apps/backend/test/customize.test.ts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AgentSettings, type CommandSettings, CustomEntry, type SkillSettings } from "@turnkey/contracts";
import matter from "gray-matter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CustomFolders, listEntries, removeEntry, saveEntry } from "./customFiles.ts";
import { CustomizeError } from "./customizeError.ts";
import { matchSkills } from "./usedSkills.ts";

let root: string;
let folders: CustomFolders;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "custom files-"));
  const project = join(root, "project", ".opencode");
  folders = { project: [project], projectWrite: project, global: join(root, "global") };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function put(path: string, text: string): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const agent = (changes: Partial<AgentSettings> = {}): AgentSettings => ({
  description: "Reviews the diff",
  mode: "subagent",
  model: null,
  temperature: null,
  permission: { edit: "inherit", bash: "inherit", webfetch: "inherit" },
  prompt: "You review code.",
  ...changes,
});

const command = (changes: Partial<CommandSettings> = {}): CommandSettings => ({
  description: "",
  agent: null,
  model: null,
  subtask: false,
  template: "Say hello to $ARGUMENTS",
  ...changes,
});

/** What opencode 1.18.33 makes of a file: gray-matter (js-yaml 3 inside) reads its settings and prompt. */
function asOpencodeReads(text: string): { data: Record<string, unknown>; body: string } {
  const read = matter(text.replace(/^\uFEFF/, ""));
  return { data: read.data, body: read.content.trim() };
}

describe("listing", () => {
  it("finds agents in agent/ and agents/, global and project, names from the path, subfolders not editable", () => {
    put(join(folders.global, "agent", "helper.md"), "---\ndescription: Helps\nmode: primary\n---\nHelp.\n");
    put(join(folders.projectWrite as string, "agents", "reviewer.md"), "---\ndescription: Reviews\n---\nReview.\n");
    put(join(folders.projectWrite as string, "agents", "team", "lead.md"), "---\ndescription: Leads\n---\nLead.\n");
    put(join(folders.projectWrite as string, "agents", "notes.txt"), "not an agent");

    const entries = listEntries("agent", folders);
    expect(entries.map((e) => [e.name, e.scope, e.editable])).toEqual([
      ["helper", "global", true],
      ["reviewer", "project", true],
      ["team/lead", "project", false],
    ]);
    // A file naming no mode is "all", as opencode makes it.
    expect(entries[1]?.agent).toMatchObject({ description: "Reviews", mode: "all", prompt: "Review." });
  });

  it("shows a file OpenCode takes though the form would not save it (no description, an empty prompt)", () => {
    put(join(folders.global, "agents", "bare.md"), "---\nmode: primary\ntemperature: 3\n---\n");
    put(join(folders.global, "commands", "empty.md"), "");
    const entries = [...listEntries("agent", folders), ...listEntries("command", folders)];
    // The window's client checks every answer against the contract: one such file once failed the list.
    expect(
      CustomEntry.array()
        .parse(entries)
        .map((e) => [e.name, e.problem]),
    ).toEqual([
      ["bare", null],
      ["empty", null],
    ]);
    expect(entries[0]?.agent).toMatchObject({ description: "", temperature: 3, prompt: "" });
  });

  it("says what OpenCode would refuse instead of showing settings, file by file", () => {
    const base = folders.projectWrite as string;
    put(join(base, "agents", "badmode.md"), "---\nmode: weird\n---\nx\n");
    put(join(base, "agents", "badyaml.md"), "---\ndescription: [unclosed\n---\nx\n");
    put(join(base, "agents", "open.md"), "---\ndescription: no end\nx\n");
    put(join(base, "commands", "badsub.md"), "---\nsubtask: maybe\n---\nx\n");
    // Bare, js-yaml 3 reads 12:00 as the number 720, and OpenCode refuses a description that is no text.
    put(join(base, "commands", "clock.md"), "---\ndescription: 12:00\n---\nx\n");

    const problems = Object.fromEntries(
      [...listEntries("agent", folders), ...listEntries("command", folders)].map((e) => [e.name, e.problem]),
    );
    expect(problems.badmode).toContain('"mode" must be primary, subagent or all');
    expect(problems.badyaml).toContain("not valid YAML");
    expect(problems.open).toContain("no closing ---");
    expect(problems.badsub).toContain('"subtask" must be true or false');
    expect(problems.clock).toContain('"description" must be text');
    expect(listEntries("agent", folders).every((e) => e.agent === null)).toBe(true);
  });

  it("shows a rule it does not edit as kept, and lists the settings the form leaves alone", () => {
    put(
      join(folders.global, "agents", "careful.md"),
      "---\ndescription: Careful\ncolor: '#ff0000'\npermission:\n  edit: deny\n  bash:\n    'git *': allow\n  read: ask\n---\nBe careful.\n",
    );
    const [entry] = listEntries("agent", folders);
    expect(entry?.agent?.permission).toEqual({ edit: "deny", bash: "kept", webfetch: "inherit" });
    expect(entry?.kept).toEqual(["color", "permission.read"]);
  });
});

describe("saving", () => {
  it("creates a new agent in agents/ that opencode reads back as written", () => {
    const file = saveEntry(
      "agent",
      folders.global,
      "docs",
      agent({
        description: "Use when: docs need writing",
        model: "stub/stub-model",
        temperature: 0.3,
        permission: { edit: "allow", bash: "deny", webfetch: "inherit" },
        prompt: "---\nWrite docs.\n",
      }),
      true,
    );
    expect(file).toBe(join(folders.global, "agents", "docs.md"));
    const read = asOpencodeReads(readFileSync(file, "utf8"));
    expect(read.data).toEqual({
      description: "Use when: docs need writing",
      mode: "subagent",
      model: "stub/stub-model",
      temperature: 0.3,
      permission: { edit: "allow", bash: "deny" },
    });
    expect(read.body).toBe("---\nWrite docs.");
  });

  it("quotes text that js-yaml 3 would read as a number or a date, so OpenCode reads it back as text", () => {
    saveEntry("command", folders.global, "tricky", command(), true);
    for (const description of ["12:00", "1:30", "1_000", "2024-01-01", "0x1F", "~", "null", "true", "yes", "- item"]) {
      const file = saveEntry("command", folders.global, "tricky", command({ description, agent: "1_000" }), false);
      expect(asOpencodeReads(readFileSync(file, "utf8")).data).toEqual({ description, agent: "1_000" });
    }
  });

  it("puts a new one beside the user's others when they use the singular folder", () => {
    put(join(folders.global, "command", "old.md"), "---\n---\nOld\n");
    expect(saveEntry("command", folders.global, "new", command(), true)).toBe(
      join(folders.global, "command", "new.md"),
    );
  });

  it("changes only the form's keys: comments, unknown keys, CRLF and the byte order mark stay", () => {
    const file = put(
      join(folders.projectWrite as string, "agent", "reviewer.md"),
      "\uFEFF---\r\n# the team's reviewer\r\ndescription: Old\r\ncolor: '#00ff00'\r\nmodel: stub/old\r\npermission:\r\n  edit: deny\r\n  read: ask\r\n---\r\nOld prompt.\r\n",
    );
    saveEntry(
      "agent",
      folders.projectWrite as string,
      "reviewer",
      agent({ description: "New", model: null, permission: { edit: "inherit", bash: "ask", webfetch: "kept" } }),
      false,
    );
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("\uFEFF---\r\n# the team's reviewer\r\n")).toBe(true);
    expect(text.replaceAll("\r\n", "")).not.toContain("\n");
    const read = asOpencodeReads(text);
    expect(read.data).toEqual({
      description: "New",
      color: "#00ff00",
      mode: "subagent",
      permission: { read: "ask", bash: "ask" },
    });
    expect(read.body).toBe("You review code.");
  });

  it("refuses a name already there and a file it cannot read, leaving both as they were", () => {
    const base = folders.projectWrite as string;
    const taken = put(join(base, "commands", "taken.md"), "---\ndescription: mine\n---\nMine\n");
    const broken = put(join(base, "commands", "broken.md"), "---\nsubtask: [\n---\nx\n");
    const refusal = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        return error instanceof CustomizeError ? `${error.httpStatus} ${error.code}` : String(error);
      }
      return "written";
    };
    expect(refusal(() => saveEntry("command", base, "taken", command(), true))).toBe("409 already_exists");
    expect(refusal(() => saveEntry("command", base, "broken", command(), false))).toBe("409 custom_file_unreadable");
    expect(refusal(() => saveEntry("command", base, "missing", command(), false))).toBe("404 custom_not_found");
    expect(readFileSync(taken, "utf8")).toBe("---\ndescription: mine\n---\nMine\n");
    expect(readFileSync(broken, "utf8")).toBe("---\nsubtask: [\n---\nx\n");
  });

  it("does not write through a link that leads out of the folder, and lists its file as not changeable", () => {
    const base = folders.projectWrite as string;
    const outside = put(join(root, "home", ".bashrc.md"), "---\ndescription: mine\n---\nexport PATH\n");
    mkdirSync(join(base, "agents"), { recursive: true });
    symlinkSync(outside, join(base, "agents", "docs.md"));
    expect(listEntries("agent", folders).map((e) => [e.name, e.editable])).toEqual([["docs", false]]);
    expect(() => saveEntry("agent", base, "docs", agent(), false)).toThrow(/outside .*Nothing was changed/);
    // A whole subfolder linked out: a new file is not made there either.
    symlinkSync(join(root, "home"), join(base, "commands"));
    expect(() => saveEntry("command", base, "new", command(), true)).toThrow(/outside/);
    // Nor is a file removed through a linked folder; the planted link itself can go.
    put(join(root, "home", "notes.md"), "my notes");
    expect(() => removeEntry("command", base, "notes")).toThrow(/outside/);
    expect(readFileSync(join(root, "home", "notes.md"), "utf8")).toBe("my notes");
    removeEntry("agent", base, "docs");
    expect(readFileSync(outside, "utf8")).toBe("---\ndescription: mine\n---\nexport PATH\n");
  });

  it("refuses one tool's permission over a single rule for every tool", () => {
    const base = folders.projectWrite as string;
    const file = put(join(base, "agents", "open.md"), "---\ndescription: Open\npermission: allow\n---\nGo.\n");
    const all = { edit: "kept", bash: "kept", webfetch: "kept" } as const;
    expect(() => saveEntry("agent", base, "open", agent({ permission: { ...all, bash: "deny" } }), false)).toThrow(
      /one permission for every tool/,
    );
    expect(readFileSync(file, "utf8")).toContain("permission: allow");
    saveEntry("agent", base, "open", agent({ description: "Still open", permission: all }), false);
    expect(asOpencodeReads(readFileSync(file, "utf8")).data).toMatchObject({ permission: "allow" });
  });

  it("writes a command with no settings as an empty block, and subtask only when on", () => {
    const file = saveEntry("command", folders.global, "plain", command({ template: "---\nnot settings" }), true);
    expect(readFileSync(file, "utf8")).toBe("---\n---\n\n---\nnot settings\n");
    saveEntry("command", folders.global, "plain", command({ subtask: true, agent: "plan" }), false);
    expect(asOpencodeReads(readFileSync(file, "utf8")).data).toEqual({ agent: "plan", subtask: true });
    expect(removeEntry("command", folders.global, "plain")).toBe(file);
    expect(listEntries("command", folders)).toEqual([]);
  });
});

describe("skills", () => {
  const skill = (changes: Partial<SkillSettings> = {}): SkillSettings => ({
    description: "Use when writing release notes",
    instructions: "List the merged changes.",
    ...changes,
  });
  const skillText = (name: string) => `---\nname: ${name}\ndescription: ${name} things\n---\nDo ${name}.\n`;

  it("lists SKILL.md files by the name in them, says why OpenCode skips one, and changes only skills/<name>/SKILL.md", () => {
    const base = folders.projectWrite as string;
    put(join(base, "skills", "notes", "SKILL.md"), skillText("notes"));
    put(join(base, "skills", "notes", "scripts", "draft.sh"), "echo draft");
    put(join(base, "skills", "notes", "README.md"), "about");
    put(join(base, "skill", "old-style", "SKILL.md"), skillText("old-style"));
    put(join(base, "skills", "group", "deep", "SKILL.md"), skillText("deep"));
    put(join(base, "skills", "renamed", "SKILL.md"), skillText("other-name"));
    put(join(base, "skills", "nameless", "SKILL.md"), "---\ndescription: no name\n---\nx\n");
    put(join(base, "skills", "bare", "SKILL.md"), "just text\n");
    put(join(base, "skills", "broken", "SKILL.md"), "---\nname: broken\ndescription: [\n---\nx\n");
    put(join(folders.global, "skills", "Capitals", "SKILL.md"), skillText("Capitals"));

    const entries = listEntries("skill", folders);
    const shown = Object.fromEntries(entries.map((e) => [e.name, [e.scope, e.editable, e.problem !== null]]));
    expect(shown).toEqual({
      Capitals: ["global", false, false], // OpenCode takes it; the window writes only Agent Skills names
      "old-style": ["project", true, false],
      // Skipped ones can be removed (named by their folder), not edited.
      bare: ["project", true, true],
      broken: ["project", true, true],
      deep: ["project", false, false],
      nameless: ["project", true, true],
      notes: ["project", true, false],
      "other-name": ["project", false, false],
    });
    const problem = (name: string) => entries.find((e) => e.name === name)?.problem;
    expect(problem("nameless")).toMatch(/no name: .*skips it/);
    expect(problem("bare")).toMatch(/no settings at the top.*skips it/);
    expect(problem("broken")).toMatch(/not valid YAML[\s\S]*OpenCode skips it\.$/);
    expect(entries.find((e) => e.name === "notes")?.skill).toEqual({
      description: "notes things",
      instructions: "Do notes.",
      otherFiles: ["README.md", "scripts/draft.sh"],
      otherFileCount: 2,
    });
    for (const entry of entries) CustomEntry.parse(entry);
  });

  it("makes skills/<name>/SKILL.md that opencode reads back, and a change keeps what the form does not show", () => {
    const base = folders.projectWrite as string;
    const file = saveEntry("skill", base, "release-notes", skill(), true);
    expect(file).toBe(join(base, "skills", "release-notes", "SKILL.md"));
    expect(asOpencodeReads(readFileSync(file, "utf8"))).toEqual({
      data: { name: "release-notes", description: "Use when writing release notes" },
      body: "List the merged changes.",
    });
    expect(() => saveEntry("skill", base, "release-notes", skill(), true)).toThrow(/already a skill/);

    writeFileSync(
      file,
      "---\nname: release-notes\n# ours\nlicense: MIT\ndescription: old\nmetadata:\n  audience: team\n---\nOld.\n",
    );
    saveEntry("skill", base, "release-notes", skill({ description: "12:00 notes", instructions: "New." }), false);
    const text = readFileSync(file, "utf8");
    expect(text).toContain("# ours");
    expect(asOpencodeReads(text)).toEqual({
      data: { name: "release-notes", license: "MIT", description: "12:00 notes", metadata: { audience: "team" } },
      body: "New.",
    });
    expect(listEntries("skill", folders)[0]?.kept).toEqual(["license", "metadata"]);
  });

  it("removes a skill's whole folder, but never what a link inside it points to, nor a linked folder's files", () => {
    const base = folders.projectWrite as string;
    const outside = put(join(root, "home", "shared.md"), "keep me");
    put(join(base, "skills", "notes", "SKILL.md"), skillText("notes"));
    put(join(base, "skills", "notes", "scripts", "run.sh"), "echo");
    symlinkSync(outside, join(base, "skills", "notes", "shared.md"));
    expect(removeEntry("skill", base, "notes")).toBe(join(base, "skills", "notes"));
    expect(existsSync(join(base, "skills", "notes"))).toBe(false);
    expect(readFileSync(outside, "utf8")).toBe("keep me");

    // A skill folder linked in from elsewhere (a shared checkout) is listed, not changed or removed.
    put(join(root, "shared", "lint", "SKILL.md"), skillText("lint"));
    symlinkSync(join(root, "shared", "lint"), join(base, "skills", "lint"));
    expect(listEntries("skill", folders).map((e) => [e.name, e.editable])).toEqual([["lint", false]]);
    expect(() => removeEntry("skill", base, "lint")).toThrow(/outside/);
    expect(() => saveEntry("skill", base, "lint", skill(), false)).toThrow(/outside/);
    expect(readFileSync(join(root, "shared", "lint", "SKILL.md"), "utf8")).toBe(skillText("lint"));
  });

  it("says which skill OpenCode uses when two share a name, and lists the ones it reads from elsewhere", () => {
    const project = put(join(folders.projectWrite as string, "skills", "notes", "SKILL.md"), skillText("notes"));
    const global = put(join(folders.global, "skills", "notes", "SKILL.md"), skillText("notes"));
    const claude = join(root, "project", ".claude", "skills", "lint", "SKILL.md");
    const used = [
      { name: "notes", description: "notes things", location: project },
      { name: "lint", description: "Lints", location: claude },
      { name: "customize-opencode", location: "<built-in>" },
    ];
    const { skills, otherSkills } = matchSkills(listEntries("skill", folders), used);
    expect(skills.map((e) => [e.file, e.problem])).toEqual([
      [global, `OpenCode uses the skill of the same name in ${project} instead, so it skips this one.`],
      [project, null],
    ]);
    expect(otherSkills).toEqual([
      { name: "lint", description: "Lints", location: claude },
      { name: "customize-opencode", description: "", location: "<built-in>" },
    ]);
  });
});
