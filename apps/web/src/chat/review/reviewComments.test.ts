// What a review comment points at and how it reads in the message that carries it: numbered as the
// file is now unless only removed lines were chosen, quoted with the diff's signs in a fence the
// code cannot close, a long choice cut with how many lines more; a stored list that was tampered
// with keeps only whole comments.
import { describe, expect, it } from "vitest";
import { parsePatch } from "../workbench/patch.ts";
import {
  isAnchor,
  isReviewComment,
  maxQuotedLines,
  pointAt,
  pointAtFile,
  type ReviewComment,
  selectedLines,
  withComments,
} from "./reviewComments.ts";

const hunk = parsePatch(["@@ -1,4 +1,4 @@", " alpha", "-beta", "+BETA", " gamma", "-delta", ""].join("\n"))[0]!;
const line = (text: string) => hunk.lines.find((l) => l.text === text)!;
const comment = (over: Partial<ReviewComment>): ReviewComment => ({
  id: "rc-1",
  path: "notes.txt",
  side: "new",
  start: 2,
  end: 2,
  anchor: "BETA",
  code: ["+BETA"],
  text: "lower case, please",
  ...over,
});

describe("what a comment points at", () => {
  it("numbers a choice as the file is now when any of its lines is still there", () => {
    expect(pointAt("notes.txt", hunk.lines.slice(0, 3))).toEqual({
      path: "notes.txt",
      side: "new",
      start: 1,
      end: 2,
      anchor: "BETA",
      code: [" alpha", "-beta", "+BETA"],
    });
  });

  it("numbers removed lines alone as before the change, and finds them again only as removed lines", () => {
    const pointed = pointAt("notes.txt", [line("beta")])!;
    expect(pointed).toMatchObject({ side: "old", start: 2, end: 2, anchor: "beta", code: ["-beta"] });
    const c = comment(pointed);
    expect(isAnchor(c, "notes.txt", line("beta"))).toBe(true);
    expect(isAnchor(c, "other.txt", line("beta"))).toBe(false);
    // The context line "alpha" has old number 1, "gamma" 3: never taken for a removed line 2.
    expect(hunk.lines.filter((l) => isAnchor(c, "notes.txt", l))).toHaveLength(1);
  });

  it("finds a comment's line only while it reads the same", () => {
    const c = comment({});
    expect(isAnchor(c, "notes.txt", line("BETA"))).toBe(true);
    expect(isAnchor(c, "notes.txt", { ...line("BETA"), text: "Beta" })).toBe(false);
    expect(pointAt("notes.txt", [])).toBeNull();
  });
});

describe("the message that carries the comments", () => {
  it("puts them after what was typed, each with its place and its lines", () => {
    expect(
      withComments("fix these  \n", [
        comment({}),
        comment({
          id: "rc-2",
          start: 1,
          end: 3,
          anchor: "gamma",
          code: [" alpha", "+BETA", " gamma"],
          text: "and these",
        }),
      ]),
    ).toBe(
      [
        "fix these",
        "",
        "Review comments:",
        "",
        "In `notes.txt`, line 2:",
        "```diff",
        "+BETA",
        "```",
        "lower case, please",
        "",
        "In `notes.txt`, lines 1–3:",
        "```diff",
        " alpha",
        "+BETA",
        " gamma",
        "```",
        "and these",
      ].join("\n"),
    );
  });

  it("stands alone when nothing was typed, and says which removed lines it means", () => {
    const removed = comment({ side: "old", anchor: "beta", code: ["-beta"], text: "why?" });
    expect(withComments("  ", [removed])).toBe(
      "Review comment:\n\nIn `notes.txt`, removed line 2 (numbered as before the change):\n```diff\n-beta\n```\nwhy?",
    );
    expect(withComments("as typed", [])).toBe("as typed");
  });

  it("quotes code holding backticks in a longer fence, and a long choice up to the cap", () => {
    const fenced = withComments("", [comment({ code: ["+const s = ```x```;"] })]);
    expect(fenced).toContain("````diff\n+const s = ```x```;\n````\n");
    const long = Array.from({ length: maxQuotedLines + 3 }, (_, i) => `+line ${i}`);
    const cut = withComments("", [comment({ code: long })]);
    expect(cut).toContain(`+line ${maxQuotedLines - 1}\n… 3 more lines\n`);
    expect(cut).not.toContain(`+line ${maxQuotedLines}\n`);
  });
});

describe("lines chosen in a file", () => {
  const text = "one\ntwo\nthree\n";
  it("reads a selection's offsets as the lines a person sees selected", () => {
    expect(selectedLines(text, 4, 7)).toEqual({ start: 2, end: 2 }); // "two"
    expect(selectedLines(text, 4, 8)).toEqual({ start: 2, end: 2 }); // "two\n", a triple-click
    expect(selectedLines(text, 1, 8)).toEqual({ start: 1, end: 2 }); // into line 1 to the start of line 3
    expect(selectedLines(text, 9, 2)).toEqual({ start: 1, end: 3 }); // dragged upwards
    expect(selectedLines(text, 5, 5)).toBeNull();
  });

  it("quotes the file's own lines in its language, without diff signs", () => {
    const pointed = pointAtFile("src/app.ts", text, 3, 2)!;
    expect(pointed).toEqual({
      path: "src/app.ts",
      side: "new",
      start: 2,
      end: 3,
      anchor: "three",
      code: ["two", "three"],
      from: "file",
    });
    expect(withComments("", [comment({ ...pointed, text: "merge these" })])).toBe(
      "Review comment:\n\nIn `src/app.ts`, lines 2–3:\n```typescript\ntwo\nthree\n```\nmerge these",
    );
    expect(pointAtFile("src/app.ts", text, 7, 9)).toBeNull();
  });
});

describe("stored comments", () => {
  it("keeps only whole comments", () => {
    expect(isReviewComment(comment({}))).toBe(true);
    expect(isReviewComment({ ...comment({}), side: "left" })).toBe(false);
    expect(isReviewComment({ ...comment({}), code: [1] })).toBe(false);
    expect(isReviewComment({ ...comment({}), start: "2" })).toBe(false);
    expect(isReviewComment(null)).toBe(false);
    expect(isReviewComment({ ...comment({}), from: "file" })).toBe(true);
    expect(isReviewComment({ ...comment({}), from: "elsewhere" })).toBe(false);
  });
});
