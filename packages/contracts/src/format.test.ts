// A title from a text, as a goal's notification and a task run with several models name it.
import { describe, expect, it } from "vitest";
import { titleOf } from "./format.ts";
import { goalNews } from "./goals.ts";

describe("titleOf", () => {
  it("takes the first line that says something, cut at a word within the room", () => {
    expect(titleOf("\n  \n  Fix the adder  \nthen the tests", 60)).toBe("Fix the adder");
    expect(titleOf("Rewrite the parser so that it streams tokens instead", 30)).toBe("Rewrite the parser so that it…");
    // One long word is cut inside it rather than left as a stub.
    expect(titleOf(`go ${"x".repeat(40)}`, 20)).toBe(`go ${"x".repeat(17)}…`);
    expect(titleOf(" \n ", 10)).toBe("");
  });

  it("names a goal in its notification by its objective's first line", () => {
    const goal = {
      objective: "\nMake every test in the parser package pass without changing the tests themselves\nmore",
      check: "npm test",
      status: "passed",
      note: null,
    } as unknown as Parameters<typeof goalNews>[0];
    expect(goalNews(goal).body).toBe("Make every test in the parser package pass without changing…\nnpm test passed.");
  });
});
