// @vitest-environment happy-dom
// Review comments on a file read in the Files tab: text selected in the file offers "Comment on
// lines …", the comment quotes the file's own lines and is listed under the viewer's head with
// Edit and Remove; a click in the code lets go of the choice; a binary file offers nothing; Escape
// in the form closes the form, not the file. And what was typed in a diff's form that folded away
// is there when the diff shows again; Discard lets it go.
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { FileContentResponse } from "@turnkey/contracts";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FileViewer } from "../files/FileViewer.tsx";
import DiffView from "../workbench/DiffView.tsx";
import { ReviewContext } from "./reviewContext.ts";
import { loadComments, useReviewComments } from "./useReviewComments.ts";

const content = "const a = 1;\nconst b = 2;\nconst c = 3;\n";
const read = async (path: string): Promise<FileContentResponse> =>
  path === "logo.png"
    ? { path, kind: "binary", content: null, size: 10 }
    : { path, kind: "text", content, size: content.length };

function Chat(props: { path?: string; diff?: boolean; children?: ReactNode }) {
  const review = useReviewComments("ses_1");
  const patch = ["--- src/app.ts", "+++ src/app.ts", "@@ -1,1 +1,2 @@", " const a = 1;", "+const b = 2;", ""].join(
    "\n",
  );
  return (
    <ReviewContext.Provider value={review}>
      {props.children ??
        (props.diff ? (
          <DiffView patch={patch} path="src/app.ts" />
        ) : (
          <FileViewer
            path={props.path ?? "src/app.ts"}
            read={read}
            onMention={() => undefined}
            onClose={() => undefined}
          />
        ))}
    </ReviewContext.Provider>
  );
}

/** Where offset `at` of the file's text is, in whatever nodes the highlighter split it into. */
function point(at: number): [Node, number] {
  const walker = document.createTreeWalker(document.querySelector("pre code")!, NodeFilter.SHOW_TEXT);
  let left = at;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent?.length ?? 0;
    if (left <= length) return [node, left];
    left -= length;
  }
  throw new Error(`offset ${at} is past the file's text`);
}

/** Selects from `start` to `end`, as a drag would: each an offset in the file's text, or a node and offset. */
function select(start: number | [Node, number], end: number | [Node, number]) {
  const range = document.createRange();
  range.setStart(...(typeof start === "number" ? point(start) : start));
  range.setEnd(...(typeof end === "number" ? point(end) : end));
  act(() => {
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    document.dispatchEvent(new Event("selectionchange"));
  });
}
/** The file is on screen (plain, or coloured: then its text is split over many nodes). */
const shown = () => waitFor(() => expect(document.querySelector("pre code")?.textContent).toContain("const b = 2;"));
/** The highlighter has coloured the file: its text is split over many nodes. */
const coloured = () => waitFor(() => expect(document.querySelectorAll("pre code span").length).toBeGreaterThan(2));
const commentBox = () => screen.getByRole("textbox", { name: /^Comment on src\/app\.ts/ }) as HTMLTextAreaElement;

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});
afterEach(cleanup);

describe("review comments on a file", () => {
  it("offers the selected lines, quotes them as the file reads, and lists the comment under the head", async () => {
    render(<Chat />);
    await shown();
    expect(screen.queryByRole("button", { name: /^Comment on/ })).toBeNull();
    await coloured();
    select(14, 30); // from "const b" into the third line, across the highlighter's spans
    fireEvent.click(screen.getByRole("button", { name: "Comment on lines 2–3" }));
    expect(commentBox().getAttribute("aria-label")).toBe("Comment on src/app.ts, lines 2–3");
    fireEvent.change(commentBox(), { target: { value: "one object, please" } });
    fireEvent.click(screen.getByRole("button", { name: "Add comment" }));
    // The selection is let go of with it: nothing offers the same lines again.
    expect(screen.queryByRole("button", { name: /^Comment on lines/ })).toBeNull();
    expect(loadComments("ses_1")).toMatchObject([
      { path: "src/app.ts", start: 2, end: 3, code: ["const b = 2;", "const c = 3;"], from: "file" },
    ]);
    expect(screen.getByRole("region", { name: "Your comment on src/app.ts, lines 2–3" }).textContent).toContain(
      "one object, please",
    );
    fireEvent.click(screen.getByRole("button", { name: "Remove the comment on src/app.ts, lines 2–3" }));
    expect(loadComments("ses_1")).toEqual([]);
  });

  it("lets go of the choice when the code is clicked, and offers nothing for a binary file", async () => {
    const { unmount } = render(<Chat />);
    await shown();
    // The highlighter redraws the code once its chunk arrives, taking a selection made before with
    // the nodes it replaces: under load that redraw landed between the selection and the check.
    await coloured();
    select(0, 5);
    expect(await screen.findByRole("button", { name: "Comment on line 1" })).toBeTruthy();
    select(3, 3);
    expect(screen.queryByRole("button", { name: /^Comment on/ })).toBeNull();
    // A drag from line 2 up past the code's start (into the viewer's head) still names its lines.
    select([document.querySelector(".file-viewer-head")!, 0], 16);
    expect(screen.getByRole("button", { name: "Comment on lines 1–2" })).toBeTruthy();
    unmount();
    render(<Chat path="logo.png" />);
    await screen.findByText(/binary file/);
    expect(document.querySelector(".file-review")).toBeNull();
  });

  it("keeps what was typed in a diff that folds away, and Discard lets it go", () => {
    const first = render(<Chat diff />);
    fireEvent.click(screen.getByRole("button", { name: "Comment on line 2" }));
    fireEvent.change(commentBox(), { target: { value: "half a thought" } });
    first.unmount(); // the diff folded away
    const again = render(<Chat diff />);
    expect(screen.queryByRole("textbox", { name: /^Comment on/ })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Comment on line 2" }));
    expect(commentBox().value).toBe("half a thought");
    fireEvent.click(screen.getByRole("button", { name: "Discard" }));
    again.unmount();
    render(<Chat diff />);
    expect(screen.queryByRole("textbox", { name: /^Comment on/ })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Comment on line 2" }));
    expect(commentBox().value).toBe("");
  });

  it("closes the file's comment form with Escape, not the file", async () => {
    const onClose = vi.fn();
    render(
      <Chat>
        <FileViewer path="src/app.ts" read={read} onMention={() => undefined} onClose={onClose} />
      </Chat>,
    );
    await shown();
    await coloured();
    select(0, 5);
    fireEvent.click(await screen.findByRole("button", { name: "Comment on line 1" }));
    fireEvent.keyDown(commentBox(), { key: "Escape" });
    expect(screen.queryByRole("textbox", { name: /^Comment on/ })).toBeNull();
    expect(onClose).not.toHaveBeenCalled();
    // Escape outside the form still closes the file, as before.
    fireEvent.keyDown(screen.getByRole("button", { name: "← Files" }), { key: "Escape" });
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
