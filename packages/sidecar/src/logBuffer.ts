// The sidecar's recent output for the status window and bug reports: the last lines in memory,
// plus size-capped rotating files under <dataDir>/logs that survive a crash of the backend.
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { LogLine, LogStream } from "@turnkey/contracts";
import { privateDirMode, privateFileMode } from "./privateFiles.ts";
import type { Redactor } from "./redact.ts";

export interface LogFileOptions {
  dir: string;
  fileName?: string;
  maxBytes?: number;
  keepFiles?: number;
}

export class RotatingLogFile {
  private readonly path: string;
  private readonly maxBytes: number;
  private readonly keepFiles: number;
  private size: number;

  constructor(options: LogFileOptions) {
    mkdirSync(options.dir, { recursive: true, mode: privateDirMode });
    this.path = join(options.dir, options.fileName ?? "sidecar.log");
    this.maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
    this.keepFiles = options.keepFiles ?? 3;
    this.size = fileSize(this.path);
  }

  /** Synchronous on purpose: the lines that matter most are the ones written just before a crash. */
  write(entry: { at: number; stream: string; line: string }): void {
    const text = `${new Date(entry.at).toISOString()} [${entry.stream}] ${entry.line}\n`;
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    try {
      appendFileSync(this.path, text, { mode: privateFileMode });
      this.size += bytes;
    } catch {
      // A full disk or a locked file must not take the supervisor down; the ring buffer still has it.
    }
  }

  private rotate(): void {
    try {
      rmSync(`${this.path}.${this.keepFiles - 1}`, { force: true });
      for (let i = this.keepFiles - 2; i >= 1; i--) {
        if (fileSize(`${this.path}.${i}`) > 0) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      }
      renameSync(this.path, `${this.path}.1`);
    } catch {
      // Rotation is best effort; keep appending to the current file.
    }
    this.size = fileSize(this.path);
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export class LogBuffer {
  private readonly lines: LogLine[] = [];
  private readonly listeners = new Set<(line: LogLine) => void>();
  private alsoMask: (text: string) => string = (text) => text;

  constructor(
    private readonly redactor: Redactor,
    private readonly capacity = 1000,
    private readonly file: RotatingLogFile | null = null,
  ) {}

  /**
   * Masks more than the passwords this buffer's redactor learns: the backend's launch token and
   * provider keys (its outward redactor), so that a line that quotes one (an error's stack) is
   * masked in the log files too, which a tool the agent runs can read (security review 18, L2).
   */
  maskWith(mask: (text: string) => string): void {
    this.alsoMask = mask;
  }

  push(stream: LogStream, text: string, at: number): void {
    const entry: LogLine = { at, stream, line: this.alsoMask(this.redactor.redact(text)) };
    this.lines.push(entry);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
    this.file?.write(entry);
    for (const listener of this.listeners) listener(entry);
  }

  tail(limit = this.capacity): LogLine[] {
    return this.lines.slice(-Math.max(0, limit));
  }

  subscribe(listener: (line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
