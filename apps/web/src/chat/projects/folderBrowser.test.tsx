// @vitest-environment happy-dom
// The folder browser in a folder of more sub-folders than one page (2,000 from the backend; 20 in
// this fake, to keep the test fast): "Show more" appends the page after the last one until every
// sub-folder is listed.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { FoldersResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FolderBrowser } from "./FolderBrowser.tsx";

const names = Array.from({ length: 23 }, (_, i) => `d${String(i).padStart(2, "0")}`);
const folders = vi.fn(async (_path?: string, after?: string): Promise<FoldersResponse> => {
  const rest = names.filter((n) => after === undefined || n > after);
  const page = rest.slice(0, 20);
  const more = rest.length - page.length;
  return {
    path: "/home/zoë/big",
    parent: "/home/zoë",
    folders: page.map((name) => ({ name, path: `/home/zoë/big/${name}` })),
    roots: [{ name: "Home", path: "/home/zoë" }],
    ...(more > 0 ? { more, next: page.at(-1) } : {}),
  };
});
vi.mock("../../shared/api.ts", () => ({
  api: { folders: (path?: string, after?: string) => folders(path, after) },
  errorMessage: (e: unknown) => String(e),
}));

afterEach(cleanup);

describe("the folder browser in a folder of 23 sub-folders, 20 a page", () => {
  it("lists the first page, says more are there, and appends the rest on Show more", async () => {
    render(<FolderBrowser onOpen={vi.fn()} onClose={vi.fn()} />);
    const list = await screen.findByRole("list", { name: "Sub-folders" });
    await within(list).findByRole("button", { name: "d19" });
    expect(within(list).queryByRole("button", { name: "d20" })).toBeNull();
    expect(screen.getByRole("status").textContent).toMatch(/^3 more entries not looked at yet/);
    fireEvent.click(screen.getByRole("button", { name: "Show more" }));
    await within(list).findByRole("button", { name: "d22" });
    expect(folders).toHaveBeenLastCalledWith("/home/zoë/big", "d19");
    expect(within(list).getAllByRole("button")).toHaveLength(24); // ↑ Up and every sub-folder
    await waitFor(() => expect(screen.queryByRole("status")).toBeNull());
  });
});
