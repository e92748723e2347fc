// TextSearch's way to get a ripgrep when neither OpenCode's folder nor PATH has one: ask the
// running OpenCode to search once, which downloads its own copy (a few MB from GitHub) into its data
// folder, where TextSearch then finds it. Within ripgrepFetchMs; false when OpenCode is not running.
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { withCallSignal } from "../chat/callSignal.ts";
import { sidecarClient } from "../chat/sidecarClient.ts";
import { ripgrepFetchMs } from "./textSearch.ts";

export function ripgrepFromOpencode(supervisor: SidecarSupervisor): (directory: string) => Promise<boolean> {
  return async (directory) => {
    const handle = sidecarClient(supervisor);
    if (!handle) return false;
    const result = await withCallSignal(AbortSignal.timeout(ripgrepFetchMs), () =>
      handle.client.find.text({ pattern: "opencode-turnkey", directory }),
    );
    // OpenCode answers a download that failed (offline) with an error: a failure, not an answer.
    if (result.error !== undefined) throw new Error("OpenCode's search failed");
    return true;
  };
}
