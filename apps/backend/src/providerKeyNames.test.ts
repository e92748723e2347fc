// The plugin asks opencode for its provider list once per opencode program, not at every start,
// and reads every provider's key names out of the list's text.
import { expect, it, vi } from "vitest";
import { envNamesInProviderList, learnProviderKeyNames } from "./providerKeyNames.ts";

it("asks opencode once per program and writes the names for the next start and the backend", async () => {
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
  expect(await learnProviderKeyNames(program, io, envNamesInProviderList)).toEqual([
    "AWS_SECRET_ACCESS_KEY",
    "OPENAI_API_KEY",
  ]);
  expect(JSON.parse(file ?? "")).toEqual({ opencode: program, names: ["AWS_SECRET_ACCESS_KEY", "OPENAI_API_KEY"] });
  // The next start of the same program: the file answers.
  expect(await learnProviderKeyNames(program, io, envNamesInProviderList)).toContain("AWS_SECRET_ACCESS_KEY");
  expect(io.list).toHaveBeenCalledTimes(1);
  // Another program may know other providers: asked again.
  await learnProviderKeyNames("/bin/opencode 2000 2", io, envNamesInProviderList);
  expect(io.list).toHaveBeenCalledTimes(2);
  // A failed ask writes nothing and says so (the plugin then hides what it knew before).
  io.list.mockRejectedValueOnce(new Error("GET /provider answered 401"));
  await expect(learnProviderKeyNames("/bin/opencode 3000 3", io, envNamesInProviderList)).rejects.toThrow("401");
  expect(JSON.parse(file ?? "").opencode).toBe("/bin/opencode 2000 2");
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
