// Main's side of "Open in": the worker's request is checked, the file manager goes through
// Electron's shell, a program through launchProgram with main's environment, and every outcome is
// a sentence or null. A folder is checked again here: still a folder, and a macOS package shown,
// never opened.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { desktopLaunch, type LaunchShell } from "./launchRequest.ts";

let project: string;
beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), "turnkey open-with-"));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

function fakeShell(openPathAnswer = "") {
  const calls: string[] = [];
  const shell: LaunchShell = {
    openPath: async (path) => {
      calls.push(`openPath ${path}`);
      return openPathAnswer;
    },
    showItemInFolder: (path) => {
      calls.push(`showItemInFolder ${path}`);
    },
  };
  return { shell, calls };
}

describe("desktopLaunch", () => {
  it("opens a folder and shows a file through the shell, and passes a program on with main's environment", async () => {
    const { shell, calls } = fakeShell();
    const programs: unknown[] = [];
    const launch = desktopLaunch(shell, { PATH: "/usr/bin" }, async (program, options) => {
      programs.push({ program, env: options.env });
    });
    expect(await launch({ kind: "folder", path: project })).toBeNull();
    expect(await launch({ kind: "reveal", path: join(project, "a.ts") })).toBeNull();
    const program = { kind: "program", file: "/usr/bin/code", args: [project], cwd: project };
    expect(await launch(program)).toBeNull();
    expect(calls).toEqual([`openPath ${project}`, `showItemInFolder ${join(project, "a.ts")}`]);
    expect(programs).toEqual([{ program, env: { PATH: "/usr/bin" } }]);
  });

  it("opens no folder that became a file, and shows a macOS package selected instead of running it", async () => {
    const { shell, calls } = fakeShell();
    writeFileSync(join(project, "run.bat"), "");
    mkdirSync(join(project, "Tool.app"));
    const onMac = desktopLaunch(shell, {}, async () => {}, "darwin");
    expect(await onMac({ kind: "folder", path: join(project, "run.bat") })).toMatch(/is not a folder any more/);
    expect(await onMac({ kind: "folder", path: join(project, "Tool.app") })).toBeNull();
    expect(calls).toEqual([`showItemInFolder ${join(project, "Tool.app")}`]);
  });

  it("answers with the reason when the shell or the program fails", async () => {
    const { shell } = fakeShell("Failed to open path");
    const launch = desktopLaunch(shell, {}, async () => {
      throw new Error("/usr/bin/code is not there any more (it may have been uninstalled or moved).");
    });
    expect(await launch({ kind: "folder", path: project })).toBe("Failed to open path");
    expect(await launch({ kind: "program", file: "/usr/bin/code", args: [], cwd: project })).toBe(
      "/usr/bin/code is not there any more (it may have been uninstalled or moved).",
    );
  });

  it("starts nothing for a request it does not know or a relative path", async () => {
    const { shell, calls } = fakeShell();
    let started = 0;
    const launch = desktopLaunch(shell, {}, async () => {
      started += 1;
    });
    for (const request of [
      null,
      { kind: "run", path: project },
      { kind: "folder", path: "relative/p" },
      { kind: "program", file: "code", args: [], cwd: project },
      { kind: "program", file: "/usr/bin/code", args: [], cwd: project, shell: true },
    ])
      expect(await launch(request)).toBe("The app could not tell what to open (the request was not one it knows).");
    expect(calls).toEqual([]);
    expect(started).toBe(0);
  });
});
