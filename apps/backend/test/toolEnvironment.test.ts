// The sidecar's password never reaches a tool, in either profile: a real bash tool of the real
// opencode prints its environment (`env`, `printenv`), its own /proc/self/environ and opencode's
// /proc/<ppid>/environ, and none of it holds the password or the config content (which may carry
// provider keys). opencode's server still refuses requests without the password afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import { afterAll, describe, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { startBackend } from "../src/startBackend.ts";
import { startStubProvider } from "./stubProvider.ts";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const envDump = [
  "echo BEGIN-ENV",
  "env",
  "echo PRINTENV=$(printenv OPENCODE_SERVER_PASSWORD)",
  "echo SELF; tr '\\0' '\\n' < /proc/self/environ",
  "echo SHELL; tr '\\0' '\\n' < /proc/$$/environ",
  "echo PARENT=$PPID; tr '\\0' '\\n' < /proc/$PPID/environ",
  "echo END-ENV",
].join("; ");

describe.each(["managed", "inherit"] as const)("tools of a %s sidecar", (profile) => {
  it.skipIf(process.platform !== "linux")(
    "see neither the password nor the config content, in env or in any /proc environ",
    async () => {
      const root = mkdtempSync(join(tmpdir(), `turnkey tool-env ${profile}-`));
      roots.push(root);
      const stub = await startStubProvider();
      const isolated = isolatedOpencodeEnv(root);
      const backend = await startBackend({
        dataDir: join(root, "data"),
        workdir: root,
        uiDir: null,
        autostart: false,
        profile,
        opencodeConfig: stub.writeOpencodeConfig(root, { permission: { bash: "allow" } }),
        supervisor: { env: isolated },
      });
      try {
        const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
        const status = await client.start();
        const { password, url } = backend.supervisor.connection()!;
        const { session } = await client.createSession({});
        const reply = await client.sendAndWait(session.id, `[tool:bash ${envDump}]`);
        const output = reply.text;
        // The tool really ran, as a child of this opencode, and printed environments.
        expect(output).toContain("END-ENV");
        expect(output).toContain(`PARENT=${status.pid}`);
        expect(output).toMatch(/OPENCODE_DISABLE_AUTOUPDATE=true[\s\S]*SELF[\s\S]*PATH=/);
        // …and not one secret.
        expect(output).not.toContain(password);
        expect(output).toContain("PRINTENV=\n");
        // Only opencode's own initial block still names it, overwritten with "x".
        expect(output.match(/OPENCODE_SERVER_PASSWORD=.*/g)).toEqual([`OPENCODE_SERVER_PASSWORD=${"x".repeat(43)}`]);
        expect(output).not.toContain("stub-key-not-secret"); // the config content's key
        // The message as stored and listed, and the provider's view of the tool result, too.
        expect(JSON.stringify(await client.messages(session.id))).not.toContain(password);
        expect(JSON.stringify(stub.requests)).not.toContain(password);
        // The server kept its password: a request without it is still refused.
        expect((await fetch(`${url}/session`)).status).toBe(401);
        expect(
          (await fetch(`${url}/session`, { headers: { authorization: `Basic ${btoa(`opencode:${password}`)}` } }))
            .status,
        ).toBe(200);
      } finally {
        await backend.close();
        await stub.close();
      }
    },
  );
});
