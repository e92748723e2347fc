// `!` shell commands through the backend with the real opencode and the stub provider: the command
// runs in the session's project folder and opencode records it with its output in the chat; bad
// input is refused with a sentence and nothing runs; a busy chat's refusal shows in the chat; and
// the tool-environment protections hold for the session shell too: `!env` shows neither the
// sidecar's password, nor the launch token, nor a provider key, nor the opencode config content.
import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import type { ChatMessage } from "@turnkey/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { collectEvents } from "./eventCollector.ts";
import { jsonPost } from "./harness.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

const providerKey = "sk-ant-shell-test-0123456789abcdef";
// On Windows opencode runs `!` commands in PowerShell (its Shell.preferred: pwsh, then Windows
// PowerShell, then Git Bash), where `env` is no command: node prints what the shell passes on.
const printEnv =
  process.platform === "win32"
    ? `node -e "for (const [k, v] of Object.entries(process.env)) console.log(k + '=' + v); console.log('END-ENV')"`
    : "env; echo END-ENV";
let setup: RealBackend;

beforeAll(async () => {
  setup = await startRealBackend({
    name: "shell",
    // A provider key in opencode's environment, as a user who exported one has.
    env: (root) => ({ ...isolatedOpencodeEnv(root), ANTHROPIC_API_KEY: providerKey }),
  });
  expect((await setup.client.start()).state).toBe("running");
}, 120_000);
afterAll(() => setup?.close());

/** The shell turn's tool output, once opencode has recorded it as completed. */
async function runShell(sessionID: string, command: string): Promise<string> {
  const events = await collectEvents(setup.backend, [sessionID]);
  try {
    expect(await setup.client.shell(sessionID, { command })).toEqual({ accepted: true, sessionID });
    await events.until(
      () =>
        events
          .chat()
          .some((e) => e.type === "part.updated" && e.part.type === "tool" && e.part.state.status === "completed"),
      `the output of ${command}`,
      90_000,
    );
  } finally {
    events.close();
  }
  const messages: ChatMessage[] = await setup.client.messages(sessionID);
  const tools = messages.flatMap((m) => m.parts).filter((p) => p.type === "tool");
  const last = tools.at(-1);
  if (last?.type !== "tool") throw new Error("no tool part recorded");
  return last.state.output ?? "";
}

describe("! shell commands", () => {
  it("runs in the session's folder and is recorded with its output in the chat", async () => {
    const { session } = await setup.client.createSession({});
    const output = await runShell(session.id, "pwd && echo made > made-by-shell.txt && echo shell-says-hi");
    expect(output).toContain("shell-says-hi");
    expect(output).toContain(realpathSync(setup.root));
    expect(existsSync(join(setup.root, "made-by-shell.txt"))).toBe(true);
    // Recorded as opencode records it: a turn of the user's with the bash tool's call and output.
    const messages = await setup.client.messages(session.id);
    const tool = messages.flatMap((m) => m.parts).find((p) => p.type === "tool");
    expect(tool).toMatchObject({
      tool: "bash",
      state: { status: "completed", input: { command: expect.stringContaining("pwd") } },
    });
    expect(setup.stub.requests).toEqual([]); // the model was not asked anything
  }, 120_000);

  it("shows no secret in `!env`: not the password, the token, a provider key or the config content", async () => {
    const { session } = await setup.client.createSession({});
    const output = await runShell(session.id, printEnv);
    expect(output).toContain("END-ENV");
    expect(output).toMatch(/^PATH=/im); // it printed an environment (Windows spells it Path)
    const { password } = setup.backend.supervisor.connection()!;
    for (const secret of [password, setup.backend.token, providerKey, "stub-key-not-secret"])
      expect(output).not.toContain(secret);
    expect(output).not.toMatch(/^(OPENCODE_SERVER_PASSWORD|OPENCODE_CONFIG_CONTENT|ANTHROPIC_API_KEY)=/m);
    // Nothing had to be masked on the way out: the secret never reached the shell.
    expect(JSON.stringify(await setup.client.messages(session.id))).not.toContain("[redacted]");
  }, 120_000);

  it("refuses an empty command or a bad body with a sentence, and runs nothing", async () => {
    const { session } = await setup.client.createSession({});
    for (const body of ['{"command":"   "}', '{"command":"ls","extra":1}', '{"cmd":"ls"}']) {
      const refused = await jsonPost(setup.backend, `/api/sessions/${session.id}/shell`, body);
      expect(refused.status).toBe(400);
      expect(refused.json()).toMatchObject({ error: { code: "invalid_request", message: expect.any(String) } });
    }
    expect(await setup.client.messages(session.id)).toEqual([]);
  });
});
