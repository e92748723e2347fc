import type { ChatSession } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { childSessionOf } from "./mapping.ts";
import { groupSubagents } from "./subagents.ts";

const session = (id: string, parentID: string | null, createdAt = 0): ChatSession => ({
  id,
  title: id,
  key: null,
  createdAt,
  updatedAt: createdAt,
  directory: "/p",
  projectId: null,
  parentID,
});

describe("groupSubagents", () => {
  it("lists each chat once, carrying its subagents' sessions (theirs too), oldest first", () => {
    const grouped = groupSubagents([
      session("root", null),
      session("late", "root", 5),
      session("early", "root", 1),
      session("grandchild", "early", 3),
      session("other", null),
    ]);
    expect(grouped.map((s) => s.id)).toEqual(["root", "other"]);
    expect(grouped[0]?.children).toEqual(["early", "grandchild", "late"]);
    expect(grouped[1]?.children).toBeUndefined();
  });
  it("shows a subagent whose parent is gone as a chat of its own", () => {
    expect(groupSubagents([session("orphan", "deleted")]).map((s) => s.id)).toEqual(["orphan"]);
  });
});

describe("childSessionOf", () => {
  it("reads the task tool's child session, and nothing from other tools or odd values", () => {
    expect(childSessionOf("task", { sessionId: "ses_abc" })).toBe("ses_abc");
    expect(childSessionOf("bash", { sessionId: "ses_abc" })).toBeNull();
    expect(childSessionOf("task", { sessionId: "../x" })).toBeNull();
    expect(childSessionOf("task", undefined)).toBeNull();
  });
});
