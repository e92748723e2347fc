// The environment gh runs with: git's own (git/gitEnvironment.ts: the user's, minus the launch
// token, the sidecar password and provider keys, no prompt, kept to the project folder), plus what
// makes gh itself never wait on a person or print for a terminal (cli.github.com/manual/
// gh_help_environment): GH_PROMPT_DISABLED, no pager, no update or extension notices, no colour,
// no spinner. GH_REPO is dropped, so that the project's own remotes say which repository is meant.
//
// gh runs git in the project itself (cli/cli git/client.go: remote -v, config, symbolic-ref,
// rev-parse, log --cherry, and `status --porcelain` when creating), and the agent can write
// .git/config (review 5/6, S2). Of the reads, only status can start a program the config names:
// core.fsmonitor, and a clean filter for a stat-dirty file. A merge the person asks for with
// "Delete afterwards" also checks out the base and pulls it, which runs the repository's hooks,
// smudge filters, core.sshCommand and credential helpers, as our own branch switch and pull do:
// those are the person's own clicks on their repository, not unasked reads (review 9, L3b). git reads GIT_CONFIG_COUNT /
// GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n as `-c` given on the command line (git-scm.com/docs/
// git-config, ENVIRONMENT; git 2.31), and every git gh starts inherits them: fsmonitor off, and
// each filter driver the repository defines off (the same `-c` list the Files tab's reads use).
// And `log.showSignature` off: with it on, gh's `log --cherry` ran the gpg.program .git/config
// names (review 8; the Files tab's own log passes --no-show-signature for the same reason).

/** gh's environment from git's, with the `-c key=value` pairs every git under gh must obey. */
export function ghEnvironment(gitEnv: NodeJS.ProcessEnv, configOffs: readonly string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(gitEnv).filter(([name]) => name.toUpperCase() !== "GH_REPO"),
  );
  env.GH_PROMPT_DISABLED = "1";
  env.GH_NO_UPDATE_NOTIFIER = "1";
  env.GH_NO_EXTENSION_UPDATE_NOTIFIER = "1";
  env.GH_SPINNER_DISABLED = "1";
  // gh treats "cat" as no pager at all (and pages only to a terminal, which gh never has here).
  env.GH_PAGER = "cat";
  env.NO_COLOR = "1";
  const pairs: string[] = [];
  configOffs.forEach((arg, i) => {
    if (arg === "-c" && i + 1 < configOffs.length) pairs.push(configOffs[i + 1] ?? "");
  });
  pairs.push("log.showSignature=false");
  // The user's own GIT_CONFIG_COUNT entries are kept; ours follow them.
  const own = Number.parseInt(env.GIT_CONFIG_COUNT ?? "0", 10);
  let n = Number.isInteger(own) && own > 0 ? own : 0;
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at < 1) continue;
    env[`GIT_CONFIG_KEY_${n}`] = pair.slice(0, at);
    env[`GIT_CONFIG_VALUE_${n}`] = pair.slice(at + 1);
    n += 1;
  }
  env.GIT_CONFIG_COUNT = String(n);
  return env;
}
