// The chat relay reads opencode's event stream with this parser and transport: an event split
// across reads, a character split across bytes, or a line ending of another kind must still give
// each event whole, and a stream that breaks or is refused must say so rather than go quiet.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SseParser, streamLoopbackEvents } from "./loopbackEvents.ts";
import { loopbackJson } from "./loopbackJson.ts";
import { basicAuthHeader } from "./password.ts";

function parse(chunks: string[], maxChars?: number): string[] {
  const out: string[] = [];
  const parser = new SseParser((data) => out.push(data), maxChars);
  for (const chunk of chunks) parser.push(chunk);
  return out;
}

describe("SseParser", () => {
  it("gives each event's data once its blank line arrives, however the stream is cut", () => {
    const stream = 'data: {"a":1}\n\ndata: {"b":2}\n\n: a comment\nevent: x\nid: 7\nretry: 10\ndata:{"c":3}\n\n';
    expect(parse([stream])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    // Every possible cut into two reads gives the same events.
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(parse([stream.slice(0, cut), stream.slice(cut)])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    }
  });

  it("reads CRLF and CR line ends, also with the CRLF split between reads", () => {
    expect(parse(["data: a\r\n\r\ndata: b\r\rdata: c\n\n"])).toEqual(["a", "b", "c"]);
    expect(parse(["data: a\r", "\n\r", "\n"])).toEqual(["a"]);
    expect(parse(["data: a\r", "\r", "data: b\n\n"])).toEqual(["a", "b"]);
  });

  it("joins the data lines of one event, keeps spaces after the first, and skips events without data", () => {
    expect(parse(["data: one\ndata:  two\n\nevent: ping\n\n\n\n"])).toEqual(["one\n two"]);
  });

  it("gives the same events when every character comes in a read of its own (a big event's many reads)", () => {
    const stream = 'data: {"a":1}\n\ndata: one\r\ndata: two\r\n\r\ndata: b\r\rdata:c\n\n';
    expect(parse([...stream])).toEqual(['{"a":1}', "one\ntwo", "b", "c"]);
  });

  it("drops an event past its size bound, whole, and goes on with the next (review 4, L2)", () => {
    const big = "x".repeat(50);
    expect(parse([`data: ${big}\n\ndata: ok\n\n`], 40)).toEqual(["ok"]);
    // Cut into reads without a line end, and as two data lines that pass it only together.
    expect(parse(["data: ", ...big, "\n\ndata: ok\n\n"], 40)).toEqual(["ok"]);
    expect(parse([`data: ${big.slice(0, 30)}\ndata: ${big.slice(0, 30)}\n\ndata: ok\n\n`], 40)).toEqual(["ok"]);
    expect(parse([`data: ${big.slice(0, 30)}\n\n`], 40)).toEqual([big.slice(0, 30)]);
  });

  it("drops the rest of an event cut mid-line too: the dropped line's end is not its blank line (review 5, L8)", () => {
    const big = "x".repeat(50);
    const later = "\ndata: second half\n\ndata: ok\n\n";
    expect(parse([`data: ${big}`, later], 40)).toEqual(["ok"]);
    expect(parse(["data: ", ...big, later], 40)).toEqual(["ok"]);
  });

  it("holds an event that has not ended yet", () => {
    expect(parse(["data: a\n", "data: b\n"])).toEqual([]);
  });
});

describe("streamLoopbackEvents", () => {
  const servers: { close(): void; closeAllConnections(): void }[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      server.close();
    }
  });

  async function serve(handler: (res: ServerResponse, auth: string | undefined, req: IncomingMessage) => void) {
    const server = createServer((req, res) => handler(res, req.headers.authorization, req));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, password: "secret" };
  }

  it("hands over every event, with the password sent, a character split across reads included", async () => {
    const connection = await serve((res, auth) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      if (auth !== basicAuthHeader("secret")) return res.end('data: "no auth"\n\n');
      const bytes = Buffer.from('data: {"text":"é…"}\n\ndata: {"n":2}\n\n');
      // Cut inside the two-byte "é": the decoder must not turn it into two replacement characters.
      res.write(bytes.subarray(0, 16));
      setImmediate(() => res.end(bytes.subarray(16)));
    });
    const events: string[] = [];
    await streamLoopbackEvents(connection, "/global/event", new AbortController().signal, (d) => events.push(d));
    expect(events).toEqual(['{"text":"é…"}', '{"n":2}']);
  });

  // Both sockets are readable in the same poll when the kernel delivers loopback writes at once,
  // as it does unless it is flooded; a retry covers a late delivery (without the change, every
  // try fails: 307 events handed over first).
  it("does not hold a prompt's answer behind the burst of events opencode writes at the same moment", {
    retry: 2,
  }, async () => {
    // opencode ends a turn by writing its events and the prompt's answer together; the answer's
    // wait is the user's, the events only update windows. 2,000 events of ~0.5 KB: more than the
    // 32 reads of 64 KiB libuv makes of one socket before it turns to the next.
    const burst = Array.from({ length: 2_000 }, (_, i) => `data: {"n":${i},"pad":"${"x".repeat(500)}"}\n\n`).join("");
    let events: ServerResponse | null = null;
    const connection = await serve((res, _auth, req) => {
      if (req.url === "/global/event") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write("data: open\n\n");
        events = res;
        return;
      }
      events?.write(burst);
      // node sends a chunked write on the next tick (it corks the socket until then): answering
      // after it puts the burst on the wire first, as opencode does.
      process.nextTick(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ answered: true }));
      });
    });
    const handed: string[] = [];
    let opened: () => void = () => undefined;
    const open = new Promise<void>((resolve) => {
      opened = resolve;
    });
    const controller = new AbortController();
    const stream = streamLoopbackEvents(connection, "/global/event", controller.signal, (data) => {
      if (data === "open") opened();
      else handed.push(data);
    });
    await open;
    const client = loopbackJson(1_000);
    try {
      const answer = await client
        .call("POST", `${connection.url}/session/s/message`, {}, { text: "hi" })
        .then((a) => ({ ...a, eventsBefore: handed.length }));
      expect(answer.body).toEqual({ answered: true });
      expect(answer.eventsBefore).toBe(0);
      await vi.waitFor(() => expect(handed).toHaveLength(2_000));
      expect(handed.every((data, i) => data.startsWith(`{"n":${i},`))).toBe(true);
    } finally {
      client.close();
      controller.abort();
      await stream;
    }
  });

  it("rejects with the status when the stream is refused", async () => {
    const connection = await serve((res) => {
      res.writeHead(401);
      res.end("unauthorized");
    });
    await expect(
      streamLoopbackEvents(connection, "/global/event", new AbortController().signal, () => undefined),
    ).rejects.toThrow(/HTTP 401/);
  });

  it("rejects when the connection breaks mid-stream, after the events before it", async () => {
    const connection = await serve((res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: 1\n\n", () => setImmediate(() => res.socket?.destroy()));
    });
    const events: string[] = [];
    await expect(
      streamLoopbackEvents(connection, "/global/event", new AbortController().signal, (d) => events.push(d)),
    ).rejects.toThrow();
    expect(events).toEqual(["1"]);
  });

  it("rejects with the handler's own error, and resolves when aborted", async () => {
    const connection = await serve((res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: 1\n\n");
    });
    await expect(
      streamLoopbackEvents(connection, "/global/event", new AbortController().signal, () => {
        throw new Error("the handler broke");
      }),
    ).rejects.toThrow("the handler broke");

    const controller = new AbortController();
    const open = streamLoopbackEvents(connection, "/global/event", controller.signal, () => controller.abort());
    await expect(open).resolves.toBeUndefined();
  });
});
