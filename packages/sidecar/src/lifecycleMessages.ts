// The sentences the lifecycle shows when it gives up on an attempt, restarts or cannot stop: what
// happened, the attempt's own last output, and what to do next. The rules are in lifecycle.ts.
import { asSentence, type BinaryInfo, formatDuration, type SidecarError } from "@turnkey/contracts";
import { nextStep } from "./nextStep.ts";
import type { LifecycleConfig } from "./policy.ts";

/** The attempt's own last lines (the supervisor sends them de-duplicated), as a sentence. */
export function outputTail(lines: string[]): string {
  const last = lines.slice(-5).filter((l) => l.trim() !== "");
  return last.length === 0 ? " It printed nothing." : ` Last output: ${asSentence(last.join(" | "))}`;
}

/**
 * Processes still there after the forced kill and a last look (supervisorAttempt's stillAlive).
 * What is known is only that: on a starved machine a killed process can take seconds more to go,
 * so the user is asked to look before ending anything by hand.
 */
export function survivorsError(pids: number[]): SidecarError {
  const list = pids.join(", ");
  const one = pids.length === 1;
  return {
    code: "stop_incomplete",
    message: `OpenCode's ${one ? "process" : "processes"} (pid ${list}) ${one ? "was" : "were"} still running after being ended by force. On a busy computer ${one ? "it" : "they"} may still be ending: wait a few seconds and press Start. If Start fails, check whether pid ${list} still ${one ? "runs" : "run"} (Task Manager, or ps -p ${list}) and end ${one ? "it" : "them"} yourself (Task Manager, or kill -9 ${list}).`,
  };
}

/** The process exited on its own; `how` is "signal X" or "exit code N". */
export function crashedError(
  code: "exited_during_startup" | "crashed",
  how: string,
  lastOutput: string[],
): SidecarError {
  const what = code === "crashed" ? "stopped unexpectedly" : "stopped while starting";
  return { code, message: `OpenCode ${what} (${how}).${outputTail(lastOutput)}` };
}

export function unresponsiveError(failures: number, config: LifecycleConfig): SidecarError {
  return {
    code: "unresponsive",
    message: `OpenCode stopped answering (${failures} health checks in a row failed or got no answer within ${formatDuration(config.probeAnswerMs)}), so it was restarted.`,
  };
}

export function prepareTimeoutError(config: LifecycleConfig, lastStep: string | null): SidecarError {
  const step = lastStep ? ` The last step was: ${lastStep}` : "";
  return {
    code: "prepare_timeout",
    message: `Preparing OpenCode's program took longer than ${formatDuration(config.prepareTimeoutMs)}.${step} Antivirus software scanning it, or a slow or full disk, can cause this. Press Start to try again, or open the logs.`,
  };
}

export function startupTimeoutError(config: LifecycleConfig, lastOutput: string[]): SidecarError {
  return {
    code: "startup_timeout",
    message: `OpenCode did not answer within ${formatDuration(config.startupTimeoutMs)}.${outputTail(lastOutput)}`,
  };
}

/** The last straw of `maxFailedStarts` failed starts in a row: no more restarts. */
export function gaveUpError(failedStarts: number, last: SidecarError, binary: BinaryInfo | null): SidecarError {
  return {
    code: last.code,
    message: [
      `OpenCode failed to start ${failedStarts} times in a row, so it is no longer restarted.`,
      `Last problem: ${asSentence(last.message)}`,
      nextStep(last.code, binary),
    ]
      .filter(Boolean)
      .join(" "),
  };
}
