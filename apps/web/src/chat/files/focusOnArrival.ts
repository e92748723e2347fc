// For tests: where the keyboard is the moment something appears in the page, not a task later.
// A MutationObserver's callback runs as a microtask after React's commit: layout effects have
// run, passive effects not yet. A key pressed in between lands where this reports.
export function focusOnArrival(root: Element, arrived: () => boolean): { readonly focus: Element | null | undefined } {
  const seen: { focus: Element | null | undefined } = { focus: undefined };
  const watch = new MutationObserver(() => {
    if (seen.focus !== undefined || !arrived()) return;
    seen.focus = document.activeElement;
    watch.disconnect();
  });
  watch.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  return seen;
}
