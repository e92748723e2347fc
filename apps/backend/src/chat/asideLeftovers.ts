// Sessions made for a question aside (asidePrompt.ts) that are not deleted yet, kept in the data
// folder. OpenCode stopping mid-question (a restart, a crash), or the backend itself, leaves such
// a session in OpenCode's database: hidden here by its mark, but a chat in OpenCode's own clients.
// Each is deleted the next time OpenCode runs; one OpenCode no longer has is forgotten, one it
// would not delete is kept for the next time (and logged).
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { z } from "zod";
import { KeptList } from "../keptList.ts";
import { withCallSignal } from "./callSignal.ts";
import { sidecarClient } from "./sidecarClient.ts";

const Leftover = z.object({ sessionID: z.string(), directory: z.string(), at: z.number() });
type Leftover = z.infer<typeof Leftover>;

/** What deleting one came to: gone (deleted, or OpenCode no longer has it), or why not. */
export type Deleted = { gone: true } | { gone: false; why: string };

/** More are not made at once: a backend asks one question aside at a time per window. */
const maxKept = 256;

export class AsideLeftovers {
  private readonly kept: KeptList<Leftover>;
  private items: Leftover[];

  constructor(
    file: string,
    private readonly log: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.kept = new KeptList(file, { key: "asides", item: Leftover, max: maxKept, what: "unfinished questions" }, now);
    const { items, problem } = this.kept.load();
    if (problem) log(problem);
    this.items = items;
  }

  /** A session was made for a question: kept until it is deleted. */
  made(sessionID: string, directory: string): void {
    this.items = [...this.items.filter((i) => i.sessionID !== sessionID), { sessionID, directory, at: this.now() }];
    this.items = this.items.slice(-maxKept);
    this.save();
  }

  /** It was deleted. */
  gone(sessionID: string): void {
    const before = this.items.length;
    this.items = this.items.filter((i) => i.sessionID !== sessionID);
    if (this.items.length !== before) this.save();
  }

  /** Deletes every one kept. A question still under way in it fails as it would have: its OpenCode stopped. */
  async sweep(remove: (leftover: Leftover) => Promise<Deleted>): Promise<void> {
    for (const leftover of [...this.items]) {
      const result = await remove(leftover).catch((error: unknown) => ({ gone: false as const, why: String(error) }));
      if (result.gone) this.gone(leftover.sessionID);
      else this.log(`Could not delete a session left by an unfinished question (${result.why}); tried again later.`);
    }
  }

  private save(): void {
    try {
      this.kept.save(this.items);
    } catch (error) {
      this.log(`Could not keep the list of unfinished questions: ${(error as Error).message}`);
    }
  }
}

/** How long deleting one may take. */
const deleteMs = 15_000;

/** Sweeps each time a new OpenCode is running; returns the unsubscribe. */
export function sweepAsideLeftovers(supervisor: SidecarSupervisor, leftovers: AsideLeftovers): () => void {
  let swept: number | null = null;
  /** One sweep at a time: the next starts from what the last one left. */
  let sweeping = Promise.resolve();
  const check = (status: { state: string }) => {
    const generation = status.state === "running" ? (supervisor.connection()?.generation ?? null) : null;
    if (generation === null || generation === swept) return;
    swept = generation;
    const sweep = () =>
      leftovers.sweep(async ({ sessionID, directory }) => {
        const handle = sidecarClient(supervisor, directory);
        if (!handle) return { gone: false, why: "OpenCode is not running" };
        const answer = await withCallSignal(AbortSignal.timeout(deleteMs), () =>
          handle.client.session.delete({ sessionID }),
        );
        if (answer.error === undefined || answer.response?.status === 404) return { gone: true };
        return { gone: false, why: `OpenCode answered ${answer.response?.status}` };
      });
    sweeping = sweeping.then(sweep);
  };
  check(supervisor.status());
  return supervisor.onStatus(check);
}
