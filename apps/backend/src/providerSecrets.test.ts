// The backend masks the values of the provider key variables: every sidecar variable whose name
// looks like a secret at once, the names the plugin wrote down before a start, and those it
// writes later.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redactor } from "@turnkey/sidecar";
import { afterEach, expect, it, vi } from "vitest";
import { hiddenEnvFileName, ProviderSecrets } from "./providerSecrets.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), "turnkey-provider-secrets-"));
  dirs.push(dir);
  const env = {
    HOME: dir,
    XDG_DATA_HOME: join(dir, "data"),
    OPENAI_API_KEY: "sk-from-env-0123456789",
    AWS_SECRET_ACCESS_KEY: "aws-secret-from-env-0123456789",
    ACME_SIGNING: "acme-signing-from-env-0123456789", // a provider's key no pattern would guess
  };
  const names = (list: string[]) =>
    writeFileSync(join(dir, hiddenEnvFileName), JSON.stringify({ opencode: "/bin/opencode 1 1", names: list }));
  return { dir, env, names };
}

it("masks the values of the names written before the start, and every key saved in auth.json", () => {
  const { dir, env, names } = setUp();
  names(["OPENAI_API_KEY", "ANTHROPIC_API_KEY"]);
  mkdirSync(join(dir, "data", "opencode"), { recursive: true });
  writeFileSync(
    join(dir, "data", "opencode", "auth.json"),
    JSON.stringify({ openai: { type: "api", key: "sk-saved-0123456789" } }),
  );
  const redactor = new Redactor();
  const secrets = new ProviderSecrets(redactor, dir, () => env);
  secrets.afterStart();
  secrets.close();
  expect(redactor.redact("k=sk-from-env-0123456789 s=sk-saved-0123456789")).toBe("k=[redacted] s=[redacted]");
  // Looks like a secret: masked before the plugin has named it. Not a name yet, no pattern: kept.
  expect(redactor.redact("aws-secret-from-env-0123456789")).toBe("[redacted]");
  expect(redactor.redact("acme-signing-from-env-0123456789")).toBe("acme-signing-from-env-0123456789");
});

it("masks the values of names the plugin writes after the start", async () => {
  const { dir, env, names } = setUp();
  const redactor = new Redactor();
  const secrets = new ProviderSecrets(redactor, dir, () => env);
  secrets.afterStart();
  try {
    expect(redactor.redact("acme-signing-from-env-0123456789")).toBe("acme-signing-from-env-0123456789");
    names(["ACME_SIGNING"]); // the plugin learnt the names after this start
    await vi.waitFor(() => expect(redactor.redact("acme-signing-from-env-0123456789")).toBe("[redacted]"), {
      timeout: 10_000,
    });
  } finally {
    secrets.close();
  }
});

it("does not mask the home folder when a tool writes HOME or PATH into the names file", () => {
  const { dir, env, names } = setUp();
  names(["HOME", "PATH", "OPENAI_API_KEY"]);
  const redactor = new Redactor();
  const secrets = new ProviderSecrets(redactor, dir, () => ({ ...env, PATH: "/usr/local/bin:/usr/bin:/bin" }));
  secrets.afterStart();
  secrets.close();
  const answer = JSON.stringify({ projects: [{ path: `${dir}/code/app` }], bin: "/usr/local/bin:/usr/bin:/bin" });
  expect(redactor.redact(answer)).toBe(answer);
  expect(redactor.redact("k=sk-from-env-0123456789")).toBe("k=[redacted]");
});

it("neither masks nor reports as a key a path, URL or command line a tool wrote into the names file", () => {
  const { dir, env, names } = setUp();
  const ordinary = {
    JAVA_HOME: "/usr/lib/jvm/java-17-openjdk-amd64",
    SSL_CERT_FILE: "/etc/ssl/certs/ca-certificates.crt",
    SSH_AUTH_SOCK: "/tmp/ssh-XXXXnHk2Jq/agent.12345",
    HTTPS_PROXY: "http://proxy.corp.example:3128",
    GIT_SSH_COMMAND: "ssh -i ~/.ssh/id_ed25519 -o IdentitiesOnly=yes",
  };
  names([...Object.keys(ordinary), "OPENAI_API_KEY", "ACME_SIGNING"]);
  const redactor = new Redactor();
  const secrets = new ProviderSecrets(redactor, dir, () => ({ ...env, ...ordinary }));
  secrets.afterStart();
  secrets.close();
  const answer = JSON.stringify(ordinary);
  expect(redactor.redact(answer)).toBe(answer);
  expect(redactor.redact("acme-signing-from-env-0123456789")).toBe("[redacted]");
  // git's environment drops what this lists: a tool's word keeps ssh-agent and the CA file from git no more.
  expect(secrets.knownKeyNames()).toEqual(["OPENAI_API_KEY", "ACME_SIGNING"]);
});

it("masks an OAuth access token opencode refreshes after the start, when auth.json changes", async () => {
  const { dir, env } = setUp();
  const auth = join(dir, "data", "opencode", "auth.json");
  mkdirSync(join(dir, "data", "opencode"), { recursive: true });
  const signIn = (access: string) =>
    writeFileSync(
      auth,
      JSON.stringify({ copilot: { type: "oauth", access, refresh: "refresh-token-0123456789", expires: 1 } }),
    );
  signIn("access-token-first-0123456789");
  const redactor = new Redactor();
  const secrets = new ProviderSecrets(redactor, dir, () => env);
  secrets.afterStart();
  try {
    expect(redactor.redact("access-token-first-0123456789 refresh-token-0123456789")).toBe("[redacted] [redacted]");
    signIn("access-token-refreshed-0123456789"); // a plugin's loader refreshed it; no restart follows
    await vi.waitFor(() => expect(redactor.redact("access-token-refreshed-0123456789")).toBe("[redacted]"), {
      timeout: 10_000,
    });
  } finally {
    secrets.close();
  }
});

it("follows the new profile's auth.json after a switch moves opencode's data folder", async () => {
  const { dir, env } = setUp();
  let current: NodeJS.ProcessEnv = env;
  const signIn = (dataHome: string, access: string) => {
    mkdirSync(join(dataHome, "opencode"), { recursive: true });
    writeFileSync(
      join(dataHome, "opencode", "auth.json"),
      JSON.stringify({ copilot: { type: "oauth", access, refresh: "refresh-token-0123456789", expires: 1 } }),
    );
  };
  signIn(join(dir, "data"), "access-token-before-0123456789");
  const redactor = new Redactor();
  const secrets = new ProviderSecrets(redactor, dir, () => current);
  secrets.afterStart();
  try {
    const managed = join(dir, "managed-data");
    signIn(managed, "access-token-at-switch-0123456789");
    current = { ...env, XDG_DATA_HOME: managed }; // the profile switch; the sidecar restarts into it
    secrets.afterStart();
    signIn(managed, "access-token-refreshed-0123456789"); // refreshed in the new folder, no restart
    await vi.waitFor(() => expect(redactor.redact("access-token-refreshed-0123456789")).toBe("[redacted]"), {
      timeout: 10_000,
    });
  } finally {
    secrets.close();
  }
});
