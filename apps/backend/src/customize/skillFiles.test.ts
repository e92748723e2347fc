// Skills as OpenCode reads them (SKILL.md in a folder of its own under skills/ or skill/): listed by
// the name in the file with why OpenCode skips one, made and changed keeping what the form does not
// show, removed with their folder but never through a link or with another skill inside, and matched
// against the skills OpenCode says it uses. The real opencode reads them in
// apps/backend/test/customize.test.ts.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CustomEntry, type SkillSettings } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { listEntries, removeEntry, saveEntry } from "./customFiles.ts";
import { asOpencodeReads, customFolders, put } from "./customTestFolders.ts";
import { matchSkills, usedSkillsFrom } from "./usedSkills.ts";

const made = customFolders();
const skillText = (name: string) => `---\nname: ${name}\ndescription: ${name} things\n---\nDo ${name}.\n`;

describe("skills", () => {
  const skill = (changes: Partial<SkillSettings> = {}): SkillSettings => ({
    description: "Use when writing release notes",
    instructions: "List the merged changes.",
    ...changes,
  });

  it("lists SKILL.md files by the name in them, says why OpenCode skips one, and offers to change only skills/<name>/SKILL.md", () => {
    const base = made.folders.projectWrite as string;
    put(join(base, "skills", "notes", "SKILL.md"), skillText("notes"));
    put(join(base, "skills", "notes", "scripts", "draft.sh"), "echo draft");
    put(join(base, "skills", "notes", "README.md"), "about");
    put(join(base, "skill", "old-style", "SKILL.md"), skillText("old-style"));
    put(join(base, "skills", "group", "deep", "SKILL.md"), skillText("deep"));
    put(join(base, "skills", "renamed", "SKILL.md"), skillText("other-name"));
    put(join(base, "skills", "nameless", "SKILL.md"), "---\ndescription: no name\n---\nx\n");
    put(join(base, "skills", "bare", "SKILL.md"), "just text\n");
    put(join(base, "skills", "broken", "SKILL.md"), "---\nname: broken\ndescription: [\n---\nx\n");
    put(join(made.folders.global, "skills", "Capitals", "SKILL.md"), skillText("Capitals"));

    const entries = listEntries("skill", made.folders);
    expect(entries.map((e) => [e.name, e.scope, e.editable, e.problem !== null])).toEqual([
      ["Capitals", "global", false, false], // OpenCode takes it; the window writes only Agent Skills names
      // Skipped ones can be removed (named by their folder), not edited.
      ["bare", "project", true, true],
      ["broken", "project", true, true],
      ["deep", "project", false, false],
      ["nameless", "project", true, true],
      ["notes", "project", true, false],
      ["other-name", "project", false, false],
      ["old-style", "project", true, false],
    ]);
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

  it("changes or removes only the file a name leads back to, never another skill in its place", () => {
    const base = made.folders.projectWrite as string;
    // skills/foo names itself bar; skill/foo is the real foo (review 27, H1).
    const bar = put(join(base, "skills", "foo", "SKILL.md"), skillText("bar"));
    put(join(base, "skills", "foo", "scripts", "run.sh"), "echo");
    const foo = put(join(base, "skill", "foo", "SKILL.md"), skillText("foo"));
    expect(listEntries("skill", made.folders).map((e) => [e.name, e.file, e.editable])).toEqual([
      ["bar", bar, false],
      ["foo", foo, false],
    ]);
    expect(() => saveEntry("skill", base, "foo", skill(), false)).toThrow(/names its skill "bar", not "foo"/);
    expect(() => removeEntry("skill", base, "foo")).toThrow(/names its skill "bar"/);
    expect(readFileSync(bar, "utf8")).toBe(skillText("bar"));
    expect(existsSync(join(base, "skills", "foo", "scripts", "run.sh"))).toBe(true);
    // The same for agents: agents/x.md is the one a save of "x" writes, so agent/x.md is not offered.
    put(join(base, "agents", "x.md"), "---\ndescription: plural\n---\nA\n");
    put(join(base, "agent", "x.md"), "---\ndescription: singular\n---\nB\n");
    expect(listEntries("agent", made.folders).map((e) => [e.file.slice(base.length), e.editable])).toEqual([
      ["/agents/x.md", true],
      ["/agent/x.md", false],
    ]);
  });

  it("reads each folder once however links lead back to it, and makes no folder through a linked skills/", () => {
    const base = made.folders.projectWrite as string;
    put(join(base, "agents", "a.md"), "---\ndescription: A\n---\nA\n");
    for (const name of ["loop1", "loop2", "loop3", "loop4", "loop5", "loop6", "loop7", "loop8"])
      symlinkSync(".", join(base, "agents", name));
    // Without the made.folders counted once this read 8^6 made.folders and listed loop1/a, loop1/loop1/a…
    expect(listEntries("agent", made.folders).map((e) => e.name)).toEqual(["a"]);

    mkdirSync(join(made.root, "elsewhere"));
    symlinkSync(join(made.root, "elsewhere"), join(base, "skills"));
    expect(() => saveEntry("skill", base, "new-one", skill(), true)).toThrow(/outside/);
    expect(existsSync(join(made.root, "elsewhere", "new-one"))).toBe(false); // review 27, M1
  });

  it("makes skills/<name>/SKILL.md that opencode reads back, and a change keeps what the form does not show", () => {
    const base = made.folders.projectWrite as string;
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
    expect(listEntries("skill", made.folders)[0]?.kept).toEqual(["license", "metadata"]);
  });

  it("removes a skill's whole folder, but never what a link inside it points to, nor a linked folder's files", () => {
    const base = made.folders.projectWrite as string;
    const outside = put(join(made.root, "home", "shared.md"), "keep me");
    put(join(made.root, "home", "data", "precious.txt"), "mine");
    put(join(base, "skills", "notes", "SKILL.md"), skillText("notes"));
    put(join(base, "skills", "notes", "scripts", "run.sh"), "echo");
    symlinkSync(outside, join(base, "skills", "notes", "shared.md"));
    symlinkSync(join(made.root, "home", "data"), join(base, "skills", "notes", "data"));
    // The question names the links as links: what they point to is not deleted.
    expect(listEntries("skill", made.folders)[0]?.skill?.otherFiles).toEqual([
      "data (a link)",
      "scripts/run.sh",
      "shared.md (a link)",
    ]);
    expect(removeEntry("skill", base, "notes")).toBe(join(base, "skills", "notes"));
    expect(existsSync(join(base, "skills", "notes"))).toBe(false);
    expect(readFileSync(outside, "utf8")).toBe("keep me");
    expect(readFileSync(join(made.root, "home", "data", "precious.txt"), "utf8")).toBe("mine");

    // A skill kept inside another's folder is not removed with it (review 27, M2).
    put(join(base, "skills", "outer", "SKILL.md"), skillText("outer"));
    put(join(base, "skills", "outer", "inner", "SKILL.md"), skillText("inner"));
    expect(() => removeEntry("skill", base, "outer")).toThrow(/holds another skill \(inner\/SKILL.md\)/);
    expect(existsSync(join(base, "skills", "outer", "inner", "SKILL.md"))).toBe(true);

    // A skill folder linked in from elsewhere (a shared checkout) is listed, not changed or removed.
    put(join(made.root, "shared", "lint", "SKILL.md"), skillText("lint"));
    symlinkSync(join(made.root, "shared", "lint"), join(base, "skills", "lint"));
    expect(listEntries("skill", made.folders).find((e) => e.name === "lint")?.editable).toBe(false);
    expect(() => removeEntry("skill", base, "lint")).toThrow(/is a link to .*shared.*Nothing was changed/);
    expect(() => saveEntry("skill", base, "lint", skill(), false)).toThrow(/outside/);
    expect(readFileSync(join(made.root, "shared", "lint", "SKILL.md"), "utf8")).toBe(skillText("lint"));
  });

  it("says which skill OpenCode uses when two share a name, and lists the ones it reads from elsewhere", () => {
    const project = put(join(made.folders.projectWrite as string, "skills", "notes", "SKILL.md"), skillText("notes"));
    const global = put(join(made.folders.global, "skills", "notes", "SKILL.md"), skillText("notes"));
    const claude = join(made.root, "project", ".claude", "skills", "lint", "SKILL.md");
    const used = [
      { name: "notes", description: "notes things", location: project },
      { name: "lint", description: "Lints", location: claude },
      { name: "customize-opencode", location: "<built-in>" },
    ];
    const { skills, otherSkills } = matchSkills(listEntries("skill", made.folders), used);
    expect(skills.map((e) => [e.file, e.problem])).toEqual([
      [global, `OpenCode uses the skill of the same name in ${project} instead, so it skips this one.`],
      [project, null],
    ]);
    // A skill OpenCode does not list is said so; OpenCode's list not read, the rows stand as they are.
    const lonely = put(join(made.folders.global, "skills", "lonely", "SKILL.md"), skillText("lonely"));
    const again = matchSkills(listEntries("skill", made.folders), used);
    expect(again.skills.find((e) => e.file === lonely)?.problem).toMatch(/^OpenCode does not list it/);
    expect(matchSkills(listEntries("skill", made.folders), null).skills.every((e) => e.problem === null)).toBe(true);
    expect(usedSkillsFrom({ error: { name: "UnknownError" } })).toBeNull();
    expect(usedSkillsFrom({ data: used })).toBe(used);
    expect(otherSkills).toEqual([
      { name: "lint", description: "Lints", location: claude },
      { name: "customize-opencode", description: "", location: "<built-in>" },
    ]);
  });
});

// A junction needs no privilege to make on Windows, and is what `mklink /J` and many tools leave.
describe.runIf(process.platform === "win32")("a skill's removal on Windows, with a junction inside", () => {
  it("removes the junction and the folder, never what the junction points to", () => {
    const base = made.folders.projectWrite as string;
    put(join(made.root, "elsewhere", "precious.txt"), "mine");
    put(join(base, "skills", "notes", "SKILL.md"), skillText("notes"));
    symlinkSync(join(made.root, "elsewhere"), join(base, "skills", "notes", "data"), "junction");
    expect(listEntries("skill", made.folders)[0]?.skill?.otherFiles).toEqual(["data (a link)"]);
    removeEntry("skill", base, "notes");
    expect(existsSync(join(base, "skills", "notes"))).toBe(false);
    expect(readFileSync(join(made.root, "elsewhere", "precious.txt"), "utf8")).toBe("mine");
  });
});
