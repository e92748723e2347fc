// What a person should do once OpenCode stopped trying, chosen by the cause: a program the user
// set is theirs to check, a damaged or missing copy is Repair's job, a slow first start is worth
// another try. Messages that already name their fix (a bad config file, a CPU mismatch, a wrong
// path) get nothing added.
import type { BinaryInfo, ErrorCode } from "@turnkey/contracts";

const selfExplaining: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "config_invalid",
  "binary_not_found",
  "binary_not_executable",
  "spawn_failed",
]);

export function nextStep(code: ErrorCode, binary: BinaryInfo | null): string {
  if (binary?.source === "override" && code !== "config_invalid") {
    return `This is the program you set (${binary.path}, with --opencode-bin or TURNKEY_OPENCODE_BIN): check that it is an opencode that runs (try it with --version), or remove the setting to use the one that comes with the app. Then press Start.`;
  }
  if (selfExplaining.has(code)) return "";
  switch (code) {
    case "runtime_damaged":
      return "Press Repair to replace OpenCode's program, then Start.";
    case "illegal_instruction":
      return "";
    case "startup_timeout":
      return "Press Start to try again (a first start after an update can take longer); if it keeps happening, open the logs.";
    case "crashed":
    case "exited_during_startup":
      return "Press Start to try again. If it stops again, the lines above and the logs say why; Repair reinstalls OpenCode's program.";
    default:
      return "Press Start to try again, or open the logs.";
  }
}
