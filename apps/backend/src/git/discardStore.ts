// What a discard took away, kept so that Undo can put it back: the file's bytes and mode (or a
// link's target, or that there was none) and its entry in git's index. Kept in the backend's memory
// and bounded, the oldest forgotten first: a discard is undone in the minutes after it, and the
// bytes are the user's own files (a `.env` among them), which this keeps out of any file of ours.
import { randomUUID } from "node:crypto";
import { maxDiscardsKept } from "@turnkey/contracts";

/** What the working tree held at the path. */
export type KeptTree =
  | { kind: "file"; bytes: Buffer; mode: number }
  | { kind: "link"; target: string }
  | { kind: "none" };

/**
 * A path's entry in git's index (`git ls-files -s`): its mode and blob, `intentToAdd` for a
 * `git add -N` entry; null when the index had none.
 */
export type KeptIndex = { mode: string; blob: string; intentToAdd?: true } | null;

export interface KeptFile {
  /** The project folder's real path: an Undo asked from another project finds nothing. */
  folder: string;
  /** Relative to the folder, `/`-separated, as git status names it. */
  path: string;
  tree: KeptTree;
  index: KeptIndex;
  /** The last commit has the path: the discard left it as committed; else it left nothing. */
  inHead: boolean;
}

const sizeOf = (file: KeptFile) => (file.tree.kind === "file" ? file.tree.bytes.length : 0) + file.path.length;

export class DiscardStore {
  private readonly kept = new Map<string, KeptFile>();
  private bytes = 0;

  constructor(
    /** The most discards kept, and their bytes in all: past either the oldest are forgotten. */
    private readonly maxKept = maxDiscardsKept,
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly newId: () => string = randomUUID,
  ) {}

  keep(file: KeptFile): string {
    const id = this.newId();
    this.kept.set(id, file);
    this.bytes += sizeOf(file);
    // Map keeps insertion order: the first key is the oldest. The newest is always kept (its
    // size is bounded by maxDiscardKeptBytes, below maxBytes).
    for (const [oldest] of this.kept) {
      if (oldest === id || (this.kept.size <= this.maxKept && this.bytes <= this.maxBytes)) break;
      this.forget(oldest);
    }
    return id;
  }

  /** The discard `id` made in `folder`, if it is still kept. */
  find(id: string, folder: string): KeptFile | undefined {
    const file = this.kept.get(id);
    return file?.folder === folder ? file : undefined;
  }

  forget(id: string): void {
    const file = this.kept.get(id);
    if (!file) return;
    this.kept.delete(id);
    this.bytes -= sizeOf(file);
  }

  get size(): { discards: number; bytes: number } {
    return { discards: this.kept.size, bytes: this.bytes };
  }
}
