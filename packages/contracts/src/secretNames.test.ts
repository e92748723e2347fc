// One rule for "this name holds a secret", whether the name is an environment variable's (the
// secrets plugin, the backend's mask) or a JSON field's (the diagnostics bundle).
import { expect, it } from "vitest";
import { apiKeyName, keyNameFromFile, ordinaryVariableName, secretName } from "./secretNames.ts";

const secret = [
  "GITHUB_TOKEN",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_BEARER_TOKEN_BEDROCK",
  "OPENAI_API_KEY",
  "DB_PASSWORD",
  "GOOGLE_APPLICATION_CREDENTIALS",
  "HF_TOKEN",
  "APIKEY",
  "apiKey",
  "x-api-key",
  "privateKey",
  "awsCredentials",
  "Authorization",
  "accessToken",
  "client_secret",
  "OPENAIKey",
  "CLARIFAI_PAT",
  "SNOWFLAKE_CORTEX_PAT",
];
const plain = [
  "PATH",
  "HOME",
  "KEYBOARD_LAYOUT",
  "TOKENIZERS_PARALLELISM",
  "SSH_AUTH_SOCK",
  "MONKEY",
  "keybinds",
  "secretary",
  "id",
];

it("tells a secret's name from others, for variables and JSON fields alike", () => {
  for (const name of secret) expect([name, secretName(name)]).toEqual([name, true]);
  for (const name of plain) expect([name, secretName(name)]).toEqual([name, false]);
  expect(["OPENAI_API_KEY", "PATHWAY_APIKEY"].every(apiKeyName)).toBe(true);
  expect(["GITHUB_TOKEN", "API_KEY_FILE"].some(apiKeyName)).toBe(false);
  expect(secret.some(ordinaryVariableName)).toBe(false);
  expect(["PATH", "Path", "SystemRoot", "XDG_CONFIG_HOME", "LC_ALL"].every(ordinaryVariableName)).toBe(true);
});

// Variables a tool needs that a names file (any tool can write it) once could hide and mask: their
// values are paths, URLs and command lines, and their names say nothing of a secret.
const ordinaryToTools: Record<string, string> = {
  JAVA_HOME: "/usr/lib/jvm/java-17-openjdk-amd64",
  SSL_CERT_FILE: "/etc/ssl/certs/ca-certificates.crt",
  SSH_AUTH_SOCK: "/tmp/ssh-XXXXnHk2Jq/agent.12345",
  GOPATH: "/home/zoe/go/packages-and-more",
  CARGO_HOME: "~/.cargo-home-of-this-user",
  VIRTUAL_ENV: "./.venv/project-environment",
  LD_LIBRARY_PATH: "/usr/local/lib:/opt/cuda/lib64",
  NODE_EXTRA_CA_CERTS: "C:\\Users\\zoe\\corporate-ca.pem",
  HTTPS_PROXY: "http://proxy.corp.example:3128",
  GIT_SSH_COMMAND: "ssh -i ~/.ssh/id_ed25519 -o IdentitiesOnly=yes",
  NODE_OPTIONS: "--max-old-space-size=4096",
  npm_config_cache: "/home/zoe/.npm/_cacache-folder",
  AWS_REGION: "eu-central-1",
  PATH: "/usr/local/bin:/usr/bin:/bin",
  HOME: "/home/zoe",
};

it("takes a name from the key names file only when it looks like a secret's or its value like a key", () => {
  for (const [name, value] of Object.entries(ordinaryToTools)) {
    expect([name, keyNameFromFile(name, value)]).toEqual([name, false]);
  }
  // A provider's key, whatever its name says (a name only opencode's list gives, ACME_SIGNING).
  expect(keyNameFromFile("ACME_SIGNING", "acme-signing-0123456789abcdef")).toBe(true);
  expect(keyNameFromFile("ACME_SIGNING", "k9Qx/2Lm+Zp8Rt4Vw6Yb1Nc3Hd5Jf7==")).toBe(true);
  // A secret's name is taken whatever its value (or when it is not set here).
  expect(keyNameFromFile("OPENAI_API_KEY", "/run/secrets/openai")).toBe(true);
  expect(keyNameFromFile("CLARIFAI_PAT", undefined)).toBe(true);
  expect(keyNameFromFile("ACME_SIGNING", undefined)).toBe(false);
  // The ordinary names stay out even with a value that looks like a key.
  expect(keyNameFromFile("USERNAME", "averyveryverylongusername")).toBe(false);
});
