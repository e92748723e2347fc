// After a session of starts, restarts, a crash, chats and errors, search everywhere a secret
// could end up for every sidecar password, the launch token and the API key used: the argv of
// every process, every file under the data dir, every log line, the status, logs and diagnostics
// answers, and the raw SSE stream. None may appear. The one expected home of the API key is
// opencode's own credential store (auth.json in its data folder): that is where opencode keeps
// provider keys, so the scan checks that the key is there and nowhere else.
// The agent's tools are searched too (issue 12): a bash tool runs `env`, `printenv`, reads the
// environment of itself and of opencode from /proc, and `cat`s the files of the data dir; its
// output (as the provider, SSE subscribers, the message answers and opencode's database get it)
// and the environment of every process the scan can read must hold no secret either.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import { afterAll, describe, expect, it } from "vitest";
import { startBackend } from "../apps/backend/src/startBackend.ts";
import { startStubProvider } from "../apps/backend/test/stubProvider.ts";
import { isolatedOpencodeEnv } from "../packages/sidecar/test/isolatedHome.ts";
import { ops, recordFigures } from "./harness.ts";

const root = mkdtempSync(join(tmpdir(), "turnkey-chaos-leaks-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function homeOnly(env: Record<string, string>): Record<string, string> {
  const { XDG_CONFIG_HOME: _c, XDG_DATA_HOME: _d, XDG_STATE_HOME: _s, ...rest } = env;
  return rest;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) return [];
    return info.isDirectory() ? filesUnder(path) : info.isFile() ? [path] : [];
  });
}

describe("leak scan", () => {
  it("finds no password, token or API key anywhere after a busy session", async () => {
    const stub = await startStubProvider();
    const dataDir = join(root, "data");
    const token = "leak-scan-launch-token-0123456789abcdefghijk";
    const apiKey = "sk-chaos-leak-check-0123456789abcdef";
    const backend = await startBackend({
      dataDir,
      token,
      workdir: root,
      uiDir: null,
      autostart: false,
      profile: "managed",
      opencodeConfig: stub.writeOpencodeConfig(root, { permission: { bash: "allow" } }),
      // Only HOME and the cache are isolated: the managed profile itself puts opencode's config,
      // data and credential store under the data dir, which is the layout to scan.
      // Lenient probes: a leak scan, not a health test; on a busy machine opencode can take
      // seconds to answer after a key change reloads its instance, and a restart then would
      // fail a provider call mid-request.
      supervisor: {
        env: homeOnly(isolatedOpencodeEnv(root)),
        config: { backoffBaseMs: 50 },
        probeTimeoutMs: 30_000,
      },
      keyCheckBaseUrl: `${stub.url}/v1`,
    });
    const client = createTurnkeyClient({ baseUrl: backend.url, token });
    const passwords = new Set<string>();
    const remember = () => passwords.add(backend.supervisor.connection()!.password);
    // The raw SSE text, exactly as a subscriber receives it.
    const sse = await fetch(`${backend.url}/api/events`, { headers: { authorization: `Bearer ${token}` } });
    const reader = sse.body!.pipeThrough(new TextDecoderStream()).getReader();
    let stream = "";
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        stream += value;
      }
    })();
    try {
      await client.start();
      remember();
      await client.setProviderKey("openai", apiKey);
      const { session } = await client.createSession({ key: "leaky?" });
      await client.sendAndWait(session.id, "hello");
      // What a curious agent would run. A background sleep keeps one tool process alive for the
      // environment scan below (each stop ends it, by the tree's mark: toolBackground.test.ts).
      const snoop = [
        "env",
        "printenv",
        "tr '\\0' '\\n' < /proc/self/environ",
        "tr '\\0' '\\n' < /proc/$PPID/environ",
        `cat ${dataDir}/settings.json ${dataDir}/sidecar.json ${dataDir}/logs/* ${dataDir}/opencode-plugin/*`,
        "(sleep 600 >/dev/null 2>&1 &)",
        "echo SNOOPED",
      ].join("; ");
      const toolOutputs: string[] = [];
      const snoopOnce = async () => {
        const reply = await client.sendAndWait(session.id, `[tool:bash ${snoop}]`);
        expect(reply.text).toContain("SNOOPED");
        expect(reply.text).toContain("PATH=");
        toolOutputs.push(reply.text);
      };
      await snoopOnce();
      await client.restart();
      remember();
      const pid = backend.supervisor.status().pid!;
      process.kill(pid, "SIGKILL");
      const back = new Promise<void>((resolve) => {
        const off = backend.supervisor.onStatus((s) => {
          if (s.state === "running" && s.pid !== pid) {
            off();
            resolve();
          }
        });
      });
      await back;
      remember();
      await client.sendAndWait(session.id, "after the crash");
      await snoopOnce();
      await client.restart();
      remember();
      // Errors, too: bad requests, a bad key, a stop and a refused prompt.
      await fetch(`${backend.url}/api/sessions/${session.id}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: "{not json",
      });
      await fetch(`${backend.url}/api/status`, { headers: { authorization: `Bearer ${token}x` } });
      await client.stop();
      await client.send(session.id, "while stopped").catch(() => undefined);
      await client.start();
      remember();
      // Once more on the last sidecar: its tool's background sleep is alive during the scan.
      await snoopOnce();

      const secrets = [...passwords, token, apiKey];
      expect(passwords.size).toBe(5);
      const leaks: string[] = [];
      const search = (where: string, text: string) => {
        for (const secret of secrets)
          if (text.includes(secret))
            leaks.push(
              `${where} contains ${secret === token ? "the token" : secret === apiKey ? "the API key" : "a password"}`,
            );
      };

      let processes = 0;
      let environs = 0;
      for (const { pid: p } of await ops.list()) {
        const argv = await ops.commandLine(p);
        if (argv === null) continue;
        processes++;
        search(`argv of pid ${p}`, argv);
        if (process.platform !== "linux") continue;
        try {
          search(`environment of pid ${p}`, readFileSync(`/proc/${p}/environ`, "latin1"));
          environs++;
        } catch {
          // Not ours to read, or gone.
        }
      }
      for (const [i, output] of toolOutputs.entries()) search(`bash tool output ${i + 1}`, output);
      // As every client sees it: the stored messages and what the provider was sent.
      const messages = await (
        await fetch(`${backend.url}/api/sessions/${session.id}/messages`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).text();
      search("GET /api/sessions/:id/messages", messages);
      search("what the provider received", JSON.stringify(stub.requests));

      const credentialStore = join(dataDir, "opencode", "data", "opencode", "auth.json");
      let files = 0;
      let bytes = 0;
      expect(statSync(credentialStore, { throwIfNoEntry: false })?.isFile()).toBe(true);
      // The whole temp root: the data dir and the isolated home opencode wrote to.
      for (const file of filesUnder(root)) {
        const content = readFileSync(file).toString("latin1");
        files++;
        bytes += content.length;
        if (file === credentialStore) {
          expect(content).toContain(apiKey); // opencode's own store: the key belongs there
          for (const secret of [...passwords, token])
            if (content.includes(secret)) leaks.push("auth.json contains a password or the token");
          continue;
        }
        search(`file ${relative(root, file)}`, content);
      }

      const answers: Record<string, string> = {};
      for (const path of [
        "/api/status",
        "/api/logs?limit=1000",
        "/api/diagnostics",
        "/api/providers",
        "/api/settings",
      ]) {
        answers[path] = await (
          await fetch(`${backend.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
        ).text();
        search(path, answers[path]!);
      }
      const logLines = backend.supervisor.logs.tail().map((l) => l.line);
      search("the log buffer", logLines.join("\n"));
      await reader.cancel();
      await pump;
      search("the SSE stream", stream);

      expect(leaks).toEqual([]);
      recordFigures("leak scan", {
        secretsSearchedFor: secrets.length,
        passwords: passwords.size,
        processesSearched: processes,
        environmentsSearched: environs,
        toolRuns: toolOutputs.length,
        toolOutputBytes: toolOutputs.join("").length,
        filesSearched: files,
        bytesSearched: bytes,
        logLines: logLines.length,
        sseBytes: stream.length,
        apiAnswers: Object.keys(answers).length,
        leaksFound: leaks.length,
      });
    } finally {
      await reader.cancel().catch(() => undefined);
      await backend.close();
      await stub.close();
    }
  });
});
