// The mark of a sidecar's process tree: a variable of ours, new at each start, in the sidecar's
// environment, which every process it starts inherits. A tool's `(sleep 600 &)` or `nohup server &`
// leaves the tree at once (re-parented to init, in a session of its own); the mark still finds it
// when the sidecar is stopped (terminateTree's `mark`) and when a later backend reaps what a dead
// one left (reapOrphan.ts, from the record). Jenkins' ProcessTreeKiller finds a build's processes
// the same way (BUILD_ID). Not a secret: a tool may read it. Windows needs none (the job holds the
// tree); where environments cannot be read (macOS) it finds nothing.
import { randomBytes } from "node:crypto";

export const treeMarkName = "TURNKEY_SIDECAR_TREE";

/** A fresh mark's value for a sidecar about to start; null where the job holds the tree (Windows). */
export function newTreeMark(platform: NodeJS.Platform): string | null {
  return platform === "win32" ? null : randomBytes(12).toString("base64url");
}

/** The `NAME=value` entry the tree's environments hold, when `env` carries a mark. */
export function treeMarkIn(env: NodeJS.ProcessEnv): string | null {
  const value = env[treeMarkName];
  return value ? `${treeMarkName}=${value}` : null;
}
