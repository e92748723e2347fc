// A server-sent event stream from the sidecar (opencode's `/global/event`) over node:http, read
// with a small line parser. The SDK's own reader goes socket → Node stream → web stream →
// TextDecoderStream → its parser, a chain of promises per chunk, and opencode writes each event
// as a chunk of its own (~70 per chat turn, half of them `sync` events no window shows): in the
// backend's profile that chain was a third of its CPU per turn. node:http also keeps proxy
// settings away from a loopback call that carries the sidecar password.
import { request } from "node:http";
import { StringDecoder } from "node:string_decoder";
import { basicAuthHeader } from "./password.ts";

/**
 * An event longer than this (characters) is dropped, and the stream goes on with the next: opencode's
 * largest (a diff event carrying a rewritten file's before and after) stays far below; the bound
 * only stops one runaway event from holding the backend's memory.
 */
export const maxEventChars = 64 * 1024 * 1024;

/**
 * Splits an event stream into its events' data (the WHATWG "server-sent events" rules: lines end
 * in CRLF, LF or CR; `data:` lines of one event are joined with "\n"; a blank line ends the event;
 * one space after the colon is dropped; comments and other fields are ignored).
 */
export class SseParser {
  /**
   * The line not ended yet, in pieces, joined once its end comes: a big event arrives in many reads,
   * and rescanning all of it on each read made its cost grow with its size squared.
   */
  private pieces: string[] = [];
  private pendingChars = 0;
  /** The pieces end in a CR that may be the first half of a CRLF. */
  private heldCR = false;
  private data: string[] = [];
  private dataChars = 0;
  /** The event went past maxChars: everything up to its blank line is dropped. */
  private dropping = false;
  /**
   * It went past in the middle of a line: that line's end is only the end of the dropped line, not
   * the event's blank line (review 5, L8: its later data lines came out as an event of their own).
   */
  private restOfDroppedLine = false;

  constructor(
    private readonly onData: (data: string) => void,
    private readonly maxChars = maxEventChars,
  ) {}

  push(chunk: string): void {
    if (!this.heldCR && !chunk.includes("\n") && !chunk.includes("\r")) {
      if (this.dropping) return;
      this.pendingChars += chunk.length;
      if (this.dataChars + this.pendingChars > this.maxChars) {
        this.drop();
        this.restOfDroppedLine = true;
      } else this.pieces.push(chunk);
      return;
    }
    let text = this.pieces.length === 0 ? chunk : this.pieces.join("") + chunk;
    // A CR at the very end may be the first half of a CRLF: keep it until the next chunk.
    let held = "";
    if (text.endsWith("\r")) {
      held = "\r";
      text = text.slice(0, -1);
    }
    if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      this.line(text.slice(start, end));
      start = end + 1;
    }
    const rest = text.slice(start);
    this.pieces = rest === "" && held === "" ? [] : [rest + held];
    this.pendingChars = rest.length;
    this.heldCR = held !== "";
  }

  private drop(): void {
    this.dropping = true;
    this.pieces = [];
    this.pendingChars = 0;
    this.data = [];
    this.dataChars = 0;
  }

  private line(line: string): void {
    if (this.restOfDroppedLine) {
      this.restOfDroppedLine = false;
      return;
    }
    if (line === "") {
      this.dropping = false;
      if (this.data.length === 0) return;
      const data = this.data.length === 1 ? (this.data[0] as string) : this.data.join("\n");
      this.data = [];
      this.dataChars = 0;
      this.onData(data);
      return;
    }
    if (this.dropping || !line.startsWith("data:")) return; // event:, id:, retry: and ": comments" mean nothing here
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    this.dataChars += value.length;
    if (this.dataChars > this.maxChars) this.drop();
    else this.data.push(value);
  }
}

/**
 * Opens the event stream at `path` and hands each event's data to `onData`. Resolves when the
 * server ends the stream or `signal` aborts it; rejects with the cause when it cannot be opened or
 * breaks (an answer other than 200, a reset connection). Reconnecting is the caller's choice.
 * Events are handed over from a `setImmediate` after their read (see below); once `signal` aborts,
 * none is, including any read in the same turn of the event loop.
 */
export function streamLoopbackEvents(
  connection: { url: string; password: string },
  path: string,
  signal: AbortSignal,
  onData: (data: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return resolve();
    const req = request(new URL(path, connection.url), {
      headers: { authorization: basicAuthHeader(connection.password), accept: "text/event-stream" },
      // A connection of its own, for as long as the stream lasts: never one of a pool's.
      agent: false,
    });
    const onAbort = () => {
      req.destroy();
      resolve();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const fail = (error: Error) => {
      signal.removeEventListener("abort", onAbort);
      if (signal.aborted) resolve();
      else reject(error);
    };
    req.on("error", fail);
    req.on("response", (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return fail(new Error(`OpenCode's event stream answered HTTP ${res.statusCode}.`));
      }
      const decoder = new StringDecoder("utf8");
      const parser = new SseParser(onData);
      // Reads are handled after the event loop's other I/O (setImmediate runs after the poll
      // phase): when a turn ends, opencode writes its burst of events and the answer to the
      // prompt at the same moment, and handling the burst first made that answer wait.
      let unread: string[] = [];
      let failed = false;
      const handleUnread = () => {
        const chunks = unread;
        unread = [];
        for (const chunk of chunks) {
          if (signal.aborted || failed) return;
          try {
            parser.push(chunk);
          } catch (error) {
            // The caller's handler failed: this stream ends with its error, as a broken one would.
            failed = true;
            req.destroy();
            fail(error instanceof Error ? error : new Error(String(error)));
          }
        }
      };
      res.on("data", (chunk: Buffer) => {
        if (signal.aborted || failed) return;
        if (unread.length === 0) setImmediate(handleUnread);
        unread.push(decoder.write(chunk));
      });
      res.on("end", () => {
        handleUnread(); // every event before the end is handed over before the stream settles
        signal.removeEventListener("abort", onAbort);
        if (!failed) resolve();
      });
      res.on("close", () => {
        handleUnread();
        if (!res.complete) fail(new Error("OpenCode closed its event stream before it ended."));
      });
      res.on("error", (error) => {
        handleUnread(); // what was read before the break still reaches the caller, first
        fail(error);
      });
    });
    req.end();
  });
}
