// @vitest-environment happy-dom
// A part of a window that fails keeps the failure to itself and says what to do: a render that
// throws, a diff whose code cannot be loaded (a window open across an update), and the window as a
// whole, with Reload.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { lazy, Suspense } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ProblemBoundary } from "./ProblemBoundary.tsx";

// A lazy chunk as a window left open across an update finds it: gone (Chromium's words).
const GoneChunk = lazy(() =>
  Promise.reject(
    new TypeError("Failed to fetch dynamically imported module: http://127.0.0.1:4300/assets/DiffView-1a2b.js"),
  ),
);

function Throws(): never {
  throw new Error("part.state is undefined");
}

/** A message's part: half-streamed (null), it throws. */
function Part(props: { text: string | null }) {
  return <p>{props.text ?? Throws()}</p>;
}

function Long(): never {
  throw new Error("x".repeat(5_000));
}

beforeEach(() => {
  // React reports each caught error on the console; the test reads the page instead.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("a part that fails", () => {
  it("says so in its own place, and what is beside it still shows", () => {
    const reload = vi.fn();
    render(
      <>
        <p>The message before</p>
        <ProblemBoundary what="This message" reload={reload}>
          <Throws />
        </ProblemBoundary>
        <p>The message after</p>
      </>,
    );
    expect(screen.getByText("The message before")).toBeTruthy();
    expect(screen.getByText("The message after")).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toContain(
      "This message could not be shown. It failed while drawing: part.state is undefined. Reload the window",
    );
    fireEvent.click(screen.getByRole("button", { name: "Reload the window" }));
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it("draws the part again once what it shows changes (a message that failed half-streamed)", () => {
    const part = (text: string | null) => (
      <ProblemBoundary what="This message" resetKey={text} reload={() => undefined}>
        <Part text={text} />
      </ProblemBoundary>
    );
    const { rerender } = render(part(null));
    expect(screen.getByRole("alert").textContent).toContain("This message could not be shown.");
    rerender(part("The whole reply"));
    expect(screen.getByText("The whole reply")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says at most 300 characters of an error's own message", () => {
    render(
      <ProblemBoundary what="This message" reload={() => undefined}>
        <Long />
      </ProblemBoundary>,
    );
    expect(screen.getByRole("alert").textContent).toContain(`${"x".repeat(299)}…. Reload the window`);
  });

  it("a diff whose code cannot be loaded says the window may be older than the app", async () => {
    render(
      <>
        <ProblemBoundary what="The diff">
          <Suspense fallback={<p>Loading the diff…</p>}>
            <GoneChunk />
          </Suspense>
        </ProblemBoundary>
        <p>The conversation goes on</p>
      </>,
    );
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain(
      "The diff could not be shown. Part of this window's code could not be loaded: OpenCode Turnkey may have been updated since the window opened",
    );
    expect(screen.getByText("The conversation goes on")).toBeTruthy();
  });

  it("at the root, takes the window's place with a heading and Reload, and says typed text is kept", () => {
    const { unmount } = render(
      <ProblemBoundary what="This window" whole typedKept reload={() => undefined}>
        <Throws />
      </ProblemBoundary>,
    );
    expect(screen.getByRole("heading", { name: "Something in this window failed" })).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toContain("What you typed in a message box is kept");
    expect(screen.getByRole("button", { name: "Reload the window" })).toBeTruthy();
    unmount();
    // The status window has no message box: nothing said of one.
    render(
      <ProblemBoundary what="This window" whole reload={() => undefined}>
        <Throws />
      </ProblemBoundary>,
    );
    expect(screen.getByRole("alert").textContent).not.toContain("message box");
  });
});
