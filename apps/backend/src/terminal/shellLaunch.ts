// What the chat window's terminal runs: the user's shell, started by a small wrapper that first
// removes what the secrets plugin hid. opencode builds a terminal's environment as its own
// process.env with the plugin's `shell.env` result spread over it (Pty.create), so every name the
// plugin hides arrives in the shell holding the text "undefined" (bun-pty writes the value as a
// string; measured with opencode 1.18.33: 444 such names, among them OPENCODE_SERVER_PASSWORD,
// OPENCODE_CONFIG_CONTENT, OPENAI_API_KEY, GITHUB_TOKEN). No secret's value gets through, but a
// GITHUB_TOKEN=undefined breaks `gh`, so the wrapper unsets every such name, and, should the
// plugin not have run, the names no terminal may have whatever their value. opencode's create
// call cannot unset anything (its `env` only adds strings), hence the wrapper.
//
// The shell is the user's, not OpenCode's: what the backend set for OpenCode's own sake (its
// folders under the data folder in the managed profile, its private config) gets the user's own
// value back, or is unset when the user had none (review 5, L3: nvim, git and gh in the terminal
// read and wrote OpenCode Turnkey's data folder instead of the user's config).
import { win32 } from "node:path";
import type { TerminalSize } from "@turnkey/contracts";
import { hiddenFromTools } from "@turnkey/contracts";
import { treeMarkName } from "@turnkey/sidecar";
import { forOpencodeOnly } from "../sidecarEnv.ts";

/**
 * Names no terminal may hold, whatever their value. The tree's mark too: the shell is the user's,
 * and what they leave running from it (a tmux server, a `nohup` job) must not end with OpenCode.
 */
export const neverInTerminal: readonly string[] = [...hiddenFromTools, "TURNKEY_TOKEN", treeMarkName];

export interface ShellLaunch {
  command: string;
  args: string[];
  /** Added to the terminal's environment (opencode's create call can add, not remove). */
  env: Record<string, string>;
}

/** The user's own values of what the backend set for OpenCode, and the names the user did not have. */
function userOwn(userEnv: NodeJS.ProcessEnv): { env: Record<string, string>; unset: string[] } {
  const env: Record<string, string> = {};
  const unset: string[] = [];
  for (const name of forOpencodeOnly) {
    const value = userEnv[name];
    if (value === undefined) unset.push(name);
    else env[name] = value;
  }
  return { env, unset };
}

// POSIX `unset` removes a variable from the environment of the commands the shell then runs
// (https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#unset), and `exec`
// replaces the wrapper with the shell, so the terminal's process is the user's shell itself.
// The shell opencode itself would pick (Shell.preferred, packages/opencode/src/shell/shell.ts):
// $SHELL when it can run, else bash, else /bin/sh; like opencode, as a login shell (`-l`).
// opencode appends `-l` to a command named `sh` (Shell.login): an argument starting with `-` is
// skipped. The first two arguments are the panel's columns and rows (or "-"): opencode's create call
// takes no size, so its PTY starts at 80x24 and a resize sent after it races the shell's first
// prompt, drawn at 80 columns; `stty cols N rows M` sets the terminal's size (TIOCSWINSZ) before
// the shell starts, so the shell's first read of its size is the panel's.
const posixScript = [
  "cols=$1 rows=$2; shift 2",
  'if [ "$cols" != - ]; then stty cols "$cols" rows "$rows" 2>/dev/null; fi',
  'for name in "$@"; do case $name in -*) ;; *) unset "$name" 2>/dev/null ;; esac; done',
  "for name in $(env | sed -n 's/^\\([A-Za-z_][A-Za-z0-9_]*\\)=undefined$/\\1/p'); do unset \"$name\" 2>/dev/null; done",
  'if [ -n "$SHELL" ] && [ -x "$SHELL" ]; then exec "$SHELL" -l; fi',
  "if command -v bash >/dev/null 2>&1; then exec bash -l; fi",
  "exec /bin/sh -l",
].join("\n");

/**
 * On Windows opencode would pick pwsh, then Windows PowerShell, then Git Bash, then COMSPEC
 * (Shell.preferred's `win()`, packages/opencode/src/shell/shell.ts). The terminal runs Windows
 * PowerShell by its absolute path (present on every Windows 10 and 11), which removes the names
 * from its own environment (Remove-Item on the Env: drive, about_Environment_Variables:
 * https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_environment_variables)
 * and then stays open for the user (-NoExit runs the command and keeps the session:
 * https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_powershell_exe).
 * Programs started from it inherit the cleaned environment.
 *
 * PowerShell runs the user's profiles before -Command ("A PowerShell profile is a script that runs
 * when PowerShell starts", about_Profiles), so a profile and what it starts (an agent, a prompt
 * tool, a job) saw the environment before the clean (review 6, W2). So -NoProfile, and the wrapper
 * dot-sources the profiles itself after cleaning, in PowerShell's order (All Users All Hosts, All
 * Users Current Host, Current User All Hosts, Current User Current Host) from their documented
 * places for Windows PowerShell: $PSHOME\Profile.ps1, $PSHOME\Microsoft.PowerShell_profile.ps1,
 * and Documents\WindowsPowerShell\ for the user's (about_Profiles, "Profile types and locations";
 * the Documents folder as Windows resolves it, OneDrive redirection included). Dot-sourced, as
 * PowerShell loads them, so their functions and prompt stay in the session; the execution policy
 * applies as it does to PowerShell's own loading (under Restricted the same error shows).
 */
function windowsLaunch(systemRoot: string, own: ReturnType<typeof userOwn>): ShellLaunch {
  const quoted = [...neverInTerminal, ...own.unset].map((name) => `'${name}'`).join(",");
  const script = [
    `foreach ($name in @(${quoted})) { Remove-Item -LiteralPath ('Env:' + $name) -ErrorAction SilentlyContinue }`,
    "@(Get-ChildItem Env: | Where-Object { $_.Value -ceq 'undefined' }) | ForEach-Object { Remove-Item -LiteralPath ('Env:' + $_.Name) -ErrorAction SilentlyContinue }",
    "$turnkeyDocuments = Join-Path ([Environment]::GetFolderPath('MyDocuments')) 'WindowsPowerShell'",
    "foreach ($turnkeyProfile in @((Join-Path $PSHOME 'Profile.ps1'), (Join-Path $PSHOME 'Microsoft.PowerShell_profile.ps1'), (Join-Path $turnkeyDocuments 'Profile.ps1'), (Join-Path $turnkeyDocuments 'Microsoft.PowerShell_profile.ps1'))) { if (Test-Path -LiteralPath $turnkeyProfile) { . $turnkeyProfile } }",
    "Remove-Variable turnkeyDocuments, turnkeyProfile -ErrorAction SilentlyContinue",
  ].join("; ");
  return {
    command: win32.join(systemRoot, "System32", "WindowsPowerShell", "v1.0", "powershell.exe"),
    args: ["-NoLogo", "-NoProfile", "-NoExit", "-Command", script],
    env: own.env,
  };
}

/**
 * `env` is the user's environment: the backend's own, which OpenCode's was made from. `size` is the
 * panel's, when known: the POSIX shell starts at it; on Windows the resize that follows the create
 * call sets it (ConPTY redraws the screen at the new size; not run here).
 */
export function shellLaunch(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, size?: TerminalSize): ShellLaunch {
  const own = userOwn(env);
  if (platform === "win32") return windowsLaunch(env.SystemRoot ?? env.SYSTEMROOT ?? "C:\\Windows", own);
  return {
    command: "/bin/sh",
    args: [
      "-c",
      posixScript,
      "turnkey-terminal",
      size ? String(size.cols) : "-",
      size ? String(size.rows) : "-",
      ...neverInTerminal,
      ...own.unset,
    ],
    env: own.env,
  };
}
