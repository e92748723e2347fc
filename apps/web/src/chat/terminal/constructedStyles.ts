// xterm's DOM renderer styles the screen (text and ANSI colours, the font, the cursor, the
// selection, cell sizes) with <style> elements it fills with text. The page's CSP
// (`style-src 'self'`, apps/backend/src/ui.ts) blocks inline styles, which left the text black on
// black in the page's proportional font, the cursor and selection invisible, and 8 console errors.
// Instead of loosening the CSP for the whole window, xterm is given a document (its
// `documentOverride` option) whose `createElement("style")` hands out an inert stand-in: the CSS
// written to it goes into a constructed stylesheet (`new CSSStyleSheet()` + `replaceSync`, adopted
// by the page). CSP governs style elements, style attributes and fetched sheets, not sheets the
// page's own script constructs (xterm.js#4611 made the same change upstream; it was reverted in
// #4680 over a 2023 Chromium crash when sheets were spliced out of `adoptedStyleSheets`, which
// this module never does: it assigns a new array).

/** A `<style>` stand-in: a hidden, inert `<template>` whose `textContent` fills `sheet`. */
function standIn(page: Document, sheet: CSSStyleSheet, release: () => void): HTMLElement {
  const element = page.createElement("template");
  let css = "";
  Object.defineProperty(element, "textContent", {
    get: () => css,
    set: (value: string | null) => {
      css = value ?? "";
      sheet.replaceSync(css);
    },
  });
  element.remove = () => {
    Element.prototype.remove.call(element);
    release();
  };
  return element;
}

export interface StyledDocument {
  /** Pass as xterm's `documentOverride`. */
  document: Document;
  /** Drops every sheet this document adopted (after the terminal is disposed). */
  dispose(): void;
}

/** `page` as xterm sees it, with its `<style>` elements turned into constructed stylesheets. */
export function constructedStyleDocument(page: Document): StyledDocument {
  const sheets = new Set<CSSStyleSheet>();
  const drop = (gone: CSSStyleSheet) => {
    sheets.delete(gone);
    page.adoptedStyleSheets = page.adoptedStyleSheets.filter((sheet) => sheet !== gone);
  };
  const createStyle = (): HTMLElement => {
    const sheet = new CSSStyleSheet();
    sheets.add(sheet);
    page.adoptedStyleSheets = [...page.adoptedStyleSheets, sheet];
    return standIn(page, sheet, () => drop(sheet));
  };
  // Everything else is the page's own document; its methods are bound to it, as the DOM requires.
  const document = new Proxy(page, {
    get(target, key) {
      if (key === "createElement") {
        return (tag: string, options?: ElementCreationOptions) =>
          tag.toLowerCase() === "style" ? createStyle() : target.createElement(tag, options);
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    document,
    dispose() {
      for (const sheet of [...sheets]) drop(sheet);
    },
  };
}
