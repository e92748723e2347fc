// One change at a time per key, the second refused rather than queued: a person who clicks twice
// (a push still running, an MCP save still being judged) is told to wait, and nothing runs twice.
// Refused, not queued, because the second change was decided on what the screen showed before the
// first one changed it. Used by git's actions (per project folder) and the MCP config saves.

export class OneAtATime<Key> {
  private readonly busy = new Set<Key>();

  /** `refusal` is what a change asked for while another runs under the same key is told. */
  constructor(private readonly refusal: () => Error) {}

  /** `refusal`: what this caller is told instead, when the key names something else than its own work. */
  async run<T>(key: Key, work: () => Promise<T>, refusal = this.refusal): Promise<T> {
    if (this.busy.has(key)) throw refusal();
    this.busy.add(key);
    try {
      return await work();
    } finally {
      this.busy.delete(key);
    }
  }
}
