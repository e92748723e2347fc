// @vitest-environment happy-dom
// The Files tab's two searches stay current: when a reply ends (the panel's refreshKey) the name and
// the text still in the boxes are searched again at once, the earlier answer shown until the new
// one comes, so a file the agent just made or a line it just wrote is found without retyping.
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { TextSearchResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type FileSource, FilesPanel } from "./FilesPanel.tsx";

afterEach(cleanup);

const patient = { timeout: 5_000 };

/** A project whose files the test changes between replies. */
function project() {
  const disk = { files: ["src/old.ts"], lines: [{ path: "src/old.ts", line: 1, text: "TODO old", ranges: [[0, 4]] }] };
  let answer: (() => void) | null = null;
  let holding = false;
  const searchText = vi.fn(async (): Promise<TextSearchResponse> => {
    const matches = disk.lines.map((m) => ({ ...m, ranges: m.ranges as [number, number][] }));
    if (holding) await new Promise<void>((resolve) => (answer = resolve));
    return { matches, cut: null, unreadable: null };
  });
  const source: FileSource = {
    tree: vi.fn(async () => ({ path: "", entries: [] })),
    read: vi.fn(),
    git: vi.fn(async () => ({ branch: null, files: [], more: 0 }) as never),
    diff: vi.fn(),
    find: vi.fn(async () => [...disk.files]),
    searchText,
  };
  return {
    disk,
    source,
    /** The next text search waits until `release` is called. */
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      answer?.();
    },
  };
}

describe("the Files tab's searches after a reply", () => {
  it("searches the name and the text again when a reply ends, showing the earlier answer meanwhile", async () => {
    const { disk, source, hold, release } = project();
    const panel = (refreshKey: number) => <FilesPanel source={source} refreshKey={refreshKey} onMention={() => {}} />;
    const view = render(panel(1));
    fireEvent.change(screen.getByRole("searchbox", { name: "Find a file by name" }), { target: { value: ".ts" } });
    fireEvent.change(screen.getByRole("searchbox", { name: "Find text in the files" }), { target: { value: "TODO" } });
    expect(await screen.findByRole("button", { name: "src/old.ts" }, patient)).toBeTruthy();
    expect(await screen.findByText("1 line in 1 file.", {}, patient)).toBeTruthy();
    const [finds, searches] = [
      vi.mocked(source.find!).mock.calls.length,
      vi.mocked(source.searchText!).mock.calls.length,
    ];

    // The agent's reply made a file and wrote a line; the reply ends.
    disk.files.push("src/new.ts");
    disk.lines.push({ path: "src/new.ts", line: 3, text: "TODO new", ranges: [[0, 4]] });
    hold();
    view.rerender(panel(2));
    await waitFor(() => expect(source.searchText).toHaveBeenCalledTimes(searches + 1), patient);
    // While the text is searched again, the earlier lines stay (no "Searching…" flash).
    expect(screen.getByText("1 line in 1 file.")).toBeTruthy();
    expect(screen.queryByText("Searching…")).toBeNull();
    release();
    expect(await screen.findByText("2 lines in 2 files.", {}, patient)).toBeTruthy();
    expect(await screen.findByRole("button", { name: "src/new.ts" }, patient)).toBeTruthy();
    expect(source.find).toHaveBeenCalledTimes(finds + 1);
  });

  it("does not search again when a reply only starts, and keeps the lines found, said to be earlier, when a refresh fails", async () => {
    const { source } = project();
    const panel = (refreshKey: string, searchRefreshKey: number) => (
      <FilesPanel source={source} refreshKey={refreshKey} searchRefreshKey={searchRefreshKey} onMention={() => {}} />
    );
    const view = render(panel("0:3", 0));
    fireEvent.change(screen.getByRole("searchbox", { name: "Find text in the files" }), { target: { value: "TODO" } });
    expect(await screen.findByText("1 line in 1 file.", {}, patient)).toBeTruthy();
    const searches = vi.mocked(source.searchText!).mock.calls.length;
    // A reply starts: the changes list is read again, the search is not (no file has changed yet).
    view.rerender(panel("0:replying", 0));
    await waitFor(() => expect(source.git).toHaveBeenCalledTimes(2), patient);
    expect(source.searchText).toHaveBeenCalledTimes(searches);
    // The reply ends, and the search again fails (the backend restarting): the earlier lines stay.
    vi.mocked(source.searchText!).mockRejectedValueOnce(new Error("The backend could not be reached."));
    view.rerender(panel("0:5", 1));
    await waitFor(() => expect(source.searchText).toHaveBeenCalledTimes(searches + 1), patient);
    await act(async () => {}); // the refused search's answer is taken in
    expect(
      screen.getByText(
        "1 line in 1 file. Not searched again after the reply (The backend could not be reached.): these are the earlier results.",
      ),
    ).toBeTruthy();
    expect(screen.getByRole("button", { name: /src\/old\.ts line 1/ })).toBeTruthy();
    expect(screen.queryByText(/could not be searched/)).toBeNull();
  });
});
