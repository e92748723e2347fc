// The syntax highlighter, a chunk of its own: loaded the first time a code block with a known
// language appears, so opening the chat window never waits for it. lowlight (highlight.js
// grammars) builds a tree rendered as React elements: never HTML strings.
import { toJsxRuntime } from "hast-util-to-jsx-runtime";
import { common, createLowlight } from "lowlight";
import type { ReactNode } from "react";
import { Fragment, jsx, jsxs } from "react/jsx-runtime";

const lowlight = createLowlight(common);

const aliases: Record<string, string> = { sh: "bash", shell: "bash", zsh: "bash", ts: "typescript", js: "javascript" };

export function highlight(code: string, language: string): ReactNode | null {
  const name = aliases[language] ?? language;
  if (!lowlight.registered(name)) return null;
  return toJsxRuntime(lowlight.highlight(name, code), { Fragment, jsx, jsxs });
}
