// Agents, commands and skills made, changed and removed from the window, through the backend with the real
// opencode: each lands in the file OpenCode reads (the project's .opencode or the global folder)
// and the chat's pickers offer it at once, nobody restarting anything; a name OpenCode already has
// and bad input are sentences with nothing written; a file OpenCode refuses (which opencode 1.18.33
// keeps refusing until it restarts) is named, and removing it from the window brings the project
// back; and a folder with no config of its own keeps working after its first agent.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TurnkeyApiError } from "@turnkey/client";
import type { AgentSettings } from "@turnkey/contracts";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

let real: RealBackend;
let sessionID: string;

beforeAll(async () => {
  real = await startRealBackend({ name: "customize", backend: { uiDir: null } });
  await real.client.start();
  sessionID = (await real.client.createSession({})).session.id;
}, 120_000);

afterAll(async () => {
  await real?.close();
});

const refusal = (call: Promise<unknown>) =>
  call.then(
    () => "answered",
    (error: unknown) =>
      error instanceof TurnkeyApiError ? `${error.httpStatus} ${error.code}: ${error.message}` : String(error),
  );

const agent = (changes: Partial<AgentSettings> = {}): AgentSettings => ({
  description: "Writes the docs",
  mode: "primary",
  model: null,
  temperature: null,
  permission: { edit: "allow", bash: "deny", webfetch: "inherit" },
  prompt: "You write documentation.",
  ...changes,
});

const waitMs = 120_000; // restarts of OpenCode on a loaded machine

describe("agents and commands from the window (real opencode)", () => {
  it(
    "an agent made for the project is in the agent picker at once, and a change to it too",
    async () => {
      const pid = (await real.client.status()).pid;
      const saved = await real.client.saveAgent(sessionID, "docs", {
        scope: "project",
        create: true,
        settings: agent(),
      });
      const file = join(real.root, ".opencode", "agents", "docs.md");
      expect(saved.agents.find((a) => a.name === "docs")).toMatchObject({ scope: "project", file, problem: null });
      expect(saved.opencodeProblem).toBeNull();
      const picker = await real.client.workbench(sessionID);
      expect(picker.agents.find((a) => a.name === "docs")?.description).toBe("Writes the docs");

      // A setting the form does not show, written by hand, stays through a change from the window.
      writeFileSync(file, readFileSync(file, "utf8").replace("mode: primary", "mode: primary\ncolor: '#336699'"));
      await real.client.saveAgent(sessionID, "docs", {
        scope: "project",
        create: false,
        settings: agent({ description: "Writes and checks the docs" }),
      });
      expect(readFileSync(file, "utf8")).toContain("color: '#336699'");
      const after = await real.client.workbench(sessionID);
      expect(after.agents.find((a) => a.name === "docs")?.description).toBe("Writes and checks the docs");
      // Read again by disposing the folder, not by restarting OpenCode.
      expect((await real.client.status()).pid).toBe(pid);
    },
    waitMs,
  );

  it(
    "a command with no settings, saved for every project, is in the / list at once",
    async () => {
      const pid = (await real.client.status()).pid;
      const saved = await real.client.saveCommand(sessionID, "hello", {
        scope: "global",
        create: true,
        settings: { description: "", agent: null, model: null, subtask: false, template: "Say hello to $ARGUMENTS" },
      });
      const entry = saved.commands.find((c) => c.name === "hello");
      expect(entry?.file).toBe(join(saved.folders.global, "commands", "hello.md"));
      // An empty settings block, which OpenCode reads as none (it would refuse the folder otherwise).
      expect(readFileSync(entry?.file ?? "", "utf8")).toBe("---\n---\n\nSay hello to $ARGUMENTS\n");
      const commands = (await real.client.workbench(sessionID)).commands;
      expect(commands.map((c) => c.name)).toContain("hello");
      expect((await real.client.status()).pid).toBe(pid);
    },
    waitMs,
  );

  it(
    "refuses a name OpenCode already has, a device name and an empty prompt, writing nothing",
    async () => {
      expect(
        await refusal(real.client.saveAgent(sessionID, "build", { scope: "project", create: true, settings: agent() })),
      ).toMatch(/^409 already_exists: OpenCode already has an agent named "build"/);
      expect(
        await refusal(real.client.saveAgent(sessionID, "con", { scope: "project", create: true, settings: agent() })),
      ).toMatch(/^400 invalid_request: "con" is a name Windows keeps for a device/);
      expect(
        await refusal(
          real.client.saveAgent(sessionID, "blank", {
            scope: "project",
            create: true,
            settings: agent({ prompt: " " }),
          }),
        ),
      ).toMatch(/^400 invalid_request: .*instructions is empty/);
      for (const name of ["build", "con", "blank"])
        expect(existsSync(join(real.root, ".opencode", "agents", `${name}.md`))).toBe(false);
    },
    waitMs,
  );

  it(
    "a skill made for the project is a / command at once; one passed over for its namesake and one skipped are named; Remove takes its folder",
    async () => {
      const pid = (await real.client.status()).pid;
      const global = (await real.client.customizations(sessionID)).folders.global;
      const projectSkills = join(real.root, ".opencode", "skills");
      const write = (file: string, text: string) => {
        mkdirSync(join(file, ".."), { recursive: true });
        writeFileSync(file, text);
      };
      const shared = (where: string) => `---\nname: shared-notes\ndescription: ${where}'s notes\n---\nNotes.\n`;
      write(join(global, "skills", "shared-notes", "SKILL.md"), shared("global"));
      write(join(projectSkills, "shared-notes", "SKILL.md"), shared("project"));
      write(join(projectSkills, "no-name", "SKILL.md"), "---\ndescription: forgot the name\n---\nx\n");

      const saved = await real.client.saveSkill(sessionID, "release-notes", {
        scope: "project",
        create: true,
        settings: { description: "Use when writing release notes", instructions: "List the merged changes." },
      });
      const folder = join(projectSkills, "release-notes");
      const problem = (scope: string, name: string) =>
        saved.skills.find((e) => e.scope === scope && e.name === name)?.problem;
      expect(problem("project", "release-notes")).toBeNull();
      expect(problem("project", "no-name")).toBe("It has no name: between the --- lines, so OpenCode skips it.");
      // OpenCode keeps one of two namesakes, not always the same one (review 27, M3): the other says which.
      const sharedFile = (scope: string) =>
        scope === "global"
          ? join(global, "skills", "shared-notes", "SKILL.md")
          : join(projectSkills, "shared-notes", "SKILL.md");
      const passedOver = ["project", "global"].filter((scope) => problem(scope, "shared-notes") !== null);
      expect(passedOver).toHaveLength(1);
      const [loser = "", winner = ""] = passedOver[0] === "global" ? ["global", "project"] : ["project", "global"];
      expect(problem(loser, "shared-notes")).toBe(
        `OpenCode uses the skill of the same name in ${sharedFile(winner)} instead, so it skips this one.`,
      );
      // OpenCode reports the new skill at our file (so it is not among the others), and its own.
      expect(saved.otherSkills.map((s) => s.name)).toEqual(["customize-opencode"]);
      expect((await real.client.workbench(sessionID)).commands.map((c) => c.name)).toContain("release-notes");

      expect(
        await refusal(
          real.client.saveSkill(sessionID, "release-notes", {
            scope: "global",
            create: true,
            settings: { description: "again", instructions: "again" },
          }),
        ),
      ).toMatch(/^409 already_exists: OpenCode already has a command or skill named "release-notes" \(.*release-notes/);
      expect(
        await refusal(
          real.client.saveSkill(sessionID, "Release_Notes", {
            scope: "project",
            create: true,
            settings: { description: "x", instructions: "x" },
          }),
        ),
      ).toMatch(/^400 invalid_request: A skill's name is lower-case letters/);

      write(join(folder, "scripts", "changes.sh"), "git log --oneline");
      const listed = (await real.client.customizations(sessionID)).skills.find((e) => e.name === "release-notes");
      expect(listed?.skill?.otherFiles).toEqual(["scripts/changes.sh"]);
      const removed = await real.client.removeCustom(sessionID, "skill", "release-notes", "project");
      expect(existsSync(folder)).toBe(false);
      expect(removed.skills.map((e) => e.name)).not.toContain("release-notes");
      expect((await real.client.workbench(sessionID)).commands.map((c) => c.name)).not.toContain("release-notes");
      // A skipped skill is removed by its folder's name.
      await real.client.removeCustom(sessionID, "skill", "no-name", "project");
      expect(existsSync(join(projectSkills, "no-name"))).toBe(false);
      expect((await real.client.status()).pid).toBe(pid);
    },
    waitMs,
  );

  it(
    "names a file OpenCode refuses, and removing it from the window brings the project back",
    async () => {
      const broken = join(real.root, ".opencode", "commands", "broken.md");
      mkdirSync(join(broken, ".."), { recursive: true });
      writeFileSync(broken, "---\nsubtask: maybe\n---\nBroken\n");
      // Any change has OpenCode read the folder again, and it now refuses the whole project.
      const saved = await real.client.saveAgent(sessionID, "second", {
        scope: "project",
        create: true,
        settings: agent({ mode: "subagent" }),
      });
      expect(saved.opencodeProblem).toContain(`it refuses ${broken}`);
      expect(saved.opencodeProblem).toContain("restart OpenCode");
      expect(saved.commands.find((c) => c.name === "broken")?.problem).toContain('"subtask" must be true or false');
      expect(await refusal(real.client.workbench(sessionID))).toContain(`it refuses ${broken}`);

      const removed = await real.client.removeCustom(sessionID, "command", "broken", "project");
      expect(existsSync(broken)).toBe(false);
      expect(removed.opencodeProblem).toBeNull();
      // Working again, with what the save into the refused folder wrote ("second" is a subagent: no pick).
      const picker = await real.client.workbench(sessionID);
      expect(picker.commands.map((c) => c.name)).not.toContain("broken");
      expect(removed.agents.map((a) => a.name)).toContain("second");
    },
    waitMs,
  );

  it(
    "a folder with no config of its own keeps working after its first agent",
    async () => {
      // Outside the test's folder, whose own .opencode every folder below it would share.
      const plain = realpathSync(mkdtempSync(join(tmpdir(), "turnkey customize plain-")));
      onTestFinished(() => rmSync(plain, { recursive: true, force: true }));
      const { project } = await real.client.addProject(plain);
      const { session } = await real.client.createSession({ projectId: project.id });
      await real.client.saveAgent(session.id, "local", { scope: "project", create: true, settings: agent() });
      expect(existsSync(join(plain, ".opencode", "agents", "local.md"))).toBe(true);
      // Not refused as untrusted: the config is the one the person just wrote.
      const picker = await real.client.workbench(session.id);
      expect(picker.agents.map((a) => a.name)).toContain("local");
    },
    waitMs,
  );
});
