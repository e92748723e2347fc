// A command, `!` shell command or compaction opencode refuses outright (not from inside its command handler, which publishes its
// own session error) reaches the chat as a session error with a sentence: never 202 and nothing.
// opencode is a small fake HTTP server here, so each kind of answer is exact.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LogBuffer, Redactor, type SidecarSupervisor } from "@turnkey/sidecar";
import { afterEach, beforeAll, expect, it } from "vitest";
import { loadOpencodeSdk } from "./opencodeSdk.ts";
import type { ChatRelay } from "./relay.ts";
import { WorkbenchService } from "./workbenchService.ts";

let server: Server | undefined;
// The backend loads the SDK with its first request; a service used on its own loads it first.
beforeAll(() => loadOpencodeSdk());
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** opencode with one command, `hello`, answering it per session with a status and an error body. */
async function fakeOpencode(answers: Record<string, { status: number; body: unknown }>): Promise<string> {
  const fake = createServer((req, res) => {
    void (async () => {
      for await (const _ of req);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method === "GET" && req.url?.startsWith("/command")) return json(200, [{ name: "hello", template: "x" }]);
      const session = /^\/session\/([^/]+)\/(?:command|shell|summarize)/.exec(req.url ?? "")?.[1] ?? "";
      const answer = answers[session] ?? { status: 500, body: {} };
      if (answer.status === 0) return req.socket.destroy(); // OpenCode ended under the call
      json(answer.status, answer.body);
    })();
  });
  server = fake;
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
}

/** The service on `url`; `folders`: every session's folder and the folders kept private. */
function workbenchOn(url: string, folders?: { directory: string; privateFolders: string[] }) {
  const logs = new LogBuffer(new Redactor(), 100);
  const supervisor = {
    logs,
    status: () => ({ state: "running" }),
    connection: () => ({ url, password: "x", username: "opencode", generation: 1 }),
  } as unknown as SidecarSupervisor;
  const reported: { sessionID: string; error: { name: string; message: string } }[] = [];
  const relay = {
    whenSubscribed: async () => undefined,
    reportError: (sessionID: string, error: { name: string; message: string }) => reported.push({ sessionID, error }),
    // The relay itself tells of this one's cut (it was replying when OpenCode stopped).
    toldOfCut: (sessionID: string) => sessionID === "ses_cut",
  } as unknown as ChatRelay;
  /** Resolves once the command's answer was handled (each failure is logged). */
  const failuresLogged = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => logs.tail().filter((l) => l.line.includes("command failed")).length >= count;
      if (check()) return resolve();
      const off = logs.subscribe(() => {
        if (!check()) return;
        off();
        resolve();
      });
    });
  const service = folders
    ? new WorkbenchService(supervisor, relay, async () => folders.directory, undefined, folders.privateFolders)
    : new WorkbenchService(supervisor, relay);
  return { service, reported, failuresLogged };
}

it("reports a command refused for a session opencode no longer has, with what to do", async () => {
  const { service, reported, failuresLogged } = workbenchOn(
    await fakeOpencode({
      ses_gone: { status: 404, body: { name: "NotFoundError", data: { message: "Session not found: ses_gone" } } },
    }),
  );
  await service.runCommand("ses_gone", { command: "hello", arguments: "world" });
  await failuresLogged(1);
  expect(reported).toEqual([
    {
      sessionID: "ses_gone",
      error: {
        name: "CommandRefused",
        message: expect.stringMatching(
          /^OpenCode did not run \/hello: Session not found: ses_gone\. .*start a new chat/,
        ),
      },
    },
  ]);
});

it("does not report again what opencode's command handler publishes itself (its 500 answers)", async () => {
  const { service, reported, failuresLogged } = workbenchOn(
    await fakeOpencode({
      ses_a: { status: 500, body: { name: "UnknownError", data: { message: "Unexpected server error." } } },
      ses_b: { status: 400, body: { name: "BadRequest", data: { message: "Invalid arguments" } } },
    }),
  );
  await service.runCommand("ses_a", { command: "hello" });
  await service.runCommand("ses_b", { command: "hello" });
  await failuresLogged(2);
  expect(reported.map((r) => r.sessionID)).toEqual(["ses_b"]);
  expect(reported[0]?.error.message).toMatch(/Invalid arguments\. Check the command and its arguments/);
});

it("reports a refused shell command and a refused compaction the same way, each with its own next step", async () => {
  const { service, reported, failuresLogged } = workbenchOn(
    await fakeOpencode({
      ses_busy: { status: 409, body: { name: "BusyError", data: { message: "Session is busy" } } },
      ses_model: { status: 400, body: { name: "BadRequest", data: { message: "Unknown model" } } },
    }),
  );
  await service.runShell("ses_busy", { command: "ls -la" });
  await service.compact("ses_model", { model: { providerID: "p", modelID: "m" } });
  await failuresLogged(2);
  expect(reported).toEqual([
    {
      sessionID: "ses_busy",
      error: {
        name: "ShellRefused",
        message:
          "OpenCode did not run `ls -la`: Session is busy. Wait until the reply in this chat has finished (or Stop it), then run the command again.",
      },
    },
    {
      sessionID: "ses_model",
      error: {
        name: "CompactRefused",
        message: "OpenCode did not compact this chat: Unknown model. Check the model chosen for it, then try again.",
      },
    },
  ]);
});

it("says in the chat that a `!` command may not have run when OpenCode ends under the call", async () => {
  const { service, reported, failuresLogged } = workbenchOn(
    await fakeOpencode({ ses_lost: { status: 0, body: null }, ses_cut: { status: 0, body: null } }),
  );
  await service.runShell("ses_lost", { command: "pwd" });
  await service.runShell("ses_cut", { command: "pwd" });
  await failuresLogged(2);
  // Only a log line before: the window had emptied the box on the 202 and heard nothing more.
  expect(reported).toEqual([
    {
      sessionID: "ses_lost",
      error: {
        name: "ShellRefused",
        message:
          "`pwd` may not have run: OpenCode stopped or could not be reached before it answered. Check the chat, and try again once OpenCode is running.",
      },
    },
  ]);
});

it("finds files by name in the chat's folder, leaving out folders and the backend's data folder, inside the project or through a link", async () => {
  const project = realpathSync(mkdtempSync(join(tmpdir(), "turnkey-find-")));
  const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), "turnkey-find-data-")));
  try {
    // A second data folder outside the project, reached through a link inside it (OpenCode's search follows links).
    mkdirSync(join(elsewhere, "secrets"));
    writeFileSync(join(elsewhere, "secrets", "notes-keys.json"), "{}");
    symlinkSync(elsewhere, join(project, "shortcut"), "junction"); // a junction on Windows: no privilege needed
    mkdirSync(join(project, "src"));
    writeFileSync(join(project, "src", "notes.ts"), "");
    const asked: string[] = [];
    const fake = createServer((req, res) => {
      asked.push(req.url ?? "");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify([
          "src/notes.ts",
          "turnkey-data/secrets/keys.json",
          "shortcut/secrets/notes-keys.json",
          "docs/",
          "notes.txt",
        ]),
      );
    });
    server = fake;
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    const { service } = workbenchOn(`http://127.0.0.1:${(fake.address() as AddressInfo).port}`, {
      directory: project,
      privateFolders: [join(project, "turnkey-data"), elsewhere],
    });
    expect(await service.findFiles("ses_1", "notes", 50)).toEqual({ files: ["src/notes.ts", "notes.txt"] });
    const url = new URL(asked[0] ?? "", "http://x");
    expect(url.pathname).toBe("/find/file");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ query: "notes", dirs: "false", directory: project });
    // Two asked for: OpenCode is asked for more, so that the three left out do not leave the list short.
    expect(await service.findFiles("ses_1", "notes", 2)).toEqual({ files: ["src/notes.ts", "notes.txt"] });
    expect(Number(new URL(asked[1] ?? "", "http://x").searchParams.get("limit"))).toBeGreaterThanOrEqual(5);
  } finally {
    rmSync(project, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  }
});
