// @vitest-environment happy-dom
// The stored tasks: a task kept whole or not at all (a record another version or a hand wrote
// is dropped, not half read), the oldest let go when prompts fill the room drafts need, and a
// window that storage refuses keeps its tasks itself, merging what another window stores.
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunGroup } from "./multiRun.ts";
import { loadGroups, maxStoredChars, saveGroup, useRunGroups } from "./runGroups.ts";

const group = (id: string, prompt = "p"): RunGroup => ({
  id,
  title: id,
  prompt,
  createdAt: 1,
  from: { sessionId: "s", directory: "/d" },
  agent: null,
  runs: [
    {
      model: { providerID: "openai", modelID: "o3" },
      label: "o3",
      branch: null,
      state: "sent",
      sessionId: `ses-${id}`,
    },
  ],
});

beforeEach(() => localStorage.clear());
afterEach(() => vi.restoreAllMocks());

describe("the stored tasks", () => {
  it("reads only whole tasks", () => {
    const good = group("good");
    const badState = { ...group("bad-state"), runs: [{ ...good.runs[0], state: "exploded" }] };
    const badPath = { ...group("bad-path"), runs: [{ ...good.runs[0], path: 42 }] };
    const noFolder = { ...group("no-folder"), from: { sessionId: "s" } };
    const { agent: _, ...older } = group("older"); // written before runs kept their agent
    localStorage.setItem("turnkey.run-groups", JSON.stringify([good, badState, badPath, noFolder, older, "x"]));
    expect(loadGroups().map((g) => [g.id, g.agent])).toEqual([
      ["good", null],
      ["older", null],
    ]);
    localStorage.setItem("turnkey.run-groups", "{not json");
    expect(loadGroups()).toEqual([]);
  });

  it("lets the oldest tasks go when their prompts would fill the room", () => {
    const big = "x".repeat(300_000);
    for (const id of ["a", "b", "c", "d"]) saveGroup(group(id, big));
    expect(loadGroups().map((g) => g.id)).toEqual(["d", "c", "b"]);
    expect(localStorage.getItem("turnkey.run-groups")!.length).toBeLessThanOrEqual(maxStoredChars);
  });

  it("keeps what storage refuses in the window, with what another window stores", () => {
    const shown = renderHook(() => useRunGroups());
    saveGroup(group("stored"));
    const refuse = vi.spyOn(localStorage, "setItem").mockImplementation(() => {
      throw new DOMException("full", "QuotaExceededError");
    });
    act(() => saveGroup(group("held")));
    expect(refuse).toHaveBeenCalled();
    expect(shown.result.current.map((g) => g.id)).toEqual(["held", "stored"]);
    refuse.mockRestore();
    // Another window stores a task of its own: this window shows it, and still the one only it holds.
    localStorage.setItem("turnkey.run-groups", JSON.stringify([group("other"), group("stored")]));
    act(() => {
      window.dispatchEvent(new StorageEvent("storage", { key: "turnkey.run-groups" }));
    });
    expect(shown.result.current.map((g) => g.id)).toEqual(["other", "stored", "held"]);
    // Storage takes the next save: the held task is stored with the rest.
    act(() => saveGroup(group("next")));
    expect(JSON.parse(localStorage.getItem("turnkey.run-groups")!).map((g: RunGroup) => g.id)).toEqual([
      "next",
      "other",
      "stored",
      "held",
    ]);
  });
});
