// @vitest-environment happy-dom
// A change-list row whose line count covers only the start of a big new file says so (review 6,
// P1): "+N or more", or "+?" when the backend read none of it, never a bare number it did not count.
import { cleanup, render, screen } from "@testing-library/react";
import type { FileChange } from "@turnkey/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { GitChangedFile } from "./GitChangedFile.tsx";

afterEach(cleanup);

const row = (file: FileChange) =>
  render(
    <ul>
      <li>
        <GitChangedFile file={file} opened={undefined} onToggle={() => undefined} />
      </li>
    </ul>,
  );

describe("a change-list row's line count", () => {
  it("is a number when whole, a lower bound when partial, a question mark when not counted", () => {
    const base = { status: "added", deletions: 0, patch: null } as const;
    row({ ...base, path: "small.txt", additions: 3 });
    row({ ...base, path: "big.log", additions: 655, partialCount: true });
    row({ ...base, path: "late.csv", additions: 0, partialCount: true });
    const added = [...document.querySelectorAll(".diff-stat-add")];
    expect(added.map((e) => e.textContent)).toEqual(["+3", "+655 or more", "+?"]);
    expect(added[1]?.getAttribute("title")).toMatch(/only its start was counted/);
    expect(screen.getByText("+?").getAttribute("title")).toMatch(/not counted/i);
  });
});
