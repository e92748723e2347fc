// Reads one HTTP/1.1 answer from the bytes of a connection, for loopbackJson's calls to the
// sidecar: the status, the body (by Content-Length, chunked, or up to the close), and whether the
// connection may carry the next call. node:http's client does the same with far more machinery
// (a ClientRequest, an agent's bookkeeping, an IncomingMessage stream per call): on a chat turn,
// ~0.6–0.9 ms of the backend's CPU. RFC 9112 (message framing, chunked coding) is the rule here.

/** The answer's head may not exceed this (bytes): a sidecar that sends more is not speaking HTTP. */
export const maxHeadBytes = 64 * 1024;

export interface Http1Answer {
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The server may take another request on this connection (HTTP/1.1, no `Connection: close`, framed). */
  reusable: boolean;
}

type Framing = { kind: "length"; left: number } | { kind: "chunked" } | { kind: "close" } | { kind: "none" };

const crlf = Buffer.from("\r\n");
const headEnd = Buffer.from("\r\n\r\n");

/** Feed it every chunk read; `push` returns the answer once it is complete (it throws on bytes that are not HTTP). */
export class Http1AnswerReader {
  private buffer: Buffer = Buffer.alloc(0);
  private head: Omit<Http1Answer, "body"> | null = null;
  private framing: Framing = { kind: "none" };
  private readonly body: Buffer[] = [];
  /** In a chunked body: the bytes left of the current chunk, or null between chunks. */
  private chunkLeft: number | null = null;
  private inTrailers = false;

  constructor(private readonly method: string) {}

  push(chunk: Buffer): Http1Answer | null {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.head === null) {
      const end = this.buffer.indexOf(headEnd);
      if (end === -1) {
        if (this.buffer.length > maxHeadBytes) throw new Error("OpenCode's answer has a head larger than 64 KiB.");
        return null;
      }
      const head = parseHead(this.buffer.toString("latin1", 0, end));
      this.buffer = this.buffer.subarray(end + 4);
      // 1xx answers (100 Continue, 103 Early Hints) come before the real one (RFC 9110 §15.2).
      if (head.status >= 100 && head.status < 200) continue;
      this.head = head;
      this.framing = framingOf(head, this.method);
    }
    return this.readBody();
  }

  /** The connection ended: an answer read up to the close is complete now, any other is cut. */
  end(): Http1Answer | null {
    if (this.head !== null && this.framing.kind === "close") {
      this.body.push(this.buffer);
      this.buffer = Buffer.alloc(0);
      return this.done(false);
    }
    return null;
  }

  private readBody(): Http1Answer | null {
    const framing = this.framing;
    if (framing.kind === "none") return this.done(true);
    if (framing.kind === "close") {
      this.body.push(this.buffer);
      this.buffer = Buffer.alloc(0);
      return null;
    }
    if (framing.kind === "length") {
      const take = Math.min(framing.left, this.buffer.length);
      this.body.push(this.buffer.subarray(0, take));
      this.buffer = this.buffer.subarray(take);
      framing.left -= take;
      return framing.left === 0 ? this.done(true) : null;
    }
    return this.readChunks();
  }

  private readChunks(): Http1Answer | null {
    for (;;) {
      if (this.inTrailers) {
        // Trailer fields, then an empty line; none is used.
        const end = this.buffer.indexOf(crlf);
        if (end === -1) return null;
        this.buffer = this.buffer.subarray(end + 2);
        if (end === 0) return this.done(true);
        continue;
      }
      if (this.chunkLeft === null) {
        const end = this.buffer.indexOf(crlf);
        if (end === -1) {
          if (this.buffer.length > 1024) throw new Error("OpenCode's answer has a malformed chunk size.");
          return null;
        }
        const sizeText = this.buffer.toString("latin1", 0, end).split(";")[0]!.trim();
        if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw new Error("OpenCode's answer has a malformed chunk size.");
        this.buffer = this.buffer.subarray(end + 2);
        const size = Number.parseInt(sizeText, 16);
        if (size === 0) {
          this.inTrailers = true;
          continue;
        }
        this.chunkLeft = size;
      }
      // The chunk's data, then its CRLF.
      if (this.chunkLeft > 0) {
        const take = Math.min(this.chunkLeft, this.buffer.length);
        if (take > 0) this.body.push(this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        this.chunkLeft -= take;
        if (this.chunkLeft > 0) return null;
      }
      if (this.buffer.length < 2) return null;
      if (this.buffer[0] !== 13 || this.buffer[1] !== 10) throw new Error("OpenCode's answer has a malformed chunk.");
      this.buffer = this.buffer.subarray(2);
      this.chunkLeft = null;
    }
  }

  private done(framed: boolean): Http1Answer {
    const head = this.head!;
    const body = this.body.length === 1 ? this.body[0]! : Buffer.concat(this.body);
    // Bytes after the answer (nothing was asked for them) make the connection unfit for another call.
    return { ...head, body, reusable: framed && head.reusable && this.buffer.length === 0 };
  }
}

function parseHead(text: string): Omit<Http1Answer, "body"> {
  const lines = text.split("\r\n");
  const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0] ?? "");
  if (!statusLine) throw new Error("OpenCode's answer is not HTTP/1.x.");
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Error("OpenCode's answer has a malformed header line.");
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  const connection = (headers.connection ?? "").toLowerCase();
  const reusable = statusLine[1] === "1" ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
  return { status: Number(statusLine[2]), headers, reusable };
}

/** How the body is delimited (RFC 9112 §6.3). */
function framingOf(head: Omit<Http1Answer, "body">, method: string): Framing {
  if (method === "HEAD" || head.status === 204 || head.status === 304) return { kind: "none" };
  const coding = head.headers["transfer-encoding"];
  if (coding !== undefined) {
    if (/(?:^|,)\s*chunked\s*$/i.test(coding)) return { kind: "chunked" };
    return { kind: "close" };
  }
  const length = head.headers["content-length"];
  if (length !== undefined) {
    if (!/^\d{1,15}$/.test(length)) throw new Error("OpenCode's answer has a malformed Content-Length.");
    const left = Number(length);
    return left === 0 ? { kind: "none" } : { kind: "length", left };
  }
  return { kind: "close" };
}
