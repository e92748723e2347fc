// @vitest-environment happy-dom
import { render } from "@testing-library/react";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { describe, expect, it, vi } from "vitest";
import { Markdown } from "./Markdown.tsx";
import { markdownBlocks } from "./markdownBlocks.ts";
import { createMarkdownCache } from "./markdownCache.ts";

const reply = [
  "Here is the plan:",
  "",
  "1. read the file",
  "",
  "2. fix the bug",
  "   with care",
  "",
  "```ts",
  "const a = 1;",
  "",
  "const b = 2;",
  "```",
  "",
  "| a | b |",
  "|---|---|",
  "| 1 | 2 |",
  "",
  "Done.",
].join("\n");

describe("markdown blocks", () => {
  it("splits at blank lines outside fences, keeping lists and code blocks whole", () => {
    expect(markdownBlocks(reply)).toEqual([
      "Here is the plan:\n",
      "1. read the file\n\n2. fix the bug\n   with care\n",
      "```ts\nconst a = 1;\n\nconst b = 2;\n```\n",
      "| a | b |\n|---|---|\n| 1 | 2 |\n",
      "Done.",
    ]);
    expect(markdownBlocks("one line")).toEqual(["one line"]);
    expect(markdownBlocks("```\nunclosed\n\nstill code")).toEqual(["```\nunclosed\n\nstill code"]);
  });

  it("renders the same text as one parse would", () => {
    const whole = render(
      <div className="markdown">
        <ReactMarkdown remarkPlugins={[remarkGfm]}>{reply}</ReactMarkdown>
      </div>,
    ).container.textContent;
    const blocks = render(<Markdown id="prt_reply" text={reply} />).container;
    expect(blocks.querySelectorAll("ol li")).toHaveLength(2);
    expect(blocks.querySelector("pre code")?.textContent).toBe("const a = 1;\n\nconst b = 2;\n");
    expect(blocks.querySelectorAll("td")).toHaveLength(2);
    expect(whole).toContain("Done.");
  });
});

describe("markdown cache", () => {
  it("parses a part once, and while it streams only its changed last block", () => {
    const render = vi.fn((block: string) => block.toUpperCase());
    const cache = createMarkdownCache(render);
    const first = cache.blocks("prt_1", "One.\n\nTwo");
    expect(cache.blocks("prt_1", "One.\n\nTwo")).toBe(first); // scrolled back into view: no parse
    expect(render).toHaveBeenCalledTimes(2);
    const grown = cache.blocks("prt_1", "One.\n\nTwo and three");
    expect(grown[0]).toBe(first[0]);
    expect(grown.map((b) => b.node)).toEqual(["ONE.\n", "TWO AND THREE"]);
    expect(render).toHaveBeenCalledTimes(3);
  });

  it("keeps at most its bound of parts, dropping the least recently used", () => {
    const cache = createMarkdownCache((block) => block, 2);
    cache.blocks("a", "A");
    cache.blocks("b", "B");
    cache.blocks("a", "A"); // used again: b is now the oldest
    cache.blocks("c", "C");
    expect([cache.has("a", "A"), cache.has("b", "B"), cache.has("c", "C")]).toEqual([true, false, true]);
    expect(cache.size).toBe(2);
  });
});
