// The allow level each listed project gives its chats that follow it (allowOnItsOwn.ts), kept by
// folder in the data folder (private, written whole, an unreadable file moved aside and named). Only
// a listed folder's level is used or kept: a project that leaves the list (removed, or pushed off
// it by the fifty-first) forgets its level at once, even when the file cannot be written then, and a
// level the file still holds for a folder no longer listed is dropped when it is read (review 31,
// H1, M1).
import type { AllowLevel } from "@turnkey/contracts";
import { messageOf } from "@turnkey/contracts";
import { z } from "zod";
import { changeOrRestore, KeptList } from "../keptList.ts";

/** A project's level, by its folder as OpenCode names the sessions' (a project with none asks). */
const KeptProjectLevel = z.object({ folder: z.string(), level: z.enum(["edits", "everything"]), since: z.number() });
type KeptProjectLevel = z.infer<typeof KeptProjectLevel>;
/** Folders that keep a level: ten times the projects listed at once. */
const maxProjects = 500;

export class ProjectLevels {
  private readonly levels = new Map<string, KeptProjectLevel>();
  private readonly kept: KeptList<KeptProjectLevel>;

  constructor(
    private readonly deps: {
      file: string;
      /** Whether a folder is a listed project now. */
      isListed: (folder: string) => boolean;
      log: (message: string) => void;
      now: () => number;
    },
  ) {
    this.kept = new KeptList(
      deps.file,
      { key: "projects", item: KeptProjectLevel, max: maxProjects, what: "projects' allow settings" },
      deps.now,
    );
    const { items, problem } = this.kept.load();
    if (problem) deps.log(problem);
    for (const item of items) if (deps.isListed(item.folder)) this.levels.set(item.folder, item);
    if (this.levels.size < items.length) this.trySave("forget the levels of projects no longer listed");
  }

  /** Whether some project allows anything. */
  any(): boolean {
    return this.levels.size > 0;
  }

  /** A listed project's level; a folder that is not listed (any more) asks. */
  level(folder: string | null): AllowLevel {
    if (folder === null || !this.deps.isListed(folder)) return "ask";
    return this.levels.get(folder)?.level ?? "ask";
  }

  /** Saves a project's level; when it cannot be saved, nothing changed and the error goes on. */
  set(folder: string, level: AllowLevel): void {
    changeOrRestore(this.levels, () => {
      if (level === "ask") this.levels.delete(folder);
      else this.levels.set(folder, { folder, level, since: this.deps.now() });
      if (this.levels.size > maxProjects) {
        const oldest = [...this.levels.values()].reduce((a, b) => (b.since < a.since ? b : a)).folder;
        this.levels.delete(oldest);
        this.deps.log(`Kept allow settings for ${maxProjects} projects: the oldest one's (${oldest}) asks again.`);
      }
      this.save();
    });
  }

  /** Forgotten in memory whatever becomes of the file: a removed project never answers again. */
  forget(folder: string): void {
    if (this.levels.delete(folder)) this.trySave("forget the allow setting of a removed project");
  }

  private trySave(what: string): void {
    try {
      this.save();
    } catch (error) {
      this.deps.log(`Could not ${what}: ${messageOf(error)}`);
    }
  }

  private save(): void {
    this.kept.save([...this.levels.values()].sort((a, b) => a.since - b.since));
  }
}
