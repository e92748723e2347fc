// The environment git runs with for the Files tab: the user's own (so their credential helpers,
// ssh agent, config and identity work as in a terminal) minus what is ours to keep, made unable
// to wait on a person who is not looking at a terminal, and kept to the project folder.
//
// Ours to keep: the launch token, the sidecar password, the plugin config and provider keys, as
// for every program run for the agent's work (toolEnvironment.ts). git, its hooks and its
// credential helpers all inherit this.
//
// Never waiting on a prompt (git-scm.com/docs/git, gitcredentials):
// - GIT_TERMINAL_PROMPT=0: git "will not prompt on the terminal" for a username or password.
// - GIT_ASKPASS set and empty: git takes GIT_ASKPASS, else core.askPass, else SSH_ASKPASS, and an
//   empty value ends that search with no program (prompt.c: `if (askpass && *askpass)`), so no
//   askpass window is started either. SSH_ASKPASS is removed and SSH_ASKPASS_REQUIRE=never
//   (ssh(1), OpenSSH 8.4+) keeps a user-configured ssh from using one.
// - ssh's BatchMode=yes ("passphrase/password querying will be disabled", ssh_config(5)) through
//   GIT_SSH_COMMAND, but only when the user has no ssh command of their own (GIT_SSH_COMMAND,
//   GIT_SSH, core.sshCommand): GIT_SSH_COMMAND would take precedence over their config.
// - and runGit gives git no terminal at all (setsid on POSIX) and a deadline.
// Credential helpers the user configured (a keychain, Git Credential Manager) still run: they are
// how a push authenticates without a prompt; one that opens a window of its own is ended by the deadline.
//
// The project folder: variables that point git at another repository (GIT_DIR, GIT_WORK_TREE…)
// are dropped, and GIT_CEILING_DIRECTORIES stops git's search for a repository at the project
// folder, so a repository above it (a home folder under git) is never the one changed.
import { dirname } from "node:path";
import { toolEnvironment } from "../toolEnvironment.ts";

/** Variables that make git work on another repository or index than the project folder's. */
const redirecting = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_COMMON_DIR",
  "GIT_NAMESPACE",
  "GIT_CEILING_DIRECTORIES",
  "GIT_DISCOVERY_ACROSS_FILESYSTEM",
  "GIT_PREFIX",
  // git config's legacy "one file only": with it, setting who commits failed (exit 129) and reads saw that file alone.
  "GIT_CONFIG",
];

/**
 * Variables that change what a pathspec means. Ours are marked `:(literal)` (gitChanges.ts), which
 * GIT_LITERAL_PATHSPECS would turn into part of the name, and which git refuses next to glob/icase.
 */
const pathspecModes = ["GIT_LITERAL_PATHSPECS", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS"];

/** The locale categories LC_ALL stands for, but messages (glibc's locale(7); LC_ADDRESS… are GNU's). */
const localeCategories = [
  "LC_CTYPE",
  "LC_NUMERIC",
  "LC_TIME",
  "LC_COLLATE",
  "LC_MONETARY",
  "LC_PAPER",
  "LC_NAME",
  "LC_ADDRESS",
  "LC_TELEPHONE",
  "LC_MEASUREMENT",
  "LC_IDENTIFICATION",
];

export interface GitEnvironmentInput {
  /** The backend's environment (the user's, with our token already taken out of it). */
  base: NodeJS.ProcessEnv;
  /** The provider key names the secrets plugin learnt from opencode; null while unknown. */
  providerKeyNames: readonly string[] | null;
  /** The project folder's real path. */
  projectFolder: string;
  /** The user has an ssh command of their own in git's config (core.sshCommand). */
  ownSshCommand: boolean;
}

export function gitEnvironment(input: GitEnvironmentInput): NodeJS.ProcessEnv {
  const env = toolEnvironment(input.base, input.providerKeyNames, [...redirecting, ...pathspecModes, "SSH_ASKPASS"]);
  const has = (name: string) => Object.keys(env).some((n) => n.toUpperCase() === name);
  env.GIT_TERMINAL_PROMPT = "0";
  env.GIT_ASKPASS = "";
  env.SSH_ASKPASS_REQUIRE = "never";
  // git's own messages, whatever the user's language: the sentences are chosen from them. Only the
  // messages: hooks inherit this, and a hook that sorts or reads text keeps the user's locale
  // (review 5, L11). LC_ALL would override LC_MESSAGES, so its value moves to each other category.
  const all = env.LC_ALL;
  if (all !== undefined) {
    delete env.LC_ALL;
    if (all !== "") for (const name of localeCategories) env[name] = all;
  }
  env.LC_MESSAGES = "C";
  env.LANGUAGE = "C";
  if (!input.ownSshCommand && !has("GIT_SSH_COMMAND") && !has("GIT_SSH")) env.GIT_SSH_COMMAND = "ssh -o BatchMode=yes";
  // One absolute path (the variable is a PATH-like list: `;`-separated on Windows, git-scm.com/docs/git).
  const parent = dirname(input.projectFolder);
  if (parent !== input.projectFolder) env.GIT_CEILING_DIRECTORIES = parent;
  return env;
}
