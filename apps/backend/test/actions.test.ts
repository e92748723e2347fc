// Project actions against the real opencode: saved per project, suggested from package.json, run in
// a terminal of their own that says how the command ended and stays a shell, with none of the
// secrets in the command's environment, and Close ends a command still running.
import { writeFileSync } from "node:fs";
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

  posixIt(
    "runs in a terminal of its own that says how it ended, then is a shell, with no secret in sight",
    async () => {
      const action = await real.client.addAction(sessionId, {
        name: "Env check",
        command: "env; echo ACTION-$((40+2)) in $(pwd); exit 3",
      });
      const terminal = await real.client.runAction(sessionId, action.id, { cols: 120, rows: 30 });
      expect(terminal).toMatchObject({ action: "Env check", cwd: real.root });
      const screen = openSocket(wsUrl(await real.client.terminalConnection(sessionId, terminal.id)), real.backend.url);
      await screen.opened;
      const output = await screen.until("[The action ended with exit code 3.");
      expect(output).toContain(`ACTION-42 in ${real.root}`);
      const password = real.backend.supervisor.connection()?.password;
      expect(password).toBeTruthy();
      expect(output).toContain("OPENCODE_TERMINAL=1"); // the environment really was printed
      for (const secret of [password!, real.backend.token, envKey]) expect(output).not.toContain(secret);
      expect(output).not.toMatch(/^(TURNKEY_ACTION|OPENCODE_SERVER_PASSWORD|OPENAI_API_KEY)=/m);
      expect(output).not.toMatch(/^[A-Za-z_][A-Za-z0-9_]*=undefined\r?$/m);
      // The terminal is now the user's shell, which answers.
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
    },
  );

  posixIt("ends a command still running when its terminal is closed", async () => {
    const action = await real.client.addAction(sessionId, {
      name: "Long",
      command: "echo PID=$$ http://localhost:5173/; exec sleep 300",
    });
    const terminal = await real.client.runAction(sessionId, action.id);
    const screen = openSocket(wsUrl(await real.client.terminalConnection(sessionId, terminal.id)), real.backend.url);
    await screen.opened;
    const pid = Number(/PID=(\d+)/.exec(await screen.until(" http://"))?.[1]);
    expect(pid).toBeGreaterThan(1);
    process.kill(pid, 0); // running
    await real.client.closeTerminal(sessionId, terminal.id);
    await gone(pid);
    await real.client.removeAction(sessionId, action.id);
  });
});
