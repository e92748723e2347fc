// What one /api/events subscriber has not been sent yet, and when it is dropped. A subscriber that
// stops reading is dropped (its client reconnects and gets a fresh status); one that reads gets
// everything, however fast it comes. Who stopped reading is told by the socket's progress over
// time, not by the size of a burst: opencode may send a fast reply's events all at once when it
// ends (12.8 MB of 40,000 deltas within a second, measured), and a first rule on bytes alone ("this
// turn's chunk plus what is unsent passes 1 MiB") dropped every window, reading or not, so they
// missed the rest of the reply (a window got 402 of 40,000 deltas).
//
// Frames wait here as the strings every subscriber shares (events.ts serializes each event once)
// and go out in writes of up to 64 KiB, at most maxInFlightBytes handed to the socket and not yet
// taken: a copy per subscriber exists only for what is in flight. A subscriber is dropped when its
// socket has held a full in-flight window for stallMs without taking anything while more than
// maxUnsentBytes waits, or at once past maxQueuedBytes (a reader slower than the events for good).

/** Where a subscriber's frames go: hono's SSE stream over Node's response. */
export interface SubscriberSink {
  /** Settles once the response took the chunk (not once the peer read it). */
  write(chunk: string): Promise<unknown>;
  /** What Node's response still holds, unsent. */
  writableLength(): number;
  /** Called when the response's buffer drained (the socket took it): progress. */
  onDrain(listener: () => void): () => void;
  /** Ends the stream and closes the socket, which frees what it held. */
  close(): void;
}

export interface SubscriberLimits {
  maxUnsentBytes: number;
  maxInFlightBytes: number;
  maxQueuedBytes: number;
  stallMs: number;
}

export const defaultSubscriberLimits: SubscriberLimits = {
  maxUnsentBytes: 1024 * 1024,
  maxInFlightBytes: 256 * 1024,
  maxQueuedBytes: 32 * 1024 * 1024,
  stallMs: 1_000,
};

const writeBytes = 64 * 1024;

export class SubscriberQueue {
  private readonly queue: string[] = [];
  private queuedBytes = 0;
  private inFlight = 0;
  /** Since when the socket has held a full window without taking anything (null: it is taking). */
  private stalledSince: number | null = null;
  private flushing = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly offDrain: () => void;
  dropped = false;

  constructor(
    private readonly sink: SubscriberSink,
    private readonly limits: SubscriberLimits = defaultSubscriberLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.offDrain = sink.onDrain(() => this.progressed());
  }

  push(frame: string): void {
    if (this.dropped) return;
    this.queue.push(frame);
    this.queuedBytes += frame.length;
    if (this.queuedBytes > this.limits.maxQueuedBytes || this.stalledTooLong()) this.drop();
    else this.schedule();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.offDrain();
  }

  private held(): number {
    return this.inFlight + this.sink.writableLength();
  }

  /** Notes whether the socket holds a full window, and says whether that has lasted too long. */
  private stalledTooLong(): boolean {
    const held = this.held();
    if (held < this.limits.maxInFlightBytes) {
      this.stalledSince = null;
      return false;
    }
    this.stalledSince ??= this.now();
    return (
      this.now() - this.stalledSince >= this.limits.stallMs && this.queuedBytes + held > this.limits.maxUnsentBytes
    );
  }

  private progressed(): void {
    this.stalledSince = null;
    if (this.queue.length > 0) this.schedule();
  }

  private schedule(): void {
    if (this.flushing || this.dropped) return;
    this.flushing = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = false;
    if (this.dropped) return;
    if (this.stalledTooLong()) {
      this.drop();
      return;
    }
    while (this.queue.length > 0 && this.held() < this.limits.maxInFlightBytes) {
      let length = 0;
      let count = 0;
      while (count < this.queue.length && length < writeBytes) length += (this.queue[count++] as string).length;
      const chunk = this.queue.splice(0, count).join("");
      this.queuedBytes -= chunk.length;
      this.inFlight += chunk.length;
      void this.sink.write(chunk).then(
        () => {
          this.inFlight -= chunk.length;
          this.progressed();
        },
        () => undefined,
      );
    }
    // The end of a burst brings no further event: look again later, and write what the socket
    // takes by then (a single large frame can fill the window with nothing left to settle).
    if (this.queue.length > 0) {
      if (this.stalledTooLong()) this.drop();
      else this.lookLater();
    }
  }

  private lookLater(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      if (this.dropped) return;
      if (this.stalledTooLong()) this.drop();
      else if (this.queue.length > 0) {
        this.schedule();
        this.lookLater();
      }
    }, this.limits.stallMs);
  }

  private drop(): void {
    this.dropped = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.dispose();
    this.sink.close();
  }
}
