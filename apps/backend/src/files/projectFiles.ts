// The file panel's reads through opencode's file API (a folder's entries, a file's text), always in
// the session's own project folder and only after containment.ts has said the path stays inside
// it. (Its git status is git's own: git/gitChanges.ts.)
import {
  type FileContentResponse,
  type FileTreeQuery,
  type FileTreeResponse,
  maxFolderEntries,
  maxViewedFileBytes,
} from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { SidecarUnavailableError, sidecarClient, unwrap } from "../chat/sidecarClient.ts";
import type { SessionDirectory } from "../chat/workbenchService.ts";
import { containedPath, PathRefusedError, privatePathTest } from "./containment.ts";
import { folderPage } from "./folderPage.ts";

export class ProjectFiles {
  constructor(
    private readonly supervisor: SidecarSupervisor,
    private readonly directoryOf: SessionDirectory,
    /** Folders never shown even inside a project: the backend's data folder. */
    private readonly privateFolders: string[],
    /** Most entries one listing sends (maxFolderEntries; lowered by tests). */
    private readonly entryCap = maxFolderEntries,
  ) {}

  private async scope(sessionID: string) {
    const handle = sidecarClient(this.supervisor);
    if (!handle) throw new SidecarUnavailableError(this.supervisor.status());
    // "work": a folder that is gone has no files to show; that answers with the folder's sentence.
    const directory = await this.directoryOf(sessionID, "work");
    if (!directory) throw new PathRefusedError(404, "not_found", "This chat has no project folder to show.");
    return { client: handle.client, directory };
  }

  /**
   * A page of one folder's entries, folders first, then by name, entryCap at most (a build folder
   * of 50,000 files was 4.3 MB, drawn whole): those after `after`, whose name holds `filter`
   * (folderPage.ts); the data folder is left out.
   */
  async list(sessionID: string, path: string, page: Omit<FileTreeQuery, "path"> = {}): Promise<FileTreeResponse> {
    const { client, directory } = await this.scope(sessionID);
    const target = await containedPath(directory, path, this.privateFolders);
    if (!target.isDirectory)
      throw new PathRefusedError(400, "invalid_path", `${target.relative} is a file, not a folder.`);
    const nodes = unwrap(
      await client.file.list({ path: target.relative || ".", directory }),
      "Listing the project's folder",
    );
    const isPrivate = await privatePathTest(directory, this.privateFolders);
    // git's own store is not the project's files (VS Code's files.exclude and the text search
    // leave it out too); it is worked with through the Files tab's git sections.
    const entries = nodes
      .filter((n) => n.name !== ".git" && !isPrivate(n.absolute))
      .map((n) => ({
        name: n.name,
        path: n.path.replace(/\/+$/, ""),
        type: n.type,
        ignored: n.ignored,
      }));
    return { path: target.relative, ...folderPage(entries, { ...page, size: this.entryCap }) };
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
}
