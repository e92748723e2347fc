// @vitest-environment happy-dom
// Review comments in a diff, as a person uses them: a line's number opens the form under it,
// Shift+click stretches the choice, Ctrl+Enter keeps the comment (drawn under its line and listed
// beside the box), Escape closes the form without stopping a reply, an empty or over-long comment
// is refused with what to do, Edit and Remove work on it, it survives a reload, a diff read again
// under an open form keeps what was typed, and a diff outside a chat takes no comments.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import DiffView from "../workbench/DiffView.tsx";
import { ReviewTray } from "./ReviewTray.tsx";
import { maxCommentChars } from "./reviewComments.ts";
import { ReviewContext } from "./reviewContext.ts";
import { loadComments, useReviewComments } from "./useReviewComments.ts";

const patch = ["--- notes.txt", "+++ notes.txt", "@@ -1,3 +1,3 @@", " alpha", "-beta", "+BETA", " gamma", ""].join(
  "\n",
);

function Chat(props: { patch?: string; mode?: "split" }) {
  const review = useReviewComments("ses_1");
  return (
    <ReviewContext.Provider value={review}>
      <DiffView patch={props.patch ?? patch} path="notes.txt" {...(props.mode ? { mode: props.mode } : {})} />
      <ReviewTray comments={review.comments} onRemove={review.remove} />
    </ReviewContext.Provider>
  );
}

const box = () => screen.getByRole("textbox", { name: /^Comment on notes\.txt/ }) as HTMLTextAreaElement;
const keep = (text: string) => {
  fireEvent.change(box(), { target: { value: text } });
  fireEvent.keyDown(box(), { key: "Enter", ctrlKey: true });
};

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe("review comments in a diff", () => {
  it("points at a line, keeps the comment under it and beside the box, and after a reload", () => {
    const { unmount } = render(<Chat />);
    fireEvent.click(screen.getByRole("button", { name: "Comment on line 2" }));
    expect(document.activeElement).toBe(box());
    expect(box().getAttribute("aria-label")).toBe("Comment on notes.txt, line 2");
    keep("  lower case, please ");
    expect(screen.queryByRole("textbox", { name: /^Comment on/ })).toBeNull();
    const card = screen.getByRole("region", { name: "Your comment on notes.txt, line 2" });
    expect(card.textContent).toContain("lower case, please");
    // Under the line it points at: the row right after "BETA".
    const cardRow = card.closest("tr")!;
    expect(cardRow.previousElementSibling?.textContent).toContain("BETA");
    const tray = screen.getByRole("region", { name: "Waiting review comments" });
    expect(tray.textContent).toContain("1 review comment goes with your next message");
    expect(tray.textContent).toContain("notes.txt:2 lower case, please");
    expect(loadComments("ses_1")).toMatchObject([
      { path: "notes.txt", side: "new", start: 2, text: "lower case, please" },
    ]);
    unmount();
    render(<Chat />);
    expect(screen.getByRole("region", { name: "Your comment on notes.txt, line 2" })).toBeTruthy();
    expect(loadComments("ses_2")).toEqual([]);
  });

  it("stretches the choice with Shift+click and numbers a removed line as before", () => {
    render(<Chat />);
    fireEvent.click(screen.getByRole("button", { name: "Comment on line 1" }));
    fireEvent.click(screen.getByRole("button", { name: "Comment on line 3" }), { shiftKey: true });
    expect(box().getAttribute("aria-label")).toBe("Comment on notes.txt, lines 1–3");
    expect(document.querySelectorAll("tr.diff-selected")).toHaveLength(4);
    keep("all of it");
    expect(loadComments("ses_1")[0]?.code).toEqual([" alpha", "-beta", "+BETA", " gamma"]);
    fireEvent.click(screen.getByRole("button", { name: "Comment on removed line 2" }));
    expect(box().getAttribute("aria-label")).toBe(
      "Comment on notes.txt, removed line 2 (numbered as before the change)",
    );
  });

  it("takes comments in the split layout too, each side by its own numbers", () => {
    render(<Chat mode="split" />);
    expect(screen.getAllByRole("button", { name: /^Comment on/ }).map((b) => b.getAttribute("aria-label"))).toEqual([
      "Comment on line 1",
      "Comment on removed line 2",
      "Comment on line 2",
      "Comment on line 3",
    ]);
    fireEvent.click(screen.getByRole("button", { name: "Comment on removed line 2" }));
    keep("why was this removed?");
    expect(screen.getByRole("region", { name: /^Your comment on notes\.txt, removed line 2/ })).toBeTruthy();
  });

  it("closes the form with Escape without the window's Escape (which stops a reply)", () => {
    const windowEscape = vi.fn();
    window.addEventListener("keydown", windowEscape);
    try {
      render(<Chat />);
      const line = screen.getByRole("button", { name: "Comment on line 2" });
      fireEvent.click(line);
      fireEvent.keyDown(box(), { key: "Escape" });
      expect(screen.queryByRole("textbox", { name: /^Comment on/ })).toBeNull();
      expect(windowEscape).not.toHaveBeenCalled();
      expect(loadComments("ses_1")).toEqual([]);
    } finally {
      window.removeEventListener("keydown", windowEscape);
    }
  });

  it("refuses an empty or over-long comment with what to do, keeping what was typed", () => {
    render(<Chat />);
    fireEvent.click(screen.getByRole("button", { name: "Comment on line 2" }));
    keep("   ");
    expect(screen.getByRole("alert").textContent).toBe("Write what should change here, or Cancel.");
    const long = "x".repeat(maxCommentChars + 1);
    keep(long);
    expect(screen.getByRole("alert").textContent).toMatch(/at most 4,000 characters; this one has 4,001/);
    expect(box().value).toBe(long);
    expect(loadComments("ses_1")).toEqual([]);
  });

  it("edits and removes a kept comment, from the diff and from the list beside the box", () => {
    render(<Chat />);
    fireEvent.click(screen.getByRole("button", { name: "Comment on line 2" }));
    keep("first thought");
    fireEvent.click(screen.getByRole("button", { name: "Edit the comment on notes.txt, line 2" }));
    expect(box().value).toBe("first thought");
    keep("second thought");
    expect(loadComments("ses_1").map((c) => c.text)).toEqual(["second thought"]);
    const [fromDiff, fromTray] = screen.getAllByRole("button", { name: "Remove the comment on notes.txt, line 2" });
    expect(fromTray).toBeTruthy();
    fireEvent.click(fromDiff!);
    expect(loadComments("ses_1")).toEqual([]);
    expect(screen.queryByRole("region", { name: "Waiting review comments" })).toBeNull();
  });

  it("keeps what was typed when the diff is read again under the open form", () => {
    const { rerender } = render(<Chat />);
    fireEvent.click(screen.getByRole("button", { name: "Comment on line 2" }));
    fireEvent.change(box(), { target: { value: "half a thought" } });
    // The agent changed the line meanwhile: the diff no longer shows "BETA".
    const moved = patch.replace("+BETA", "+Beta");
    act(() => rerender(<Chat patch={moved} />));
    expect(screen.getByText(/These lines are no longer in the diff as it reads now/)).toBeTruthy();
    expect(box().value).toBe("half a thought");
    keep("half a thought, done");
    expect(loadComments("ses_1")[0]).toMatchObject({ anchor: "BETA", code: ["+BETA"], text: "half a thought, done" });
  });

  it("offers nothing to comment on outside a chat", () => {
    render(<DiffView patch={patch} path="notes.txt" />);
    expect(screen.queryByRole("button", { name: /^Comment on/ })).toBeNull();
    expect(screen.getByText("BETA")).toBeTruthy();
  });
});
