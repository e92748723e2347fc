// Which highlighter grammar a file's name asks for (lowlight's common set), or "" for plain text.
import { mentionOf } from "../workbench/composerTokens.ts";

const byExtension: Record<string, string> = {
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  json: "json",
  md: "markdown",
  py: "python",
  rb: "ruby",
  rs: "rust",
  go: "go",
  java: "java",
  kt: "kotlin",
  c: "c",
  h: "c",
  cc: "cpp",
  cpp: "cpp",
  hpp: "cpp",
  cs: "csharp",
  css: "css",
  scss: "scss",
  html: "xml",
  xml: "xml",
  svg: "xml",
  sh: "bash",
  bash: "bash",
  yml: "yaml",
  yaml: "yaml",
  toml: "ini",
  ini: "ini",
  sql: "sql",
  php: "php",
  swift: "swift",
  lua: "lua",
  diff: "diff",
};

/** Colouring a very long file would hold the page: past this many characters it shows plain. */
export const maxColouredChars = 200_000;

export function languageOf(path: string): string {
  const name = path.split("/").pop() ?? "";
  if (name === "Dockerfile") return "dockerfile";
  if (name === "Makefile") return "makefile";
  const dot = name.lastIndexOf(".");
  return dot > 0 ? (byExtension[name.slice(dot + 1).toLowerCase()] ?? "") : "";
}

/** The message box's text with `@path` (quoted when it has a space) added at its end, spaced, ready to type on. */
export function withMention(draft: string, path: string): string {
  const gap = draft === "" || /\s$/.test(draft) ? "" : " ";
  return `${draft}${gap}${mentionOf(path)} `;
}
