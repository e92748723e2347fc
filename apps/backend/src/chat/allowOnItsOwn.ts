// Each chat's allow level (contracts' allow.ts), kept in the data folder, and the answers it
// gives. The backend owns it, not a window: a scheduled task or a goal works while no window is
// open, and every window shows the same setting. The relay hands each `permission.asked` here
// before a window or the waiting list hears of it (no card flashes, no notification); what the
// chat's level covers (allowRule.ts) is answered "once" and recorded, anything else, or an answer
// OpenCode refused, goes on to the windows as before. A subagent's request follows the chat that
// started it (its chain of parents, read from the relayed sessions or asked of OpenCode).
// A project has a level too (kept by folder): its chats follow it unless one was set to a level of
// its own, "Ask first" included, so one chat can stay careful in a project that allows more.
// Turning a level on answers what already waits, as if it had just been asked. What a chat with a
// level still asks carries the reason on its card (allowRule.ts's whyItAsks), so nobody wonders
// why "Allow all but secrets" asked.
import {
  type AllowChoice,
  AllowLevel,
  type AllowSetting,
  type ChatEvent,
  messageOf,
  type PendingRequest,
  type PermissionRequest,
  type ProjectAllowSetting,
  whyAskedMax,
} from "@turnkey/contracts";
import { z } from "zod";
import { changeOrRestore, KeptList } from "../keptList.ts";
import { type SecretPlaces, whyItAsks } from "./allowRule.ts";
import { AnsweredRecord, type AnsweredRecordDeps } from "./answeredRecord.ts";
import { ProjectLevels } from "./projectLevels.ts";

/** What became of a request: answered on its own, or left to the user (with why, when the chat has a level). */
export type Decision = { taken: true } | { taken: false; whyAsked: string | null };
const taken: Decision = { taken: true };
const asked = (whyAsked: string | null): Decision => ({
  taken: false,
  whyAsked: whyAsked !== null && whyAsked.length > whyAskedMax ? `${whyAsked.slice(0, whyAskedMax - 2)}…)` : whyAsked,
});
/** The request as OpenCode asked it, without a reason a card gave it. */
function asOpencodeAsked(permission: PermissionRequest): PermissionRequest {
  const { whyAsked: _reason, ...asked } = permission;
  return asked;
}

/** What the relay needs of it. */
export interface PermissionTaker {
  /** Learns parents from sessions and forgets deleted chats. */
  learn(event: ChatEvent): void;
  /** Whether any chat or project allows anything: when none does, requests go straight on. */
  mayTake(): boolean;
  /** Answers the request when its chat's level covers it, else says why the user is asked. Never rejects. */
  take(request: { sessionID: string; permission: PermissionRequest }): Promise<Decision>;
  /** Answers what waits already (after a level is raised, or the waiting list was read again). */
  sweep(pending: PendingRequest[]): void;
}

export interface AllowDeps {
  /** Where the chats' levels are kept. */
  file: string;
  /** Where the projects' levels are kept, by folder. */
  projectsFile: string;
  /** Where the record of what each chat's level answered is kept (answeredRecord.ts). */
  answeredFile: string;
  /** Injected in tests: when the record is written after a quiet moment (answeredRecord.ts). */
  later?: AnsweredRecordDeps["later"];
  /** Answers a request "once" in OpenCode, within a deadline. */
  reply(sessionID: string, requestID: string): Promise<void>;
  /** A session's parent (null for a chat), asked of OpenCode within a deadline. */
  parentOf(sessionID: string): Promise<string | null>;
  /** Tells the chat's windows of its setting. */
  tell(sessionID: string, setting: AllowSetting): void;
  /** A request that waits gets a new reason on its card (a level changed); no `whyAsked` clears it. */
  explain(sessionID: string, permission: PermissionRequest): void;
  places: () => SecretPlaces;
  /** The session's folder, when known: OpenCode's relative patterns are read from it, and its project's level is found by it. */
  folderOf(sessionID: string): string | null;
  /** Whether a folder is a listed project now: only a listed one's level is used (review 31, H1). */
  isListed(folder: string): boolean;
  /** Chats that keep a level of their own, at most (tests make it small). */
  maxChats?: number;
  log(message: string): void;
  now?: () => number;
}

/** A chat's own level; "ask" too, which keeps a chat asking in a project that allows more. Its folder, when known, says what letting it go would give it. */
const KeptLevel = z.object({
  sessionID: z.string(),
  level: AllowLevel,
  since: z.number(),
  folder: z.string().optional(),
});
type KeptLevel = z.infer<typeof KeptLevel>;
/** Chats that keep a level (a scheduled run's chat is one); past it, the oldest whose letting go allows no more. */
const maxChats = 5_000;
const rank: Record<AllowLevel, number> = { ask: 0, edits: 1, everything: 2 };
/** Parents remembered (a subagent's chain is walked once, then known). */
const maxParents = 5_000;
/** A chain deeper than this is taken for a loop, and asks. */
const maxDepth = 16;
/** Requests answered or being answered, so the event and a sweep never answer one twice. */
const maxTaken = 1_000;

/** The level a session's request meets: its chat's own, or the project's its chat follows. */
interface InForce {
  chatID: string;
  level: AllowLevel;
}

export class AllowOnItsOwn implements PermissionTaker {
  private readonly levels = new Map<string, KeptLevel>();
  private readonly projects: ProjectLevels;
  private readonly answered: AnsweredRecord;
  private readonly parents = new Map<string, string | null>();
  private readonly taken = new Set<string>();
  private readonly projectListeners = new Set<(folder: string, level: AllowLevel) => void>();
  private readonly kept: KeptList<KeptLevel>;
  private readonly now: () => number;
  private readonly maxChats: number;

  constructor(private readonly deps: AllowDeps) {
    this.now = deps.now ?? Date.now;
    this.maxChats = deps.maxChats ?? maxChats;
    this.kept = new KeptList(
      deps.file,
      { key: "chats", item: KeptLevel, max: this.maxChats, what: "allow settings" },
      this.now,
    );
    this.projects = new ProjectLevels({
      file: deps.projectsFile,
      isListed: deps.isListed,
      log: deps.log,
      now: this.now,
    });
    this.answered = new AnsweredRecord({
      file: deps.answeredFile,
      log: deps.log,
      now: this.now,
      ...(deps.later ? { later: deps.later } : {}),
    });
    const chats = this.kept.load();
    if (chats.problem) deps.log(chats.problem);
    for (const item of chats.items) this.levels.set(item.sessionID, item);
  }

  mayTake(): boolean {
    return this.projects.any() || this.chatsAllow();
  }

  private chatsAllow(): boolean {
    for (const kept of this.levels.values()) if (kept.level !== "ask") return true;
    return false;
  }

  setting(sessionID: string): AllowSetting {
    const own = this.levels.get(sessionID)?.level;
    const projectLevel = this.projectLevel(this.deps.folderOf(sessionID));
    return {
      level: own ?? projectLevel,
      choice: own ?? "project",
      projectLevel,
      allowed: this.answered.of(sessionID),
    };
  }

  /** The level a project's folder gives its chats that follow it. */
  projectSetting(folder: string): ProjectAllowSetting {
    return { level: this.projectLevel(folder) };
  }

  /** Saves the chat's choice (before answering anything), tells its windows, then answers what waits. */
  set(sessionID: string, choice: AllowChoice, pending: PendingRequest[]): AllowSetting {
    changeOrRestore(this.levels, () => {
      if (choice === "project") this.levels.delete(sessionID);
      else {
        const folder = this.deps.folderOf(sessionID);
        this.levels.set(sessionID, { sessionID, level: choice, since: this.now(), ...(folder ? { folder } : {}) });
      }
      if (this.levels.size > this.maxChats) this.letOneGo(sessionID);
      this.save();
    });
    const setting = this.setting(sessionID);
    this.deps.tell(sessionID, setting);
    this.sweep(pending);
    return setting;
  }

  /**
   * Saves a project's level (before answering anything), tells every window (a chat not made yet
   * follows it too) and the windows of its chats (`chats`: the sessions known in the folder), then
   * answers what waits. A chat with a level of its own is told as well: the project's level is part
   * of its setting, shown in its picker and in the reason on its cards.
   */
  setProject(folder: string, level: AllowLevel, chats: string[], pending: PendingRequest[]): ProjectAllowSetting {
    this.projects.set(folder, level);
    for (const listener of this.projectListeners) listener(folder, level);
    // A subagent's setting is its chat's, not the project's: only the chats are told (review 31, L1).
    for (const sessionID of chats) if (!this.parents.get(sessionID)) this.deps.tell(sessionID, this.setting(sessionID));
    this.sweep(pending);
    return this.projectSetting(folder);
  }

  /** Hears each project level set, by folder (the event stream tells every window). */
  onProjectLevel(listener: (folder: string, level: AllowLevel) => void): () => void {
    this.projectListeners.add(listener);
    return () => this.projectListeners.delete(listener);
  }

  /** A project taken off the list (removed, or fallen off it) takes its level with it (projectLevels.ts). */
  forgetProject(folder: string): void {
    this.projects.forget(folder);
  }

  /** The backend closes: the record of answers is written now rather than after its quiet moment. */
  close(): void {
    this.answered.flush();
  }

  /**
   * Past the cap, the oldest chat's setting whose letting go allows no more than it does (its
   * project's level is not above its own) goes; none such: the change is refused, never a chat
   * silently given more (review 31, M3).
   */
  private letOneGo(keep: string): void {
    const candidates = [...this.levels.values()]
      .filter((kept) => kept.sessionID !== keep)
      // A setting of an unknown folder (kept before folders were) may be under any project's level.
      .filter((kept) => rank[kept.folder ? this.projectLevel(kept.folder) : "everything"] <= rank[kept.level])
      .sort((a, b) => a.since - b.since);
    const gone = candidates[0];
    if (!gone)
      throw new Error(
        `${this.maxChats.toLocaleString("en")} chats keep a setting of their own that asks more than their project; delete old chats to set another.`,
      );
    this.levels.delete(gone.sessionID);
    this.deps.log(
      `Kept allow settings for ${this.maxChats} chats: the oldest one's (${gone.sessionID}) follows its project again.`,
    );
  }

  learn(event: ChatEvent): void {
    if (event.type === "session.updated") this.remember(event.sessionID, event.session.parentID ?? null);
    if (event.type !== "session.deleted") return;
    this.answered.forget(event.sessionID);
    if (!this.levels.delete(event.sessionID)) return;
    try {
      this.save();
    } catch (error) {
      this.deps.log(`Could not forget the allow setting of a deleted chat: ${messageOf(error)}`);
    }
  }

  async take(request: { sessionID: string; permission: PermissionRequest }): Promise<Decision> {
    // No chat allows anything and the folder's project (when known) asks: no chain to walk (review 31, L7).
    const folder = this.deps.folderOf(request.sessionID);
    const projectAsks = !this.projects.any() || (folder !== null && this.projectLevel(folder) === "ask");
    if (projectAsks && !this.chatsAllow()) return asked(null);
    try {
      return await this.answer(request);
    } catch (error) {
      // Whatever went wrong (the places could not be read), the user is asked: never a request held for ever.
      const message = messageOf(error);
      this.deps.log(`Could not tell whether a request may go ahead (${message}); it is asked.`);
      return asked(`Whether it may go ahead on its own could not be told (${message}).`);
    }
  }

  private async answer(request: { sessionID: string; permission: PermissionRequest }): Promise<Decision> {
    const { permission } = request;
    if (this.taken.has(permission.id)) return taken;
    const chat = await this.inForce(request.sessionID);
    if (typeof chat === "string") return asked(chat);
    if (!chat) return asked(null);
    const folder = this.deps.folderOf(request.sessionID);
    if (chat.level === "ask") return asked(this.whyAskingDespiteProject(chat.chatID, permission, folder));
    const why = whyItAsks(chat.level, permission, this.deps.places(), folder);
    if (why !== null) return asked(why);
    if (this.taken.has(permission.id)) return taken; // a sweep answered it meanwhile
    this.mark(permission.id);
    try {
      await this.deps.reply(request.sessionID, permission.id);
    } catch (error) {
      this.taken.delete(permission.id);
      const message = messageOf(error);
      this.deps.log(
        `Could not answer a ${permission.permission} request on its own (${message}); it is asked of the user.`,
      );
      return asked(`Answering it on its own failed (${message}).`);
    }
    // Recorded as OpenCode asked it: a reason a card had before the level changed is no longer true.
    this.answered.add(chat.chatID, {
      at: this.now(),
      sessionID: request.sessionID,
      permission: asOpencodeAsked(permission),
    });
    this.deps.tell(chat.chatID, this.setting(chat.chatID));
    return taken;
  }

  /** Answers what the levels now cover; what still waits gets its reason, or loses one that no longer holds. */
  sweep(pending: PendingRequest[]): void {
    for (const request of pending) {
      if (request.kind !== "permission" || this.taken.has(request.id)) continue;
      if (!this.mayTake()) this.explain(request, null);
      else
        void this.take(request).then((decision) => {
          if (!decision.taken) this.explain(request, decision.whyAsked);
        });
    }
  }

  private explain(request: PendingRequest & { kind: "permission" }, whyAsked: string | null): void {
    if ((whyAsked ?? undefined) === request.permission.whyAsked) return;
    const permission = asOpencodeAsked(request.permission);
    this.deps.explain(request.sessionID, whyAsked === null ? permission : { ...permission, whyAsked });
  }

  /**
   * The nearest level up the chain: a session's own, else the project's its chat follows; null
   * when neither allows anything; the card's reason when the chain could not be read (a subagent
   * whose chat may have a level).
   */
  private async inForce(sessionID: string): Promise<InForce | string | null> {
    let id = sessionID;
    for (let depth = 0; depth < maxDepth; depth += 1) {
      const kept = this.levels.get(id);
      if (kept) return { chatID: id, level: kept.level };
      const parent = await this.parentOf(id);
      if (typeof parent === "object" && parent !== null) return parent.whyAsked;
      if (parent === null) {
        // A subagent runs in its chat's folder: the chat's own may not be known yet.
        const level = this.projectLevel(this.deps.folderOf(id) ?? this.deps.folderOf(sessionID));
        return level === "ask" ? null : { chatID: id, level };
      }
      id = parent;
    }
    return null;
  }

  private projectLevel(folder: string | null): AllowLevel {
    return this.projects.level(folder);
  }

  /** A chat set to ask first says so when its project would have let this request go ahead (review 31, L5). */
  private whyAskingDespiteProject(chatID: string, permission: PermissionRequest, folder: string | null): string | null {
    const project = this.projectLevel(this.deps.folderOf(chatID) ?? folder);
    if (project === "ask" || whyItAsks(project, permission, this.deps.places(), folder) !== null) return null;
    const what = project === "edits" ? "edits" : "all but secrets";
    return `This chat is set to ask first, though its project lets its chats go ahead with ${what}.`;
  }

  private async parentOf(sessionID: string): Promise<string | null | { whyAsked: string }> {
    const known = this.parents.get(sessionID);
    if (known !== undefined) return known;
    try {
      const parent = await this.deps.parentOf(sessionID);
      this.remember(sessionID, parent);
      return parent;
    } catch (error) {
      const message = messageOf(error);
      this.deps.log(`Could not tell which chat a session belongs to (${message}); its request asks.`);
      return { whyAsked: `Which chat it belongs to could not be read (${message}), so no chat's setting applied.` };
    }
  }

  private remember(sessionID: string, parent: string | null): void {
    this.parents.delete(sessionID);
    this.parents.set(sessionID, parent);
    if (this.parents.size > maxParents) this.parents.delete(this.parents.keys().next().value as string);
  }

  private mark(requestID: string): void {
    this.taken.add(requestID);
    if (this.taken.size > maxTaken) this.taken.delete(this.taken.values().next().value as string);
  }

  private save(): void {
    this.kept.save([...this.levels.values()].sort((a, b) => a.since - b.since));
  }
}
