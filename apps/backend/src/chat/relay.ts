// One subscription to the sidecar's event stream per sidecar generation: opened when a sidecar
// becomes ready, dropped and reopened on every restart. Events become contract `chat` events,
// each tagged with its session; a reply cut off by a crash ends with a session error, so no
// window waits forever for text that will never come.
import type { ChatEvent } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { toChatEvent } from "./mapping.ts";
import { sidecarClient } from "./sidecarClient.ts";

type Listener = (event: ChatEvent) => void;

export class ChatRelay {
  private readonly listeners = new Set<Listener>();
  private generation: number | null = null;
  private controller: AbortController | null = null;
  private readonly busySessions = new Set<string>();
  private subscribed: Promise<void> = Promise.resolve();
  private markSubscribed: () => void = () => undefined;
  private readonly offStatus: () => void;

  constructor(private readonly supervisor: SidecarSupervisor) {
    this.offStatus = supervisor.onStatus(() => this.follow());
    this.follow();
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
    for (const listener of this.listeners) listener(event);
  }

  private follow(): void {
    const handle = sidecarClient(this.supervisor);
    const generation = handle?.generation ?? null;
    if (generation === this.generation) return;
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

  private async pump(client: NonNullable<ReturnType<typeof sidecarClient>>["client"], controller: AbortController) {
    try {
      const { stream } = await client.event.subscribe(
        {},
        { signal: controller.signal, sseDefaultRetryDelay: 250, sseMaxRetryDelay: 2_000 },
      );
      for await (const event of stream) {
        if (controller.signal.aborted) break;
        this.markSubscribed();
        const chat = toChatEvent(event);
        if (!chat) continue;
        if (chat.type === "session.status") {
          if (chat.status === "idle") this.busySessions.delete(chat.sessionID);
          else this.busySessions.add(chat.sessionID);
        }
        this.emit(chat);
      }
    } catch {
      // Aborted on a restart or stop; the next generation opens its own stream.
    }
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
