// What the workbench tests stand on: the backend with the real opencode and the stub provider,
// working in a git project (opencode's snapshots, hence diffs and undo, need git) with one agent
// and one command of the user's own, in a private temp folder; started together, ended together.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTurnkeyClient, type TurnkeyClient } from "@turnkey/client";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { type Backend, startBackend } from "../src/startBackend.ts";
import { type StubProvider, startStubProvider } from "./stubProvider.ts";

export interface WorkbenchBackend {
  stub: StubProvider;
  root: string;
  /** The project folder: a git repository holding notes.txt ("alpha\nbeta\ngamma\n"). */
  project: string;
  backend: Backend;
  client: TurnkeyClient;
  close(): Promise<void>;
}

export async function startWorkbenchBackend(name: string): Promise<WorkbenchBackend> {
  const stub = await startStubProvider();
  const root = mkdtempSync(join(tmpdir(), `turnkey ${name}-`));
  const project = join(root, "project");
  mkdirSync(project);
  writeFileSync(join(project, "notes.txt"), "alpha\nbeta\ngamma\n");
  execFileSync("git", ["init", "-q"], { cwd: project });
  execFileSync("git", ["add", "-A"], { cwd: project });
  execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init"], {
    cwd: project,
  });
  const config = stub.writeOpencodeConfig(root, {
    agent: { reviewer: { description: "Reviews code", mode: "primary", prompt: "You review code." } },
    command: { hello: { template: "Say hello to $ARGUMENTS", description: "Greets someone" } },
  });
  const backend = await startBackend({
    dataDir: join(root, "data"),
    workdir: project,
    uiDir: null,
    opencodeConfig: config,
    supervisor: { env: isolatedOpencodeEnv(root) },
  });
  const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
  const close = async () => {
    await backend.close();
    await stub.close();
    rmSync(root, { recursive: true, force: true });
  };
  const state = (await client.start()).state;
  if (state !== "running") {
    await close();
    throw new Error(`OpenCode did not start for the workbench tests (state ${state}).`);
  }
  return { stub, root, project, backend, client, close };
}
