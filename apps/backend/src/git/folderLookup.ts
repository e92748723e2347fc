// The one OpenCode call a git route makes: which folder the chat works in. The git routes are not
// under the OpenCode call deadline (their time is git's, within the action's budget: gitBudget.ts),
// so this call gets a short deadline of its own; past it the call is aborted (callSignal.ts) and
// git never runs, which the sentence says.
import { formatDuration } from "@turnkey/contracts";
import { withCallSignal } from "../chat/callSignal.ts";
import { GitError } from "./gitErrors.ts";

/** Long enough for a busy OpenCode to read one session; the relay usually knows the folder already. */
export const defaultFolderLookupMs = 30_000;

export async function folderWithin<T>(deadlineMs: number, lookup: () => Promise<T>): Promise<T> {
  const upstream = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      upstream.abort();
      reject(
        new GitError(
          504,
          "sidecar_timeout",
          `OpenCode did not say which folder this chat works in within ${formatDuration(deadlineMs)}, so git did not run. Try again in a moment, and restart OpenCode from the status window if it keeps happening.`,
        ),
      );
    }, deadlineMs);
  });
  const looked = withCallSignal(upstream.signal, lookup);
  looked.catch(() => undefined); // answered by the deadline: a later failure has nobody to tell
  try {
    return await Promise.race([looked, late]);
  } finally {
    clearTimeout(timer);
  }
}
