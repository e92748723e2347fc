// OpenCode's refusal of a project's config, said with the file and what to do (opencode 1.18.33's
// two shapes, seen from the binary: schema issues for an agent, a message for a command).
import { describe, expect, it } from "vitest";
import { configInvalidSentence } from "./configInvalid.ts";
import { errorDetail } from "./sidecarClient.ts";

describe("configInvalidSentence", () => {
  it("names the file and each issue, and says a restart is needed", () => {
    const error = {
      name: "ConfigInvalidError",
      data: {
        path: "/p/.opencode/agent/badm.md",
        issues: [{ path: ["mode"], message: 'Expected "subagent" | "primary" | "all", got "weird"' }],
      },
    };
    expect(errorDetail(error)).toBe(
      `OpenCode cannot load this project's settings because it refuses /p/.opencode/agent/badm.md (mode: Expected "subagent" | "primary" | "all", got "weird"). Fix or remove that file, then restart OpenCode: until it restarts, it keeps refusing this project even once the file is fixed.`,
    );
  });

  it("takes the message when there are no issues, and leaves other errors alone", () => {
    const sentence = configInvalidSentence({
      name: "ConfigInvalidError",
      data: {
        path: "/p/.opencode/command/bad.md",
        message: 'SchemaError: Expected boolean | undefined, got "maybe"\n  at ["subtask"]',
      },
    });
    expect(sentence).toContain(
      'refuses /p/.opencode/command/bad.md (SchemaError: Expected boolean | undefined, got "maybe" at ["subtask"])',
    );
    expect(configInvalidSentence({ name: "NotFoundError", data: { message: "no session" } })).toBeNull();
    expect(errorDetail({ name: "NotFoundError", data: { message: "no session" } })).toBe("no session");
  });
});
