// The session's file list from the prompts' diffs: each file once, counts summed, patches in order,
// a file's status over the session, and undone prompts left out.
import type { FileChange } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { sessionChanges } from "./sessionChanges.ts";

const change = (path: string, status: FileChange["status"], patch: string | null = `@@ ${path}`): FileChange => ({
  path,
  status,
  additions: 1,
  deletions: status === "added" ? 0 : 1,
  patch,
});

describe("session changes", () => {
  it("counts a file once over its prompts, keeps each patch, and says added/deleted over the session", () => {
    const files = sessionChanges(
      [
        { messageID: "msg_1", files: [change("b.ts", "added"), change("a.ts", "modified")] },
        { messageID: "msg_2", files: [change("b.ts", "modified"), change("c.ts", "modified", null)] },
        { messageID: "msg_3", files: [change("c.ts", "deleted")] },
      ],
      null,
    );
    expect(files.map((f) => [f.path, f.status, f.additions, f.deletions, f.patches.map((p) => p.messageID)])).toEqual([
      ["a.ts", "modified", 1, 1, ["msg_1"]],
      ["b.ts", "added", 2, 1, ["msg_1", "msg_2"]],
      ["c.ts", "deleted", 2, 2, ["msg_3"]], // a prompt without a kept patch adds counts, not an empty diff
    ]);
  });

  it("leaves out the prompts an undo took back", () => {
    const files = sessionChanges(
      [
        { messageID: "msg_1", files: [change("a.ts", "modified")] },
        { messageID: "msg_2", files: [change("b.ts", "added")] },
      ],
      "msg_2",
    );
    expect(files.map((f) => f.path)).toEqual(["a.ts"]);
  });
});
