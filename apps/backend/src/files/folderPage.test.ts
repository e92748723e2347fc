// A folder's listing a page at a time: every entry reached once, in order, whatever changes in the
// folder between two pages, and a name filter.
import { describe, expect, it } from "vitest";
import { folderPage } from "./folderPage.ts";

const file = (name: string) => ({ name, type: "file" as const });
const dir = (name: string) => ({ name, type: "directory" as const });

/** Every page from the first, following `next`. */
function allPages(entries: ReturnType<typeof file | typeof dir>[], size: number, filter?: string) {
  const pages: string[][] = [];
  let after: string | undefined;
  do {
    const page = folderPage(entries, { size, after, filter });
    pages.push(page.entries.map((e) => e.name));
    expect(page.next === undefined).toBe(page.more === undefined);
    after = page.next;
  } while (after);
  return pages;
}

describe("a folder a page at a time", () => {
  it("sends folders first, then files by name, a page after another until the last, each once", () => {
    const entries = [file("b.txt"), dir("src"), file("A.md"), file("c.txt"), dir("docs"), file("a.md")];
    expect(allPages(entries, 2)).toEqual([
      ["docs", "src"],
      ["a.md", "A.md"],
      ["b.txt", "c.txt"],
    ]);
    const first = folderPage(entries, { size: 2 });
    expect(first.more).toBe(4);
    expect(folderPage(entries, { size: 10 })).toEqual({ entries: expect.any(Array) }); // no more, no cursor
  });

  it("goes on after the last entry sent even when entries came or went between two pages", () => {
    const before = ["f1", "f2", "f3", "f4", "f5"].map(file);
    const first = folderPage(before, { size: 2 });
    expect(first.entries.map((e) => e.name)).toEqual(["f1", "f2"]);
    // f0 is new (before the cursor), f2 (the cursor itself) and f3 are gone, f6 is new.
    const now = ["f0", "f1", "f4", "f5", "f6"].map(file);
    const second = folderPage(now, { size: 2, after: first.next });
    expect(second.entries.map((e) => e.name)).toEqual(["f4", "f5"]);
    expect(second.more).toBe(1);
    expect(folderPage(now, { size: 2, after: second.next }).entries.map((e) => e.name)).toEqual(["f6"]);
  });

  it("keeps the names that hold the filter, ignoring case, and pages through them", () => {
    const entries = ["Report-1.pdf", "notes.txt", "report-2.pdf", "REPORTS", "x.pdf"].map(file);
    expect(allPages(entries, 2, "report")).toEqual([["Report-1.pdf", "report-2.pdf"], ["REPORTS"]]);
    expect(folderPage(entries, { size: 2, filter: "  PDF " })).toMatchObject({ more: 1 });
    expect(folderPage(entries, { size: 2, filter: "nothing" })).toEqual({ entries: [] });
  });

  it("starts from the top on a cursor it cannot read", () => {
    expect(folderPage(["a", "b"].map(file), { size: 1, after: "garbage" }).entries).toEqual([file("a")]);
  });
});
