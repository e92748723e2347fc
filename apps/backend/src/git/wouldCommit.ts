// Whether git would take a file into a commit of the repository it is in: the MCP form asks before
// it writes a typed secret into a project's config file (mcp/mcpService.ts), since a secret that
// git would commit ends up pushed. Outside any chat, so git looks up past the file's folder.
import { basename, dirname } from "node:path";
import { unasked } from "./gitFilters.ts";
import type { ProjectGit } from "./projectGit.ts";

/**
 * Inside a work tree and not ignored (`git check-ignore` exits 1; a tracked file is never
 * ignored): true. False outside a work tree (128, "not a git repository") or without git; "unknown"
 * when git could not say (no answer within a local deadline, or another fatal error: an index
 * lock, a repository owned by another user), which a caller guarding a secret must take as a yes
 * (review 12, MCP F4).
 */
export async function wouldCommit(git: ProjectGit, file: string): Promise<boolean | "unknown"> {
  const place = git.placeAt(dirname(file));
  // The repository may start above the file's folder (a project in a monorepo's package, a
  // server in .opencode/): git must look up to it (check-ignore runs no hook or fsmonitor).
  delete place.env.GIT_CEILING_DIRECTORIES;
  const run = await git.run(place, [...unasked, "check-ignore", "-q", "--", basename(file)]);
  if (run.code === 1) return true;
  if (run.code === 0 || run.missing) return false;
  return run.code === 128 && /not a git repository/i.test(run.stderr) ? false : "unknown";
}
