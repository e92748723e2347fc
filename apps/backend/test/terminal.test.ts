// The chat window's terminal against the real opencode: a shell in the chat's project folder that
// answers what is typed, whose environment holds none of the secrets (the sidecar's password, the
// launch token, a provider key, nor the "undefined" placeholders opencode leaves for what the
// secrets plugin hides), and whose WebSocket only the backend's own page, with a fresh ticket, opens.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TurnkeyApiError } from "@turnkey/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { onWindows, posixIt } from "../../../packages/sidecar/test/posixOnly.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";
import { openSocket } from "./terminalSocket.ts";

const envKey = "sk-terminal-env-key-0123456789abcdef";
// The POSIX tests type sh commands and read /proc; Windows runs its own, in PowerShell.
const windowsIt = it.runIf(onWindows);
const envToken = "flp-terminal-token-0123456789";

/** The user's shell: it says the size it started at, then is bash (what the tests below type is for bash). */
function sizeFirstShell(root: string): string {
  const file = join(root, "size-first-shell");
  writeFileSync(file, "#!/bin/sh\necho START-SIZE=$(stty size)\nexec bash -l\n");
  chmodSync(file, 0o700);
  return file;
}

describe("the chat window's terminal", () => {
  let real: RealBackend;
  let sessionId: string;
  let origin: string;
  beforeAll(async () => {
    real = await startRealBackend({
      name: "terminal",
      env: (root) => ({
        ...isolatedOpencodeEnv(root),
        OPENAI_API_KEY: envKey,
        FRIENDLI_TOKEN: envToken,
        SHELL: sizeFirstShell(root),
      }),
      backend: { uiDir: null, profile: "managed" },
    });
    await real.client.start();
    sessionId = (await real.client.createSession({})).session.id;
    origin = real.backend.url;
  });
  afterAll(() => real?.close());

  const wsUrl = (path: string) => `${real.backend.url.replace(/^http/, "ws")}${path}`;

  posixIt("runs a shell in the project folder that answers what is typed, and closes", async () => {
    const terminal = await real.client.openTerminal(sessionId, { cols: 100, rows: 30 });
    expect(terminal).toMatchObject({ cwd: real.root, running: true });
    const shell = openSocket(wsUrl(await real.client.terminalConnection(sessionId, terminal.id)), origin);
    await shell.opened;
    // The shell started at the size asked for, not at the 80x24 of opencode's PTY (shellLaunch.ts).
    expect(await shell.until("START-SIZE=")).toMatch(/START-SIZE=30 100\r\n/);
    shell.socket.send("echo h''i; pwd\r");
    // The typed line comes back as `echo h''i`; only the command's own output is "hi" alone on a
    // line (after bash's bracketed-paste switch, which ends in a carriage return).
    await shell.until(`\rhi\r\n${real.root}\r\n`);
    expect((await real.client.terminals(sessionId)).map((t) => t.id)).toContain(terminal.id);
    await real.client.closeTerminal(sessionId, terminal.id);
    await shell.closed;
    expect((await real.client.terminals(sessionId)).map((t) => t.id)).not.toContain(terminal.id);
  });

  posixIt("gives the shell and what it starts none of the secrets", async () => {
    const terminal = await real.client.openTerminal(sessionId);
    const shell = openSocket(wsUrl(await real.client.terminalConnection(sessionId, terminal.id)), origin);
    await shell.opened;
    // `env`, the shell's own start-up block (what /proc shows any process of the user), and a child's.
    shell.socket.send("env; echo PROC; tr '\\0' '\\n' < /proc/$$/environ; sh -c 'env' ; echo END-$((40+2))\r");
    const output = await shell.until("END-42");
    const password = real.backend.supervisor.connection()?.password;
    expect(password).toBeTruthy();
    expect(output).toContain("OPENCODE_TERMINAL=1"); // the environment really was printed (opencode marks its PTYs)
    // What the backend set for OpenCode alone and the user did not have is gone (review 5, L3).
    expect(output).not.toMatch(/^OPENCODE_DISABLE_AUTOUPDATE=/m);
    expect(output).toContain("PROC");
    for (const secret of [password!, real.backend.token, envKey, envToken]) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/^(OPENCODE_SERVER_PASSWORD|OPENCODE_CONFIG_CONTENT|OPENAI_API_KEY|FRIENDLI_TOKEN)=/m);
    // Nor the tree's mark: what the user leaves running from their shell is not OpenCode's to end.
    expect(output).not.toMatch(/^TURNKEY_SIDECAR_TREE=/m);
    // What the plugin hides arrives as the text "undefined" (hundreds of names): none is left.
    expect(output).not.toMatch(/^[A-Za-z_][A-Za-z0-9_]*=undefined\r?$/m);
    shell.socket.close();
    await real.client.closeTerminal(sessionId, terminal.id);
  });

  // Windows: the terminal is Windows PowerShell behind our wrapper (shellLaunch.ts) in opencode's
  // PTY. What it prints comes through ConPTY, which redraws and wraps lines, so the environment is
  // written to files and read from there; the terminal shows only a marker typed text cannot hold.
  windowsIt("runs Windows PowerShell in the project folder that answers what is typed, and closes", async () => {
    const terminal = await real.client.openTerminal(sessionId, { cols: 200, rows: 30 });
    expect(terminal).toMatchObject({ cwd: real.root, running: true });
    const shell = openSocket(wsUrl(await real.client.terminalConnection(sessionId, terminal.id)), origin);
    await shell.opened;
    shell.socket.send("Write-Output ('END-' + (40+2) + '|' + (Get-Location).Path + '|')\r");
    await shell.until(`END-42|${real.root}|`);
    await real.client.closeTerminal(sessionId, terminal.id);
    await shell.closed;
    expect((await real.client.terminals(sessionId)).map((t) => t.id)).not.toContain(terminal.id);
  });

  windowsIt("gives Windows PowerShell and what it starts none of the secrets", async () => {
    const terminal = await real.client.openTerminal(sessionId);
    const shell = openSocket(wsUrl(await real.client.terminalConnection(sessionId, terminal.id)), origin);
    await shell.opened;
    const [own, child] = [join(real.root, "terminal-env.txt"), join(real.root, "terminal-child-env.txt")];
    const save = (file: string) => `Set-Content -Encoding UTF8 -LiteralPath '${file}'`;
    shell.socket.send(
      `Get-ChildItem Env: | ForEach-Object { $_.Name + '=' + $_.Value } | ${save(own)}; & $env:ComSpec /c set | ${save(child)}; Write-Output ('END-' + (40+2))\r`,
    );
    await shell.until("END-42");
    const output = `${readFileSync(own, "utf8")}\n${readFileSync(child, "utf8")}`;
    const password = real.backend.supervisor.connection()?.password;
    expect(password).toBeTruthy();
    expect(output).toMatch(/^OPENCODE_TERMINAL=1\r?$/m); // the environment really was written (opencode marks its PTYs)
    expect(output).not.toMatch(/^OPENCODE_DISABLE_AUTOUPDATE=/m); // set for OpenCode alone (review 5, L3)
    for (const secret of [password!, real.backend.token, envKey, envToken]) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/^(OPENCODE_SERVER_PASSWORD|OPENCODE_CONFIG_CONTENT|OPENAI_API_KEY|FRIENDLI_TOKEN)=/im);
    expect(output).not.toMatch(/^[A-Za-z_][A-Za-z0-9_]*=undefined\r?$/m);
    shell.socket.close();
    await real.client.closeTerminal(sessionId, terminal.id);
  });

  it("opens the WebSocket only for the backend's own origin and host, with a ticket that works once", async () => {
    const terminal = await real.client.openTerminal(sessionId);
    const path = await real.client.terminalConnection(sessionId, terminal.id);
    const refused = async (url: string, headers: Record<string, string>) => {
      const socket = new WebSocket(url, { headers });
      const status = await new Promise<number>((resolve, reject) => {
        socket.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        socket.once("open", () => reject(new Error(`${url} opened with ${JSON.stringify(headers)}`)));
        socket.once("error", reject);
      });
      socket.terminate();
      return status;
    };
    // A page on another origin, another loopback port, a foreign Host (DNS rebinding).
    expect(await refused(wsUrl(path), { origin: "http://evil.example" })).toBe(403);
    expect(await refused(wsUrl(path), { origin: `http://127.0.0.1:${real.backend.port + 1}` })).toBe(403);
    expect(await refused(wsUrl(path), { origin: "null" })).toBe(403);
    expect(await refused(wsUrl(path), { host: "attacker.example" })).toBe(403);
    // No ticket, a made-up one.
    expect(await refused(wsUrl("/api/terminals/connect"), { origin })).toBe(401);
    expect(await refused(wsUrl("/api/terminals/connect?ticket=guess"), { origin })).toBe(401);
    // The refusals above left the ticket unused: it works once, then never again.
    const shell = openSocket(wsUrl(path), origin);
    await shell.opened;
    expect(await refused(wsUrl(path), { origin })).toBe(401);
    shell.socket.close();
    // Tickets come only with the launch token.
    const anonymous = await fetch(`${real.backend.url}/api/sessions/${sessionId}/terminals/${terminal.id}/connection`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(anonymous.status).toBe(401);
    await real.client.closeTerminal(sessionId, terminal.id);
  });

  it("says so when OpenCode is not running", async () => {
    await real.client.stop();
    const error = await real.client.openTerminal(sessionId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnkeyApiError);
    expect(error).toMatchObject({ httpStatus: 503, code: "sidecar_unavailable" });
    expect((error as Error).message).toMatch(/^OpenCode is stopped, so no terminal can run\. Press Start/);
  });
});
