// The file panel's reads through opencode's file API (a folder's entries, a file's text) and its
// git status (opencode's vcs diff), always in the session's own project folder and only after
// containment.ts has said the path stays inside it.
import {
  type FileContentResponse,
  type FileTreeResponse,
  type GitStatusResponse,
  maxGitPatchChars,
  maxViewedFileBytes,
} from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { SidecarUnavailableError, sidecarClient, unwrap } from "../chat/sidecarClient.ts";
import type { SessionDirectory } from "../chat/workbenchService.ts";
import { containedPath, PathRefusedError, privatePathTest } from "./containment.ts";

export class ProjectFiles {
  constructor(
    private readonly supervisor: SidecarSupervisor,
    private readonly directoryOf: SessionDirectory,
    /** Folders never shown even inside a project: the backend's data folder. */
    private readonly privateFolders: string[],
  ) {}

  private async scope(sessionID: string) {
    const handle = sidecarClient(this.supervisor);
    if (!handle) throw new SidecarUnavailableError(this.supervisor.status());
    // "work": a folder that is gone has no files to show; that answers with the folder's sentence.
    const directory = await this.directoryOf(sessionID, "work");
    if (!directory) throw new PathRefusedError(404, "not_found", "This chat has no project folder to show.");
    return { client: handle.client, directory };
  }

  /** One folder's entries, folders first, then by name; the data folder is left out. */
  async list(sessionID: string, path: string): Promise<FileTreeResponse> {
    const { client, directory } = await this.scope(sessionID);
    const target = await containedPath(directory, path, this.privateFolders);
    if (!target.isDirectory)
      throw new PathRefusedError(400, "invalid_path", `${target.relative} is a file, not a folder.`);
    const nodes = unwrap(
      await client.file.list({ path: target.relative || ".", directory }),
      "Listing the project's folder",
    );
    const isPrivate = await privatePathTest(directory, this.privateFolders);
    const entries = nodes
      .filter((n) => !isPrivate(n.absolute))
      .map((n) => ({
        name: n.name,
        path: n.path.replace(/\/+$/, ""),
        type: n.type,
        ignored: n.ignored,
      }))
      .sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type === "directory" ? -1 : 1));
    return { path: target.relative, entries };
  }

  /** A file's text; a binary file or one over maxViewedFileBytes comes without content, named as such. */
  async read(sessionID: string, path: string): Promise<FileContentResponse> {
    const { client, directory } = await this.scope(sessionID);
    const target = await containedPath(directory, path, this.privateFolders);
    if (target.isDirectory)
      throw new PathRefusedError(400, "invalid_path", `${target.relative} is a folder, not a file.`);
    const base = { path: target.relative, size: target.sizeBytes };
    if (target.sizeBytes > maxViewedFileBytes) return { ...base, kind: "too_large", content: null };
    const file = unwrap(await client.file.read({ path: target.relative, directory }), "Reading the file");
    return file.type === "binary"
      ? { ...base, kind: "binary", content: null }
      : { ...base, kind: "text", content: file.content };
  }

  /**
   * Uncommitted changes against HEAD (empty outside git); a patch past maxGitPatchChars comes as null.
   * A repository that holds the data folder (a home folder kept in git) would list its files with
   * their contents: they are dropped as list and read leave them out.
   */
  async gitStatus(sessionID: string): Promise<GitStatusResponse> {
    const { client, directory } = await this.scope(sessionID);
    const diffs = unwrap(await client.vcs.diff({ mode: "git", directory }), "Reading the project's git status");
    const isPrivate = await privatePathTest(directory, this.privateFolders);
    return {
      files: diffs
        .filter((d) => !isPrivate(d.file))
        .map((d) => ({
          path: d.file,
          status: d.status ?? "modified",
          additions: d.additions,
          deletions: d.deletions,
          patch: d.patch && d.patch.length <= maxGitPatchChars ? d.patch : null,
        })),
    };
  }
}
