// The tasks run with several models, kept in localStorage: each run's chat lists the others
// (they are in other projects, one per worktree, so no chat list shows them together), and a
// launch cut by a reload or a closed window can be taken up again where it stopped.
import { useSyncExternalStore } from "react";
import type { Run, RunGroup, RunState } from "./multiRun.ts";

const storageKey = "turnkey.run-groups";
/** The newest are kept; an older task's chats and branches stay, only their grouping is forgotten. */
const maxGroups = 30;

const listeners = new Set<() => void>();
/** What this window holds while storage refuses it (full or disabled): nothing started is forgotten meanwhile. */
let memory: RunGroup[] | null = null;
let snapshot: { raw: string | null; groups: RunGroup[] } = { raw: null, groups: [] };

const states: readonly string[] = ["waiting", "worktree", "chat", "sending", "sent", "failed"] satisfies RunState[];
const optional = (value: unknown, type: "string") => value === undefined || typeof value === type;

const isRun = (r: unknown): r is Run => {
  if (typeof r !== "object" || r === null) return false;
  const run = r as Run;
  return (
    typeof run.label === "string" &&
    states.includes(run.state) &&
    typeof run.model?.providerID === "string" &&
    typeof run.model?.modelID === "string" &&
    (run.branch === null || typeof run.branch === "string") &&
    optional(run.path, "string") &&
    optional(run.sessionId, "string") &&
    (run.projectId === undefined || run.projectId === null || typeof run.projectId === "string") &&
    optional(run.error, "string") &&
    optional(run.owner, "string")
  );
};

const isGroup = (g: unknown): g is RunGroup => {
  if (typeof g !== "object" || g === null) return false;
  const group = g as RunGroup;
  return (
    typeof group.id === "string" &&
    typeof group.title === "string" &&
    typeof group.prompt === "string" &&
    typeof group.from?.sessionId === "string" &&
    typeof group.from?.directory === "string" &&
    (group.agent === undefined || group.agent === null || typeof group.agent === "string") &&
    Array.isArray(group.runs) &&
    group.runs.every(isRun)
  );
};

function read(): RunGroup[] {
  return memory ?? readStored();
}

function readStored(): RunGroup[] {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(storageKey);
  } catch {
    // disabled: nothing kept
  }
  if (raw === snapshot.raw) return snapshot.groups;
  let groups: RunGroup[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    groups = Array.isArray(parsed) ? parsed.filter(isGroup).map((g) => ({ ...g, agent: g.agent ?? null })) : [];
  } catch {
    // written by something else: read as empty, overwritten at the next save
  }
  snapshot = { raw, groups };
  return groups;
}

/** A task holds its prompt (up to 200,000 characters): the oldest go first past this, so drafts and comments keep room. */
export const maxStoredChars = 1_000_000;

function write(groups: RunGroup[]): void {
  const kept = groups.slice(0, maxGroups);
  while (kept.length > 1 && JSON.stringify(kept).length > maxStoredChars) kept.pop();
  try {
    localStorage.setItem(storageKey, JSON.stringify(kept));
    memory = null;
  } catch {
    memory = kept;
  }
  for (const listener of listeners) listener();
}

/** Saves a task's runs as they stand, newest first. */
export function saveGroup(group: RunGroup): void {
  write([group, ...read().filter((g) => g.id !== group.id)]);
}

/** Saves one run's progress into its task as stored now (another run of it may have moved meanwhile). */
export function saveRun(groupId: string, index: number, run: Run): void {
  const group = read().find((g) => g.id === groupId);
  if (!group) return;
  saveGroup({ ...group, runs: group.runs.map((r, i) => (i === index ? run : r)) });
}

export function loadGroups(): RunGroup[] {
  return read();
}

/** The tasks a chat is one run of, or was started from, newest first. */
export function groupsOf(sessionId: string, groups: readonly RunGroup[] = read()): RunGroup[] {
  return groups.filter((g) => g.from.sessionId === sessionId || g.runs.some((r) => r.sessionId === sessionId));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key !== storageKey && e.key !== null) return;
    // Another window wrote the tasks: what it stored, and what only this window holds besides.
    if (memory) {
      const stored = readStored();
      memory = [...stored, ...memory.filter((held) => !stored.some((g) => g.id === held.id))];
    }
    listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** Every task, kept current with this window's launches and another window's. */
export function useRunGroups(): RunGroup[] {
  return useSyncExternalStore(subscribe, read);
}
