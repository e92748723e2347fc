// Neither the sidecar's password nor the launch token ever reaches a tool, in either profile and
// however the backend runs (in this process, headless under Node with TURNKEY_TOKEN, or as the
// desktop's worker; the config given as a file, or as JSONC in OPENCODE_CONFIG_CONTENT): a real
// bash tool of the real opencode prints its environment (`env`,
// `printenv`, its own /proc/$$/environ) and walks up every ancestor (opencode, the backend and
// above), printing what each one's /proc/<pid>/environ names; the test then reads each ancestor's
// whole environ and cmdline, as any process of this user could. None holds the password, the
// token or the config content (which may carry provider keys). opencode's server still refuses
// requests without the password afterwards.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTurnkeyClient, type TurnkeyClient } from "@turnkey/client";
import { afterAll, describe, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { startBackend } from "../src/startBackend.ts";
import { startBackendProcess } from "./backendProcess.ts";
import { type StubProvider, startStubProvider } from "./stubProvider.ts";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const interesting = "^(OPENCODE_SERVER_PASSWORD|OPENCODE_CONFIG_CONTENT|TURNKEY_)"; // no "]": it would end the marker
const envDump = [
  "echo BEGIN-ENV",
  "env",
  "echo PRINTENV=$(printenv OPENCODE_SERVER_PASSWORD)",
  "echo SHELL; tr '\\0' '\\n' < /proc/$$/environ",
  "echo PARENT=$PPID",
  // Every ancestor up to init: its pid, then the secret-named lines of its initial environment.
  `p=$$; while test "$p" -gt 1; do echo "ANCESTOR $p"; tr '\\0' '\\n' < /proc/$p/environ 2>/dev/null | grep -aE '${interesting}'; p=$(sed 's/.*) //' /proc/$p/stat | cut -d' ' -f2); done`,
  "echo END-ENV",
].join("; ");

function tempRoot(name: string): string {
  const root = mkdtempSync(join(tmpdir(), `turnkey tool-env ${name}-`));
  roots.push(root);
  return root;
}

/** What a process of this user reads about another: its initial environment and its argv. */
function procText(pid: number): string {
  const read = (file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, "latin1").replaceAll("\0", "\n");
    } catch {
      return ""; // exited, or another user's
    }
  };
  return `${read("environ")}\n${read("cmdline")}`;
}

/** Runs the tool, checks what it printed and every ancestor it named; returns the ancestor pids. */
async function snoop(
  client: TurnkeyClient,
  stub: StubProvider,
  secrets: { token: string; password?: string },
): Promise<{ output: string; ancestors: number[] }> {
  const status = await client.start();
  const { session } = await client.createSession({});
  const reply = await client.sendAndWait(session.id, `[tool:bash ${envDump}]`);
  const output = reply.text;
  // The tool really ran, as a child of this opencode, and printed environments.
  expect(output).toContain("END-ENV");
  expect(output).toContain(`PARENT=${status.pid}`);
  expect(output).toMatch(/OPENCODE_DISABLE_AUTOUPDATE=true[\s\S]*SHELL\n[\s\S]*PATH=/);
  expect(output).toContain("PRINTENV=\n");
  // opencode itself gives up on an unreachable npm registry at once (npmRetries.ts); the
  // tools it runs keep npm's own retries.
  expect(procText(status.pid ?? 0)).toContain("npm_config_fetch_retries=0\n");
  expect(output).not.toMatch(/npm_config_fetch_retries/i);
  const ancestors = [...output.matchAll(/ANCESTOR (\d+)/g)].map((m) => Number(m[1]));
  expect(ancestors).toContain(status.pid);
  // The output as the provider got it and as stored and listed: the backend's redaction must
  // have had nothing to mask.
  const seen = `${JSON.stringify(stub.requests)}\n${JSON.stringify(await client.messages(session.id))}`;
  expect(seen).not.toContain("[redacted]");
  // Only opencode's own initial block still names the password, overwritten with "x".
  expect(output.match(/OPENCODE_SERVER_PASSWORD=.*/g)).toEqual([`OPENCODE_SERVER_PASSWORD=${"x".repeat(43)}`]);
  expect(output).not.toMatch(/TURNKEY_TOKEN=(?!x+\n)/);
  const everything = `${seen}\n${ancestors.map(procText).join("\n")}`;
  for (const secret of [secrets.token, secrets.password].filter((s) => s !== undefined))
    expect(everything).not.toContain(secret);
  for (const value of everything.match(/(?<=OPENCODE_SERVER_PASSWORD=)[^\s\\"]*/g) ?? [])
    expect(value, "a password").toMatch(/^x*$/);
  expect(everything).not.toContain("stub-key-not-secret"); // the config content's key
  return { output, ancestors };
}

describe.each(["managed", "inherit"] as const)("tools of a %s sidecar", (profile) => {
  it.skipIf(process.platform !== "linux")(
    "see neither the password nor the config content, in env or in any ancestor's environ",
    async () => {
      const root = tempRoot(profile);
      const stub = await startStubProvider();
      const backend = await startBackend({
        dataDir: join(root, "data"),
        workdir: root,
        uiDir: null,
        autostart: false,
        profile,
        opencodeConfig: stub.writeOpencodeConfig(root, { permission: { bash: "allow" } }),
        supervisor: { env: isolatedOpencodeEnv(root) },
      });
      try {
        const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
        await client.start();
        const { password, url } = backend.supervisor.connection()!;
        await snoop(client, stub, { token: backend.token, password });
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
    180_000, // a safety net on a loaded machine; it takes 20–40 s
  );
});

describe.each(["headless", "worker"] as const)("tools under a %s backend process", (mode) => {
  it.skipIf(process.platform !== "linux")(
    "find the launch token in no ancestor: not the backend's environ, not its command line",
    async () => {
      const root = tempRoot(mode);
      const stub = await startStubProvider();
      const token = `tok-${mode}-${"k".repeat(40)}`;
      const configFile = stub.writeOpencodeConfig(root, { permission: { bash: "allow" } });
      // Headless: the user's own OPENCODE_CONFIG_CONTENT, in JSONC (opencode accepts comments and
      // trailing commas), which must still get the secrets plugin and reach opencode.
      const jsonc = `// the user's config\n${readFileSync(configFile, "utf8").replace(/\n}\s*$/, ",\n}\n")}`;
      const backend = await startBackendProcess({
        mode,
        token,
        dataDir: join(root, "data"),
        workdir: root,
        opencodeConfig: mode === "worker" ? configFile : null,
        env: { ...isolatedOpencodeEnv(root), ...(mode === "headless" ? { OPENCODE_CONFIG_CONTENT: jsonc } : {}) },
      });
      try {
        const client = createTurnkeyClient({ baseUrl: backend.url, token });
        const { ancestors } = await snoop(client, stub, { token });
        // The backend itself is one of the ancestors the tool walked through.
        expect(ancestors).toContain(backend.child.pid);
      } finally {
        await backend.close();
        await stub.close();
      }
    },
    180_000, // a safety net on a loaded machine; it takes 20–40 s
  );
});
