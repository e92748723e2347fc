// @vitest-environment happy-dom
// A chat's unsent text written from outside its box (a task's run keeping its task after a failed
// send, or taking it back once sent) shows in the box when that chat is the one shown, and waits
// in storage for a chat that is not, so Enter never sends a task twice nor types over a kept one.
import { act, renderHook } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { loadDraft, replaceDraft } from "./drafts.ts";
import { useOutbox } from "./outbox.ts";

beforeEach(() => localStorage.clear());

function box(selected: string) {
  return renderHook(() =>
    useOutbox({
      selected,
      projectId: undefined,
      live: true,
      deliver: vi.fn(),
      restoreAttachments: vi.fn(),
      onProblem: vi.fn(),
    }),
  );
}

describe("a chat's text written from outside its box", () => {
  it("shows in the box of the chat shown, and is only stored for another chat", () => {
    const shown = box("ses-run");
    act(() => replaceDraft("ses-run", "the task"));
    expect(shown.result.current.draft).toBe("the task");
    act(() => replaceDraft("ses-other", "another task"));
    expect(shown.result.current.draft).toBe("the task");
    expect(loadDraft("ses-other")).toBe("another task");
    // Taken back once the task went: the box empties rather than sending it again on Enter.
    act(() => replaceDraft("ses-run", ""));
    expect(shown.result.current.draft).toBe("");
    expect(loadDraft("ses-run")).toBe("");
  });
});
