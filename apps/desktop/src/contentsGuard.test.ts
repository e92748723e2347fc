import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { externalUrl, guardAllWebContents } from "./contentsGuard.ts";

const own = "http://127.0.0.1:4100";

class Contents extends EventEmitter {
  handler: ((details: { url: string }) => { action: "deny" }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: "deny" }) {
    this.handler = handler;
  }
}

describe("external links", () => {
  it("hands the system browser only a parsed http(s) URL that is not ours", () => {
    expect(externalUrl("https://opencode.ai/docs?a=1#x", own)).toBe("https://opencode.ai/docs?a=1#x");
    expect(externalUrl("HTTP://Example.COM", own)).toBe("http://example.com/");
    for (const raw of [
      "file:///etc/passwd",
      "javascript:alert(1)",
      "smb://host/share",
      "ms-settings:",
      "not a url",
      `${own}/chat`,
      "",
    ])
      expect(externalUrl(raw, own), raw).toBeNull();
  });
});

describe("every web contents of the app", () => {
  it("gets no new windows, no navigation or redirect elsewhere, and no <webview>", () => {
    const app = new EventEmitter();
    guardAllWebContents(app as never, () => own);
    const contents = new Contents();
    app.emit("web-contents-created", {}, contents);
    expect(contents.handler?.({ url: "https://opencode.ai" })).toEqual({ action: "deny" });
    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    contents.emit("will-navigate", event, "https://evil.example/");
    contents.emit("will-redirect", event, "file:///etc/passwd");
    contents.emit("will-attach-webview", event);
    expect(prevented).toBe(3);
    contents.emit("will-navigate", event, `${own}/chat`);
    contents.emit("will-redirect", event, `${own}/`);
    expect(prevented).toBe(3);
  });
});
