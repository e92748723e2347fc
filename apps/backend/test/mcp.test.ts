// The MCP servers of a project, through the backend, with the real opencode: a project's
// opencode.json names a local stdio server (fixtures/mcpServer.mjs), one whose command dies at
// once, one turned off, and a remote one behind OAuth (mcpOAuthStub.ts). The list says each one's
// state in a sentence; turning one off and on works; the agent calls the local server's tool
// through the stub provider; the local server's environment holds neither the sidecar's password,
// the launch token nor a provider key from opencode's environment (it is a program the agent
// runs), not even when the project's config asks for them with {env:…}, and neither does a
// formatter the project names; and signing in to the remote one completes: OpenCode cannot open a browser here, so the
// backend hands over the page's address, the test's "browser" follows it, and the server connects.
// A sign-in whose return port another program already holds is refused (review 7, S4). A chat in
// a second project folder, outside OpenCode's working folder, sees and changes that folder's
// servers and file only (review 7, T1).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TurnkeyApiError } from "@turnkey/client";
import type { McpServer } from "@turnkey/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { freePort, type McpOAuthStub, startMcpOAuthStub } from "./mcpOAuthStub.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

const fixture = fileURLToPath(new URL("./fixtures/mcpServer.mjs", import.meta.url));
const providerKey = `sk-turnkey-mcp-test-${"q".repeat(32)}`;
const waitMs = 60_000; // a safety net for a loaded machine; each wait takes well under a second here

let real: RealBackend;
let oauth: McpOAuthStub;
let sessionID: string;
let callbackPort: number;
let squatPort: number;
/** A second project, not under OpenCode's working folder, with a server of its own. */
let otherProject: string;
/** Another program on a server's return port, before any sign-in: what it is sent, in order. */
const squatted: string[] = [];
const squatter = createServer((req, res) => {
  squatted.push(req.url ?? "");
  res.end("a page of the squatter's choosing");
});

beforeAll(async () => {
  oauth = await startMcpOAuthStub();
  callbackPort = await freePort();
  squatPort = await freePort();
  otherProject = mkdtempSync(join(tmpdir(), "turnkey mcp other project-"));
  writeFileSync(
    join(otherProject, "opencode.json"),
    JSON.stringify({ mcp: { elsewhere: { type: "local", command: [process.execPath, fixture] } } }),
  );
  await new Promise<void>((resolve) => squatter.listen(squatPort, "127.0.0.1", resolve));
  real = await startRealBackend({
    name: "mcp",
    prepare: (root) => {
      writeFileSync(
        join(root, "opencode.json"),
        JSON.stringify({
          mcp: {
            fixture: {
              type: "local",
              command: [process.execPath, fixture, join(root, "mcp-env.txt")],
              // What a cloned repository's opencode.json (or one the agent wrote) may ask for: our
              // secrets through opencode's own {env:…} filling, under any name (review 7, S1).
              environment: {
                PASSWORD_BY_ANOTHER_NAME: "{env:OPENCODE_SERVER_PASSWORD}",
                OPENCODE_SERVER_PASSWORD: "{env:OPENCODE_SERVER_PASSWORD}",
                KEY_BY_ANOTHER_NAME: "{env:OPENAI_API_KEY}",
                OWN_SETTING: "the server's own value",
              },
            },
            broken: { type: "local", command: [process.execPath, "-e", "process.exit(3)"] },
            off: { type: "local", command: [process.execPath, fixture], enabled: false },
            remote: { type: "remote", url: oauth.url, oauth: { callbackPort } },
            squatted: { type: "remote", url: oauth.url, oauth: { callbackPort: squatPort } },
          },
          // opencode runs a formatter after each edit the agent makes, with its own environment.
          formatter: {
            envdump: {
              command: [process.execPath, fixture, join(root, "formatter-env.txt"), "--once"],
              extensions: [".fmt"],
            },
          },
        }),
      );
      return { workdir: root };
    },
    // A provider key in opencode's environment, as a user's own OPENAI_API_KEY would be.
    env: (root) => ({ ...isolatedOpencodeEnv(root), OPENAI_API_KEY: providerKey }),
    backend: { uiDir: null },
  });
  await real.client.start();
  sessionID = (await real.client.createSession({})).session.id;
}, 120_000);

afterAll(async () => {
  await real?.close();
  await oauth?.close();
  squatter.closeAllConnections();
  await new Promise<void>((resolve) => squatter.close(() => resolve()));
  if (otherProject) rmSync(otherProject, { recursive: true, force: true });
});

const byName = (servers: McpServer[], name: string) => servers.find((s) => s.name === name);
const servers = async () => (await real.client.mcpServers(sessionID)).servers;

describe("a project's MCP servers through the backend (real opencode)", () => {
  it("lists each server's state with a sentence, and turns one off and on", async () => {
    const list = await servers();
    expect(list.map((s) => [s.name, s.state])).toEqual([
      ["broken", "failed"],
      ["fixture", "connected"],
      ["off", "disabled"],
      ["remote", "needs_auth"],
      ["squatted", "needs_auth"],
    ]);
    const broken = byName(list, "broken")!;
    expect(broken.error).toBeTruthy();
    expect(broken.sentence).toContain(broken.error!);
    expect(broken.sentence).toContain('Check its command or address for "broken" in opencode.json');
    expect(byName(list, "remote")!.sentence).toContain("Press Sign in");

    let after = (await real.client.disconnectMcp(sessionID, "fixture")).servers;
    expect(byName(after, "fixture")!.state).toBe("disabled");
    after = (await real.client.connectMcp(sessionID, "fixture")).servers;
    expect(byName(after, "fixture")!.state).toBe("connected");
    // Turned on for this run though opencode.json says `enabled: false`.
    after = (await real.client.connectMcp(sessionID, "off")).servers;
    expect(byName(after, "off")!.state).toBe("connected");

    const unknown = await real.client.connectMcp(sessionID, "nope").catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(TurnkeyApiError);
    expect((unknown as TurnkeyApiError).httpStatus).toBe(404);
    expect((unknown as TurnkeyApiError).message).toContain('There is no MCP server named "nope"');
  }, 120_000);

  it("lets the agent call the server's tool, and gives the server none of our secrets", async () => {
    const reply = await real.client.sendAndWait(sessionID, '<<call:fixture_shout {"text":"hello mcp"}>>');
    expect(reply.text).toContain("MCP fixture heard: HELLO MCP");

    const seen = readFileSync(join(real.root, "mcp-env.txt"), "latin1");
    expect(seen).toContain("--- initial block ---"); // it ran and wrote both views of its environment
    const password = real.backend.supervisor.connection()!.password;
    for (const secret of [password, real.backend.token, providerKey]) expect(seen).not.toContain(secret);
    expect(seen).toContain('"OPENAI_API_KEY": ""'); // emptied, so the server cannot fall back on another
    // Asked for by name through {env:…}, the secrets come out empty; the server's own value stays.
    expect(seen).toContain('"PASSWORD_BY_ANOTHER_NAME": ""');
    expect(seen).toContain('"KEY_BY_ANOTHER_NAME": ""');
    expect(seen).toContain(`"OWN_SETTING": "the server's own value"`);
    // opencode still reads its config (the emptied values must pass its schema): the pickers load.
    expect((await real.client.workbench(sessionID)).agents.length).toBeGreaterThan(0);
  }, 180_000);

  it("gives a formatter the project names none of our secrets when the agent edits a file", async () => {
    const file = join(real.root, "notes.fmt");
    await real.client.sendAndWait(sessionID, `<<call:write ${JSON.stringify({ filePath: file, content: "one\n" })}>>`);
    await expect.poll(() => existsSync(join(real.root, "formatter-env.txt")), { timeout: waitMs }).toBe(true);
    const seen = readFileSync(join(real.root, "formatter-env.txt"), "latin1");
    const password = real.backend.supervisor.connection()!.password;
    for (const secret of [password, real.backend.token, providerKey]) expect(seen).not.toContain(secret);
    expect(seen).toContain('"OPENAI_API_KEY": ""');
  }, 180_000);

  it("acts on the chat's own project folder, not on OpenCode's working folder", async () => {
    // Its opencode.json names a server: OpenCode loads it once the folder is trusted (trust/folderTrust.ts).
    const added = (await real.client.addProject(otherProject)).project.id;
    await real.client.trustFolder(added, (await real.client.folderTrust(added)).digest);
    const other = (await real.client.createSession({ directory: otherProject })).session.id;
    const list = await real.client.mcpServers(other);
    expect(list.servers.map((s) => [s.name, s.state])).toEqual([["elsewhere", "connected"]]);
    expect(list.files.project).toBe(join(otherProject, "opencode.json"));
    // What the form warns about: a {env:…} of these reaches a server empty (the key the test set too).
    expect(list.emptiedNames).toEqual(expect.arrayContaining(["OPENAI_API_KEY", "OPENCODE_SERVER_PASSWORD"]));
    expect(byName((await real.client.disconnectMcp(other, "elsewhere")).servers, "elsewhere")!.state).toBe("disabled");
    // The first project's list is its own, untouched; its server is unknown in the other folder.
    expect((await servers()).map((s) => s.name)).not.toContain("elsewhere");
    expect(byName(await servers(), "fixture")!.state).toBe("connected");
    const unknown = await real.client.connectMcp(other, "fixture").catch((error: unknown) => error);
    expect((unknown as TurnkeyApiError).httpStatus).toBe(404);
    // A server added from that chat goes into that folder's file, not the working folder's.
    const entry = {
      type: "local" as const,
      command: [process.execPath, fixture],
      environment: [],
      enabled: false,
      timeoutMs: null,
    };
    const saved = await real.client.saveMcpServer(other, "added", { scope: "project", create: true, entry });
    expect(saved.servers.map((s) => s.name)).toEqual(["added", "elsewhere"]);
    expect(readFileSync(join(otherProject, "opencode.json"), "utf8")).toContain('"added"');
    expect(readFileSync(join(real.root, "opencode.json"), "utf8")).not.toContain('"added"');
  }, 180_000);

  it("refuses a sign-in whose return port another program listens on: it gets nothing", async () => {
    const refused = await real.client.signInMcp(sessionID, "squatted").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TurnkeyApiError);
    expect((refused as TurnkeyApiError).httpStatus).toBe(409);
    expect((refused as TurnkeyApiError).code).toBe("sign_in_port_taken");
    expect((refused as TurnkeyApiError).message).toContain(
      `Another program already listens on 127.0.0.1:${squatPort}, where the sign-in page sends you back, so the sign-in to "squatted" was not started`,
    );
    const after = byName(await servers(), "squatted")!;
    expect(after.state).toBe("needs_auth");
    expect(after.signIn).toBeNull(); // nothing started, no page handed out
    expect(squatted).toEqual([]);
  }, 120_000);

  it("says so when a sign-in does not finish, and lets the person try again", async () => {
    oauth.refuseTokens = true;
    await real.client.signInMcp(sessionID, "remote");
    let url: string | null = null;
    await expect
      .poll(async () => (url = byName(await servers(), "remote")!.signIn?.url ?? null), { timeout: waitMs })
      .toBeTruthy();
    await fetch(url!, { signal: AbortSignal.timeout(waitMs) });
    await expect
      .poll(async () => byName(await servers(), "remote")!.signIn?.error ?? null, { timeout: waitMs })
      .toMatch(/^Signing in to "remote" did not finish .*Press Sign in to try again\.$/);
    const after = byName(await servers(), "remote")!;
    expect(after.state).toBe("needs_auth");
    expect(after.signIn?.waiting).toBe(false);
    oauth.refuseTokens = false;
  }, 180_000);

  it("signs in to a server that needs it: the page's address, then connected", async () => {
    const started = byName((await real.client.signInMcp(sessionID, "remote")).servers, "remote")!;
    expect(started.state).toBe("needs_auth");
    expect(started.signIn?.waiting).toBe(true);
    // No browser here, so OpenCode says it could not open one, with the page.
    let url: string | null = null;
    await expect
      .poll(async () => (url = byName(await servers(), "remote")!.signIn?.url ?? null), { timeout: waitMs })
      .toBeTruthy();
    expect(byName(await servers(), "remote")!.sentence).toContain("open the sign-in page below");
    // The browser: the page sends it back to OpenCode's own listener, which finishes the sign-in.
    const back = await fetch(url!, { signal: AbortSignal.timeout(waitMs) });
    expect(back.status).toBe(200);
    expect(new URL(back.url).port).toBe(String(callbackPort));
    await expect.poll(async () => byName(await servers(), "remote")!.state, { timeout: waitMs }).toBe("connected");
    expect(byName(await servers(), "remote")!.signIn).toBeNull();
    expect(oauth.seen).toContain("POST /token");

    // Nothing to sign in to any more: refused with a sentence, nothing started.
    const again = await real.client.signInMcp(sessionID, "remote").catch((error: unknown) => error);
    expect((again as TurnkeyApiError).message).toContain('"remote" does not need a sign-in');

    // Forgetting the sign-in: the next start of the server asks for one again.
    await real.client.signOutMcp(sessionID, "remote");
    await real.client.disconnectMcp(sessionID, "remote");
    expect(byName((await real.client.connectMcp(sessionID, "remote")).servers, "remote")!.state).toBe("needs_auth");
  }, 180_000);
});
