// What a broken stream missed, read back: the turn under way at the break and each session's
// status now, for the sessions replying then, replying now, or updated since; and never a copy
// older than what the new stream delivered while the read was under way.
import { describe, expect, it } from "vitest";
import { MissedEvents } from "./missedEvents.ts";

const folder = "/work/project";
const since = 1_000_000;

const user = (id: string, created: number) => ({
  info: {
    id,
    sessionID: "s1",
    role: "user",
    time: { created },
    agent: "build",
    model: { providerID: "p", modelID: "m" },
  },
  parts: [{ id: `${id}-text`, type: "text", text: "run it", sessionID: "s1", messageID: id }],
});
const reply = (id: string, created: number, text: string) => ({
  info: {
    id,
    sessionID: "s1",
    role: "assistant",
    time: { created, completed: created + 1 },
    providerID: "p",
    modelID: "m",
    agent: "build",
    tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
    cost: 0,
  },
  parts: [{ id: `${id}-text`, type: "text", text, sessionID: "s1", messageID: id }],
});

function client(options: { status: Record<string, unknown>; updated: string[] }) {
  const asked: string[] = [];
  return {
    asked,
    session: {
      status: async ({ directory }: { directory: string }) => {
        asked.push(`status ${directory}`);
        return { data: options.status };
      },
      list: async ({ directory, start }: { directory: string; start: number }) => {
        asked.push(`list ${directory} since ${start}`);
        return { data: options.updated.map((id) => ({ id, time: { updated: since + 1 } })) };
      },
      messages: async ({ sessionID, limit }: { sessionID: string; limit: number }) => {
        asked.push(`messages ${sessionID} ${limit}`);
        // An old turn, then the one under way at the break, which ended in the gap.
        return {
          data:
            sessionID === "s1"
              ? [
                  user("m1", 10),
                  reply("m2", 11, "old"),
                  user("m3", since - 60_000),
                  reply("m4", since - 50_000, "done"),
                ]
              : [],
        };
      },
    },
  };
}

describe("MissedEvents", () => {
  it("reads back the turn under way and says a reply that ended in the gap is idle", async () => {
    const fake = client({ status: { s2: { type: "busy" } }, updated: [] });
    const { events, failures } = await new MissedEvents().read(fake as never, {
      folders: [folder],
      replying: [{ sessionID: "s1", directory: folder }],
      since,
    });
    expect(failures).toEqual([]);
    expect(fake.asked).toContain(`list ${folder} since ${since - 5_000}`);
    const summary = events.map(({ event, directory }) => {
      expect(directory).toBe(folder);
      if (event.type === "message.updated") return `message ${event.message.id}`;
      if (event.type === "part.updated") return `part ${event.part.id}`;
      if (event.type === "session.status") return `${event.sessionID} ${event.status}`;
      return event.type;
    });
    // s1: from its last prompt before the break (m3) on, then idle; s2 (busy now): its status.
    expect(summary).toEqual(["message m3", "part m3-text", "message m4", "part m4-text", "s1 idle", "s2 busy"]);
  });

  it("leaves out what the new stream delivered while the read was under way", async () => {
    const fake = client({ status: {}, updated: ["s1"] });
    const missed = new MissedEvents();
    const reading = missed.read(fake as never, { folders: [folder], replying: [], since });
    missed.seen({ type: "text.delta", sessionID: "s1", messageID: "m4", partID: "m4-text", field: "text", delta: "x" });
    missed.seen({ type: "session.status", sessionID: "s1", status: "busy", attempt: null, message: null });
    const { events } = await reading;
    const kinds = events.map(({ event }) => (event.type === "part.updated" ? `part ${event.part.id}` : event.type));
    expect(kinds).toEqual(["message.updated", "part m3-text", "message.updated"]);
  });

  it("says nothing of a question aside's session, busy or updated (asideSessions.ts)", async () => {
    const fake = client({ status: { a1: { type: "busy" } }, updated: [] });
    fake.session.list = async () => ({
      data: [{ id: "a1", metadata: { turnkeyAside: "commit-message" }, time: { updated: since + 1 } }],
    });
    const { events } = await new MissedEvents().read(fake as never, { folders: [folder], replying: [], since });
    expect(events).toEqual([]);
    expect(fake.asked.filter((a) => a.startsWith("messages"))).toEqual([]);
  });

  it("names a folder it could not read, and says nothing of its sessions' status", async () => {
    const fake = client({ status: {}, updated: [] });
    fake.session.status = async () => {
      throw new Error("connect ECONNREFUSED");
    };
    const { events, failures } = await new MissedEvents().read(fake as never, {
      folders: [folder],
      replying: [{ sessionID: "s1", directory: folder }],
      since,
    });
    expect(failures).toEqual([`${folder}: connect ECONNREFUSED`]);
    // Its replying session's turn is still read back; whether it still replies is unknown.
    expect(events.map(({ event }) => event.type)).toEqual([
      "message.updated",
      "part.updated",
      "message.updated",
      "part.updated",
    ]);
  });
});
