// What a project's own files suggest as actions before the user has saved any: its package.json
// scripts, written for the package manager its lock file names (`pnpm dev`, not `npm run dev`, in
// a pnpm project). Only read, never run: a suggestion becomes a button when the user adds it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ActionSuggestion } from "@turnkey/contracts";
import { readRegularFile } from "../files/regularFile.ts";

/** A package.json larger than this is not read (the scripts of a real one fit in a few kB). */
const maxPackageBytes = 1_000_000;
const maxSuggestions = 12;

/** npm's install and publish steps: run by the package manager itself, never by hand. */
const lifecycleScripts = new Set([
  "preinstall",
  "install",
  "postinstall",
  "prepublish",
  "preprepare",
  "prepare",
  "postprepare",
  "prepublishOnly",
  "prepack",
  "postpack",
  "publish",
  "postpublish",
  "preversion",
  "version",
  "postversion",
  "dependencies",
]);

/** A script name that needs no quoting in any shell (`test:unit`, `build.web`, `@scope/x`). */
const plainName = /^[\w:.@/-]{1,40}$/;

type Runner = "npm" | "pnpm" | "yarn" | "bun";

/** The package manager a project's lock file names; npm when there is none. */
export function packageManagerOf(folder: string, exists: (path: string) => boolean = existsSync): Runner {
  if (exists(join(folder, "pnpm-lock.yaml"))) return "pnpm";
  if (exists(join(folder, "yarn.lock"))) return "yarn";
  if (exists(join(folder, "bun.lock")) || exists(join(folder, "bun.lockb"))) return "bun";
  return "npm";
}

/** The command that runs a script: `npm test` and `npm start` as npm users type them. */
export function scriptCommand(runner: Runner, script: string): string {
  if (runner === "npm" && (script === "test" || script === "start")) return `npm ${script}`;
  return `${runner} run ${script}`;
}

/** The scripts of the folder's package.json as suggestions, or why they could not be read. */
export function scriptSuggestions(folder: string): { suggestions: ActionSuggestion[]; problem: string | null } {
  let scripts: unknown;
  try {
    // Only a regular file, opened without waiting: a package.json made a named pipe froze every
    // window once (review 26, M2).
    const bytes = readRegularFile(join(folder, "package.json"), maxPackageBytes);
    if (bytes === null) return { suggestions: [], problem: null };
    if (bytes === "not a file") throw new Error("it is not a file of at most 1 MB");
    scripts = (JSON.parse(bytes.toString("utf8")) as { scripts?: unknown } | null)?.scripts;
  } catch (error) {
    return {
      suggestions: [],
      problem: `The project's package.json could not be read (${(error as Error).message}), so its scripts are not suggested.`,
    };
  }
  if (!scripts || typeof scripts !== "object") return { suggestions: [], problem: null };
  const named = Object.entries(scripts).filter(
    (entry): entry is [string, string] =>
      typeof entry[1] === "string" && plainName.test(entry[0]) && !lifecycleScripts.has(entry[0]),
  );
  const names = named.map(([name]) => name);
  const runner = packageManagerOf(folder);
  return {
    suggestions: named
      // `pretest` runs with `test` by itself; suggest only the script it belongs to.
      .filter(([name]) => !/^(pre|post)./.test(name) || !names.includes(name.replace(/^(pre|post)/, "")))
      .slice(0, maxSuggestions)
      .map(([name, script]) => ({
        name,
        command: scriptCommand(runner, name),
        from: "package.json",
        script: script.length > 200 ? `${script.slice(0, 199)}…` : script,
      })),
    problem: null,
  };
}
