// One subscription to the sidecar's event stream per sidecar generation: opened when a sidecar
// becomes ready, dropped and reopened on every restart. Events become contract `chat` events,
// each tagged with its session; a reply cut off by a crash ends with a session error, so no
// window waits forever for text that will never come. A stream that breaks while its sidecar
// lives is logged with its cause and opened again; an event that cannot be mapped is logged and
// skipped, never taken for the end of the stream.
import type { ChatEvent } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { toChatEvent } from "./mapping.ts";
import { type SidecarHandle, sidecarClient } from "./sidecarClient.ts";

type Listener = (event: ChatEvent) => void;

export interface RelayOptions {
  /** The SDK client of the current sidecar, or null when none runs (tests inject one). */
  clientFor?: (supervisor: SidecarSupervisor) => SidecarHandle | null;
  /** First wait before subscribing again after a broken stream; doubles up to 5 s. */
  retryMs?: number;
}

const maxRetryMs = 5_000;

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
  private readonly offStatus: () => void;

  private readonly clientFor: (supervisor: SidecarSupervisor) => SidecarHandle | null;

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

  /** Resolves once the current sidecar's stream is open, so no event of a prompt is missed. */
  whenSubscribed(timeoutMs = 5_000): Promise<void> {
    return Promise.race([this.subscribed, new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  close(): void {
    this.offStatus();
    this.controller?.abort();
  }

  private emit(event: ChatEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log(`A chat listener failed on ${event.type}: ${describeError(error)}`);
      }
    }
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
    this.subscribed = new Promise((resolve) => {
      this.markSubscribed = resolve;
    });
    if (!handle) return;
    const controller = new AbortController();
    this.controller = controller;
    void this.pump(handle.client, controller);
  }

  private async pump(client: SidecarHandle["client"], controller: AbortController): Promise<void> {
    const { signal } = controller;
    let retryMs = this.options.retryMs ?? 250;
    while (!signal.aborted) {
      try {
        const { stream } = await client.event.subscribe(
          {},
          { signal, sseDefaultRetryDelay: 250, sseMaxRetryDelay: 2_000 },
        );
        for await (const event of stream) {
          if (signal.aborted) return;
          this.markSubscribed();
          retryMs = this.options.retryMs ?? 250;
          this.relay(event);
        }
        if (signal.aborted) return;
        this.log(`OpenCode's event stream ended; subscribing again in ${retryMs} ms.`);
      } catch (error) {
        if (signal.aborted) return; // a restart or stop: the next generation opens its own stream
        this.log(`OpenCode's event stream failed; subscribing again in ${retryMs} ms: ${describeError(error)}`);
      }
      // Prompts wait for the new stream (whenSubscribed), so none of their events is missed.
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

  private relay(event: Parameters<typeof toChatEvent>[0]): void {
    let chat: ChatEvent | null;
    try {
      chat = toChatEvent(event);
    } catch (error) {
      this.log(
        `Skipped an event from OpenCode (${String(event?.type)}) that could not be read: ${describeError(error)}`,
      );
      return;
    }
    if (!chat) return;
    if (chat.type === "session.status") {
      if (chat.status === "idle") this.busySessions.delete(chat.sessionID);
      else this.busySessions.add(chat.sessionID);
    }
    this.emit(chat);
  }

  private endCutReplies(): void {
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
    this.busySessions.clear();
  }
}
