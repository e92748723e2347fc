// A reply split into its top-level blocks (paragraphs, lists, fenced code), so while it streams
// only the last block is parsed again: the settled ones keep their rendering. Splits at blank
// lines outside code fences, which is where markdown itself starts a new block.
const listItem = /^\s*([-*+]|\d+[.)])\s/;

export function markdownBlocks(text: string): string[] {
  const blocks: string[] = [];
  let start = 0;
  let fence: string | null = null;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const end = text.indexOf("\n", lineStart);
    const lineEnd = end === -1 ? text.length : end;
    const line = text.slice(lineStart, lineEnd);
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === null || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence === null ? marker : null;
    } else if (fence === null && line.trim() === "" && lineStart > start) {
      // A blank line ends a block, unless the next line continues a list or an indented block.
      const next = text.slice(
        lineEnd + 1,
        text.indexOf("\n", lineEnd + 1) === -1 ? undefined : text.indexOf("\n", lineEnd + 1),
      );
      const inList = listItem.test(
        text.slice(start, text.indexOf("\n", start) === -1 ? undefined : text.indexOf("\n", start)),
      );
      if (!/^\s{2,}\S/.test(next) && !(inList && listItem.test(next))) {
        blocks.push(text.slice(start, lineStart));
        start = lineEnd + 1;
      }
    }
    if (end === -1) break;
    lineStart = end + 1;
  }
  if (start < text.length) blocks.push(text.slice(start));
  return blocks.filter((b) => b.trim() !== "");
}
