import type { ProviderConnection } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { canDisconnect, connectionSentence, filterProviders, sortProviders } from "./providerState.ts";
import { visiblePrompts } from "./SignInPrompts.tsx";

const provider = (over: Partial<ProviderConnection>): ProviderConnection => ({
  id: "x",
  name: "X",
  connected: false,
  via: null,
  envSet: [],
  signIn: [],
  acceptsKey: true,
  ...over,
});

describe("what the Providers view says", () => {
  it("says where a key from the environment comes from, and that Disconnect cannot remove it", () => {
    const env = provider({ name: "Anthropic", connected: true, via: "env", envSet: ["ANTHROPIC_API_KEY"] });
    expect(connectionSentence(env)).toBe(
      "Its key comes from the environment variable ANTHROPIC_API_KEY OpenCode was started with; Disconnect here cannot remove it.",
    );
    expect(canDisconnect(env)).toBe(false);
    expect(canDisconnect(provider({ connected: true, via: "signIn" }))).toBe(true);
    expect(canDisconnect(provider({ connected: true, via: "config" }))).toBe(false);
    expect(connectionSentence(provider({}))).toBe("Not connected.");
  });

  it("lists connected providers first, then those with a sign-in, and finds them by name or id", () => {
    const method = { index: 0, label: "Sign in", prompts: [] };
    const all = [
      provider({ id: "zed", name: "Zed" }),
      provider({ id: "github-copilot", name: "GitHub Copilot", signIn: [method] }),
      provider({ id: "stub", name: "Stub", connected: true, via: "config" }),
    ];
    expect(sortProviders(all).map((p) => p.id)).toEqual(["stub", "github-copilot", "zed"]);
    expect(filterProviders(all, "git COP").map((p) => p.id)).toEqual(["github-copilot"]);
  });

  it("asks a method's question only when its `when` rule holds", () => {
    const prompts = [
      { type: "select" as const, key: "kind", message: "Where?", options: [] },
      { type: "text" as const, key: "url", message: "Address", when: { key: "kind", op: "eq" as const, value: "ent" } },
    ];
    expect(visiblePrompts(prompts, {}).map((p) => p.key)).toEqual(["kind"]);
    expect(visiblePrompts(prompts, { kind: "ent" }).map((p) => p.key)).toEqual(["kind", "url"]);
    expect(visiblePrompts(prompts, { kind: "com" }).map((p) => p.key)).toEqual(["kind"]);
  });
});
