// Adding, changing and removing MCP servers from the window, through the backend with the real
// opencode: each change lands in the file the user chose (the project's opencode.jsonc, keeping its
// comment, or the global config) and the running OpenCode uses it at once, nobody restarting it by
// hand; a literal secret reaches the server but never an answer of the API or the log; a bad entry
// and a change while a reply runs are sentences with the file unchanged, and so is a typed secret
// for a project file git would commit; the switch is kept in the
// file; and a server that lets nobody register (needs_client_registration) gets a client id.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TurnkeyApiError } from "@turnkey/client";
import type { McpEntry, McpServersResponse } from "@turnkey/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type McpOAuthStub, startMcpOAuthStub } from "./mcpOAuthStub.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

const fixture = fileURLToPath(new URL("./fixtures/mcpServer.mjs", import.meta.url));
const secret = `literal-secret-${"z".repeat(24)}`;
const waitMs = 60_000; // a safety net for a loaded machine

let real: RealBackend;
let oauth: McpOAuthStub;
let sessionID: string;
let projectFile: string;
const comment = "// the project's own comment";

beforeAll(async () => {
  oauth = await startMcpOAuthStub({ registration: false });
  const callbackPort = await freePort();
  real = await startRealBackend({
    name: "mcp config",
    prepare: (root) => {
      projectFile = join(root, "opencode.jsonc");
      writeFileSync(
        projectFile,
        `{\n  ${comment}\n  "mcp": {\n    "fixture": { "type": "local", "command": ${JSON.stringify([process.execPath, fixture])} },\n    "closed": { "type": "remote", "url": "${oauth.url}", "oauth": { "callbackPort": ${callbackPort} } }\n  }\n}\n`,
      );
      return { workdir: root };
    },
    backend: { uiDir: null },
  });
  await real.client.start();
  sessionID = (await real.client.createSession({})).session.id;
}, 120_000);

afterAll(async () => {
  await real?.close();
  await oauth?.close();
});

const row = (list: McpServersResponse, name: string) => list.servers.find((s) => s.name === name);
const local = (name: string, extra: Partial<Extract<McpEntry, { type: "local" }>> = {}): McpEntry => ({
  type: "local",
  command: [process.execPath, fixture, join(real.root, `${name}-env.txt`)],
  environment: [],
  enabled: true,
  timeoutMs: null,
  ...extra,
});
const refusal = (promise: Promise<unknown>) =>
  promise.then(() => null).catch((error: unknown) => error as TurnkeyApiError);

describe("MCP servers added, changed and removed from the window (real opencode)", () => {
  it("adds a server to the project's file and OpenCode starts it, the secret shown nowhere", async () => {
    const before = await real.client.mcpServers(sessionID);
    expect(before.files.project).toBe(projectFile);
    expect(row(before, "fixture")?.source).toMatchObject({ scope: "project", file: projectFile, enabled: true });

    const added = await real.client.saveMcpServer(sessionID, "added", {
      scope: "project",
      create: true,
      entry: local("added", { environment: [{ name: "ADDED_TOKEN", value: secret }] }),
    });
    expect(row(added, "added")?.state).toBe("connected");
    const text = readFileSync(projectFile, "utf8");
    expect(text).toContain(comment);
    expect(text).toContain(`"ADDED_TOKEN": "${secret}"`);
    // The server got it: the user's own value, in its environment.
    expect(readFileSync(join(real.root, "added-env.txt"), "utf8")).toContain(secret);
    const form = await real.client.mcpServerConfig(sessionID, "added");
    expect(form.entry).toMatchObject({ environment: [{ name: "ADDED_TOKEN", value: null }] });
    const logs = await real.client.logs(1000);
    for (const answer of [added, form, logs, await real.client.mcpServers(sessionID)])
      expect(JSON.stringify(answer)).not.toContain(secret);

    // Changed (turned off in the file): OpenCode reads it again, the hidden value stays.
    const off = await real.client.saveMcpServer(sessionID, "added", {
      scope: "project",
      create: false,
      entry: { ...form.entry, enabled: false },
    });
    expect(row(off, "added")?.state).toBe("disabled");
    expect(row(off, "added")?.source?.enabled).toBe(false);
    expect(readFileSync(projectFile, "utf8")).toContain(`"ADDED_TOKEN": "${secret}"`);

    const removed = await real.client.removeMcpServer(sessionID, "added");
    expect(row(removed, "added")).toBeUndefined();
    expect(readFileSync(projectFile, "utf8")).not.toContain("ADDED_TOKEN");
  }, 180_000);

  it("refuses a bad entry and a change while a reply runs, with the file unchanged", async () => {
    const before = readFileSync(projectFile, "utf8");
    const bad = await refusal(
      real.client.saveMcpServer(sessionID, "bad", {
        scope: "project",
        create: true,
        entry: local("bad", { command: [""] }),
      }),
    );
    expect(bad?.httpStatus).toBe(400);
    expect(bad?.message).toContain("the program to run is empty");

    const reply = real.client.sendAndWait(sessionID, "[slow] take your time").catch(() => null);
    await expect.poll(() => real.client.replying(), { timeout: waitMs }).toContain(sessionID);
    const busy = await refusal(
      real.client.saveMcpServer(sessionID, "later", { scope: "project", create: true, entry: local("later") }),
    );
    expect(busy?.httpStatus).toBe(409);
    expect(busy?.message).toContain("A reply is running in this project");
    expect(busy?.message).toContain("Nothing was changed.");
    // The global file would restart OpenCode: said so, and refused too.
    const everywhere = await refusal(
      real.client.saveMcpServer(sessionID, "later", { scope: "global", create: true, entry: local("later") }),
    );
    expect(everywhere?.httpStatus).toBe(409);
    expect(everywhere?.message).toContain("OpenCode may have to restart to use the change");
    await real.client.abort(sessionID);
    await reply;
    // The stopped reply's idle may reach the relay after sendAndWait's answer: the next test's save
    // was refused as "a reply is running" once in CI (409 for 400).
    await expect.poll(() => real.client.replying(), { timeout: waitMs }).not.toContain(sessionID);
    expect(readFileSync(projectFile, "utf8")).toBe(before);
  }, 180_000);

  it("refuses a typed secret, or one a move from the global config would copy, for a project file git would commit; takes {env:NAME}, or the value once git ignores the file", async () => {
    const gitIn = (...args: string[]) => execFileSync("git", args, { cwd: real.root, stdio: "ignore" });
    gitIn("init", "-q");
    const withToken = (value: string) =>
      real.client.saveMcpServer(sessionID, "committed", {
        scope: "project",
        create: true,
        entry: local("committed", { environment: [{ name: "COMMITTED_TOKEN", value }] }),
      });
    try {
      const before = readFileSync(projectFile, "utf8");
      const refused = await refusal(withToken(secret));
      expect(refused?.httpStatus).toBe(400);
      expect(refused?.code).toBe("secret_in_shared_file");
      expect(refused?.message).toContain(
        "opencode.jsonc is part of this project's git repository, so the value of COMMITTED_TOKEN would be committed",
      );
      expect(refused?.message).not.toContain(secret);
      expect(readFileSync(projectFile, "utf8")).toBe(before);

      // From a variable, only its name goes into the file.
      expect(row(await withToken("{env:COMMITTED_TOKEN}"), "committed")).toBeDefined();
      expect(readFileSync(projectFile, "utf8")).toContain('"COMMITTED_TOKEN": "{env:COMMITTED_TOKEN}"');
      await real.client.removeMcpServer(sessionID, "committed");

      // Moved here from the global config, a value kept hidden would be copied into this file.
      await real.client.saveMcpServer(sessionID, "moved", {
        scope: "global",
        create: true,
        entry: local("moved", { environment: [{ name: "MOVED_TOKEN", value: secret }] }),
      });
      const move = await refusal(
        real.client.saveMcpServer(sessionID, "moved", {
          scope: "project",
          create: false,
          entry: local("moved", { environment: [{ name: "MOVED_TOKEN", value: null }] }),
        }),
      );
      expect(move?.code).toBe("secret_in_shared_file");
      expect(move?.message).toContain("the value of MOVED_TOKEN would be committed");
      expect(readFileSync(projectFile, "utf8")).not.toContain(secret);
      await real.client.removeMcpServer(sessionID, "moved");

      // A file git ignores stays on this machine: typing the value is the user's choice again.
      writeFileSync(join(real.root, ".gitignore"), "opencode.jsonc\n");
      expect(row(await withToken(secret), "committed")).toBeDefined();
      expect(readFileSync(projectFile, "utf8")).toContain(`"COMMITTED_TOKEN": "${secret}"`);
      await real.client.removeMcpServer(sessionID, "committed");

      // Linked into another repository, the file is written there: refused though this one ignores the link.
      const shared = mkdtempSync(join(tmpdir(), "turnkey shared-config-"));
      execFileSync("git", ["init", "-q"], { cwd: shared, stdio: "ignore" });
      const target = join(shared, "opencode.jsonc");
      writeFileSync(target, readFileSync(projectFile, "utf8"));
      rmSync(projectFile);
      symlinkSync(target, projectFile);
      try {
        const linked = await refusal(withToken(secret));
        expect(linked?.code).toBe("secret_in_shared_file");
        expect(linked?.message).toContain(
          `opencode.jsonc links to ${target}, which a git repository there would commit`,
        );
        expect(readFileSync(target, "utf8")).not.toContain(secret);
      } finally {
        const text = readFileSync(target, "utf8");
        rmSync(projectFile);
        writeFileSync(projectFile, text);
        rmSync(shared, { recursive: true, force: true });
      }
    } finally {
      rmSync(join(real.root, ".git"), { recursive: true, force: true });
      rmSync(join(real.root, ".gitignore"), { force: true });
    }
  }, 180_000);

  it("takes one change at a time: a second save while one is judged and written is told to wait, and only the first lands", async () => {
    // Sent together, each with a typed secret: the first to arrive holds the change while OpenCode
    // names the folders and git is asked whether it would commit the file; the other arrives
    // meanwhile and is refused before it looks at anything.
    const entry = (name: string) => local(name, { environment: [{ name: "TOKEN", value: secret }] });
    const saves = ["first", "second"].map((name) =>
      real.client.saveMcpServer(sessionID, name, { scope: "project", create: true, entry: entry(name) }).then(
        (answer) => ({ name, answer, refused: null }),
        (error: TurnkeyApiError) => ({ name, answer: null, refused: error }),
      ),
    );
    const outcomes = await Promise.all(saves);
    const saved = outcomes.filter((o) => o.answer !== null);
    const refused = outcomes.filter((o) => o.refused !== null);
    expect(saved).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.refused).toMatchObject({ httpStatus: 409, code: "change_running" });
    expect(refused[0]?.refused?.message).toBe(
      "Another change to the MCP servers is still being saved: wait for it to finish, then try again. Nothing was changed.",
    );
    const text = readFileSync(projectFile, "utf8");
    expect(text).toContain(`"${saved[0]?.name}"`);
    expect(text).not.toContain(`"${refused[0]?.name}"`);
    // Once the first has finished, the other is taken.
    const later = await real.client.saveMcpServer(sessionID, refused[0]?.name ?? "", {
      scope: "project",
      create: true,
      entry: entry(refused[0]?.name ?? ""),
    });
    expect(later.servers.map((s) => s.name)).toEqual(expect.arrayContaining(["first", "second"]));
    for (const name of ["first", "second"]) await real.client.removeMcpServer(sessionID, name);
  }, 180_000);

  it("keeps the switch in the file: off stays off in the config", async () => {
    await real.client.disconnectMcp(sessionID, "fixture");
    const kept = await real.client.keepMcpSwitch(sessionID, "fixture", false);
    expect(row(kept, "fixture")).toMatchObject({ state: "disabled", source: { enabled: false } });
    expect(readFileSync(projectFile, "utf8")).toMatch(/"fixture": \{[^}]*"enabled": false/);
    await real.client.connectMcp(sessionID, "fixture");
    const on = await real.client.keepMcpSwitch(sessionID, "fixture", true);
    expect(row(on, "fixture")).toMatchObject({ state: "connected", source: { enabled: true } });
    expect(readFileSync(projectFile, "utf8")).not.toContain('"enabled"');
  }, 120_000);

  it("gives a client id to a server that lets nobody register, and it then asks for a sign-in", async () => {
    const list = await real.client.mcpServers(sessionID);
    expect(row(list, "closed")?.state).toBe("needs_client_registration");
    expect(row(list, "closed")?.sentence).toContain("Press Edit and give it a client id from its provider");
    const form = await real.client.mcpServerConfig(sessionID, "closed");
    expect(form.entry).toMatchObject({ type: "remote", url: oauth.url, clientId: null });
    const saved = await real.client.saveMcpServer(sessionID, "closed", {
      scope: "project",
      create: false,
      entry: { ...form.entry, clientId: "stub-client" } as McpEntry,
    });
    expect(row(saved, "closed")?.state).toBe("needs_auth");
    // The rest of its oauth settings stayed, and so did the file's comment.
    const text = readFileSync(projectFile, "utf8");
    expect(text).toMatch(/"oauth": \{\s*"callbackPort": \d+,\s*"clientId": "stub-client"\s*\}/);
    expect(text).toContain(comment);
  }, 120_000);

  it("adds a server to the global config, and OpenCode restarts to use it", async () => {
    const globalFile = (await real.client.mcpServers(sessionID)).files.global;
    const pidBefore = (await real.client.status()).pid;
    const saved = await real.client.saveMcpServer(sessionID, "everywhere", {
      scope: "global",
      create: true,
      entry: local("everywhere"),
    });
    expect(row(saved, "everywhere")).toMatchObject({
      state: "connected",
      source: { scope: "global", file: globalFile },
    });
    expect(existsSync(globalFile)).toBe(true);
    // opencode reads its global config once per process: a new process took it.
    expect((await real.client.status()).pid).not.toBe(pidBefore);
  }, 180_000);
});
