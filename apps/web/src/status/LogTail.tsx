// The live log: follows new lines until the reader scrolls up, filters by stream and by text,
// says so when the filters hide every line, copies what is shown.
import type { LogLine, LogStream } from "@turnkey/contracts";

/** A log line with its arrival number, a stable key for the list. */
export type NumberedLine = LogLine & { seq: number };

import { useEffect, useRef, useState } from "react";
import { formatTime } from "../shared/format.ts";

const streams: LogStream[] = ["stdout", "stderr", "supervisor"];

export function LogTail({ lines }: { lines: NumberedLine[] }) {
  const [shown, setShown] = useState<Record<LogStream, boolean>>({ stdout: true, stderr: true, supervisor: true });
  const [query, setQuery] = useState("");
  const [copied, setCopied] = useState(false);
  const box = useRef<HTMLPreElement>(null);
  const following = useRef(true);
  const needle = query.trim().toLowerCase();
  const visible = lines.filter((l) => shown[l.stream] && (needle === "" || l.line.toLowerCase().includes(needle)));
  const empty =
    lines.length === 0
      ? "Nothing logged yet."
      : "All lines are filtered out. Clear the search, or tick the streams to show.";

  useEffect(() => {
    const el = box.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  });

  const copy = async () => {
    const text = visible.map((l) => `${new Date(l.at).toISOString()} [${l.stream}] ${l.line}`).join("\n");
    await navigator.clipboard.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <section className="panel logs" aria-labelledby="logs-title">
      <div className="panel-head">
        <h2 id="logs-title">Log</h2>
        <fieldset className="filters">
          <legend className="sr-only">Show streams</legend>
          {streams.map((stream) => (
            <label key={stream}>
              <input
                type="checkbox"
                checked={shown[stream]}
                onChange={(e) => setShown({ ...shown, [stream]: e.target.checked })}
              />
              {stream}
            </label>
          ))}
        </fieldset>
        <input
          type="search"
          className="log-search"
          placeholder="Search the log"
          aria-label="Search the log"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="button" className="secondary small" onClick={copy} disabled={visible.length === 0}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <pre
        ref={box}
        className="log-box"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
        role="log"
        aria-label="Log lines"
        onScroll={(e) => {
          const el = e.currentTarget;
          following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {visible.length === 0
          ? empty
          : visible.map((l) => (
              <div key={l.seq} className={`log-line log-${l.stream}`}>
                <span className="log-time">{formatTime(l.at)}</span> {l.line}
              </div>
            ))}
      </pre>
    </section>
  );
}
