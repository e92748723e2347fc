// The customize tests' folders: a temporary project `.opencode` and global folder per test, a file
// put anywhere in them, and a file's text read back as opencode 1.18.33 reads it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import matter from "gray-matter";
import { afterEach, beforeEach } from "vitest";
import type { CustomFolders } from "./customFiles.ts";

/** A fresh root with `project/.opencode` and `global` for each test, removed after it. */
export function customFolders(): { root: string; folders: CustomFolders } {
  const made = { root: "", folders: { project: [], projectWrite: null, global: "" } as CustomFolders };
  beforeEach(() => {
    made.root = mkdtempSync(join(tmpdir(), "custom files-"));
    const project = join(made.root, "project", ".opencode");
    made.folders = { project: [project], projectWrite: project, global: join(made.root, "global") };
  });
  afterEach(() => rmSync(made.root, { recursive: true, force: true }));
  return made;
}

export function put(path: string, text: string): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** What opencode 1.18.33 makes of a file: gray-matter (js-yaml 3 inside) reads its settings and prompt. */
export function asOpencodeReads(text: string): { data: Record<string, unknown>; body: string } {
  const read = matter(text.replace(/^\uFEFF/, ""));
  return { data: read.data, body: read.content.trim() };
}
