// OpenCode's answer when a folder's config cannot be loaded (a file it refuses: an agent whose
// `mode` is no mode, a command whose `subtask` is not true or false, an opencode.json that does not
// parse), said as a sentence that names the file and what to do. opencode 1.18.33 keeps the failure
// for that folder until it restarts, even once the file is fixed (tried: `POST /instance/dispose`
// and `/global/dispose` answer the same error), so the sentence says a restart is needed.

interface ConfigInvalid {
  name: "ConfigInvalidError";
  data?: { path?: unknown; message?: unknown; issues?: unknown };
}

function isConfigInvalid(error: unknown): error is ConfigInvalid {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "ConfigInvalidError";
}

/** What is wrong, in OpenCode's words: each issue's key path and message, or its message. */
function issuesOf(data: ConfigInvalid["data"]): string {
  if (Array.isArray(data?.issues)) {
    const said = data.issues
      .map((issue: { path?: unknown; message?: unknown }) => {
        const path = Array.isArray(issue?.path) ? issue.path.join(".") : "";
        return `${path ? `${path}: ` : ""}${typeof issue?.message === "string" ? issue.message : ""}`.trim();
      })
      .filter(Boolean);
    if (said.length > 0) return said.slice(0, 3).join("; ");
  }
  return typeof data?.message === "string"
    ? data.message
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
        .slice(0, 3)
        .join(" ")
    : "";
}

/** The sentence for a ConfigInvalidError answer, or null for any other error. */
export function configInvalidSentence(error: unknown): string | null {
  if (!isConfigInvalid(error)) return null;
  const file = typeof error.data?.path === "string" ? error.data.path : "a config file of this project";
  const what = issuesOf(error.data);
  return `OpenCode cannot load this project's settings because it refuses ${file}${what ? ` (${what})` : ""}. Fix or remove that file, then restart OpenCode: until it restarts, it keeps refusing this project even once the file is fixed.`;
}
