// The agent and command files as OpenCode reads them: found in both spellings of the folder and
// below, read into the form's settings with what OpenCode would refuse said, and written back key by
// key (comments, unknown keys, line endings kept). Skills: skillFiles.test.ts. The real opencode
// reads them in apps/backend/test/customize.test.ts.
import { mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { type AgentSettings, type CommandSettings, CustomEntry } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { listEntries, removeEntry, saveEntry } from "./customFiles.ts";
import { CustomizeError } from "./customizeError.ts";
import { asOpencodeReads, customFolders, put } from "./customTestFolders.ts";

const made = customFolders();

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

describe("listing", () => {
  it("finds agents in agent/ and agents/, global and project, names from the path, subfolders not editable", () => {
    put(join(made.folders.global, "agent", "helper.md"), "---\ndescription: Helps\nmode: primary\n---\nHelp.\n");
    put(
      join(made.folders.projectWrite as string, "agents", "reviewer.md"),
      "---\ndescription: Reviews\n---\nReview.\n",
    );
    put(
      join(made.folders.projectWrite as string, "agents", "team", "lead.md"),
      "---\ndescription: Leads\n---\nLead.\n",
    );
    put(join(made.folders.projectWrite as string, "agents", "notes.txt"), "not an agent");

    const entries = listEntries("agent", made.folders);
    expect(entries.map((e) => [e.name, e.scope, e.editable])).toEqual([
      ["helper", "global", true],
      ["reviewer", "project", true],
      ["team/lead", "project", false],
    ]);
    // A file naming no mode is "all", as opencode makes it.
    expect(entries[1]?.agent).toMatchObject({ description: "Reviews", mode: "all", prompt: "Review." });
  });

  it("shows a file OpenCode takes though the form would not save it (no description, an empty prompt)", () => {
    put(join(made.folders.global, "agents", "bare.md"), "---\nmode: primary\ntemperature: 3\n---\n");
    put(join(made.folders.global, "commands", "empty.md"), "");
    const entries = [...listEntries("agent", made.folders), ...listEntries("command", made.folders)];
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
    const base = made.folders.projectWrite as string;
    put(join(base, "agents", "badmode.md"), "---\nmode: weird\n---\nx\n");
    put(join(base, "agents", "badyaml.md"), "---\ndescription: [unclosed\n---\nx\n");
    put(join(base, "agents", "open.md"), "---\ndescription: no end\nx\n");
    put(join(base, "commands", "badsub.md"), "---\nsubtask: maybe\n---\nx\n");
    // Bare, js-yaml 3 reads 12:00 as the number 720, and OpenCode refuses a description that is no text.
    put(join(base, "commands", "clock.md"), "---\ndescription: 12:00\n---\nx\n");

    const problems = Object.fromEntries(
      [...listEntries("agent", made.folders), ...listEntries("command", made.folders)].map((e) => [e.name, e.problem]),
    );
    expect(problems.badmode).toContain('"mode" must be primary, subagent or all');
    expect(problems.badyaml).toContain("not valid YAML");
    expect(problems.open).toContain("no closing ---");
    expect(problems.badsub).toContain('"subtask" must be true or false');
    expect(problems.clock).toContain('"description" must be text');
    expect(listEntries("agent", made.folders).every((e) => e.agent === null)).toBe(true);
  });

  it("shows a rule it does not edit as kept, and lists the settings the form leaves alone", () => {
    put(
      join(made.folders.global, "agents", "careful.md"),
      "---\ndescription: Careful\ncolor: '#ff0000'\npermission:\n  edit: deny\n  bash:\n    'git *': allow\n  read: ask\n---\nBe careful.\n",
    );
    const [entry] = listEntries("agent", made.folders);
    expect(entry?.agent?.permission).toEqual({ edit: "deny", bash: "kept", webfetch: "inherit" });
    expect(entry?.kept).toEqual(["color", "permission.read"]);
  });
});

describe("saving", () => {
  it("creates a new agent in agents/ that opencode reads back as written", () => {
    const file = saveEntry(
      "agent",
      made.folders.global,
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
    expect(file).toBe(join(made.folders.global, "agents", "docs.md"));
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
    saveEntry("command", made.folders.global, "tricky", command(), true);
    for (const description of ["12:00", "1:30", "1_000", "2024-01-01", "0x1F", "~", "null", "true", "yes", "- item"]) {
      const file = saveEntry("command", made.folders.global, "tricky", command({ description, agent: "1_000" }), false);
      expect(asOpencodeReads(readFileSync(file, "utf8")).data).toEqual({ description, agent: "1_000" });
    }
  });

  it("puts a new one beside the user's others when they use the singular folder", () => {
    put(join(made.folders.global, "command", "old.md"), "---\n---\nOld\n");
    expect(saveEntry("command", made.folders.global, "new", command(), true)).toBe(
      join(made.folders.global, "command", "new.md"),
    );
  });

  it("changes only the form's keys: comments, unknown keys, CRLF and the byte order mark stay", () => {
    const file = put(
      join(made.folders.projectWrite as string, "agent", "reviewer.md"),
      "\uFEFF---\r\n# the team's reviewer\r\ndescription: Old\r\ncolor: '#00ff00'\r\nmodel: stub/old\r\npermission:\r\n  edit: deny\r\n  read: ask\r\n---\r\nOld prompt.\r\n",
    );
    saveEntry(
      "agent",
      made.folders.projectWrite as string,
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
    const base = made.folders.projectWrite as string;
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
    const base = made.folders.projectWrite as string;
    const outside = put(join(made.root, "home", ".bashrc.md"), "---\ndescription: mine\n---\nexport PATH\n");
    mkdirSync(join(base, "agents"), { recursive: true });
    symlinkSync(outside, join(base, "agents", "docs.md"));
    expect(listEntries("agent", made.folders).map((e) => [e.name, e.editable])).toEqual([["docs", false]]);
    expect(() => saveEntry("agent", base, "docs", agent(), false)).toThrow(/outside .*Nothing was changed/);
    // A whole subfolder linked out: a new file is not made there either.
    symlinkSync(join(made.root, "home"), join(base, "commands"));
    expect(() => saveEntry("command", base, "new", command(), true)).toThrow(/outside/);
    // Nor is a file removed through a linked folder; the planted link itself can go.
    put(join(made.root, "home", "notes.md"), "my notes");
    expect(() => removeEntry("command", base, "notes")).toThrow(/outside/);
    expect(readFileSync(join(made.root, "home", "notes.md"), "utf8")).toBe("my notes");
    removeEntry("agent", base, "docs");
    expect(readFileSync(outside, "utf8")).toBe("---\ndescription: mine\n---\nexport PATH\n");
  });

  it("refuses one tool's permission over a single rule for every tool", () => {
    const base = made.folders.projectWrite as string;
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
    const file = saveEntry("command", made.folders.global, "plain", command({ template: "---\nnot settings" }), true);
    expect(readFileSync(file, "utf8")).toBe("---\n---\n\n---\nnot settings\n");
    saveEntry("command", made.folders.global, "plain", command({ subtask: true, agent: "plan" }), false);
    expect(asOpencodeReads(readFileSync(file, "utf8")).data).toEqual({ agent: "plan", subtask: true });
    expect(removeEntry("command", made.folders.global, "plain")).toBe(file);
    expect(listEntries("command", made.folders)).toEqual([]);
  });
});
