// The tasks run with several models, kept in localStorage: each run's chat lists the others
// (they are in other projects, one per worktree, so no chat list shows them together), and a
// launch cut by a reload or a closed window can be taken up again where it stopped.
import { useSyncExternalStore } from "react";
import type { Run, RunGroup } from "./multiRun.ts";

const storageKey = "turnkey.run-groups";
/** The newest are kept; an older task's chats and branches stay, only their grouping is forgotten. */
export const maxGroups = 30;

const listeners = new Set<() => void>();
/** What this window holds while storage refuses it (full or disabled): nothing started is forgotten meanwhile. */
let memory: RunGroup[] | null = null;
let snapshot: { raw: string | null; groups: RunGroup[] } = { raw: null, groups: [] };

const isRun = (r: unknown): r is Run =>
  typeof r === "object" &&
  r !== null &&
  typeof (r as Run).label === "string" &&
  typeof (r as Run).state === "string" &&
  typeof (r as Run).model?.providerID === "string" &&
  typeof (r as Run).model?.modelID === "string";

const isGroup = (g: unknown): g is RunGroup =>
  typeof g === "object" &&
  g !== null &&
  typeof (g as RunGroup).id === "string" &&
  typeof (g as RunGroup).title === "string" &&
  typeof (g as RunGroup).prompt === "string" &&
  typeof (g as RunGroup).from?.sessionId === "string" &&
  Array.isArray((g as RunGroup).runs) &&
  (g as RunGroup).runs.every(isRun);

function read(): RunGroup[] {
  if (memory) return memory;
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
    groups = Array.isArray(parsed) ? parsed.filter(isGroup) : [];
  } catch {
    // written by something else: read as empty, overwritten at the next save
  }
  snapshot = { raw, groups };
  return groups;
}

function write(groups: RunGroup[]): void {
  const kept = groups.slice(0, maxGroups);
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

/** The task a chat is one run of, or null. */
export function groupOf(sessionId: string, groups: readonly RunGroup[] = read()): RunGroup | null {
  return groups.find((g) => g.runs.some((r) => r.sessionId === sessionId)) ?? null;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === storageKey || e.key === null) listener();
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
