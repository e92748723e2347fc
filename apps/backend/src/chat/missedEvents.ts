// What a broken event stream cost, read back from opencode. While the relay's stream from opencode
// was down and opencode kept running (a dropped connection, a socket that died), each event of that
// time went to no one: a tool's output, a reply's end, and the chat showed "running" for ever. So
// when a stream opens again the relay asks opencode about the sessions that may have changed: those
// replying when it broke, those replying now (each folder's status), and those updated since (a
// prompt sent in the gap). Their latest turn comes back as the events that would have carried it
// (`message.updated`, `part.updated`, which the windows apply by id, so what was seen changes
// nothing), then each one's status, so a reply that ended in the gap ends in the windows too.
// The new stream runs meanwhile: anything it delivers while the read is under way is newer than the
// read, so the read's copy of that part, message or status is left out (`seen`).
import type { OpencodeClient } from "@opencode-ai/sdk/v2";
import type { ChatEvent } from "@turnkey/contracts";
import { messageOf } from "@turnkey/contracts";
import { isAsideSession } from "./asideSessions.ts";
import { mapLimited } from "./mapLimited.ts";
import { toChatPart, toMessageInfo } from "./mapping.ts";
import { unwrap } from "./sidecarClient.ts";

export interface MissedEvent {
  event: ChatEvent;
  directory: string;
}

export interface MissedRead {
  /** The folders this sidecar serves (each one's status and sessions are asked for). */
  folders: string[];
  /** Sessions replying when the stream broke, with their folder when known. */
  replying: Array<{ sessionID: string; directory: string | undefined }>;
  /** When the stream broke (ms since the epoch, the same clock as opencode's). */
  since: number;
}

/** Events already in flight when a break is noticed are older than it: sessions updated this much earlier count too. */
const inFlightMs = 5_000;
/** A bound on one re-read: the sessions replying come first, then the most recently updated. */
const maxSessions = 50;
const messagesPerSession = 20;

type ResyncClient = { session: Pick<OpencodeClient["session"], "status" | "list" | "messages"> };

function keyOf(event: ChatEvent): string | null {
  switch (event.type) {
    case "text.delta":
      return `part ${event.partID}`;
    case "part.updated":
      return `part ${event.part.id}`;
    case "message.updated":
      return `message ${event.message.id}`;
    case "session.status":
      return `status ${event.sessionID}`;
    default:
      return null;
  }
}

export class MissedEvents {
  private readonly live = new Set<string>();

  /** An event the new stream delivered while the read was under way. */
  seen(event: ChatEvent): void {
    const key = keyOf(event);
    if (key) this.live.add(key);
  }

  /** The events the gap may have lost, newest state first read; failures are sentences for the log. */
  async read(client: ResyncClient, input: MissedRead): Promise<{ events: MissedEvent[]; failures: string[] }> {
    const failures: string[] = [];
    const busy = new Map<
      string,
      { status: "busy" | "retry"; attempt: number | null; message: string | null; next: number | null }
    >();
    const sessions = new Map<string, string>();
    for (const { sessionID, directory } of input.replying) if (directory) sessions.set(sessionID, directory);
    const updated: Array<{ id: string; directory: string; at: number }> = [];
    /** Folders whose status was read: a session elsewhere keeps the status the windows have. */
    const known = new Set<string>();
    const asides = new Set<string>();
    await Promise.all(
      input.folders.map(async (directory) => {
        try {
          const [status, list] = await Promise.all([
            client.session.status({ directory }).then((r) => unwrap(r, "Reading which sessions are replying")),
            client.session
              .list({ directory, start: input.since - inFlightMs })
              .then((r) => unwrap(r, "Listing the sessions updated")),
          ]);
          for (const [sessionID, state] of Object.entries(status)) {
            if (state.type === "idle") continue;
            const retry = state.type === "retry";
            busy.set(sessionID, {
              status: state.type,
              attempt: retry ? state.attempt : null,
              message: retry ? state.message : null,
              next: retry ? state.next : null,
            });
            sessions.set(sessionID, directory);
          }
          for (const session of list) {
            // A question aside's session is nobody's chat: neither it nor its status is told.
            if (isAsideSession(session)) asides.add(session.id);
            else updated.push({ id: session.id, directory, at: session.time.updated });
          }
          known.add(directory);
        } catch (error) {
          failures.push(`${directory}: ${messageOf(error)}`);
        }
      }),
    );
    for (const id of asides) {
      busy.delete(id);
      sessions.delete(id);
    }
    for (const session of updated.sort((a, b) => b.at - a.at)) {
      if (sessions.size >= maxSessions) break;
      if (!sessions.has(session.id)) sessions.set(session.id, session.directory);
    }
    const perSession = await mapLimited([...sessions].slice(0, maxSessions), 4, async ([sessionID, directory]) => {
      try {
        const messages = unwrap(
          await client.session.messages({ sessionID, directory, limit: messagesPerSession }),
          "Reading the messages",
        );
        return { sessionID, directory, messages };
      } catch (error) {
        failures.push(`${sessionID}: ${messageOf(error)}`);
        return { sessionID, directory, messages: [] };
      }
    });
    const events: MissedEvent[] = [];
    for (const { sessionID, directory, messages } of perSession) {
      // The turn under way at the break: from the last prompt sent before it (all, if none is listed).
      let from = 0;
      messages.forEach((m, index) => {
        if (m.info.role === "user" && m.info.time.created < input.since - inFlightMs) from = index;
      });
      for (const { info, parts } of messages.slice(from)) {
        events.push({ directory, event: { type: "message.updated", sessionID, message: toMessageInfo(info) } });
        for (const part of parts) {
          const event: ChatEvent = { type: "part.updated", sessionID, messageID: info.id, part: toChatPart(part) };
          events.push({ directory, event });
        }
      }
      if (!known.has(directory)) continue;
      const status = busy.get(sessionID) ?? { status: "idle", attempt: null, message: null, next: null };
      events.push({ directory, event: { type: "session.status", sessionID, ...status } });
    }
    return { events: events.filter(({ event }) => !this.live.has(keyOf(event) ?? "")), failures };
  }
}
