// @vitest-environment happy-dom
// The diff layout a user picks holds for every diff: one drawn later, one drawn again, the next
// window load, and another window's choice.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import DiffView from "./DiffView.tsx";
import { chooseDiffLayout } from "./diffLayout.ts";

const patch = ["--- notes.txt", "+++ notes.txt", "@@ -1,3 +1,3 @@", " alpha", "-beta", "+BETA", " gamma", ""].join(
  "\n",
);
const layouts = (container: HTMLElement) =>
  [...container.querySelectorAll(".diff-view")].map((view) => view.getAttribute("data-mode"));

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  chooseDiffLayout("unified");
});

describe("the diff layout", () => {
  it("renders unified and, on request, split, with old and new on one row", () => {
    const { container } = render(<DiffView patch={patch} path="notes.txt" />);
    expect(screen.getByText("notes.txt")).toBeTruthy();
    expect(container.querySelectorAll("tr.diff-del")).toHaveLength(1);
    expect(container.querySelectorAll("tr.diff-add")).toHaveLength(1);
    expect(layouts(container)).toEqual(["unified"]);
    fireEvent.click(screen.getByRole("button", { name: "Split" }));
    expect(layouts(container)).toEqual(["split"]);
    const row = [...container.querySelectorAll("tr")].find((tr) => tr.textContent?.includes("beta"));
    expect(row?.textContent).toContain("BETA");
  });

  it("is the user's for every diff: one on screen, one drawn again, and one drawn after", () => {
    const { container, rerender } = render(
      <>
        <DiffView key="a" patch={patch} path="a.txt" />
        <DiffView key="b" patch={patch} path="b.txt" />
      </>,
    );
    fireEvent.click(screen.getAllByRole("button", { name: "Split" })[0]!);
    expect(layouts(container)).toEqual(["split", "split"]);
    // A reply scrolled out of the chat's virtual list and back is a new DiffView.
    rerender(<DiffView key="c" patch={patch} path="c.txt" />);
    expect(layouts(container)).toEqual(["split"]);
    expect(localStorage.getItem("turnkey.diffLayout")).toBe("split");
    fireEvent.click(screen.getByRole("button", { name: "Unified" }));
    expect(layouts(container)).toEqual(["unified"]);
    expect(localStorage.getItem("turnkey.diffLayout")).toBeNull();
  });

  it("follows a choice another window made while this one showed no diff", () => {
    const { unmount } = render(<DiffView patch={patch} path="notes.txt" />);
    unmount();
    // No diff on screen: no one listens for the other window's choice.
    localStorage.setItem("turnkey.diffLayout", "split");
    window.dispatchEvent(new StorageEvent("storage", { key: "turnkey.diffLayout", newValue: "split" }));
    const { container } = render(<DiffView patch={patch} path="notes.txt" />);
    expect(layouts(container)).toEqual(["split"]);
  });

  it("follows a choice made in another window", () => {
    const { container } = render(<DiffView patch={patch} path="notes.txt" />);
    localStorage.setItem("turnkey.diffLayout", "split");
    act(() => {
      window.dispatchEvent(new StorageEvent("storage", { key: "turnkey.diffLayout", newValue: "split" }));
    });
    expect(layouts(container)).toEqual(["split"]);
    expect(screen.getByRole("button", { name: "Split" }).getAttribute("aria-pressed")).toBe("true");
  });
});
