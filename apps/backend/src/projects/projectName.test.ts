// A project's name in menus: the folder's, and for a worktree the Files tab made, its repository's too.
import { describe, expect, it } from "vitest";
import { projectName } from "./projectStore.ts";

describe("projectName", () => {
  it("names a worktree beside its repository with the repository, any other folder by its own name", () => {
    expect(projectName("/code/app.worktrees/feature-login")).toBe("app · feature-login");
    expect(projectName("/code/app")).toBe("app");
    expect(projectName("/code/.worktrees/x")).toBe("x");
    expect(projectName("/")).toBe("/");
  });
});
