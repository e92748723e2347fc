// @vitest-environment happy-dom
// Review comments in a diff, as a person uses them: a line's number opens the form under it,
// Shift+click stretches the choice (on one side in the split layout), Ctrl+Enter adds the comment
// (drawn under its line and listed beside the box), an empty or over-long one is refused with what
// to do, Edit and Remove work from the diff and from the list; what was typed is never lost: Escape,
// a folded diff, editing another comment each leave it waiting beside the box as not added yet, a
// diff read again keeps it without taking the keyboard, full storage keeps it in the window; one
// form for two diffs of a file; an edit of a sent comment never sends it twice; one tab stop per
// diff with ↑/↓; another window's comments show; a diff outside a chat takes none.
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import DiffView from "../workbench/DiffView.tsx";
import { chooseDiffLayout } from "../workbench/diffLayout.ts";
import { ReviewTray } from "./ReviewTray.tsx";
import { maxCommentChars } from "./reviewComments.ts";
import { ReviewContext } from "./reviewContext.ts";
import { loadComments, useReviewComments } from "./useReviewComments.ts";

const patch = ["--- notes.txt", "+++ notes.txt", "@@ -1,3 +1,3 @@", " alpha", "-beta", "+BETA", " gamma", ""].join(
  "\n",
);

function Chat(props: {
  patch?: string;
  diff?: boolean;
  twice?: boolean;
  session?: string;
  /** A Send that takes the added comments, as the message box does. */
  withSend?: boolean;
}) {
  const review = useReviewComments(props.session ?? "ses_1");
  const diff = <DiffView patch={props.patch ?? patch} path="notes.txt" />;
  return (
    <ReviewContext.Provider value={review}>
      {props.diff !== false && diff}
      {props.twice && <DiffView patch={props.patch ?? patch} path="notes.txt" />}
      <ReviewTray review={review} />
      <input aria-label="Elsewhere" />
      {props.withSend && (
        <button type="button" onClick={() => review.take()}>
          Send
        </button>
      )}
    </ReviewContext.Provider>
  );
}

const box = () => screen.getByRole("textbox", { name: /^Comment on notes\.txt/ }) as HTMLTextAreaElement;
const write = (text: string) => fireEvent.change(box(), { target: { value: text } });
const add = (text: string) => {
  write(text);
  fireEvent.keyDown(box(), { key: "Enter", ctrlKey: true });
};
const tray = () => screen.queryByRole("region", { name: "Waiting review comments" });
const line = (name: string) => screen.getByRole("button", { name: (n) => n === name });

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  chooseDiffLayout("unified");
});

describe("review comments in a diff", () => {
  it("points at a line, keeps the comment under it and beside the box, and after a reload", async () => {
    const { unmount } = render(<Chat />);
    fireEvent.click(line("Comment on line 2"));
    await waitFor(() => expect(document.activeElement).toBe(box()));
    expect(box().getAttribute("aria-label")).toBe("Comment on notes.txt, line 2");
    add("  lower case, please ");
    expect(screen.queryByRole("textbox", { name: /^Comment on/ })).toBeNull();
    const card = screen.getByRole("region", { name: "Your comment on notes.txt, line 2" });
    expect(card.textContent).toContain("lower case, please");
    // Under the line it points at: the row right after "BETA".
    expect(card.closest("tr")?.previousElementSibling?.textContent).toContain("BETA");
    expect(tray()?.textContent).toContain("1 review comment goes with your next message");
    expect(tray()?.textContent).toContain("notes.txt:2 lower case, please");
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
    fireEvent.click(line("Comment on line 1"));
    fireEvent.click(line("Comment on line 3"), { shiftKey: true });
    expect(box().getAttribute("aria-label")).toBe("Comment on notes.txt, lines 1–3");
    expect(document.querySelectorAll("tr.diff-selected")).toHaveLength(4);
    add("all of it");
    expect(loadComments("ses_1")[0]?.code).toEqual([" alpha", "-beta", "+BETA", " gamma"]);
    fireEvent.click(line("Comment on removed line 2"));
    expect(box().getAttribute("aria-label")).toBe(
      "Comment on notes.txt, removed line 2 (numbered as before the change)",
    );
  });

  it("in the split layout, numbers each side by its own and keeps a stretch on one side", () => {
    chooseDiffLayout("split");
    render(<Chat />);
    expect(screen.getAllByRole("button", { name: /^Comment on/ }).map((b) => b.getAttribute("aria-label"))).toEqual([
      "Comment on line 1",
      "Comment on removed line 2",
      "Comment on line 2",
      "Comment on line 3",
    ]);
    // Removed line 2 and its new self share a row: Shift+click across starts again on the other side.
    fireEvent.click(line("Comment on removed line 2"));
    fireEvent.click(line("Comment on line 2"), { shiftKey: true });
    expect(box().getAttribute("aria-label")).toBe("Comment on notes.txt, line 2");
    add("capitals?");
    expect(loadComments("ses_1")[0]?.code).toEqual(["+BETA"]);
    fireEvent.click(line("Comment on removed line 2"));
    add("why was this removed?");
    expect(screen.getByRole("region", { name: /^Your comment on notes\.txt, removed line 2/ })).toBeTruthy();
    expect(loadComments("ses_1")[1]?.code).toEqual(["-beta"]);
  });

  it("closes the form with Escape, listing what was typed as not added yet, to add or discard", () => {
    render(<Chat />);
    fireEvent.click(line("Comment on line 2"));
    write("half a thought");
    fireEvent.keyDown(box(), { key: "Escape" });
    expect(screen.queryByRole("textbox", { name: /^Comment on/ })).toBeNull();
    expect(tray()?.textContent).toContain("Not added yet: notes.txt:2 half a thought");
    expect(loadComments("ses_1")).toEqual([]);
    // The same line again: the text is back in its form.
    fireEvent.click(line("Comment on line 2"));
    expect(box().value).toBe("half a thought");
    fireEvent.keyDown(box(), { key: "Escape" });
    fireEvent.click(screen.getByRole("button", { name: "Add the comment on notes.txt, line 2" }));
    expect(loadComments("ses_1").map((c) => c.text)).toEqual(["half a thought"]);
    // Discard lets go of it: the next comment on the line starts empty.
    fireEvent.click(line("Comment on line 1"));
    write("never mind");
    fireEvent.click(screen.getByRole("button", { name: "Discard" }));
    fireEvent.click(line("Comment on line 1"));
    expect(box().value).toBe("");
  });

  it("refuses an empty or over-long comment with what to do, keeping what was typed", () => {
    render(<Chat />);
    fireEvent.click(line("Comment on line 2"));
    add("   ");
    expect(screen.getByRole("alert").textContent).toBe("Write what should change here, or Discard.");
    const long = "x".repeat(maxCommentChars + 1);
    add(long);
    expect(screen.getByRole("alert").textContent).toMatch(/at most 4,000 characters; this one has 4,001/);
    expect(box().value).toBe(long);
    expect(loadComments("ses_1")).toEqual([]);
  });

  it("edits a kept comment without copying it, and removes it from the diff and from the list", () => {
    render(<Chat />);
    fireEvent.click(line("Comment on line 2"));
    add("first thought");
    fireEvent.click(screen.getByRole("button", { name: "Edit the comment on notes.txt, line 2" }));
    expect(box().value).toBe("first thought");
    // Pointing elsewhere mid-edit starts a new comment there; the kept one is untouched, not copied.
    fireEvent.click(line("Comment on line 1"));
    expect(box().value).toBe("");
    fireEvent.click(screen.getByRole("button", { name: "Discard" }));
    fireEvent.click(screen.getByRole("button", { name: "Edit the comment on notes.txt, line 2" }));
    add("second thought");
    expect(loadComments("ses_1").map((c) => c.text)).toEqual(["second thought"]);
    fireEvent.click(line("Comment on line 3"));
    add("another");
    const [, fromTray] = screen.getAllByRole("button", { name: "Remove the comment on notes.txt, line 2" });
    fireEvent.click(fromTray!);
    expect(loadComments("ses_1").map((c) => c.text)).toEqual(["another"]);
    fireEvent.click(screen.getAllByRole("button", { name: "Remove the comment on notes.txt, line 3" })[0]!);
    expect(loadComments("ses_1")).toEqual([]);
    expect(tray()).toBeNull();
  });

  it("keeps what was typed when the diff is folded or read again, without taking the keyboard", () => {
    const { rerender } = render(<Chat />);
    fireEvent.click(line("Comment on line 2"));
    write("half a thought");
    act(() => rerender(<Chat diff={false} />)); // the diff folded away: its draft waits beside the box
    expect(tray()?.textContent).toContain("Not added yet: notes.txt:2 half a thought");
    act(() => rerender(<Chat />));
    expect(screen.queryByRole("textbox", { name: /^Comment on/ })).toBeNull();
    fireEvent.click(line("Comment on line 2"));
    expect(box().value).toBe("half a thought");
    // The agent changed the line meanwhile: the diff no longer shows "BETA"; the person types elsewhere.
    screen.getByRole("textbox", { name: "Elsewhere" }).focus();
    act(() => rerender(<Chat patch={patch.replace("+BETA", "+Beta")} />));
    expect(screen.getByText(/These lines are no longer in the diff as it reads now/)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole("textbox", { name: "Elsewhere" }));
    expect(box().value).toBe("half a thought");
    add("half a thought, done");
    expect(loadComments("ses_1")[0]).toMatchObject({ anchor: "BETA", code: ["+BETA"], text: "half a thought, done" });
  });

  it("draws the form once when two diffs show the same lines, and keeps a draft when another comment is edited", () => {
    render(<Chat twice />);
    fireEvent.click(screen.getAllByRole("button", { name: "Comment on line 1" })[0]!);
    add("kept");
    fireEvent.click(screen.getAllByRole("button", { name: "Comment on line 2" })[1]!);
    expect(screen.getAllByRole("textbox", { name: /^Comment on notes\.txt/ })).toHaveLength(1);
    write("a paragraph in the making");
    // Editing the added comment closes this form; what was typed waits beside the box, not lost.
    fireEvent.click(screen.getAllByRole("button", { name: "Edit the comment on notes.txt, line 1" })[0]!);
    expect(box().value).toBe("kept");
    expect(tray()?.textContent).toContain("Not added yet: notes.txt:2 a paragraph in the making");
    // An edit closed unchanged is no change: nothing more waits.
    fireEvent.keyDown(box(), { key: "Escape" });
    expect(tray()?.textContent).not.toContain("Change not saved");
  });

  it("after a send, an edit of a sent comment waits as a new comment, never sending it twice", () => {
    render(<Chat withSend />);
    fireEvent.click(line("Comment on line 2"));
    add("first");
    fireEvent.click(screen.getByRole("button", { name: "Edit the comment on notes.txt, line 2" }));
    write("first, and more");
    fireEvent.keyDown(box(), { key: "Escape" });
    expect(tray()?.textContent).toContain("Change not saved: notes.txt:2 first, and more");
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(loadComments("ses_1")).toEqual([]);
    expect(tray()?.textContent).toContain("Not added yet: notes.txt:2 first, and more");
    fireEvent.click(screen.getByRole("button", { name: "Add the comment on notes.txt, line 2" }));
    expect(loadComments("ses_1").map((c) => c.text)).toEqual(["first, and more"]);
    // An edit left unchanged over a send goes with its comment: nothing waits to send it again.
    fireEvent.click(screen.getByRole("button", { name: "Edit the comment on notes.txt, line 2" }));
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(screen.queryByRole("textbox", { name: /^Comment on/ })).toBeNull();
    expect(tray()).toBeNull();
  });

  it("keeps a draft beside its chat's box when another chat opens under its form, its diff gone a drawing later", () => {
    const { rerender } = render(<Chat />);
    fireEvent.click(line("Comment on line 2"));
    write("typed before the switch");
    // The conversation follows the chat one drawing late: its diff is still there for the new chat.
    act(() => rerender(<Chat session="ses_2" />));
    act(() => rerender(<Chat session="ses_2" diff={false} />));
    act(() => rerender(<Chat />));
    expect(tray()?.textContent).toContain("Not added yet: notes.txt:2 typed before the switch");
    // A form opened and left empty is no draft: nothing of it waits after the switch.
    fireEvent.click(line("Comment on line 3"));
    act(() => rerender(<Chat session="ses_2" />));
    act(() => rerender(<Chat />));
    expect(tray()?.textContent).not.toContain("notes.txt:3");
  });

  it("draws a draft's form only where it was last opened, whichever diff opened it first", () => {
    render(<Chat twice />);
    fireEvent.click(screen.getAllByRole("button", { name: "Comment on line 2" })[0]!);
    write("from the first diff");
    fireEvent.click(screen.getAllByRole("button", { name: "Comment on line 3" })[1]!);
    fireEvent.click(screen.getAllByRole("button", { name: "Comment on line 2" })[1]!);
    expect(screen.getAllByRole("textbox", { name: /^Comment on notes\.txt/ })).toHaveLength(1);
    expect(box().value).toBe("from the first diff");
  });

  it("reads a chat not on screen from storage, where another window may have sent its comments", () => {
    const { rerender } = render(<Chat />);
    fireEvent.click(line("Comment on line 2"));
    add("sent from the other window");
    act(() => rerender(<Chat session="ses_2" />));
    localStorage.removeItem("turnkey.review.ses_1");
    act(() => {
      window.dispatchEvent(new StorageEvent("storage", { key: "turnkey.review.ses_1" }));
    });
    act(() => rerender(<Chat />));
    expect(tray()).toBeNull();
  });

  it("takes the keyboard back, caret and all, when a line added above draws its form anew", async () => {
    const { rerender } = render(<Chat />);
    fireEvent.click(line("Comment on line 2"));
    await waitFor(() => expect(document.activeElement).toBe(box()));
    write("half a thought");
    box().setSelectionRange(4, 4);
    fireEvent.select(box());
    const above = patch.replace(" alpha", " zero\n alpha").replace("@@ -1,3 +1,3 @@", "@@ -1,4 +1,4 @@");
    act(() => rerender(<Chat patch={above} />));
    expect(document.activeElement).toBe(box());
    expect(box().selectionStart).toBe(4);
  });

  it("keeps comments in the window when storage is full, across another chat opened", () => {
    const { rerender } = render(<Chat />);
    const setItem = vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("full", "QuotaExceededError");
    });
    try {
      fireEvent.click(line("Comment on line 2"));
      add("not stored anywhere but here");
      act(() => rerender(<Chat session="ses_2" />));
      expect(tray()).toBeNull();
      act(() => rerender(<Chat />));
      expect(tray()?.textContent).toContain("not stored anywhere but here");
    } finally {
      setItem.mockRestore();
    }
  });

  it("takes the keyboard to a form opened by a click, under React's strict mode too", async () => {
    render(
      <StrictMode>
        <Chat />
      </StrictMode>,
    );
    fireEvent.click(line("Comment on line 2"));
    await waitFor(() => expect(document.activeElement).toBe(box()));
  });

  it("is one tab stop per diff, with ↑ and ↓ between the line numbers", () => {
    render(<Chat />);
    const numbers = screen.getAllByRole("button", { name: /^Comment on/ });
    expect(numbers.map((b) => b.tabIndex)).toEqual([0, -1, -1, -1]);
    numbers[0]!.focus();
    fireEvent.keyDown(numbers[0]!, { key: "ArrowDown" });
    expect(document.activeElement).toBe(numbers[1]);
    expect(numbers.map((b) => b.tabIndex)).toEqual([-1, 0, -1, -1]);
    fireEvent.keyDown(numbers[1]!, { key: "ArrowUp" });
    expect(document.activeElement).toBe(numbers[0]);
    // Down to line 2, a click on line 3 and Escape: still one stop, on line 3.
    fireEvent.keyDown(numbers[0]!, { key: "ArrowDown" });
    fireEvent.click(numbers[3]!);
    fireEvent.keyDown(box(), { key: "Escape" });
    const after = screen.getAllByRole("button", { name: /^Comment on/ });
    expect(after.map((b) => b.tabIndex)).toEqual([-1, -1, -1, 0]);
  });

  it("shows the comments another window of the app added to this chat", () => {
    render(<Chat />);
    const theirs = [
      {
        id: "rc-x",
        path: "notes.txt",
        side: "new",
        start: 2,
        end: 2,
        anchor: "BETA",
        code: ["+BETA"],
        text: "from there",
      },
    ];
    localStorage.setItem("turnkey.review.ses_1", JSON.stringify(theirs));
    act(() => {
      window.dispatchEvent(new StorageEvent("storage", { key: "turnkey.review.ses_1" }));
    });
    expect(screen.getByRole("region", { name: "Your comment on notes.txt, line 2" }).textContent).toContain(
      "from there",
    );
  });

  it("offers nothing to comment on outside a chat", () => {
    render(<DiffView patch={patch} path="notes.txt" />);
    expect(screen.queryByRole("button", { name: /^Comment on/ })).toBeNull();
    expect(screen.getByText("BETA")).toBeTruthy();
  });
});
