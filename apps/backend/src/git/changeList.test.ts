// The change list's page: after a path, holding a filter (ignoring case), the rest counted.
import { describe, expect, it } from "vitest";
import { changePage } from "./changeList.ts";

// As parseStatus sorts them: by code units ("B" before "a").
const all = ["README.md", "out/B.txt", "out/a.txt", "src/a.ts", "src/b.ts"].map((path) => ({ path }));
const paths = (page: { files: { path: string }[]; more: number }) => [page.files.map((f) => f.path), page.more];

describe("a page of the changed files", () => {
  it("keeps the paths holding the filter, after the cursor, up to the limit and the cap", () => {
    expect(paths(changePage(all, { limit: 2, cap: 10 }))).toEqual([["README.md", "out/B.txt"], 3]);
    expect(paths(changePage(all, { limit: 10, cap: 2 }))).toEqual([["README.md", "out/B.txt"], 3]);
    expect(paths(changePage(all, { limit: 10, cap: 10, filter: " B. " }))).toEqual([["out/B.txt", "src/b.ts"], 0]);
    expect(paths(changePage(all, { limit: 1, cap: 10, filter: "out/", after: "out/B.txt" }))).toEqual([
      ["out/a.txt"],
      0,
    ]);
    expect(paths(changePage(all, { limit: 10, cap: 10, filter: "none" }))).toEqual([[], 0]);
  });
});
