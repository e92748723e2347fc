// Every error code the backend, the sidecar supervisor and the client can answer with, in one
// list: a caller can switch on a code and the compiler knows every one there is. Add new codes
// here, grouped by where they arise.
import { z } from "zod";

export const errorCodes = [
  // Starting and running OpenCode (the sidecar status's `error`).
  "binary_not_found",
  "binary_not_executable",
  "spawn_failed",
  "startup_timeout",
  "exited_during_startup",
  "crashed",
  "unresponsive",
  "runtime_damaged",
  "illegal_instruction",
  "config_invalid",
  "binary_missing",
  "binary_locked",
  "binary_damaged",
  "version_not_installed",
  "prepare_failed",
  "prepare_timeout",
  "stop_incomplete",
  // The control API's guards and parsing.
  "unauthorized",
  "forbidden_host",
  "forbidden_origin",
  "unsupported_media_type",
  "payload_too_large",
  "invalid_json",
  "invalid_request",
  "not_found",
  "internal_error",
  // Lifecycle, maintenance and chat routes.
  "sidecar_not_running",
  "sidecar_unavailable",
  "sidecar_error",
  "sidecar_timeout",
  "rejected_by_opencode",
  "key_rejected",
  "unknown_to_opencode",
  "repair_failed",
  // OpenCode versions: checks, updates and switching (runtime routes).
  "update_unavailable",
  "update_failed",
  "update_rolled_back",
  "update_in_progress",
  "runtime_overridden",
  "version_not_found",
  // Projects: a folder that cannot be one (missing, a file, unreadable, relative, too long).
  "invalid_path",
  // The file panel: a path that resolves outside the session's project folder (a link out of it),
  // or into the backend's own data folder.
  "path_outside_project",
  // Searching the project's text needs ripgrep, which neither OpenCode nor PATH could give (files/textSearch.ts).
  "search_unavailable",
  // A search of the files ended before it finished: a newer one of the same chat started, or its asker left (files/textSearch.ts).
  "search_stopped",
  // The Files tab's git work (routes/git.ts): each a sentence saying what to do.
  "git_unavailable",
  "not_a_repository",
  "commit_message_required",
  "nothing_to_commit",
  "invalid_branch",
  "git_refused",
  "git_timeout",
  "no_upstream",
  "push_rejected",
  "git_auth_failed",
  // A commit message written by the chat's model (git/commitMessage.ts): it answered with an error
  // or no text, or not within its deadline.
  "model_failed",
  "model_timeout",
  // Discarding a file's changes and undoing that (git/discard.ts).
  "too_large_to_keep",
  "undo_gone",
  "changed_since_discard",
  // A worktree removed from the Files tab holds uncommitted changes (git/gitWorktree.ts): remove anyway asks again.
  "worktree_has_changes",
  // Pull requests through the GitHub CLI (routes/pulls.ts).
  "gh_unavailable",
  "gh_signed_out",
  "not_github",
  "branch_not_pushed",
  "pull_request_exists",
  "gh_failed",
  "no_pull_request",
  "not_mergeable",
  // An MCP server's config entry added, changed or removed from the window (routes/mcp.ts).
  "already_exists",
  "config_unwritable",
  "project_config_off",
  "reply_running",
  // A second change to the MCP servers while one is still being written and read (mcpService.ts).
  "change_running",
  // An MCP sign-in whose return port another program already listens on (mcpReturnPort.ts).
  "sign_in_port_taken",
  // A secret typed for an MCP server in a project config file git would commit (mcpService.ts).
  "secret_in_shared_file",
  // Signing in to a model provider and disconnecting one (routes/providers.ts).
  "not_removable",
  "not_connected",
  "no_such_method",
  "sign_in_refused",
  "provider_unreachable",
  "no_sign_in",
  // A project folder whose own OpenCode config the user has not trusted (trust/folderTrust.ts),
  // and a "Trust this folder" for config that changed since the card showed it, or that holds more
  // files than are read to show it (routes/trust.ts).
  "folder_untrusted",
  "trust_config_changed",
  "trust_config_too_large",
  // "Open in" (routes/openWith.ts): an app no longer found, one that would not start, and a backend
  // with no desktop to open anything on.
  "app_not_found",
  "open_failed",
  "open_unavailable",
  // An agent or command file made, changed or removed from the window (routes/customize.ts): a name
  // taken, a file that is not there, one that cannot be read or written.
  "custom_not_found",
  "custom_file_unreadable",
  // Scheduled tasks (routes/schedules.ts): one that is not there, or "Run now" while its run is going.
  "schedule_not_found",
  "schedule_running",
  // Goals (routes/goals.ts): none in this chat, one already going in it, or one that has ended.
  "goal_not_found",
  "goal_exists",
  "goal_ended",
  // Project actions (routes/actions.ts): one that is not there, or a name the project has already.
  "action_not_found",
  "action_exists",
  // Project notes and todos (routes/notes.ts): the notes saved from another window since these were
  // typed (nothing written), and a todo that is not there any more.
  "notes_changed",
  "todo_not_found",
  // A file the app keeps (keptFile.ts) could not be read nor moved aside: nothing is written to it.
  "kept_file_blocked",
  // The client, when an answer is not one of ours, none came in time, or the backend could not be reached.
  "http_error",
  "backend_timeout",
  "backend_unreachable",
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** What went wrong, for a sentence: an Error's message, or what was thrown in its place. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
