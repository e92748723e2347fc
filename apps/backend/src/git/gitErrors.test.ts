// git's own words turned into the Files tab's sentences: here the Windows long-path refusal, which
// git for Windows prints as "Filename too long" (core.longpaths off, its default).
import { describe, expect, it } from "vitest";
import { gitFailure } from "./gitErrors.ts";
import { gitNotRun } from "./runGit.ts";

const failed = (stderr: string) => ({ ...gitNotRun, code: 1, stderr });

describe("gitFailure", () => {
  it("names Windows' path limit and core.longpaths when git for Windows says a filename is too long", () => {
    const said =
      "warning: unable to access 'node_modules/a/.gitignore': Filename too long\nerror: unable to create file node_modules/a/b/c/very-long-name.js: Filename too long\nfatal: Could not reset index file to revision 'HEAD'.";
    for (const action of ["pull", "switch", "status"] as const) {
      const error = gitFailure(action, failed(said), 60_000);
      expect(error.code).toBe("git_refused");
      expect(error.message).toContain("git config --global core.longpaths true");
      expect(error.message).toContain("very-long-name.js: Filename too long");
    }
  });

  it("keeps the general sentence for what it does not know", () => {
    expect(gitFailure("commit", failed("error: something new"), 60_000).message).toBe(
      "git could not commit (exit code 1). What it said:\nerror: something new",
    );
  });
});
