// opencode's shapes → the workbench's: what a picker offers, what a diff or a reply's usage reads
// as, and that nothing opencode adds (a provider's key, say) slips through.
import type { Agent, Provider } from "@opencode-ai/sdk/v2";
import { describe, expect, it } from "vitest";
import { toAgents, toFileChanges, toModelCatalog, toolDiffOf } from "./workbenchMapping.ts";

const agent = (name: string, extra: Partial<Agent> = {}): Agent =>
  ({ name, mode: "primary", permission: [], options: {}, ...extra }) as Agent;

describe("workbench mapping", () => {
  it("offers primary agents, never hidden helpers or subagents, and marks the user's own", () => {
    const agents = toAgents([
      agent("build", { native: true, description: "The default agent." }),
      agent("title", { native: true, hidden: true }),
      agent("explore", { native: true, mode: "subagent" }),
      agent("reviewer", { mode: "all", color: "#f80" }),
    ]);
    expect(agents).toEqual([
      { name: "build", description: "The default agent.", mode: "primary", builtIn: true, color: null },
      { name: "reviewer", description: null, mode: "all", builtIn: false, color: "#f80" },
    ]);
  });

  it("lists models with their variants, window and image input, and no provider key", () => {
    const provider = {
      id: "acme",
      name: "Acme",
      key: "sk-secret",
      models: {
        big: {
          name: "Big",
          variants: { low: {}, high: {} },
          limit: { context: 200_000, output: 8_000 },
          capabilities: { input: { image: true } },
          cost: { input: 3, output: 15, cache: { read: 0, write: 0 } },
        },
        free: { name: "Free", limit: { context: 0, output: 0 }, cost: { input: 0, output: 0 } },
      },
    } as unknown as Provider;
    const catalog = toModelCatalog([provider]);
    expect(catalog).toEqual([
      {
        id: "acme",
        name: "Acme",
        models: [
          {
            id: "big",
            name: "Big",
            variants: ["low", "high"],
            contextLimit: 200_000,
            images: true,
            cost: { input: 3, output: 15 },
          },
          { id: "free", name: "Free", variants: [], contextLimit: null, images: false, cost: null },
        ],
      },
    ]);
    expect(JSON.stringify(catalog)).not.toContain("sk-secret");
  });

  it("reads an edit's diff from its metadata, and skips diffs without a file", () => {
    const patch = "@@ -1 +1 @@\n-a\n+b\n";
    expect(toolDiffOf({ diff: patch, filediff: { file: "/p/a.txt", patch, additions: 1, deletions: 1 } })).toEqual({
      path: "/p/a.txt",
      patch,
      additions: 1,
      deletions: 1,
    });
    expect(toolDiffOf({ output: "no diff" })).toBeNull();
    expect(toolDiffOf(null)).toBeNull();
    expect(
      toFileChanges([
        { additions: 1, deletions: 0 },
        { file: "b.txt", additions: 2, deletions: 1, patch },
      ]),
    ).toEqual([{ path: "b.txt", status: "modified", additions: 2, deletions: 1, patch }]);
  });
});
