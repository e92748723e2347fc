// The git work's test fixtures: a state as the backend answers it (on main, two changed files,
// origin as its remote) and a fake source whose every call is a mock.
import type { GitWorkState } from "@turnkey/contracts";
import { vi } from "vitest";
import type { GitWorkSource } from "./gitWorkSource.ts";

export const base: GitWorkState = {
  branch: "main",
  head: { hash: "a".repeat(40), shortHash: "aaaaaaa", subject: "init" },
  upstream: null,
  ahead: 0,
  behind: 0,
  branches: ["fix", "main"],
  remotes: ["origin"],
  files: [
    { path: "notes.txt", state: "modified", staged: false },
    { path: "new file.txt", state: "untracked", staged: false },
  ],
};

export function fakeSource(state: GitWorkState = base) {
  return {
    state: vi.fn(async () => state),
    commit: vi.fn(),
    select: vi.fn(),
    branch: vi.fn(),
    pull: vi.fn(),
    push: vi.fn(),
    draft: { message: "" },
  } satisfies GitWorkSource;
}
