// One subscription to the sidecar's global event stream per sidecar generation, reopened on every
// restart: `/global/event` carries every folder's events, each tagged with its directory, so one
// stream serves every project. Events become contract `chat` events tagged with their session.
// Permissions and questions feed the waiting list (read again from opencode each time a stream
// opens: waitingReseed.ts), after the chat's allow setting had its say (allowOnItsOwn.ts). A reply
// cut off by a crash ends with a session error, so no window waits for ever. A stream that breaks
// while its sidecar lives is logged with its cause and opened again, and what it missed is read
// back (missedEvents.ts); an event that cannot be mapped is logged and skipped. The stream is read
// over node:http (streamLoopbackEvents), not the SDK's web-stream reader, which cost a third of
// the backend's CPU per chat turn; the events keep the SDK's types.
import type { GlobalEvent, Event as OpencodeEvent } from "@opencode-ai/sdk/v2";
import type { ChatEvent, PermissionRequest } from "@turnkey/contracts";
import { type SidecarSupervisor, streamLoopbackEvents } from "@turnkey/sidecar";
import type { PermissionTaker } from "./allowOnItsOwn.ts";
import { AsideSessions, isAsideSession } from "./asideSessions.ts";
import { withCallSignal } from "./callSignal.ts";
import { HeldRequests } from "./heldRequests.ts";
import { toChatEvent } from "./mapping.ts";
import { MissedEvents } from "./missedEvents.ts";
import { SessionDirectories } from "./sessionDirectories.ts";
import { foldersInUse, type SidecarHandle, sidecarClient } from "./sidecarClient.ts";
import { WaitingRegistry } from "./waiting.ts";
import { pendingInFolder } from "./waitingReseed.ts";

/** `directory` is the session's folder when known (null for a session never seen with one). */
type Listener = (event: ChatEvent, directory: string | null) => void;

export interface RelayOptions {
  /** The SDK client of the current sidecar, or null when none runs (tests inject one). */
  clientFor?: (supervisor: SidecarSupervisor) => Pick<SidecarHandle, "client"> | null;
  /** First wait before subscribing again after a broken stream; doubles up to 5 s. */
  retryMs?: number;
  /** The folders whose pending requests are read when a stream opens (default: those this sidecar serves). */
  folders?: (supervisor: SidecarSupervisor) => string[];
  /** Opens the sidecar's `/global/event` stream (tests inject one); see streamLoopbackEvents. */
  subscribe?: EventSubscription;
  /** How long a read-back after a stream opens may take (default readBackMs). */
  readBackMs?: number;
}

/** Hands each event's data (JSON text) to `onData`; settles as streamLoopbackEvents does. */
export type EventSubscription = (
  connection: { url: string; password: string },
  signal: AbortSignal,
  onData: (data: string) => void,
) => Promise<void>;

/**
 * opencode's `sync` events (half of a chat turn's ~70 events, ~0.7 KB each) repeat other events
 * for its own clients' stores, and no chat event comes of them: they are known without parsing.
 * The first `"payload":{` of the text is the top-level one (the fields before it are strings, in
 * which a quote is escaped); an event whose payload does not start with its type is parsed.
 */
export function isSyncEvent(data: string): boolean {
  const at = data.indexOf('"payload":{');
  return at !== -1 && data.startsWith('"type":"sync"', at + 11);
}

const globalEvents: EventSubscription = (connection, signal, onData) =>
  streamLoopbackEvents(connection, "/global/event", signal, onData);

const maxRetryMs = 5_000;
/** How long a read-back after a break (what was missed, what waits) may take before it gives up. */
export const readBackMs = 30_000;

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export class ChatRelay {
  private readonly listeners = new Set<Listener>();
  private generation: number | null = null;
  private controller: AbortController | null = null;
  private readonly busySessions = new Set<string>();
  private subscribed: Promise<void> = Promise.resolve();
  private markSubscribed: () => void = () => undefined;
  /** The current stream delivered its first event: a prompt need not wait (nor set a timer). */
  private streamOpen = false;
  private readonly offStatus: () => void;
  private readonly activityListeners = new Set<() => void>();
  /** Reads under way of what broken streams missed: each sees what the new stream delivers meanwhile. */
  private readonly catchingUp = new Set<MissedEvents>();
  /** The sessions whose reply the last restart or stop cut off (each was told so). */
  private cutOff = new Set<string>();
  /** Answers the requests a chat allows on its own (allowOnItsOwn.ts); null until wired. */
  allowOnItsOwn: PermissionTaker | null = null;
  private readonly held = new HeldRequests();
  /** Sessions made for a question aside (asideSessions.ts): no window hears of them. */
  readonly asides = new AsideSessions();
  readonly directories = new SessionDirectories();
  readonly waiting = new WaitingRegistry((event) => this.emit(event));
  /** Names a folder's project in relayed sessions; set once projects are known. */
  projectIdOf: (directory: string) => string | null = () => null;

  private readonly clientFor: (supervisor: SidecarSupervisor) => Pick<SidecarHandle, "client"> | null;

  constructor(
    private readonly supervisor: SidecarSupervisor,
    private readonly options: RelayOptions = {},
  ) {
    this.clientFor = options.clientFor ?? sidecarClient;
    this.offStatus = supervisor.onStatus(() => this.follow());
    this.follow();
  }

  /** Sessions with a reply under way: a restart or stop would cut them. */
  replying(): string[] {
    return [...this.busySessions];
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when a session starts or stops replying or waiting (for project summaries). */
  onActivity(listener: () => void): () => void {
    this.activityListeners.add(listener);
    return () => this.activityListeners.delete(listener);
  }

  busyIn(directory: string): string[] {
    return this.directories.sessionsIn(directory, this.busySessions);
  }

  /** Every session waiting for the user, in any folder. */
  waitingSessions(): string[] {
    return this.waiting.sessions();
  }

  waitingIn(directory: string): string[] {
    return this.directories.sessionsIn(directory, this.waiting.sessions());
  }

  /** Resolves once the current sidecar's stream is open, so no event of a prompt is missed. */
  whenSubscribed(timeoutMs = 5_000): Promise<void> {
    if (this.streamOpen) return Promise.resolve();
    return Promise.race([this.subscribed, new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  /** The session was replying, or its reply was the last restart's or stop's to cut: the relay tells of it. */
  toldOfCut(sessionID: string): boolean {
    return this.busySessions.has(sessionID) || this.cutOff.has(sessionID);
  }

  /** A session's failure opencode does not publish itself (a command it refused outright). */
  reportError(sessionID: string, error: { name: string; message: string }): void {
    this.emit({ type: "session.error", sessionID, error });
  }

  close(): void {
    this.offStatus();
    this.controller?.abort();
  }

  private emit(event: ChatEvent): void {
    const directory = this.directories.get(event.sessionID) ?? null;
    for (const listener of this.listeners) {
      try {
        listener(event, directory);
      } catch (error) {
        this.log(`A chat listener failed on ${event.type}: ${describeError(error)}`);
      }
    }
  }

  private activity(): void {
    for (const listener of this.activityListeners) listener();
  }

  private log(message: string): void {
    this.supervisor.logs.push("supervisor", message, Date.now());
  }

  private follow(): void {
    // Same sidecar as before: nothing to do, and no SDK client built for nothing.
    const generation = this.supervisor.connection()?.generation ?? null;
    if (generation === this.generation) return;
    const handle = generation === null ? null : this.clientFor(this.supervisor);
    this.controller?.abort();
    this.controller = null;
    if (this.generation !== null) this.endCutReplies();
    this.generation = generation;
    this.streamOpen = false;
    this.subscribed = new Promise((resolve) => {
      this.markSubscribed = resolve;
    });
    const connection = this.supervisor.connection();
    if (!handle || !connection) return;
    const controller = new AbortController();
    this.controller = controller;
    void this.pump(handle, connection, controller);
  }

  private async pump(
    handle: Pick<SidecarHandle, "client">,
    connection: { url: string; password: string },
    controller: AbortController,
  ): Promise<void> {
    const { signal } = controller;
    const subscribe = this.options.subscribe ?? globalEvents;
    let retryMs = this.options.retryMs ?? 250;
    /** When this sidecar's stream broke, until what it missed is read again (null: nothing missed). */
    let brokeAt: number | null = null;
    while (!signal.aborted) {
      try {
        let opened = false;
        await subscribe(connection, signal, (data) => {
          if (signal.aborted) return;
          if (!opened) {
            opened = true;
            this.streamOpen = true;
            this.markSubscribed();
            void this.reseedWaiting(handle, signal);
            if (brokeAt !== null) void this.catchUp(handle, signal, brokeAt);
            brokeAt = null;
            retryMs = this.options.retryMs ?? 250;
          }
          this.relay(data);
        });
        if (signal.aborted) return;
        this.log(`OpenCode's event stream ended; subscribing again in ${retryMs} ms.`);
      } catch (error) {
        if (signal.aborted) return; // a restart or stop: the next generation opens its own stream
        this.log(`OpenCode's event stream failed; subscribing again in ${retryMs} ms: ${describeError(error)}`);
      }
      // Prompts wait for the new stream (whenSubscribed); what came meanwhile is read once it opens.
      brokeAt ??= Date.now();
      this.streamOpen = false;
      this.subscribed = new Promise((resolve) => {
        this.markSubscribed = resolve;
      });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, retryMs);
        signal.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
      retryMs = Math.min(retryMs * 2, maxRetryMs);
    }
  }

  /** One event of the global stream (JSON): `{directory, payload}`, the payload being an instance's event. */
  private relay(data: string): void {
    if (isSyncEvent(data)) return;
    let global: Partial<GlobalEvent> | undefined;
    let event: OpencodeEvent | undefined;
    let chat: ChatEvent | null;
    try {
      global = JSON.parse(data) as Partial<GlobalEvent>;
      event = global.payload as OpencodeEvent | undefined;
      chat = event ? toChatEvent(event, this.projectIdOf) : null;
    } catch (error) {
      this.log(
        `Skipped an event from OpenCode (${String(event?.type)}) that could not be read: ${describeError(error)}`,
      );
      return;
    }
    // Learnt before anything is told: `session.created`, which carries the mark first, maps to no event.
    if (event) this.learnAside(event);
    if (!chat) return;
    for (const reader of this.catchingUp) reader.seen(chat);
    this.deliver(chat, global.directory);
  }

  /** A session's events carry the mark of one made for a question aside (its first comes before it is asked). */
  private learnAside(event: OpencodeEvent): void {
    if (event.type !== "session.created" && event.type !== "session.updated" && event.type !== "session.deleted")
      return;
    if (isAsideSession(event.properties.info)) this.asides.mark(event.properties.info.id);
  }

  /** A chat event, streamed or read back after a break, to the windows and the relay's own lists. */
  private deliver(chat: ChatEvent, directory: string | undefined): void {
    if (this.asides.has(chat.sessionID)) return;
    // "global" is opencode's name for events of no folder; every session has a real one.
    if (directory && directory !== "global") this.directories.set(chat.sessionID, directory);
    const taker = this.allowOnItsOwn;
    taker?.learn(chat);
    // A request the chat allows on its own is answered before any window hears of it.
    if (chat.type === "permission.asked" && taker?.mayTake()) {
      // Not if it was answered elsewhere meanwhile: its card would stay for ever.
      this.held.hold(chat.sessionID, taker.take(chat), (whyAsked) => {
        if (this.waiting.wasAnswered(chat.permission.id)) return;
        this.tell(whyAsked === null ? chat : { ...chat, permission: { ...chat.permission, whyAsked } });
      });
      return;
    }
    this.tell(chat);
  }

  /** A waiting permission request with a new reason on its card (allowOnItsOwn.ts, after a level changed). */
  explainWaiting(sessionID: string, permission: PermissionRequest): void {
    if (this.waiting.explain(sessionID, permission)) this.activity();
  }

  /** Also the chat's allow setting, from outside the stream (allowOnItsOwn.ts). */
  tell(chat: ChatEvent): void {
    if (chat.type === "session.status" && chat.status === "idle") this.held.ended(chat.sessionID);
    let active = false;
    if (chat.type === "session.status") {
      const busy = chat.status !== "idle";
      active = busy !== this.busySessions.has(chat.sessionID);
      if (busy) this.busySessions.add(chat.sessionID);
      else this.busySessions.delete(chat.sessionID);
    }
    this.emit(chat);
    // A deleted session's folder is forgotten (after its event went to that folder's windows), so
    // a later call for it asks opencode and is refused at once rather than sent on and lost.
    if (chat.type === "session.deleted") this.directories.forget(chat.sessionID);
    if (this.waiting.observe(chat)) active = true;
    if (active) this.activity();
  }

  /**
   * What the windows missed while the stream was broken (missedEvents.ts), delivered once read.
   * Outside any request, so it gets a call signal of its own: its calls end with the stream or
   * after readBackMs, whichever comes first (review 8, L3: a read from an OpenCode that accepted
   * and never answered had not settled after 15 s).
   */
  private async catchUp(handle: Pick<SidecarHandle, "client">, signal: AbortSignal, since: number): Promise<void> {
    const reader = new MissedEvents();
    this.catchingUp.add(reader);
    try {
      const replying = [...this.busySessions].map((sessionID) => ({
        sessionID,
        directory: this.directories.get(sessionID),
      }));
      const folders = (this.options.folders ?? foldersInUse)(this.supervisor);
      const { events, failures } = await withCallSignal(this.readBackSignal(signal), () =>
        reader.read(handle.client, { folders, replying, since }),
      );
      if (signal.aborted) return;
      for (const failure of failures) this.log(`Could not read what OpenCode's event stream missed in ${failure}`);
      for (const { event, directory } of events) this.deliver(event, directory);
    } catch (error) {
      this.log(`Could not read what OpenCode's event stream missed: ${describeError(error)}`);
    } finally {
      this.catchingUp.delete(reader);
    }
  }

  /** The stream's signal, or the read-back's deadline, whichever ends first. */
  private readBackSignal(stream: AbortSignal): AbortSignal {
    return AbortSignal.any([stream, AbortSignal.timeout(this.options.readBackMs ?? readBackMs)]);
  }

  /** What was asked or answered while no stream was open: opencode's own lists, per folder. */
  private async reseedWaiting(handle: Pick<SidecarHandle, "client">, signal: AbortSignal): Promise<void> {
    const known = new Set(this.waiting.requestIds());
    const folders = (this.options.folders ?? foldersInUse)(this.supervisor);
    const now = Date.now();
    const results = await withCallSignal(this.readBackSignal(signal), () =>
      Promise.allSettled(folders.map((folder) => pendingInFolder(handle.client, folder, now))),
    );
    if (signal.aborted) return;
    let changed = false;
    for (const [index, result] of results.entries()) {
      if (result.status === "rejected") {
        this.log(`Could not read what OpenCode waits on in ${folders[index]}: ${describeError(result.reason)}`);
        continue;
      }
      const { directory, pending } = result.value;
      for (const request of pending) this.directories.set(request.sessionID, directory);
      // Only what was listed before this stream opened and belongs to this folder may go: anything
      // newer came from the stream itself.
      const mayDrop = (request: { id: string; sessionID: string }) =>
        known.has(request.id) && this.directories.get(request.sessionID) === directory;
      if (this.waiting.reconcile(pending, mayDrop)) changed = true;
    }
    if (changed) this.activity();
    this.allowOnItsOwn?.sweep(this.waiting.all());
  }

  private endCutReplies(): void {
    this.held.endedAll();
    const state = this.supervisor.status().state;
    for (const sessionID of this.busySessions) {
      this.emit({
        type: "session.error",
        sessionID,
        error: {
          name: "SidecarStopped",
          message: `OpenCode ${state === "stopping" || state === "stopped" ? "was stopped" : "stopped unexpectedly"} while replying, so the reply was cut off. Send the message again once it is running.`,
        },
      });
      this.emit({ type: "session.status", sessionID, status: "idle", attempt: null, message: null });
    }
    const hadActivity = this.busySessions.size > 0 || this.waiting.sessions().length > 0;
    this.cutOff = new Set(this.busySessions);
    this.busySessions.clear();
    this.waiting.clearAll();
    if (hadActivity) this.activity();
  }
}
