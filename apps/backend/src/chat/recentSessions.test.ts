// The chat list's recent sessions kept between refreshes: after one whole read, a refresh asks only
// for what changed since (with an overlap), new and changed sessions join, a deleted one leaves,
// and the page is read whole again when it is a minute old, after a restart, or when the changes
// fill a page.
import type { ChatSession } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { fullReadEveryMs, type ReadSessions, RecentSessions } from "./recentSessions.ts";

const session = (id: string, updatedAt: number, parentID: string | null = null): ChatSession => ({
  id,
  title: id,
  key: null,
  createdAt: updatedAt,
  updatedAt,
  directory: "/p",
  projectId: "p",
  parentID,
});

function opencode(all: ChatSession[]) {
  const asked: (number | undefined)[] = [];
  const read: ReadSessions = async (since) => {
    asked.push(since);
    return { sessions: all.filter((s) => since === undefined || s.updatedAt >= since), full: false };
  };
  return { asked, read };
}

describe("RecentSessions", () => {
  it("reads the page whole once, then only what changed since, and a new subagent joins", async () => {
    let now = 100_000;
    const recent = new RecentSessions(() => now);
    const all = [session("chat", 50_000), session("old_sub", 60_000, "chat")];
    const oc = opencode(all);
    expect((await recent.read("/p", 1, oc.read)).map((s) => s.id)).toEqual(["chat", "old_sub"]);
    all.push(session("new_sub", 90_000, "chat"));
    now += 1_000;
    const ids = (await recent.read("/p", 1, oc.read)).map((s) => s.id).sort();
    expect(ids).toEqual(["chat", "new_sub", "old_sub"]);
    expect(oc.asked).toEqual([undefined, 55_000]); // the newest read, less 5 s
  });

  it("lets a deleted session go, and reads whole again after a minute, a restart, or a full page of changes", async () => {
    let now = 100_000;
    const recent = new RecentSessions(() => now);
    const all = [session("chat", 50_000), session("sub", 60_000, "chat")];
    const oc = opencode(all);
    await recent.read("/p", 1, oc.read);
    all.pop(); // deleted: opencode lists it no more, and the relay's event says so
    recent.forget("sub");
    expect((await recent.read("/p", 1, oc.read)).map((s) => s.id)).toEqual(["chat"]);
    now += fullReadEveryMs;
    await recent.read("/p", 1, oc.read);
    await recent.read("/p", 2, oc.read);
    expect(oc.asked).toEqual([undefined, 55_000, undefined, undefined]);
    const fullPage: ReadSessions = async () => ({ sessions: [session("burst", 99_000)], full: true });
    expect((await recent.read("/p", 2, fullPage)).map((s) => s.id)).toEqual(["burst"]);
  });

  it("keeps each folder's sessions apart", async () => {
    const recent = new RecentSessions(() => 1_000);
    await recent.read("/a", 1, opencode([session("a1", 500)]).read);
    const b = opencode([session("b1", 600)]);
    expect((await recent.read("/b", 1, b.read)).map((s) => s.id)).toEqual(["b1"]);
    expect(b.asked).toEqual([undefined]);
  });
});
