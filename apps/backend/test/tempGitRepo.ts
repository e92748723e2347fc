// Real git repositories in temp folders for the Files tab's git tests (discard, history, stashes):
// a folder removed once the test ends, git with a test author, a ProjectGit working there, and how
// a refused call is read. One copy, so the tests set up git the same way.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import { ProjectGit } from "../src/git/projectGit.ts";

/** git in `cwd` with a test author (and `env` added, e.g. fixed dates). */
export const gitIn =
  (cwd: string, env: () => NodeJS.ProcessEnv = () => ({})) =>
  (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, ...env() },
    });

/** A ProjectGit whose chats work in `project` (or the folder it names for a chat), the backend's data folder at `privateFolder`. */
export const projectGitIn = (project: string | ((sessionID: string) => string), privateFolder: string) =>
  new ProjectGit({
    folderOf: async (sessionID) => (typeof project === "string" ? project : project(sessionID)),
    privateFolders: [privateFolder],
    providerKeyNames: () => [],
    localDeadlineMs: 20_000,
  });

/**
 * A temp folder (removed after the test) holding `project`, an empty repository on `main`; the
 * backend's data folder is `root/data` unless said.
 */
export function tempRepo(prefix: string) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const project = join(root, "project");
  mkdirSync(project);
  gitIn(project)("init", "-q", "-b", "main");
  return { root, project, projectGit: projectGitIn(project, join(root, "data")) };
}

/** The error a call was refused with (a test fails if it was not). */
export const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: { httpStatus?: number; code?: string; message: string }) => error,
  );

/**
 * A stand-in for gpg that signs whatever it is given with a PGP-looking block, as commit.gpgSign
 * runs it: its path, `/`-separated (git for Windows runs it through its sh).
 */
export function standInSigner(root: string): string {
  const signer = join(root, "signer.sh");
  writeFileSync(
    signer,
    '#!/bin/sh\ncat >/dev/null\necho "[GNUPG:] SIG_CREATED " >&2\nprintf -- "-----BEGIN PGP SIGNATURE-----\\n\\nAAAA\\n-----END PGP SIGNATURE-----\\n"\n',
  );
  chmodSync(signer, 0o755);
  return signer.replaceAll("\\", "/");
}
