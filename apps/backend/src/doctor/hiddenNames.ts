// The doctor's "hidden_names" check: which environment variables the secrets plugin hides from
// every tool OpenCode runs, and why, with a way to start the learnt list afresh. The plugin learns
// the provider key names from OpenCode into a file any tool can write (providerKeyNames.ts), so a
// name a tool added, or a provider's variable a tool needs, shows here, and "Learn again" clears
// the list and lets OpenCode's next start learn it anew.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  apiKeyName,
  type DoctorCheck,
  hiddenFromTools,
  keyNameFromFile,
  ordinaryVariableName,
  secretName,
} from "@turnkey/contracts";
import { hiddenEnvFileName } from "../providerSecrets.ts";
import { secretsPluginDir } from "../secretsPlugin.ts";

const title = "Variables hidden from tools";

/**
 * The names the plugin learnt, as its file holds them, less those that do not look like a key's
 * in `env` (keyNameFromFile: any tool can write the file); null when it has not written one.
 */
export function learntKeyNames(dataDir: string, env: Record<string, string | undefined>): string[] | null {
  try {
    const file = JSON.parse(readFileSync(join(secretsPluginDir(dataDir), hiddenEnvFileName), "utf8")) as {
      names?: unknown;
    };
    if (!Array.isArray(file.names)) return null;
    return file.names.filter((name): name is string => typeof name === "string" && keyNameFromFile(name, env[name]));
  } catch {
    return null;
  }
}

/** Clears the learnt list: OpenCode's next start learns it again from its providers alone. */
export function forgetKeyNames(dataDir: string): void {
  rmSync(join(secretsPluginDir(dataDir), hiddenEnvFileName), { force: true });
}

const listed = (names: readonly string[]) => names.join(", ");

/** The user's variables (set, not ordinary ones) the check may name; any case (POSIX allows lower). */
function setNames(env: Record<string, string | undefined>): string[] {
  return Object.keys(env)
    .filter((name) => env[name] !== undefined && !ordinaryVariableName(name))
    .sort();
}

/**
 * Every name of the user's own the check's sentences may hold, in any case: the diagnostics bundle
 * masks exactly these (a regex of name shapes missed `acme_db_password` and `BigcorpVpnToken`,
 * review 6 S1). Our own names (hiddenFromTools) say nothing about the user and are left out.
 */
export function userNamesTheCheckMayList(dataDir: string, env: Record<string, string | undefined>): string[] {
  const learnt = learntKeyNames(dataDir, env) ?? [];
  return setNames(env).filter(
    (name) =>
      !(hiddenFromTools as readonly string[]).includes(name) &&
      (secretName(name) || apiKeyName(name) || learnt.includes(name)),
  );
}

/** `env`: the environment OpenCode starts with, whose variables its tools would inherit. */
export function hiddenNamesCheck(dataDir: string, env: Record<string, string | undefined>): DoctorCheck {
  const set = setNames(env);
  const learnt = learntKeyNames(dataDir, env);
  const sentences = [
    `${listed(hiddenFromTools)}: always, as with them a tool could drive OpenCode or act as you on its console.`,
  ];
  if (learnt === null) {
    const guessed = set.filter(secretName);
    sentences.push(
      `OpenCode's provider key names are not learnt yet (they are at its first start with a project open), so every variable whose name looks like a secret is hidden: ${guessed.length > 0 ? `${listed(guessed)}.` : "none is set here."}`,
    );
  } else {
    const learntSet = set.filter((name) => learnt.includes(name));
    sentences.push(
      `OpenCode names ${learnt.length} variables as its providers' keys; ${learntSet.length > 0 ? `of those, ${listed(learntSet)} ${learntSet.length === 1 ? "is" : "are"} set here and hidden.` : "none of them is set here."}`,
    );
    const byName = set.filter((name) => apiKeyName(name) && !learnt.includes(name));
    if (byName.length > 0) sentences.push(`Hidden too, as their names say they are API keys: ${listed(byName)}.`);
  }
  sentences.push(
    "If a tool needs one of these that is not a key, press Learn again: the list is cleared and OpenCode restarts and learns it again from its providers.",
  );
  return { id: "hidden_names", result: "ok", title, detail: sentences.join(" "), action: "relearn_key_names" };
}
