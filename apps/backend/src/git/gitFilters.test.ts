// Which filter drivers the Files tab's unasked reads switch off: the repository's own (local,
// worktree), never the user's global or system ones (git-lfs keeps working), all of them on a git
// too old to say where a setting comes from (review 6, S2).
import { describe, expect, it } from "vitest";
import type { GitIn } from "./gitChanges.ts";
import { repositoryFilterOffs } from "./gitFilters.ts";

const listing =
  (stdout: string, code = 0): GitIn =>
  async (args) =>
    args.includes("--show-scope") ? { code, stdout: code === 0 ? stdout : "" } : { code: 0, stdout };

describe("repositoryFilterOffs", () => {
  it("switches off the local and worktree drivers and keeps the user's global and system ones", async () => {
    const out =
      "global\0filter.lfs.clean\ngit-lfs clean -- %f\0system\0filter.sys.clean\ns\0" +
      "local\0filter.x.clean\nsh x\0local\0filter.Two.Parts.process\np\0worktree\0filter.w.clean\nw\0";
    const offs = await repositoryFilterOffs(listing(out));
    expect(offs.filter((a) => a !== "-c")).toEqual([
      "filter.x.clean=",
      "filter.x.process=",
      "filter.x.required=false",
      "filter.Two.Parts.clean=",
      "filter.Two.Parts.process=",
      "filter.Two.Parts.required=false",
      "filter.w.clean=",
      "filter.w.process=",
      "filter.w.required=false",
    ]);
  });

  it("switches off every driver when git cannot tell where a setting comes from", async () => {
    const offs = await repositoryFilterOffs(listing("filter.lfs.clean\ngit-lfs\0", 129));
    expect(offs).toEqual(["-c", "filter.lfs.clean=", "-c", "filter.lfs.process=", "-c", "filter.lfs.required=false"]);
  });

  it("refuses a repository driver whose name `-c` cannot hold", async () => {
    await expect(repositoryFilterOffs(listing("local\0filter.a=b.clean\nx\0"))).rejects.toThrow(/rename it/);
  });
});
