// @vitest-environment happy-dom
// Find in chat paints the match it counted: one rule (case folding, no overlap) for the count over
// the data and the paint in the rendered row; a match the rendered text lacks outlines the row only.
import { afterEach, describe, expect, it } from "vitest";
import type { MessageView } from "../conversation.ts";
import { findMatches } from "./findMatches.ts";
import { rangeOfMatch } from "./markMatch.ts";

afterEach(() => document.body.replaceChildren());

function row(html: string): Element {
  const div = document.createElement("div");
  div.innerHTML = `<div class="markdown">${html}</div>`;
  document.body.append(div);
  return div;
}
const message = (text: string) => ({ id: "m1", role: "assistant", parts: [{ type: "text", text }] }) as MessageView;

describe("find in chat paints what it counts", () => {
  it("paints each match after a letter whose lower case is longer (Turkish İ) where it is", () => {
    const text = "İstanbul is big, İzmir is bigger";
    expect(findMatches([message(text)], "big")).toHaveLength(2);
    const shown = row(`<p>${text}</p>`);
    expect(rangeOfMatch(shown, "big", 0)?.toString()).toBe("big");
    expect(rangeOfMatch(shown, "big", 1)?.toString()).toBe("big");
    expect(rangeOfMatch(shown, "big", 1)?.startOffset).toBe(text.lastIndexOf("big"));
    expect(rangeOfMatch(shown, "İz", 0)?.toString()).toBe("İz");
  });

  it("counts and paints overlapping text the same way: 'aa' in 'aaaa' is two matches, at 0 and 2", () => {
    expect(findMatches([message("aaaa")], "aa")).toHaveLength(2);
    const shown = row("<p>aaaa</p>");
    expect(rangeOfMatch(shown, "aa", 1)?.startOffset).toBe(2);
    expect(rangeOfMatch(shown, "aa", 2)).toBeNull();
  });

  it("paints nothing when the rendered text has fewer matches than the source (the row is outlined)", () => {
    const source = "see [the docs](https://docs.example/docs) for docs";
    expect(findMatches([message(source)], "docs")).toHaveLength(4);
    const shown = row('<p>see <a href="https://docs.example/docs">the docs</a> for docs</p>');
    expect(rangeOfMatch(shown, "docs", 1)?.toString()).toBe("docs");
    expect(rangeOfMatch(shown, "docs", 2)).toBeNull();
    expect(rangeOfMatch(shown, "docs", 3)).toBeNull();
  });
});
