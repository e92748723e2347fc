// The build's rewrite of xterm's one style-attribute write (build/xtermCssomStyles.ts), against the
// xterm bundle installed: found once and replaced by a CSSOM write, and a bundle without it (a new
// xterm) fails the build with a sentence instead of shipping a terminal whose selection logs CSP errors.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  addStyleThroughAttribute,
  addStyleThroughCssom,
  rewriteAddStyle,
  xtermCssomStyles,
} from "../build/xtermCssomStyles.ts";

const bundlePath = createRequire(import.meta.url).resolve("@xterm/xterm");

describe("the build's rewrite of xterm's style attributes", () => {
  it('finds the installed xterm\'s one setAttribute("style") and writes through CSSOM instead', () => {
    const bundle = readFileSync(bundlePath, "utf8");
    const rewritten = rewriteAddStyle(bundle);
    expect(rewritten).not.toContain('setAttribute("style"');
    expect(rewritten).toContain(addStyleThroughCssom);
    expect(rewritten.length - bundle.length).toBe(addStyleThroughCssom.length - addStyleThroughAttribute.length);
  });

  it("fails the build, saying what to do, when xterm's code no longer holds the line", () => {
    expect(() => rewriteAddStyle("_addStyle(e,t){e.style.setProperty(t)}")).toThrow(/update the rewrite/);
  });

  it("touches xterm's bundle only", () => {
    const plugin = xtermCssomStyles();
    const transform = plugin.transform as (code: string, id: string) => { code: string } | null;
    expect(transform(addStyleThroughAttribute, "/x/node_modules/@xterm/xterm/lib/xterm.js")?.code).toBe(
      addStyleThroughCssom,
    );
    expect(transform(addStyleThroughAttribute, "/x/src/chat/terminal/TerminalView.tsx")).toBeNull();
  });
});
