// A fenced code block of a reply: scrolls sideways inside itself (a long line never widens the
// page), a copy button, and syntax colours once the lazily loaded highlighter is there.
import { memo, type ReactNode, useEffect, useState } from "react";
import { whenIdle } from "./idle.ts";

type Highlighter = (code: string, language: string) => ReactNode | null;
let highlighter: Promise<Highlighter> | null = null;
function loadHighlighter(): Promise<Highlighter> {
  highlighter ??= import("./highlight.ts").then((m) => m.highlight);
  return highlighter;
}

/** Colours wait until the code has not changed for this long: a streaming block is coloured
 *  once it settles, not on every delta, and rows scrolled past quickly are never coloured. */
export const highlightAfterMs = 150;

/** Coloured code by language and text, so a block scrolled back into view is coloured at once.
 *  Bounded: the oldest entries go first. */
const coloured = new Map<string, ReactNode | null>();
const maxColoured = 500;
function remember(key: string, node: ReactNode | null) {
  coloured.set(key, node);
  if (coloured.size > maxColoured) {
    const oldest = coloured.keys().next().value;
    if (oldest !== undefined) coloured.delete(oldest);
  }
}

function useHighlighted(code: string, language: string): ReactNode | null {
  const key = `${language}\n${code}`;
  const [, setColoured] = useState(0);
  useEffect(() => {
    if (!language || coloured.has(key)) return;
    let live = true;
    let cancelIdle: () => void = () => undefined;
    const timer = setTimeout(() => {
      loadHighlighter().then(
        (highlight) => {
          if (!live) return;
          // Never in the middle of scrolling frames; at the latest after a second.
          cancelIdle = whenIdle(
            () => {
              remember(key, highlight(code, language));
              if (live) setColoured((n) => n + 1);
            },
            { timeoutMs: 1000, fallback: "now" },
          );
        },
        () => undefined, // no colours; the code is still there
      );
    }, highlightAfterMs);
    return () => {
      live = false;
      clearTimeout(timer);
      cancelIdle();
    };
  }, [key, code, language]);
  return language ? (coloured.get(key) ?? null) : null;
}

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  return (
    <button
      type="button"
      className="icon copy"
      onClick={() => {
        const done = navigator.clipboard?.writeText(text);
        if (!done) return setCopied("no");
        done.then(
          () => setCopied("yes"),
          () => setCopied("no"),
        );
      }}
      onBlur={() => setCopied(null)}
    >
      {copied === "yes" ? "Copied" : copied === "no" ? "Copy failed: select the text" : label}
    </button>
  );
}

export const CodeBlock = memo(function CodeBlock({ code, language }: { code: string; language: string }) {
  const highlighted = useHighlighted(code, language);
  return (
    <div className="code-block">
      <div className="code-head">
        <span className="code-language">{language || "text"}</span>
        <CopyButton text={code} />
      </div>
      <pre>
        <code className={language ? `hljs language-${language}` : undefined}>{highlighted ?? code}</code>
      </pre>
    </div>
  );
});
