// A body refused before it was read (413) must not cost the client its answer. security.test.ts's
// 413 test failed once under load with EPIPE: the adapter read the unread body for 500 ms, then
// closed the socket with bytes unread, and the kernel's reset erased the 413 before the client read
// it (RFC 9112 §9.6). A client that is still sending after 500 ms and reads the answer only once it
// has sent everything (as browsers and most HTTP clients do) shows it every time, loaded or not.
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { testBackend } from "./harness.ts";

const bodyBytes = 5 * 1024 * 1024;
/** Longer than the adapter's 500 ms: the pace of a slow or busy client, not a wait for anything. */
const sendOverMs = 1500;

/** Sends a body over `sendOverMs` without reading, then reads what came back until the server is done. */
function postThenRead(port: number, token: string, chunked: boolean) {
  return new Promise<{ answer: string; error: string | null }>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    let error: string | null = null;
    const fail = (e: Error | null | undefined) => {
      if (e) error ??= (e as NodeJS.ErrnoException).code ?? e.message;
    };
    socket.pause();
    socket.on("error", fail);
    socket.on("data", (chunk: Buffer) => {
      received.push(chunk);
      // The whole 413 is in: this client is done too.
      if (Buffer.concat(received).toString().includes("payload_too_large")) socket.end();
    });
    socket.on("close", () => resolve({ answer: Buffer.concat(received).toString(), error }));
    socket.write(
      `POST /api/sidecar/start HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\n${chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${bodyBytes}`}\r\n\r\n`,
    );
    const parts = 10;
    let sent = 0;
    const next = () => {
      const piece = Buffer.alloc(bodyBytes / parts, 32);
      const last = ++sent === parts;
      const framed = chunked
        ? Buffer.concat([
            Buffer.from(`${piece.length.toString(16)}\r\n`),
            piece,
            Buffer.from(last ? "\r\n0\r\n\r\n" : "\r\n"),
          ])
        : piece;
      socket.write(framed, fail);
      if (last) socket.resume();
      else setTimeout(next, sendOverMs / parts);
    };
    next();
  });
}

describe("a body refused before it was read", () => {
  for (const chunked of [false, true]) {
    it(`still gets its 413 when the client reads only after sending it all (${chunked ? "chunked" : "declared length"})`, async () => {
      const backend = await testBackend();
      const { answer, error } = await postThenRead(backend.port, backend.token, chunked);
      expect(error).toBeNull();
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer).toContain("The request body is larger than 1 MiB.");
      expect(backend.supervisor.status().state).toBe("stopped");
    }, 30_000);
  }
});
