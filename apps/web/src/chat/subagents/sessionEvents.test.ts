// @vitest-environment happy-dom
// Subagent sessions in the chat list as events arrive: counted on their parent, never a row.
import type { ChatSession } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { applySessionEvent } from "../useChatData.ts";

const session = (id: string, parentID: string | null = null, extra: Partial<ChatSession> = {}): ChatSession => ({
  id,
  title: id,
  key: null,
  createdAt: 1,
  updatedAt: 1,
  directory: "/p",
  projectId: "p",
  parentID,
  ...extra,
});

describe("applySessionEvent and subagents", () => {
  it("counts a subagent's session on its parent instead of listing it, once however often it updates", () => {
    let list = [session("parent")];
    for (let i = 0; i < 3; i++)
      list = applySessionEvent(list, {
        type: "session.updated",
        sessionID: "child",
        session: session("child", "parent"),
      });
    expect(list.map((s) => s.id)).toEqual(["parent"]);
    expect(list[0]?.children).toEqual(["child"]);
  });
  it("keeps the parent's subagents when opencode updates the parent (its update does not know them)", () => {
    const list = applySessionEvent([session("parent", null, { children: ["child"] })], {
      type: "session.updated",
      sessionID: "parent",
      session: session("parent", null, { title: "Renamed" }),
    });
    expect(list[0]).toMatchObject({ title: "Renamed", children: ["child"] });
  });
});
