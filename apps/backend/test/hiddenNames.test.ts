// The doctor lists the variables hidden from tools and why, and "Learn again" clears the names
// the plugin learnt (a file any tool can write) and restarts OpenCode to learn them anew.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DoctorCheck, DoctorReport, SidecarStatus } from "@turnkey/contracts";
import { afterEach, expect, it } from "vitest";
import { hiddenEnvFileName } from "../src/providerSecrets.ts";
import { secretsPluginDir } from "../src/secretsPlugin.ts";
import { bearer, jsonPost, raw, tempDir, testBackend } from "./harness.ts";

const set = {
  OPENAI_API_KEY: "sk-one",
  ACME_TOKEN: "t-1",
  OTHER_API_KEY: "k-2",
  ACME_SIGNING: "acme-signing-0123456789",
};
afterEach(() => {
  for (const name of Object.keys(set)) delete process.env[name];
});

it("names each hidden variable with why, and Learn again clears the learnt list and restarts OpenCode", async () => {
  Object.assign(process.env, set);
  const dataDir = tempDir();
  const file = join(secretsPluginDir(dataDir), hiddenEnvFileName);
  mkdirSync(secretsPluginDir(dataDir), { recursive: true });
  // Learnt from OpenCode, with ACME_SIGNING as a tool (or an old provider) left it.
  writeFileSync(
    file,
    JSON.stringify({ opencode: "x", names: ["ACME_SIGNING", "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "HOME"] }),
  );
  const backend = await testBackend("", { dataDir });
  const check = async () => {
    const report = (await raw(backend, { path: "/api/doctor", headers: bearer(backend) })).json() as DoctorReport;
    return report.checks.find((c) => c.id === "hidden_names") as DoctorCheck;
  };
  expect(await check()).toEqual({
    id: "hidden_names",
    result: "ok",
    title: "Variables hidden from tools",
    detail:
      "OPENCODE_SERVER_PASSWORD, OPENCODE_CONFIG_CONTENT, OPENCODE_CONSOLE_TOKEN: always, as with them a tool could drive OpenCode or act as you on its console. OpenCode names 3 variables as its providers' keys; of those, ACME_SIGNING, OPENAI_API_KEY are set here and hidden. Hidden too, as their names say they are API keys: OTHER_API_KEY. If a tool needs one of these that is not a key, press Learn again: the list is cleared and OpenCode restarts and learns it again from its providers.",
    action: "relearn_key_names",
  });

  expect((await jsonPost(backend, "/api/sidecar/start")).status).toBe(200);
  const before = (await raw(backend, { path: "/api/status", headers: bearer(backend) })).json() as SidecarStatus;
  const relearn = await jsonPost(backend, "/api/doctor/relearn-key-names");
  expect(relearn.status).toBe(200);
  const after = relearn.json() as SidecarStatus;
  expect([after.state, after.pid === before.pid]).toEqual(["running", false]);
  expect(existsSync(file)).toBe(false);
  // Until OpenCode's plugin writes the list again, every secret-looking name is hidden.
  expect((await check()).detail).toContain(
    "OpenCode's provider key names are not learnt yet (they are at its first start with a project open), so every variable whose name looks like a secret is hidden: ACME_TOKEN, OPENAI_API_KEY, OTHER_API_KEY.",
  );
});
