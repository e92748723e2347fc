// A tray notification's click for the chat window that is already open: the window comes to the
// front and its page switches to the session in place (a new fragment only), never loads again;
// a window whose page failed to load is loaded again instead. A backend restarted on a new port
// reloads the chat window onto the chat it shows. Under the fake electron module.
import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "../../../packages/sidecar/test/harness.ts";

vi.mock("electron", () => import("./mocks/electron.ts"));
const fake = await import("./mocks/electron.ts");
const { WindowManager } = await import("../src/windows.ts");

const endpoint = { url: "http://127.0.0.1:4567", port: 4567, token: "t/o+k" };
let windows: InstanceType<typeof WindowManager> | null = null;
afterEach(() => windows?.closeAll());

/** Lets the page's load settle (the fake's loadURL resolves at once). */
const settled = () => new Promise((resolve) => setImmediate(resolve));

async function chatWindow(failLoads = false) {
  fake.resetFakeElectron(tempDir());
  fake.BrowserWindow.failLoads = failLoads;
  windows = new WindowManager("/icon.png");
  windows.setEndpoint(endpoint);
  windows.open("chat", { projectId: "p1", sessionId: "s1" });
  const chat = fake.BrowserWindow.instances.at(-1)!;
  await settled();
  return { windows, chat };
}

describe("the open chat window and a notification's session", () => {
  it("switches in place: one page load, then a new fragment on the same address, and the window in front", async () => {
    const { windows, chat } = await chatWindow();
    expect(chat.visible).toBe(true);
    chat.blur();
    windows.open("chat", { projectId: "p2", sessionId: "s2" });
    windows.open("chat", { projectId: "p2", sessionId: "s2" }); // clicked twice: still no reload
    expect(chat.urls).toHaveLength(3);
    expect(chat.documents).toBe(1);
    expect(chat.urls.slice(1)).toEqual([
      "http://127.0.0.1:4567/chat?project=p1&session=s1#open=1&project=p2&session=s2",
      "http://127.0.0.1:4567/chat?project=p1&session=s1#open=2&project=p2&session=s2",
    ]);
    expect(chat.urls.slice(1).join()).not.toContain("token");
    expect(windows.isFocused("chat")).toBe(true);
  });

  it("loads a page that failed to load again, on the session", async () => {
    const { windows, chat } = await chatWindow(true);
    expect(chat.urls).toHaveLength(1);
    fake.BrowserWindow.failLoads = false;
    windows.open("chat", { projectId: "p2", sessionId: "s2" });
    expect(chat.urls.at(-1)).toBe("http://127.0.0.1:4567/chat?project=p2&session=s2#token=t%2Fo%2Bk");
    expect(chat.documents).toBe(2);
  });
});

describe("a backend restarted on a new port", () => {
  const moved = { url: "http://127.0.0.1:4999", port: 4999, token: "tok2" };

  it("reloads the chat window on the chat an in-page switch opened, with the new token", async () => {
    const { windows, chat } = await chatWindow();
    windows.open("chat", { projectId: "p2", sessionId: "s2" });
    await settled();
    windows.setEndpoint(moved);
    expect(chat.urls.at(-1)).toBe("http://127.0.0.1:4999/chat?project=p2&session=s2#token=tok2");
    expect(chat.documents).toBe(2);
  });

  it("reloads it on the chat the page says it shows, after the user switched chats in the page", async () => {
    const { windows, chat } = await chatWindow();
    chat.webContents.pageReplacedAddress("http://127.0.0.1:4567/chat?project=p3&session=s3");
    windows.setEndpoint(moved);
    expect(chat.urls.at(-1)).toBe("http://127.0.0.1:4999/chat?project=p3&session=s3#token=tok2");
  });

  it("reloads the status window on its own page, with no chat", async () => {
    const { windows, chat } = await chatWindow();
    windows.open("status");
    const status = fake.BrowserWindow.instances.at(-1)!;
    await settled();
    windows.setEndpoint(moved);
    expect(status.urls.at(-1)).toBe("http://127.0.0.1:4999/#token=tok2");
    expect(chat.urls.at(-1)).toBe("http://127.0.0.1:4999/chat?project=p1&session=s1#token=tok2");
  });
});
