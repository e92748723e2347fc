// The diagnostics bundle leaves the machine: every field contracts' secretName names is blanked.
import { expect, it } from "vitest";
import { maskDeep } from "./maintenance.ts";

it("blanks every string field whose name says it holds a secret, at any depth", () => {
  const bundle = {
    config: { privateKey: "p-1", awsCredentials: "c-1", client_secret: "s-1", model: "m-1" },
    keybinds: "k",
  };
  expect(maskDeep(bundle, (text) => text)).toEqual({
    config: { privateKey: "[redacted]", awsCredentials: "[redacted]", client_secret: "[redacted]", model: "m-1" },
    keybinds: "k",
  });
});
