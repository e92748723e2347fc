// What each chat's level answered on its own (allowOnItsOwn.ts), newest last, kept in the data
// folder (allow-answered.json) so the record outlives a restart: a goal or a scheduled task that
// worked through the night is still accounted for after the app updated or restarted. It is
// written after a quiet moment rather than on every answer (a chat at "Allow all but secrets" can
// be answered many times a second), and at once when the backend closes. Only the chats answered
// most recently are kept. A record that cannot be written is said in the log and kept in memory:
// it is an account of what happened, and never decides anything.
import { AllowedOnItsOwn, allowedKept, messageOf } from "@turnkey/contracts";
import { z } from "zod";
import { KeptList } from "../keptList.ts";

const Answered = z.object({ chatID: z.string(), answers: z.array(AllowedOnItsOwn).max(allowedKept) });
type Answered = z.infer<typeof Answered>;

/** Chats whose record is kept: the ones answered most recently. */
export const recordedChats = 500;
/** How long after the last answer the file is written. */
const quietMs = 2_000;

export interface AnsweredRecordDeps {
  file: string;
  log: (message: string) => void;
  now?: () => number;
  /** Injected in tests: runs `write` after `ms`, returns how to cancel it. */
  later?: (write: () => void, ms: number) => () => void;
}

export class AnsweredRecord {
  /** By chat, in the order they were last answered (a Map keeps insertion order). */
  private readonly chats = new Map<string, AllowedOnItsOwn[]>();
  private readonly kept: KeptList<Answered>;
  private readonly later: NonNullable<AnsweredRecordDeps["later"]>;
  private pending: (() => void) | null = null;

  constructor(private readonly deps: AnsweredRecordDeps) {
    this.kept = new KeptList(
      deps.file,
      { key: "chats", item: Answered, max: recordedChats, what: "answers given without asking" },
      deps.now,
    );
    this.later =
      deps.later ??
      ((write, ms) => {
        const timer = setTimeout(write, ms);
        timer.unref();
        return () => clearTimeout(timer);
      });
    const loaded = this.kept.load();
    if (loaded.problem) deps.log(loaded.problem);
    for (const { chatID, answers } of loaded.items) this.chats.set(chatID, answers);
  }

  of(chatID: string): AllowedOnItsOwn[] {
    return this.chats.get(chatID) ?? [];
  }

  /** Adds an answer to the chat's record (the last `allowedKept` are kept). */
  add(chatID: string, answer: AllowedOnItsOwn): void {
    const answers = [...this.of(chatID), answer].slice(-allowedKept);
    this.chats.delete(chatID);
    this.chats.set(chatID, answers);
    for (const oldest of this.chats.keys()) {
      if (this.chats.size <= recordedChats) break;
      this.chats.delete(oldest);
    }
    this.writeSoon();
  }

  /** A deleted chat's record goes with it. */
  forget(chatID: string): void {
    if (this.chats.delete(chatID)) this.writeSoon();
  }

  /** Writes what waits to be written now (the backend closes). */
  flush(): void {
    if (!this.pending) return;
    this.pending();
    this.pending = null;
    this.write();
  }

  private writeSoon(): void {
    if (this.pending) return;
    this.pending = this.later(() => {
      this.pending = null;
      this.write();
    }, quietMs);
  }

  private write(): void {
    try {
      this.kept.save([...this.chats].map(([chatID, answers]) => ({ chatID, answers })));
    } catch (error) {
      this.deps.log(`Could not keep the record of answers given without asking: ${messageOf(error)}`);
    }
  }
}
