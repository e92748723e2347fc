// The projects the user opened, recent first, kept in settings.json (paths and times only, never
// secrets). A project's id is derived from its path, so the same folder is always the same
// project, across restarts and whichever window added it.
import path from "node:path";
import type { Project } from "@turnkey/contracts";
import type { SettingsFile } from "@turnkey/sidecar";
import { v5 as uuidv5 } from "uuid";
import { z } from "zod";
import type { BackendSettings } from "../profile.ts";
import { checkFolder, type FolderFs } from "./folderPath.ts";
import { gitBranch } from "./gitBranch.ts";
import { folderExists } from "./workFolder.ts";

export const SavedProject = z.object({ path: z.string(), addedAt: z.number(), openedAt: z.number() });
export type SavedProject = z.infer<typeof SavedProject>;
export const SavedProjects = z.array(SavedProject).default([]);

/** Our namespace for project ids; fixed forever, or every project gets a new id. */
const projectNamespace = "b7e0f3c2-5d1a-4f0e-9a63-2c8e7d4b1f90";
/** The list is for recent work, not an archive: the oldest fall off. */
export const maxProjects = 50;
/** Lists are asked for on every relayed session change; a project's branch is read at most this often. */
const branchTtlMs = 2_000;

/** Ids already derived: asked for on every relayed session event, and a UUID v5 is a SHA-1. */
const knownIds = new Map<string, string>();

export function projectId(folder: string): string {
  let id = knownIds.get(folder);
  if (id === undefined) {
    if (knownIds.size >= 4 * maxProjects) knownIds.clear(); // folders come and go; stay small
    id = uuidv5(folder, projectNamespace);
    knownIds.set(folder, id);
  }
  return id;
}

/**
 * What a project is called in menus: its folder's name, and for a worktree the Files tab made
 * (`<parent>/<repo>.worktrees/<branch>`, git/gitWorktree.ts) the repository's name too ("app ·
 * feature-login"): a bare "feature-login" in the picker would not say which repository it is of.
 */
export function projectName(folder: string): string {
  const name = path.basename(folder) || folder;
  const parent = path.basename(path.dirname(folder));
  return parent.endsWith(".worktrees") && parent !== ".worktrees"
    ? `${parent.slice(0, -".worktrees".length)} · ${name}`
    : name;
}

export interface ProjectActivity {
  busy(directory: string): string[];
  waiting(directory: string): string[];
}

type ProjectSettings = SettingsFile<typeof BackendSettings>;

export type AddResult = { ok: true; project: Project; created: boolean } | { ok: false; message: string };

export class ProjectStore {
  private readonly listeners = new Set<(projects: Project[]) => void>();
  private readonly forgottenListeners = new Set<(folder: string) => void>();
  private notifyQueued = false;

  private activity: ProjectActivity | null = null;
  private readonly branches = new Map<string, { branch: string | null; at: number }>();

  constructor(
    private readonly settings: ProjectSettings,
    private readonly options: { now?: () => number; platform?: NodeJS.Platform; fs?: FolderFs } = {},
  ) {}

  /** Where busy and waiting sessions come from (the chat relay, created after the store). */
  setActivity(activity: ProjectActivity): void {
    this.activity = activity;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private saved(): SavedProject[] {
    return [...this.settings.get().projects].sort((a, b) => b.openedAt - a.openedAt);
  }

  list(): Project[] {
    return this.saved().map((p) => this.describe(p));
  }

  byId(id: string): Project | null {
    const saved = this.saved().find((p) => projectId(p.path) === id);
    return saved ? this.describe(saved) : null;
  }

  byDirectory(directory: string): Project | null {
    const saved = this.saved().find((p) => p.path === directory);
    return saved ? this.describe(saved) : null;
  }

  /** The id of the listed project at `directory`, or null; unlike byDirectory, touches no file. */
  idOf(directory: string): string | null {
    return this.settings.get().projects.some((p) => p.path === directory) ? projectId(directory) : null;
  }

  /** The project a request without one means: the one used last. */
  mostRecent(): Project | null {
    const [first] = this.saved();
    return first ? this.describe(first) : null;
  }

  /** Adds a folder (or, when listed already, makes it the most recent). Nothing is saved on error. */
  async add(input: string): Promise<AddResult> {
    const checked = await checkFolder(input, {
      ...(this.options.platform ? { platform: this.options.platform } : {}),
      ...(this.options.fs ? { fs: this.options.fs } : {}),
    });
    if (!checked.ok) return checked;
    const now = this.now();
    const existing = this.settings.get().projects.find((p) => p.path === checked.path);
    const others = this.settings.get().projects.filter((p) => p.path !== checked.path);
    const entry = existing ? { ...existing, openedAt: now } : { path: checked.path, addedAt: now, openedAt: now };
    const all = [entry, ...others.sort((a, b) => b.openedAt - a.openedAt)];
    const kept = all.slice(0, maxProjects);
    this.settings.update({ projects: kept });
    for (const dropped of all.slice(maxProjects)) this.forgotten(dropped.path);
    this.changed();
    return { ok: true, project: this.describe(entry), created: !existing };
  }

  /** Forgets a project; touches no file. */
  remove(id: string): boolean {
    const projects = this.settings.get().projects;
    const kept = projects.filter((p) => projectId(p.path) !== id);
    if (kept.length === projects.length) return false;
    const gone = projects.filter((p) => projectId(p.path) === id);
    for (const p of gone) this.branches.delete(p.path);
    this.settings.update({ projects: kept });
    for (const p of gone) this.forgotten(p.path);
    this.changed();
    return true;
  }

  /** Marks a project as just used (a session opened or created in it). */
  touch(id: string): void {
    const projects = this.settings.get().projects;
    const found = projects.find((p) => projectId(p.path) === id);
    if (!found) return;
    // Already the one used last: the order, all a person sees of it, stays as it is. Each message
    // sent touches its project, and rewriting settings.json then only cost the turn time.
    if (projects.every((p) => p === found || p.openedAt < found.openedAt)) return;
    this.settings.update({
      projects: projects.map((p) => (p === found ? { ...p, openedAt: Math.max(this.now(), p.openedAt + 1) } : p)),
    });
    this.changed();
  }

  /** Listeners share one computed list per change. */
  /** A folder left the list (removed, or the oldest past the most kept): what was kept for it goes too. */
  onForgotten(listener: (folder: string) => void): () => void {
    this.forgottenListeners.add(listener);
    return () => this.forgottenListeners.delete(listener);
  }

  private forgotten(folder: string): void {
    for (const listener of this.forgottenListeners) listener(folder);
  }

  onChange(listener: (projects: Project[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A branch changed by the Files tab (a switch): every project's read again now rather than after
   * the cache's 2 s (the folder as git runs in it may be a saved path's real one), and every window
   * told, so the branch under the message box is the one checked out.
   */
  branchMoved(): void {
    this.branches.clear();
    this.changed();
  }

  /** Something a project shows changed (the list, or a session busy or waiting): tell listeners once. */
  changed(): void {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      if (this.listeners.size === 0) return;
      const projects = this.list();
      for (const listener of this.listeners) listener(projects);
    });
  }

  private branchOf(folder: string): string | null {
    const now = this.now();
    const cached = this.branches.get(folder);
    if (cached && now - cached.at >= 0 && now - cached.at < branchTtlMs) return cached.branch;
    const branch = gitBranch(folder);
    this.branches.set(folder, { branch, at: now });
    return branch;
  }

  private describe(saved: SavedProject): Project {
    const exists = folderExists(saved.path);
    return {
      id: projectId(saved.path),
      path: saved.path,
      name: projectName(saved.path),
      addedAt: saved.addedAt,
      openedAt: saved.openedAt,
      exists,
      branch: exists ? this.branchOf(saved.path) : null,
      busySessions: this.activity?.busy(saved.path) ?? [],
      waitingSessions: this.activity?.waiting(saved.path) ?? [],
    };
  }
}
