// Rendered markdown kept per message part, so a row that scrolls into view again (or re-renders)
// reuses its React elements instead of parsing its text again. An entry is keyed by the part's id
// and valid while its text is the same; when a streaming part grows, only the blocks that changed
// are rendered again (the settled ones keep theirs). Bounded: the least recently used parts go
// first, so a long day of sessions does not grow memory without end.
import type { ReactNode } from "react";
import { markdownBlocks } from "./markdownBlocks.ts";

export interface RenderedBlock {
  text: string;
  node: ReactNode;
}

export interface MarkdownCache {
  /** The part's blocks, rendered: from the cache when its text is unchanged. */
  blocks(partId: string, text: string): RenderedBlock[];
  /** Whether the part is rendered already (for the idle warm-up). */
  has(partId: string, text: string): boolean;
  readonly size: number;
}

export function createMarkdownCache(render: (block: string) => ReactNode, maxParts = 4000): MarkdownCache {
  const entries = new Map<string, { text: string; blocks: RenderedBlock[] }>();
  return {
    blocks(partId, text) {
      const hit = entries.get(partId);
      if (hit) entries.delete(partId); // re-inserted below: a Map keeps insertion order, oldest first
      if (hit?.text === text) {
        entries.set(partId, hit);
        return hit.blocks;
      }
      const previous = hit?.blocks ?? [];
      const blocks = markdownBlocks(text).map((block, i) => {
        const before = previous[i];
        return before?.text === block ? before : { text: block, node: render(block) };
      });
      entries.set(partId, { text, blocks });
      if (entries.size > maxParts) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      return blocks;
    },
    has(partId, text) {
      return entries.get(partId)?.text === text;
    },
    get size() {
      return entries.size;
    },
  };
}
