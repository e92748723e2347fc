// @vitest-environment happy-dom
import { render } from "@testing-library/react";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import { Markdown } from "./Markdown.tsx";
import { markdownBlocks } from "./markdownBlocks.ts";

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
    const blocks = render(<Markdown text={reply} />).container;
    expect(blocks.querySelectorAll("ol li")).toHaveLength(2);
    expect(blocks.querySelector("pre code")?.textContent).toBe("const a = 1;\n\nconst b = 2;\n");
    expect(blocks.querySelectorAll("td")).toHaveLength(2);
    expect(whole).toContain("Done.");
  });
});
