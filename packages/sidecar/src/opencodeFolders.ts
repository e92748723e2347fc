// Where opencode keeps its own folders (config, data, state) for a process with a given environment,
// computed as opencode computes them: xdg-basedir over os.homedir() (opencode's Global paths:
// `XDG_CONFIG_HOME || join(homedir(), ".config")`, `XDG_DATA_HOME || join(homedir(), ".local",
// "share")`, `XDG_STATE_HOME || join(homedir(), ".local", "state")`, each with "opencode" appended;
// read from the binary's bundle). os.homedir() is $HOME on POSIX but USERPROFILE on Windows ("On
// Windows, it uses the USERPROFILE environment variable if defined. Otherwise it uses the path to
// the profile directory of the current user": Node's os.homedir docs; Bun's, which opencode runs
// on, say the same). HOME means nothing to opencode on Windows: Explorer does not set it, so a check
// built on it read `.config` relative to the current folder, and Git Bash sets it to another folder.
import { homedir } from "node:os";
import { join } from "node:path";

export type OpencodeFolderKind = "config" | "data" | "state";

const xdg: Record<OpencodeFolderKind, { variable: string; under: string[] }> = {
  config: { variable: "XDG_CONFIG_HOME", under: [".config"] },
  data: { variable: "XDG_DATA_HOME", under: [".local", "share"] },
  state: { variable: "XDG_STATE_HOME", under: [".local", "state"] },
};

/** The home folder opencode's os.homedir() answers with this environment. */
export function opencodeHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  return (platform === "win32" ? env.USERPROFILE : env.HOME) || homedir();
}

/**
 * `<XDG base or its default under the home folder>/opencode`, as opencode resolves it. `platform`
 * chooses the home variable; the path is joined as this machine joins paths (tests inject Windows
 * on Linux and read real files).
 */
export function opencodeFolder(
  kind: OpencodeFolderKind,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string {
  const { variable, under } = xdg[kind];
  return join(env[variable] || join(opencodeHome(env, platform), ...under), "opencode");
}
