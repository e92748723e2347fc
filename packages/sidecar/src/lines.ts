// Splits a child's output stream into lines, keeping a partial line until its end arrives and
// bounding a line that never ends.
const maxLineBytes = 64 * 1024;

export function onLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const parts = (partial + chunk).split(/\r?\n/);
    partial = parts.pop() ?? "";
    if (partial.length > maxLineBytes) partial = partial.slice(-maxLineBytes);
    for (const line of parts) onLine(line);
  });
  stream.on("end", () => {
    if (partial) onLine(partial);
    partial = "";
  });
}

/**
 * The last `count` distinct lines of one attempt's output, oldest first: a line printed again
 * (a retry loop, a repeated warning) is shown once, where it last appeared.
 */
export function distinctTail(lines: readonly string[], count: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = lines.length - 1; i >= 0 && out.length < count; i--) {
    const line = lines[i]?.trim();
    if (!line || seen.has(line)) continue;
    seen.add(line);
    out.unshift(line);
  }
  return out;
}
