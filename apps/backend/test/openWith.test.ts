// "Open in" through the backend's routes, with real programs: stand-ins for an editor, xdg-open and
// a terminal on a PATH of their own write down how they were started (working folder, arguments,
// environment). The backend here starts them itself, as headless on a Linux desktop; the desktop's
// main process is tested in apps/desktop (launchRequest.test.ts, backendHost.test.ts).
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Backend } from "../src/startBackend.ts";
import { repo, sessionID } from "./gitProject.ts";
import { bearer, tempDir, testBackend } from "./harness.ts";
import { standInDesktop } from "./standInDesktop.ts";

async function openWithBackend(project: string, env: NodeJS.ProcessEnv) {
  const desktop = standInDesktop(tempDir(), { code: 0, "xdg-open": 0, "x-terminal-emulator": 0, cursor: 3 }, env);
  const backend = await testBackend("", {
    supervisor: { env: { FAKE_SESSION_DIR: project } },
    openWith: desktop.openWith,
  });
  const sidecar = await fetch(`${backend.url}/api/sidecar/start`, {
    method: "POST",
    headers: { ...bearer(backend), "content-type": "application/json" },
    body: "{}",
  });
  expect(sidecar.status).toBe(200);
  return { backend, out: desktop.out, started: desktop.started };
}

async function list(backend: Backend) {
  const res = await fetch(`${backend.url}/api/open-with`, { headers: bearer(backend) });
  expect(res.status).toBe(200);
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whichever answer came
  return (await res.json()) as any;
}

async function open(backend: Backend, body: unknown) {
  const res = await fetch(`${backend.url}/api/sessions/${sessionID}/open-with`, {
    method: "POST",
    headers: { ...bearer(backend), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whichever answer came
  return { status: res.status, body: (await res.json()) as any };
}

// The stand-ins are sh scripts; on Windows, launchProgram.test.ts starts real Windows programs.
describe.skipIf(process.platform === "win32")("Open in", () => {
  it("lists what is installed, opens a file at its line in the editor, and remembers the editor", async () => {
    const project = repo();
    const { backend, out, started } = await openWithBackend(project, {
      DISPLAY: ":0",
      OPENCODE_SERVER_PASSWORD: "sidecar-secret",
      TURNKEY_TOKEN: "launch-secret",
      ELECTRON_RUN_AS_NODE: "1",
    });
    const before = await list(backend);
    expect(before.apps.map((a: { id: string }) => a.id)).toEqual(["vscode", "cursor", "files", "terminal"]);
    expect(before.preferred).toBeNull();
    expect(before.unavailable).toBeNull();

    const opened = await open(backend, { app: "vscode", path: "notes.txt", line: 3 });
    expect(opened).toEqual({ status: 200, body: { message: "Opened notes.txt in Visual Studio Code." } });
    expect(started("code")).toEqual([project, project, "--goto", `${join(project, "notes.txt")}:3`]);
    // The user's environment, without ours: no sidecar password, no launch token, no Electron switch.
    const env = readFileSync(join(out, "code.env"), "utf8");
    expect(env).toMatch(/^DISPLAY=:0$/m);
    expect(env).not.toMatch(/sidecar-secret|launch-secret|ELECTRON_RUN_AS_NODE/);
    expect((await list(backend)).preferred).toBe("vscode");

    // The folder in the file manager and in a terminal; neither becomes the editor offered first.
    expect((await open(backend, { app: "files" })).body.message).toBe("Opened the project folder in the file manager.");
    expect(started("xdg-open")).toEqual([project, project]);
    expect((await open(backend, { app: "terminal" })).body.message).toBe("Opened Terminal in the project folder.");
    expect(started("x-terminal-emulator")).toEqual([project]);
    expect((await list(backend)).preferred).toBe("vscode");
  });

  it("refuses what it cannot open, with a sentence, and starts nothing", async () => {
    const project = repo();
    const outside = tempDir();
    writeFileSync(join(outside, "secret.txt"), "x");
    symlinkSync(outside, join(project, "elsewhere"));
    mkdirSync(join(project, "src"));
    const { backend, out } = await openWithBackend(project, { DISPLAY: ":0" });

    const refusals = [
      [{ app: "vscode", path: "../notes.txt" }, 400, "invalid_path", /climbs out/],
      [{ app: "vscode", path: "elsewhere/secret.txt" }, 403, "path_outside_project", /outside the project folder/],
      [{ app: "vscode", path: "missing.txt" }, 404, "not_found", /no missing\.txt/],
      [{ app: "zed" }, 404, "app_not_found", /zed is not installed here/],
      [{ app: "terminal", path: "notes.txt" }, 400, "open_failed", /opens folders, not files/],
      [{ app: "vscode", line: 0 }, 400, "invalid_request", /line/],
      [{ app: "vscode", extra: 1 }, 400, "invalid_request", /extra/],
    ] as const;
    for (const [body, status, code, sentence] of refusals) {
      const refused = await open(backend, body);
      expect(refused.status, JSON.stringify(body)).toBe(status);
      expect(refused.body.error.code).toBe(code);
      expect(refused.body.error.message).toMatch(sentence);
    }
    expect(existsSync(join(out, "code.args"))).toBe(false);
    expect(existsSync(join(out, "x-terminal-emulator.args"))).toBe(false);
  });

  it("says so when the app stops at once with an error, and does not make it the one offered first", async () => {
    const project = repo();
    const { backend, started } = await openWithBackend(project, { DISPLAY: ":0" });
    const failed = await open(backend, { app: "cursor" });
    expect(failed.status).toBe(502);
    expect(failed.body.error.code).toBe("open_failed");
    expect(failed.body.error.message).toMatch(
      /^the project folder could not be opened in Cursor: .*cursor stopped at once with exit code 3/,
    );
    expect(started("cursor")).toEqual([project, project]);
    expect((await list(backend)).preferred).toBeNull();
  });

  it("offers nothing on a backend without a desktop, and says why", async () => {
    const project = repo();
    const { backend, out } = await openWithBackend(project, { DISPLAY: "", WAYLAND_DISPLAY: "" });
    expect(await list(backend)).toEqual({
      apps: [],
      preferred: null,
      unavailable: expect.stringMatching(/neither DISPLAY nor WAYLAND_DISPLAY/),
    });
    const refused = await open(backend, { app: "vscode" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("open_unavailable");
    expect(existsSync(join(out, "code.args"))).toBe(false);
  });
});
