// One project file, read-only, coloured by the chat's own highlighter; a file too large or binary
// is named with its size instead. "Mention in the message" puts `@path` in the composer, so
// opencode reads the file in with the next prompt; selected lines take a review comment.
import { type FileContentResponse, maxViewedFileBytes } from "@turnkey/contracts";
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { CodeBlock } from "../CodeBlock.tsx";
import { FileComments } from "../review/FileComments.tsx";
import { formatBytes } from "../workbench/attachments.ts";
import { languageOf, maxColouredChars } from "./language.ts";
import { OpenWith } from "./OpenWith.tsx";

type Shown = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; file: FileContentResponse };

export function FileViewer(props: {
  path: string;
  /** A line to bring into view (1-based): a text search's match. */
  line?: number;
  read: (path: string) => Promise<FileContentResponse>;
  onMention: (path: string) => void;
  onClose: () => void;
}) {
  const { path, read } = props;
  const [shown, setShown] = useState<Shown>({ state: "loading" });
  // The list it was opened from is hidden now: the focus comes here, not to the page's body (where
  // Escape would stop a running reply), and Escape closes the file (review 14, round 2).
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), []);
  // A search's line: the code scrolled so that it stands a third of the way down.
  const section = useRef<HTMLElement>(null);
  const { line } = props;
  useEffect(() => {
    if (shown.state !== "ready" || line === undefined || shown.file.content === null) return;
    const pre = section.current?.querySelector("pre");
    const code = pre?.querySelector("code") ?? pre;
    if (!pre || !code) return;
    // The height lines are laid out at, measured (the code's own line-height is not it: its font is
    // smaller than the pre's, whose strut sets the lines, review 14 text search M2).
    const lines = shown.file.content.split("\n").length;
    const style = getComputedStyle(pre);
    const padding = Number.parseFloat(style.paddingTop) || 0;
    const height = (code.getBoundingClientRect().height || pre.scrollHeight - 2 * padding) / Math.max(1, lines);
    pre.scrollTop = Math.max(0, padding + (line - 1) * height - pre.clientHeight / 3);
  }, [shown, line]);
  useEffect(() => {
    let live = true;
    setShown({ state: "loading" });
    read(path).then(
      (file) => live && setShown({ state: "ready", file }),
      (e) => live && setShown({ state: "error", message: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [path, read]);

  return (
    <section
      ref={section}
      className="file-viewer"
      aria-label={`File ${path}`}
      onKeyDown={(event) => {
        if (event.key !== "Escape" || event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return;
        event.stopPropagation();
        props.onClose();
      }}
    >
      <div className="file-viewer-head">
        <button type="button" className="small" ref={back} onClick={props.onClose}>
          ← Files
        </button>
        <code className="file-viewer-path" title={path}>
          {line === undefined ? path : `${path}, line ${line}`}
        </code>
        <button type="button" className="small" onClick={() => props.onMention(path)}>
          Mention in the message
        </button>
        {/* "Open in" the user's editor or file manager, at the line it was opened at. */}
        <OpenWith path={path} {...(line !== undefined ? { line } : {})} />
      </div>
      {shown.state === "loading" && <p className="muted small">Loading {path}…</p>}
      {shown.state === "error" && (
        <p className="inline-error" role="alert">
          {shown.message}
        </p>
      )}
      {shown.state === "ready" && (
        <>
          <FileComments
            key={path}
            path={path}
            content={shown.file.kind === "text" ? shown.file.content : null}
            viewer={section}
          />
          <FileBody file={shown.file} />
        </>
      )}
    </section>
  );
}

function FileBody({ file }: { file: FileContentResponse }) {
  if (file.kind === "too_large")
    return (
      <p className="muted">
        {`This file is ${formatBytes(file.size)}, too large to show here (up to ${formatBytes(maxViewedFileBytes)}). Open it in your editor, or mention it and ask the agent about it.`}
      </p>
    );
  if (file.kind === "binary" || file.content === null)
    return <p className="muted">{`This is a binary file (${formatBytes(file.size)}); it cannot be shown as text.`}</p>;
  const language = file.content.length > maxColouredChars ? "" : languageOf(file.path);
  return <CodeBlock code={file.content} language={language} />;
}
