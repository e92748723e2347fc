// Replies as markdown (GFM tables, code blocks), never as HTML: raw HTML in a reply is dropped,
// so a model cannot inject markup into the window. Code blocks get a copy button and colours.
// Parsing is the costly part of a row, so it happens once per part (markdownCache.ts), and the
// parts of a long session are parsed ahead in idle time, newest first, before they scroll in.
import { Fragment, memo } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { CodeBlock } from "./CodeBlock.tsx";
import { type IdleDeadline, whenIdle } from "./idle.ts";
import { createMarkdownCache } from "./markdownCache.ts";

interface HastNode {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function textOf(node: HastNode): string {
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(textOf).join("");
}

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
  pre: ({ node, children }) => {
    const code = (node as HastNode | undefined)?.children?.find((c) => c.tagName === "code");
    if (!code) return <pre>{children}</pre>;
    const classes = code.properties?.className;
    const language =
      (Array.isArray(classes) ? classes : [])
        .map(String)
        .find((c) => c.startsWith("language-"))
        ?.slice("language-".length) ?? "";
    return <CodeBlock code={textOf(code)} language={language} />;
  },
  table: ({ children }) => (
    <div className="table-scroll">
      <table>{children}</table>
    </div>
  ),
};

const remarkPlugins = [remarkGfm];

/** One block to React elements. react-markdown's `Markdown` is a plain function of its options
 *  (no hooks), so its result can be kept and rendered again without parsing. */
function renderBlock(text: string) {
  return ReactMarkdown({ children: text, remarkPlugins, skipHtml: true, components });
}

const cache = createMarkdownCache(renderBlock);

export const Markdown = memo(function Markdown({ id, text }: { id: string; text: string }) {
  return (
    <div className="markdown">
      {cache.blocks(id, text).map((block, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks only grow at the end while a reply streams
        <Fragment key={i}>{block.node}</Fragment>
      ))}
    </div>
  );
});

/**
 * Parses the given parts (newest first, as the reader scrolls up from the end) while the page is
 * idle, a slice at a time, so rows coming into view find their markdown ready. Returns a cancel.
 * Where the browser has no idle callbacks, nothing is parsed ahead.
 */
export function renderMarkdownAhead(parts: { id: string; text: string }[]): () => void {
  let next = parts.length - 1;
  let cancel: () => void = () => undefined;
  const slice = (deadline: IdleDeadline) => {
    // Leave the end of the idle period to the browser: a frame may be due.
    while (next >= 0 && deadline.timeRemaining() > 4) {
      const part = parts[next--];
      if (part && !cache.has(part.id, part.text)) cache.blocks(part.id, part.text);
    }
    if (next >= 0) cancel = whenIdle(slice, { fallback: "never" });
  };
  cancel = whenIdle(slice, { fallback: "never" });
  return () => cancel();
}
