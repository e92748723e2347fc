// Shows the current match of "Find in this chat" inside a rendered row: the CSS Custom Highlight
// API paints a Range over the text without changing the DOM, so React's rows and the markdown
// cache stay as they are. Where the browser has no `CSS.highlights`, the row's outline (set by
// MessageList) is all there is. Matches are found as findMatches counts them (foldCase, matchStarts).
import { foldCase, matchStarts } from "./findMatches.ts";

const highlightName = "find-current";

/** The `occurrence`-th match of `query` in the row's prompt or reply text; null when the rendered
 *  text has fewer matches than the source (one was inside a link's address): the row's outline shows it. */
export function rangeOfMatch(row: Element, query: string, occurrence: number): Range | null {
  const walker = row.ownerDocument.createTreeWalker(row, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.parentElement?.closest(".user-text, .markdown") ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
  });
  const nodes: Text[] = [];
  let text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push(node as Text);
    text += (node as Text).data;
  }
  const { lower, spans } = foldCase(text);
  const at = matchStarts(lower, query, occurrence + 1)[occurrence];
  if (at === undefined) return null;
  const length = foldCase(query).lower.length;
  const start = spans ? spans(at)[0] : at;
  const end = spans ? spans(at + length - 1)[1] : at + length;
  const range = row.ownerDocument.createRange();
  const place = (offset: number, set: (node: Text, at: number) => void) => {
    let seen = 0;
    for (const node of nodes) {
      if (offset <= seen + node.data.length) return set(node, offset - seen);
      seen += node.data.length;
    }
  };
  place(start, (node, at) => range.setStart(node, at));
  place(end, (node, offset) => range.setEnd(node, offset));
  return range;
}

/** Paints the range as the current match (or clears it); false where the browser cannot. */
export function paintMatch(range: Range | null): boolean {
  const registry = typeof CSS !== "undefined" ? CSS.highlights : undefined;
  if (!registry || typeof Highlight === "undefined") return false;
  if (range) registry.set(highlightName, new Highlight(range));
  else registry.delete(highlightName);
  return true;
}

/** Scrolls `scroller` so the range is on screen, when it is not (a reply taller than the view). */
export function bringIntoView(scroller: HTMLElement, range: Range): void {
  const view = scroller.getBoundingClientRect();
  const box = range.getBoundingClientRect();
  if (box.height === 0 || (box.top >= view.top && box.bottom <= view.bottom)) return;
  scroller.scrollTop += box.top - view.top - view.height / 2;
}
