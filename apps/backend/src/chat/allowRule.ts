// Which permission requests a chat's allow level (contracts' allow.ts) answers without asking.
// OpenCode, with its default settings, asks for three things only: a file outside the project,
// a `.env` file, and the same call made again and again (checked against `GET /agent` of 1.18.33).
// "Allow everything" in OpenCode's own app answers all of them. Here a request that names a place
// holding secrets still asks whatever the level: its contents would go to the model's provider,
// and once read they are in the chat for good. The places: files whose name says so (`.env`,
// keys, credentials), the home folder's credential folders (`~/.ssh`, `~/.aws`, …), OpenCode's
// own data and config (its `auth.json` holds the provider keys) and this app's data folder, and
// any glob over a folder that holds one of those ("/home/ann/*"). A shell command's words are
// read the same way. It screens what a request names; it is no sandbox (a script can still read
// what it likes), which is why the levels' names say "without asking" and not "safely".
import { homedir } from "node:os";
import type { AllowLevel, PermissionRequest } from "@turnkey/contracts";

/** The folders whose contents are secret, beside the names below. */
export interface SecretPlaces {
  /** This app's data folder, OpenCode's data and config folders. */
  folders: string[];
  /** The user's home folder: its credential folders are secret, and a glob over it covers them. */
  home: string;
  /** Windows compares paths without case (and takes `\` for `/`). */
  platform: NodeJS.Platform;
}

/** A file name that says it holds secrets: `.env` and its variants (not the examples), keys, credentials. */
const secretName =
  /^(?:\.env|.*\.env|\.env\..*|.*\.env\..*|.*\.(?:pem|key|p12|pfx|keystore|jks)|id_(?:rsa|dsa|ecdsa|ed25519)(?:\..*)?|\.netrc|_netrc|\.npmrc|\.pypirc|\.git-credentials|\.htpasswd|credentials(?:\.json)?|auth\.json|secrets?\.(?:json|ya?ml|toml))$/i;
/** Variants of `.env` that are templates, written to be read. */
const templateEnv = /\.env(?:\..*)?\.(?:example|sample|template|dist|defaults)$/i;
/** Folders under the home folder that hold credentials. */
const credentialFolders = [".ssh", ".aws", ".gnupg", ".kube", ".docker", ".azure", ".config/gcloud", ".password-store"];

function normalized(path: string, platform: NodeJS.Platform): string {
  const slashed = platform === "win32" ? path.replaceAll("\\", "/") : path;
  const trimmed = slashed.replace(/\/+$/, "");
  return platform === "win32" ? trimmed.toLowerCase() : trimmed;
}

/** The folders a request must not reach without asking, normalized. */
function secretFolders(places: SecretPlaces): string[] {
  const home = normalized(places.home, places.platform);
  return [
    ...places.folders.map((folder) => normalized(folder, places.platform)),
    ...credentialFolders.map((folder) => `${home}/${folder}`),
  ];
}

/** One path or glob: a secret file's name, a credential folder, a secret folder, or a glob over one. */
function pathIsSecret(raw: string, places: SecretPlaces, folders: string[]): boolean {
  const home = normalized(places.home, places.platform);
  const path = normalized(raw.replace(/^~(?=\/|\\|$)/, home).replace(/^\$HOME(?=\/|\\|$)/, home), places.platform);
  const segments = path.split("/");
  if (segments.some((s) => secretName.test(s) && !templateEnv.test(s))) return true;
  if (segments.some((s) => credentialFolders.includes(s))) return true;
  const glob = path.search(/[*?[{]/);
  if (glob === -1) return folders.some((folder) => path === folder || path.startsWith(`${folder}/`));
  // A glob reaches every folder under the one its fixed part names ("/home/ann/*" reaches ~/.ssh);
  // a relative one ("src/*.ts") stays in the project, which none of these folders is.
  const over = path.slice(0, path.lastIndexOf("/", glob) + 1);
  return folders.some((folder) => path.startsWith(`${folder}/`) || (over !== "" && `${folder}/`.startsWith(over)));
}

/** The words of a shell command that could be paths (split on blanks, quotes and operators). */
function words(command: string): string[] {
  return command.split(/[\s"'`;|&<>()=]+/).filter((word) => word !== "");
}

/** Whether any pattern of the request names a place holding secrets. */
export function namesSecrets(permission: Pick<PermissionRequest, "permission" | "patterns">, places: SecretPlaces) {
  const folders = secretFolders(places);
  const candidates = permission.permission === "bash" ? permission.patterns.flatMap(words) : permission.patterns;
  return candidates.some((pattern) => pathIsSecret(pattern, places, folders));
}

/** Whether the level answers this request without asking. */
export function allowsOnItsOwn(
  level: AllowLevel,
  permission: Pick<PermissionRequest, "permission" | "patterns">,
  places: SecretPlaces,
): boolean {
  if (level === "ask") return false;
  if (level === "edits" && permission.permission !== "edit") return false;
  return !namesSecrets(permission, places);
}

/** The places of this machine: the home folder from the OS. */
export function secretPlacesHere(folders: string[]): SecretPlaces {
  return { folders, home: homedir(), platform: process.platform };
}
