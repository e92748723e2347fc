// One rule for "this name holds a secret", whether the name is an environment variable's (the
// secrets plugin, the backend's mask) or a JSON field's (the diagnostics bundle).
import { expect, it } from "vitest";
import { apiKeyName, ordinaryVariableName, secretName } from "./secretNames.ts";

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
