// Provider keys never reach a tool's environment, and a key a tool gets at anyway (opencode's own
// /proc environ, the auth.json a saved key lands in: a tool runs as the user) reaches the API and
// the event stream masked. Real opencode, a real bash tool, the stub provider.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { collectEvents } from "./eventCollector.ts";
import { startRealBackend } from "./realBackend.ts";

const envKey = "sk-env-key-from-the-users-shell-0123456789";
// A provider's key variable not named *_API_KEY: only the names learnt from opencode hide it.
const tokenName = "FRIENDLI_TOKEN";
const envToken = "flp-token-from-the-users-shell-0123456789";
const savedKey = "sk-saved-through-the-app-0123456789abcdef";
// No "]" anywhere: it would end the stub's marker.
const snoop = [
  "echo ENVKEY=$OPENAI_API_KEY",
  `echo ENVTOKEN=$${tokenName}`,
  `echo PROC; tr '\\0' '\\n' < /proc/$PPID/environ | grep -aE 'OPENAI_API_KEY|${tokenName}'`,
  'echo AUTH; cat "$XDG_DATA_HOME/opencode/auth.json"',
  "echo END",
].join("; ");

it.skipIf(process.platform !== "linux")(
  "hides provider key variables from tools and masks every key a tool prints, in messages and events",
  async () => {
    const { client, backend, stub, dataDir, close } = await startRealBackend({
      name: "provider-keys",
      opencodeConfig: { permission: { bash: "allow" } },
      env: (root) => ({ ...isolatedOpencodeEnv(root), OPENAI_API_KEY: envKey, [tokenName]: envToken }),
      backend: { uiDir: null, autostart: false, profile: "managed" },
    });
    try {
      await client.start();
      await client.setProviderKey("openai", savedKey);
      const { session } = await client.createSession({});
      const events = await collectEvents(backend, [session.id]);
      const reply = await client.sendAndWait(session.id, `[tool:bash ${snoop}]`);
      const answered = `${reply.text}\n${JSON.stringify(await client.messages(session.id))}`;
      await events.until((all) => JSON.stringify(all).includes("END"), "the tool output in the event stream");
      const streamed = JSON.stringify(events.events);
      events.close();
      // The names opencode gives for its providers' keys, learnt by the plugin before the tool ran.
      const hidden = JSON.parse(readFileSync(join(dataDir, "opencode-plugin", "turnkey-hidden-env.json"), "utf8"));
      expect(hidden.names).toEqual(expect.arrayContaining(["ANTHROPIC_API_KEY", tokenName]));
      // The tool ran and got at both keys the only ways left to it…
      expect(reply.text).toContain("END");
      expect(JSON.stringify(stub.requests)).toContain(savedKey); // the model saw it: residual risk
      // …but not through its environment, and everything the API and the stream said is masked.
      expect(reply.text).toContain("ENVKEY=\n");
      expect(reply.text).toContain("ENVTOKEN=\n");
      expect(reply.text).toContain("OPENAI_API_KEY=[redacted]");
      expect(reply.text).toContain(`${tokenName}=[redacted]`);
      expect(reply.text).toMatch(/"key":\s*"\[redacted\]"/);
      for (const text of [answered, streamed]) {
        expect(text).not.toContain(envKey);
        expect(text).not.toContain(envToken);
        expect(text).not.toContain(savedKey);
      }
    } finally {
      await close();
    }
  },
  180_000,
);
