// What the workbench tests stand on: the backend with the real opencode and the stub provider
// (realBackend.ts), working in a git project (opencode's snapshots, hence diffs and undo, need
// git) with one agent and one command of the user's own; started together, ended together.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

export interface WorkbenchBackend extends RealBackend {
  /** The project folder: a git repository holding notes.txt ("alpha\nbeta\ngamma\n"). */
  project: string;
}

export async function startWorkbenchBackend(name: string): Promise<WorkbenchBackend> {
  const real = await startRealBackend({
    name,
    prepare: (root) => {
      const project = join(root, "project");
      mkdirSync(project);
      writeFileSync(join(project, "notes.txt"), "alpha\nbeta\ngamma\n");
      execFileSync("git", ["init", "-q"], { cwd: project });
      execFileSync("git", ["add", "-A"], { cwd: project });
      execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init"], {
        cwd: project,
      });
      return { workdir: project, uiDir: null };
    },
    opencodeConfig: {
      agent: { reviewer: { description: "Reviews code", mode: "primary", prompt: "You review code." } },
      command: { hello: { template: "Say hello to $ARGUMENTS", description: "Greets someone" } },
    },
  });
  const state = (await real.client.start()).state;
  if (state !== "running") {
    await real.close();
    throw new Error(`OpenCode did not start for the workbench tests (state ${state}).`);
  }
  return { ...real, project: join(real.root, "project") };
}
