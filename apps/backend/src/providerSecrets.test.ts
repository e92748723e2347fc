// The provider list (a ~6 MB answer) is asked once per opencode, not after every start, and the
// names learnt keep masking the values on every start.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redactor } from "@turnkey/sidecar";
import { afterEach, expect, it, vi } from "vitest";
import { envNamesInProviderList, hiddenEnvFileName, ProviderSecrets } from "./providerSecrets.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it("asks opencode for the names once per opencode and masks the values on every start", async () => {
  const dir = mkdtempSync(join(tmpdir(), "turnkey-provider-secrets-"));
  dirs.push(dir);
  const env = { HOME: dir, XDG_DATA_HOME: join(dir, "data"), OPENAI_API_KEY: "sk-from-env-0123456789" };
  const list = vi.fn(async () => ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_API_KEY"]);
  const first = new Redactor();
  await new ProviderSecrets(first, dir, () => env).afterStart("1.18.33 /bin/opencode", list);
  expect(list).toHaveBeenCalledTimes(1);
  expect(JSON.parse(readFileSync(join(dir, hiddenEnvFileName), "utf8"))).toEqual({
    opencode: "1.18.33 /bin/opencode",
    names: ["ANTHROPIC_API_KEY", "OPENAI_API_KEY"],
  });
  expect(first.redact("k=sk-from-env-0123456789")).toBe("k=[redacted]");

  // A backend started later on the same opencode: the file answers, the value is still masked.
  const later = new Redactor();
  await new ProviderSecrets(later, dir, () => env).afterStart("1.18.33 /bin/opencode", list);
  expect(list).toHaveBeenCalledTimes(1);
  expect(later.redact("k=sk-from-env-0123456789")).toBe("k=[redacted]");

  // Another opencode may know other providers: asked again.
  await new ProviderSecrets(new Redactor(), dir, () => env).afterStart("1.19.0 /bin/opencode", list);
  expect(list).toHaveBeenCalledTimes(2);
});

it("reads every provider's key names from the list's text, refusing what is not a variable name", () => {
  const text = JSON.stringify({
    all: [
      { id: "amazon-bedrock", env: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], models: { m: { name: "[x]" } } },
      { id: "openai", env: ["OPENAI_API_KEY"], models: {} },
      { id: "odd", env: ["not a name", 3, "GITHUB_TOKEN"] },
    ],
    connected: [],
  });
  expect(envNamesInProviderList(text)).toEqual([
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "GITHUB_TOKEN",
    "OPENAI_API_KEY",
  ]);
  // opencode's answer is JSON with or without spaces.
  expect(envNamesInProviderList('{"all":[{"env": [ "A_KEY" ]}]}')).toEqual(["A_KEY"]);
  expect(envNamesInProviderList("not json")).toEqual([]);
});
