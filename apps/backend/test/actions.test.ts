// Project actions against the real opencode: saved per project, suggested from package.json, each
// run in a terminal of its own where the window types the command (as these tests do), so it finds
// what the user's interactive shell finds, with none of the secrets in its environment; Close ends
// a command still running and what it started.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TurnkeyApiError } from "@turnkey/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { posixIt } from "../../../packages/sidecar/test/posixOnly.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";
import { openSocket } from "./terminalSocket.ts";

const envKey = "sk-actions-env-key-0123456789abcdef";

/** Resolves once the process is gone; fails with its pid after the deadline. */
async function gone(pid: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) throw new Error(`process ${pid} still runs after its terminal was closed`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("project actions", () => {
  let real: RealBackend;
  let sessionId: string;
  const wsUrl = (path: string) => `${real.backend.url.replace(/^http/, "ws")}${path}`;
  const refusal = (promise: Promise<unknown>) => promise.catch((error: unknown) => error);

  beforeAll(async () => {
    real = await startRealBackend({
      name: "actions",
      env: (root) => ({ ...isolatedOpencodeEnv(root), OPENAI_API_KEY: envKey, SHELL: "/bin/bash" }),
      backend: { uiDir: null, profile: "managed" },
    });
    writeFileSync(
      join(real.root, "package.json"),
      JSON.stringify({
        scripts: { dev: "vite", pretest: "lint", test: "vitest", postinstall: "x", "test:unit": "vitest unit" },
      }),
    );
    writeFileSync(join(real.root, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n");
    await real.client.start();
    sessionId = (await real.client.createSession({})).session.id;
  });
  afterAll(() => real?.close());

  it("suggests the package.json scripts for its package manager, saves, refuses bad input, and removes", async () => {
    const before = await real.client.actions(sessionId);
    expect(before.actions).toEqual([]);
    expect(before.suggestions.map((s) => s.command)).toEqual(["pnpm run dev", "pnpm run test", "pnpm run test:unit"]);

    const dev = await real.client.addAction(sessionId, { name: "Dev server", command: "pnpm run dev" });
    const after = await real.client.actions(sessionId);
    expect(after.actions).toEqual([dev]);
    expect(after.suggestions.map((s) => s.command)).not.toContain("pnpm run dev");
    // What a script runs is shown before it is added (the repository wrote it, not the user).
    expect(after.suggestions[0]).toMatchObject({ name: "test", command: "pnpm run test", script: "vitest" });
    // A suggestion whose name is taken by another command is not offered (adding it would be refused).
    const mine = await real.client.addAction(sessionId, { name: "TEST", command: "make check" });
    expect((await real.client.actions(sessionId)).suggestions.map((s) => s.name)).toEqual(["test:unit"]);
    await real.client.removeAction(sessionId, mine.id);

    // A name the project has already (any case), a command on two lines: refused, nothing saved.
    expect(await refusal(real.client.addAction(sessionId, { name: "dev SERVER", command: "x" }))).toMatchObject({
      httpStatus: 409,
      code: "action_exists",
    });
    const twoLines = await refusal(real.client.addAction(sessionId, { name: "Two", command: "echo a\necho b" }));
    expect(twoLines).toBeInstanceOf(TurnkeyApiError);
    expect((twoLines as Error).message).toMatch(/one line/);
    expect((await real.client.actions(sessionId)).actions).toEqual([dev]);

    const changed = await real.client.changeAction(sessionId, dev.id, { name: "Dev", command: "pnpm run dev --open" });
    expect((await real.client.actions(sessionId)).actions).toEqual([changed]);
    await real.client.removeAction(sessionId, dev.id);
    expect((await real.client.actions(sessionId)).actions).toEqual([]);
    expect(await refusal(real.client.runAction(sessionId, dev.id))).toMatchObject({
      httpStatus: 404,
      code: "action_not_found",
    });
  });

  /** Runs the action as the window does: its terminal opened, connected, the command typed. */
  const runTyped = async (id: string) => {
    const { terminal, command } = await real.client.runAction(sessionId, id, { cols: 120, rows: 30 });
    const screen = openSocket(wsUrl(await real.client.terminalConnection(sessionId, terminal.id)), real.backend.url);
    await screen.opened;
    screen.socket.send(`${command}\r`);
    return { terminal, command, screen };
  };

  posixIt("opens a terminal of its own where the command runs as typed, with no secret in sight", async () => {
    const action = await real.client.addAction(sessionId, {
      name: "Env check",
      command: "env; echo ACTION-$((40+2)) in $(pwd)",
    });
    const { terminal, command, screen } = await runTyped(action.id);
    expect(command).toBe(action.command);
    expect(terminal).toMatchObject({ action: "Env check", cwd: real.root });
    // The typed line shows `$((40+2))`; only the command's output says 42.
    const output = await screen.until(`ACTION-42 in ${real.root}`);
    const password = real.backend.supervisor.connection()?.password;
    expect(password).toBeTruthy();
    expect(output).toContain("OPENCODE_TERMINAL=1"); // the environment really was printed
    for (const secret of [password!, real.backend.token, envKey]) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/^(OPENCODE_SERVER_PASSWORD|OPENAI_API_KEY)=/m);
    expect(output).not.toMatch(/^[A-Za-z_][A-Za-z0-9_]*=undefined\r?$/m);
    // The terminal is the user's shell, which answers after the command.
    screen.socket.send("echo SHELL-$((6*7))\r");
    await screen.until("SHELL-42");
    // The project's shell is told apart from the action's terminal.
    const shell = await real.client.openTerminal(sessionId);
    const listed = await real.client.terminals(sessionId);
    expect(listed.find((t) => t.id === shell.id)?.action).toBeNull();
    expect(listed.find((t) => t.id === terminal.id)?.action).toBe("Env check");
    await real.client.closeTerminal(sessionId, shell.id);
    await real.client.closeTerminal(sessionId, terminal.id);
    await screen.closed;
    await real.client.removeAction(sessionId, action.id);
  });

  // Review 26, H1: node from nvm (or fnm, asdf, mise) is on the PATH only in an interactive shell:
  // its lines sit in .bashrc after Debian's "not interactive: return". A command run by `bash -lc`
  // did not find it; typed at the prompt it does, as in the user's own terminal.
  posixIt("finds what the user's .bashrc puts on the PATH for interactive shells", async () => {
    const home = join(real.root, "home");
    mkdirSync(join(home, "fakenvm"), { recursive: true });
    writeFileSync(join(home, "fakenvm", "nvmnode"), "#!/bin/sh\necho NVM-NODE-$((40+2))\n", { mode: 0o755 });
    writeFileSync(join(home, ".profile"), '[ -n "$BASH_VERSION" ] && [ -f "$HOME/.bashrc" ] && . "$HOME/.bashrc"\n');
    writeFileSync(join(home, ".bashrc"), 'case $- in *i*) ;; *) return;; esac\nexport PATH="$HOME/fakenvm:$PATH"\n');
    const action = await real.client.addAction(sessionId, { name: "Node from nvm", command: "nvmnode" });
    const { terminal, screen } = await runTyped(action.id);
    expect(await screen.until("NVM-NODE-42")).not.toContain("command not found");
    await real.client.closeTerminal(sessionId, terminal.id);
    await real.client.removeAction(sessionId, action.id);
  });

  // What an action starts is usually a grandchild (npm → sh → node): Close ends it too.
  posixIt("ends a command still running, and what it started, when its terminal is closed", async () => {
    const action = await real.client.addAction(sessionId, {
      name: "Long",
      command: "sh -c 'sleep 300 & echo CHILD=$!; wait'",
    });
    const { terminal, screen } = await runTyped(action.id);
    // The typed line shows `CHILD=$!`; only the output has a number.
    const pid = Number(/CHILD=(\d+)\r?\n/.exec(await screen.until(/CHILD=\d+\r?\n/))?.[1]);
    expect(pid).toBeGreaterThan(1);
    process.kill(pid, 0); // running
    await real.client.closeTerminal(sessionId, terminal.id);
    await gone(pid);
    await real.client.removeAction(sessionId, action.id);
  });
});
