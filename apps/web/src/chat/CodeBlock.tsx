// A fenced code block of a reply: scrolls sideways inside itself (a long line never widens the
// page), a copy button, and syntax colours once the lazily loaded highlighter is there.
import { memo, type ReactNode, useEffect, useState } from "react";

type Highlighter = (code: string, language: string) => ReactNode | null;
let highlighter: Promise<Highlighter> | null = null;
function loadHighlighter(): Promise<Highlighter> {
  highlighter ??= import("./highlight.ts").then((m) => m.highlight);
  return highlighter;
}

/** Colours wait until the code has not changed for this long: a streaming block is coloured
 *  once it settles, not on every delta, and rows scrolled past quickly are never coloured. */
export const highlightAfterMs = 150;

function useHighlighted(code: string, language: string): ReactNode | null {
  const [result, setResult] = useState<{ code: string; node: ReactNode | null } | null>(null);
  useEffect(() => {
    if (!language) return;
    let live = true;
    const timer = setTimeout(() => {
      loadHighlighter().then(
        (highlight) => live && setResult({ code, node: highlight(code, language) }),
        () => undefined, // no colours; the code is still there
      );
    }, highlightAfterMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [code, language]);
  return result && result.code === code ? result.node : null;
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
