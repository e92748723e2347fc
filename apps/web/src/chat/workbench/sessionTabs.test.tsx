// @vitest-environment happy-dom
// The session panel's tabs and its drawer: the arrow keys, Home and End move through the tabs; in a
// narrow window the panel is a drawer that Esc or a press outside closes (not a press in a dialog
// opened from it, nor Shift+Esc, which is the window's), and in a wide one it is no drawer.

import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { textMessage } from "../testHarness.tsx";
import { SessionPanel } from "./SessionPanel.tsx";
import { emptyWorkbench } from "./workbenchState.ts";

afterEach(cleanup);

describe("tabs and the drawer", () => {
  const withAllTabs = () =>
    render(
      <div>
        <p>the conversation</p>
        <div role="dialog" aria-label="Run with several models">
          <button type="button">in a dialog</button>
        </div>
        <SessionPanel
          messages={[textMessage("msg_1", "ses_1", "user", "hi")]}
          state={emptyWorkbench("ses_1")}
          contextLimit={null}
          busy={false}
          onRevert={() => undefined}
          onUnrevert={() => undefined}
          files={<input aria-label="Find a file" />}
          terminal={<p>shell</p>}
        />
      </div>,
    );

  it("← goes to the tab before and → to the one after, wrapping; Home and End to the ends", () => {
    withAllTabs();
    const selected = () => screen.getByRole("tab", { selected: true }).textContent;
    const focused = () => document.activeElement?.textContent;
    screen.getByRole("tab", { name: "Session" }).focus();
    const press = (key: string) => fireEvent.keyDown(document.activeElement!, { key });
    press("ArrowLeft");
    expect([selected(), focused()]).toEqual(["Terminal", "Terminal"]);
    press("ArrowLeft");
    expect(selected()).toBe("Files");
    press("ArrowRight");
    press("ArrowRight");
    expect(selected()).toBe("Session");
    press("ArrowRight");
    expect(selected()).toBe("Changes");
    press("End");
    expect(selected()).toBe("Terminal");
    press("Home");
    expect([selected(), focused()]).toEqual(["Session", "Session"]);
  });

  it("as a drawer, closes on Esc (focus back on Details) and on a press outside, not on one inside", () => {
    withAllTabs();
    const details = screen.getByRole("button", { name: "Details" });
    const drawer = () => document.getElementById("session-panel")!;
    fireEvent.click(details);
    expect(drawer().classList.contains("open")).toBe(true);
    fireEvent.keyDown(screen.getByRole("tab", { name: "Session" }), { key: "Escape" });
    expect(drawer().classList.contains("open")).toBe(false);
    expect(document.activeElement).toBe(details);

    fireEvent.click(details);
    fireEvent.pointerDown(screen.getByRole("tab", { name: "Changes" }));
    expect(drawer().classList.contains("open")).toBe(true);
    fireEvent.pointerDown(screen.getByText("the conversation"));
    expect(drawer().classList.contains("open")).toBe(false);
  });

  it("in a wide window (no Details button shown) the panel is no drawer: a press outside and Esc are the window's", () => {
    withAllTabs();
    const details = screen.getByRole("button", { name: "Details" });
    fireEvent.click(details); // as Ctrl+P does in any window
    details.style.display = "none"; // what workbench.css does above 1000 px
    fireEvent.pointerDown(screen.getByText("the conversation"));
    expect(document.getElementById("session-panel")?.classList.contains("open")).toBe(true);
    const heard: string[] = [];
    const listen = (e: KeyboardEvent) => heard.push(e.key);
    document.addEventListener("keydown", listen);
    try {
      fireEvent.keyDown(screen.getByRole("tab", { name: "Session" }), { key: "Escape" });
      expect(heard).toEqual(["Escape"]); // the window's Esc (stop a reply) still hears it
    } finally {
      document.removeEventListener("keydown", listen);
    }
  });

  it("as a drawer, leaves Shift+Esc to the window and stays open under a dialog opened from it", () => {
    withAllTabs();
    const drawer = () => document.getElementById("session-panel")!;
    fireEvent.click(screen.getByRole("button", { name: "Details" }));
    const heard: string[] = [];
    const listen = (e: KeyboardEvent) => heard.push(e.shiftKey ? "Shift+Escape" : e.key);
    document.addEventListener("keydown", listen);
    try {
      fireEvent.keyDown(screen.getByRole("tab", { name: "Session" }), { key: "Escape", shiftKey: true });
      expect(heard).toEqual(["Shift+Escape"]); // the window's "to the message box"
    } finally {
      document.removeEventListener("keydown", listen);
    }
    expect(drawer().classList.contains("open")).toBe(true);
    fireEvent.pointerDown(screen.getByRole("button", { name: "in a dialog" }));
    expect(drawer().classList.contains("open")).toBe(true);
  });
});
