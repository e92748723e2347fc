// xterm 5.5's DOM renderer gives a cell the colour no class of its theme sheet names through a
// style attribute (DomRendererRowFactory `_addStyle`: `setAttribute("style", …)`): the selection's
// opaque background on every selected cell, and 24-bit colours. The page's CSP (`style-src 'self'`,
// apps/backend/src/ui.ts) refuses style attributes, so each selection logged an error per row (a
// fresh-clone CI run failed on them, review 13). CSSOM writes (`style.cssText`) are not CSP's. The
// renderer makes those cells with the page's global `document` (DomRenderer:
// `createInstance(DomRendererRowFactory, document)`), not xterm's `documentOverride`, so the
// constructed-sheet document (src/chat/terminal/constructedStyles.ts) cannot reach them; the one
// line is rewritten at build time instead, and the build fails when xterm's code no longer holds it.
import type { Plugin } from "vite";

/** `_addStyle`'s body in @xterm/xterm 5.5.0's lib/xterm.js, and the same through CSSOM. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: xterm's own source text, matched as it is.
export const addStyleThroughAttribute = 'e.setAttribute("style",`${e.getAttribute("style")||""}${t};`)';
// biome-ignore lint/suspicious/noTemplateCurlyInString: source text put into xterm's bundle.
export const addStyleThroughCssom = "e.style.cssText+=`${t};`";

/** `code` (xterm's bundle) with `_addStyle` writing through CSSOM; throws when the line is not there. */
export function rewriteAddStyle(code: string): string {
  const at = code.indexOf(addStyleThroughAttribute);
  if (at === -1 || code.indexOf(addStyleThroughAttribute, at + 1) !== -1)
    throw new Error(
      "@xterm/xterm's _addStyle is not the one line this build rewrites (apps/web/build/xtermCssomStyles.ts): look at the new version's DomRendererRowFactory and update the rewrite.",
    );
  return code.replace(addStyleThroughAttribute, addStyleThroughCssom);
}

export function xtermCssomStyles(): Plugin {
  return {
    name: "xterm-cssom-styles",
    transform(code, id) {
      if (!/[\\/]@xterm[\\/]xterm[\\/]lib[\\/]xterm\.js$/.test(id)) return null;
      return { code: rewriteAddStyle(code), map: null };
    },
  };
}
