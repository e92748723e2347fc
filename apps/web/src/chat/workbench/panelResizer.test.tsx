// @vitest-environment happy-dom
// The session panel's width: the handle beside it widens it by keyboard and by dragging, within
// what the layout can hold, keeps the choice for the next window, and Enter or a double-click
// puts the default back.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PanelResizer } from "./PanelResizer.tsx";
import { clampPanelWidth, maxPanelWidth, panelDefaultWidth, panelMinWidth } from "./panelWidth.ts";

const layoutWidth = 1150;

function renderInLayout() {
  const view = render(
    <div className="chat-layout with-panel">
      <PanelResizer />
    </div>,
  );
  const layout = view.container.querySelector<HTMLElement>(".chat-layout")!;
  Object.defineProperty(layout, "clientWidth", { configurable: true, value: layoutWidth });
  fireEvent(window, new Event("resize"));
  return { ...view, layout, handle: screen.getByRole("separator", { name: "Session panel width" }) };
}
const panelWidthOf = (layout: HTMLElement) => layout.style.getPropertyValue("--session-panel-width");

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe("the session panel's width rules", () => {
  it("keeps the chat list and a readable conversation beside the panel, and never goes under the minimum", () => {
    expect(maxPanelWidth(1150)).toBe(1150 - 220 - 360);
    expect(clampPanelWidth(5000, 1150)).toBe(570);
    expect(clampPanelWidth(10, 1150)).toBe(panelMinWidth);
    expect(clampPanelWidth(Number.NaN, 1150)).toBe(panelDefaultWidth);
    // A window too small for both still gets a usable panel.
    expect(maxPanelWidth(500)).toBe(panelMinWidth);
    // A very wide window does not hand the whole screen to the panel.
    expect(maxPanelWidth(4000)).toBe(960);
  });
});

describe("the handle beside the session panel", () => {
  it("starts at the default width and widens with ← (the panel is on the right), narrows with →", () => {
    const { layout, handle } = renderInLayout();
    expect(handle.getAttribute("aria-valuenow")).toBe(String(panelDefaultWidth));
    expect(panelWidthOf(layout)).toBe(`${panelDefaultWidth}px`);
    fireEvent.keyDown(handle, { key: "ArrowLeft" });
    fireEvent.keyDown(handle, { key: "ArrowLeft" });
    expect(panelWidthOf(layout)).toBe(`${panelDefaultWidth + 48}px`);
    fireEvent.keyDown(handle, { key: "ArrowRight" });
    expect(handle.getAttribute("aria-valuenow")).toBe(String(panelDefaultWidth + 24));
    fireEvent.keyDown(handle, { key: "End" });
    expect(panelWidthOf(layout)).toBe(`${maxPanelWidth(layoutWidth)}px`);
    fireEvent.keyDown(handle, { key: "Home" });
    expect(panelWidthOf(layout)).toBe(`${panelMinWidth}px`);
  });

  it("follows a drag to the left, within the layout, and keeps the width for the next window", () => {
    const first = renderInLayout();
    fireEvent.pointerDown(first.handle, { button: 0, clientX: 800, pointerId: 1 });
    fireEvent.pointerMove(first.handle, { clientX: 600, pointerId: 1 });
    expect(panelWidthOf(first.layout)).toBe(`${panelDefaultWidth + 200}px`);
    fireEvent.pointerMove(first.handle, { clientX: 0, pointerId: 1 });
    expect(panelWidthOf(first.layout)).toBe(`${maxPanelWidth(layoutWidth)}px`);
    fireEvent.pointerMove(first.handle, { clientX: 700, pointerId: 1 });
    fireEvent.pointerUp(first.handle, { clientX: 700, pointerId: 1 });
    // Moving the pointer after letting go changes nothing.
    fireEvent.pointerMove(first.handle, { clientX: 100, pointerId: 1 });
    expect(panelWidthOf(first.layout)).toBe(`${panelDefaultWidth + 100}px`);
    first.unmount();
    expect(panelWidthOf(first.layout)).toBe("");

    const again = renderInLayout();
    expect(panelWidthOf(again.layout)).toBe(`${panelDefaultWidth + 100}px`);
  });

  it("puts the default width back on Enter or a double-click, and forgets the choice", () => {
    const first = renderInLayout();
    fireEvent.keyDown(first.handle, { key: "End" });
    fireEvent.keyDown(first.handle, { key: "Enter" });
    expect(panelWidthOf(first.layout)).toBe(`${panelDefaultWidth}px`);
    fireEvent.keyDown(first.handle, { key: "ArrowLeft" });
    fireEvent.doubleClick(first.handle);
    expect(panelWidthOf(first.layout)).toBe(`${panelDefaultWidth}px`);
    first.unmount();
    expect(renderInLayout().handle.getAttribute("aria-valuenow")).toBe(String(panelDefaultWidth));
  });

  it("shows a kept width that no longer fits a smaller window at the most the window holds", () => {
    localStorage.setItem("turnkey.sessionPanelWidth", "900");
    const { layout } = renderInLayout();
    expect(panelWidthOf(layout)).toBe(`${maxPanelWidth(layoutWidth)}px`);
  });
});
