import type { ChatSession } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { childSessionOf } from "./mapping.ts";
import { withSubagents } from "./subagents.ts";

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

describe("withSubagents", () => {
  it("lists each chat once, carrying its subagents' sessions (theirs too), oldest first", () => {
    const chats = [session("root", null), session("other", null)];
    const recent = [
      ...chats,
      session("late", "root", 5),
      session("early", "root", 1),
      session("grandchild", "early", 3),
    ];
    const listed = withSubagents(chats, recent);
    expect(listed.map((s) => s.id)).toEqual(["root", "other"]);
    expect(listed[0]?.children).toEqual(["early", "grandchild", "late"]);
    expect(listed[1]?.children).toBeUndefined();
  });
  it("never lists a subagent as a chat, even when its chat is not among those listed", () => {
    const listed = withSubagents([session("root", null)], [session("orphan", "deleted"), session("kid", "older-chat")]);
    expect(listed.map((s) => s.id)).toEqual(["root"]);
    expect(listed[0]?.children).toBeUndefined();
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
