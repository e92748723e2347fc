// The plugin asks opencode for its provider list at each start and reads every provider's key
// names out of the list's text; the names file, which a tool can write, cannot take a listed name away.

import { ordinaryVariableName, secretName } from "@turnkey/contracts";
import { expect, it, vi } from "vitest";
import { envNamesInProviderList, learnProviderKeyNames } from "./providerKeyNames.ts";

const rules = { namesIn: envNamesInProviderList, ordinary: ordinaryVariableName, secret: secretName };

it("asks opencode at every start and writes the names for the backend; a rewritten file cannot take a name away", async () => {
  let file: string | null = null;
  const io = {
    read: () => {
      if (file === null) throw new Error("ENOENT");
      return file;
    },
    write: (text: string) => {
      file = text;
    },
    list: vi.fn(async () => JSON.stringify({ all: [{ env: ["OPENAI_API_KEY"] }, { env: ["AWS_SECRET_ACCESS_KEY"] }] })),
  };
  const program = "/bin/opencode 1000 1";
  expect(await learnProviderKeyNames(program, io, rules)).toEqual(["AWS_SECRET_ACCESS_KEY", "OPENAI_API_KEY"]);
  expect(JSON.parse(file ?? "")).toEqual({ opencode: program, names: ["AWS_SECRET_ACCESS_KEY", "OPENAI_API_KEY"] });
  // A tool rewrote the file for this very program with no names: the next start asks anyway.
  file = JSON.stringify({ opencode: program, names: [] });
  expect(await learnProviderKeyNames(program, io, rules)).toContain("AWS_SECRET_ACCESS_KEY");
  expect(io.list).toHaveBeenCalledTimes(2);
  // Names the file held before stay while they look like a secret (hiding one more is the safe
  // side); one opencode no longer lists and that does not (a tool's, or a removed provider's) goes.
  file = JSON.stringify({ opencode: program, names: ["OLD_PROVIDER_TOKEN", "ACME_SIGNING"] });
  expect(await learnProviderKeyNames(program, io, rules)).toEqual([
    "AWS_SECRET_ACCESS_KEY",
    "OLD_PROVIDER_TOKEN",
    "OPENAI_API_KEY",
  ]);
  // A failed ask writes nothing and says so (the plugin then hides what it knew before).
  io.list.mockRejectedValueOnce(new Error("GET /provider answered 401"));
  await expect(learnProviderKeyNames("/bin/opencode 3000 3", io, rules)).rejects.toThrow("401");
  expect(JSON.parse(file ?? "").opencode).toBe(program);
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

it("a provider list that yields no names is a failed ask (fail closed), not 'no keys to hide'", async () => {
  let file: string | null = null;
  const io = {
    read: () => file ?? "",
    write: (text: string) => {
      file = text;
    },
    // opencode renamed the field: the reading understands nothing of it.
    list: async () => JSON.stringify({ all: [{ id: "openai", envVars: ["OPENAI_API_KEY"] }] }),
  };
  await expect(learnProviderKeyNames("/bin/opencode 1 1", io, rules)).rejects.toThrow(/no key/);
  expect(file).toBeNull();
});

it("never takes PATH, HOME, TMPDIR and the like for a key name, from the file or from opencode's list", async () => {
  let file: string | null = JSON.stringify({ names: ["HOME", "PATH", "Path", "SystemRoot", "XDG_CONFIG_HOME"] });
  const io = {
    read: () => file ?? "",
    write: (text: string) => {
      file = text;
    },
    list: async () => JSON.stringify({ all: [{ env: ["OPENAI_API_KEY", "TMPDIR", "LC_ALL", "USERPROFILE"] }] }),
  };
  expect(await learnProviderKeyNames("/bin/opencode 1 1", io, rules)).toEqual(["OPENAI_API_KEY"]);
  expect(["GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "PATHWAY_API_KEY"].some(ordinaryVariableName)).toBe(false);
});
