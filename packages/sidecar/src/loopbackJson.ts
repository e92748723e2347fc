// JSON calls to the sidecar on kept loopback connections, written and read here (http1Answer.ts)
// rather than by node:http's client: a chat turn's prompt is one such call, and on it node:http's
// ClientRequest, agent and IncomingMessage cost the backend ~0.6–0.9 ms of CPU per call, code that
// runs too rarely (once a turn) to stay warm. The rules are loopbackFetch's: a connection idle for
// `idleReuseMs` is closed by us, never written to as the server closes it; a GET or HEAD that meets
// a reused connection closing under it is sent once more on a new one, a POST never is (it may
// have been received); a caller's signal ends the call and its connection.
import { connect, type Socket } from "node:net";
import { Http1AnswerReader } from "./http1Answer.ts";

export interface LoopbackJsonAnswer {
  status: number;
  /** The parsed JSON, or the text when it is not JSON ("" when empty). */
  body: unknown;
}

export interface LoopbackJson {
  call(
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<LoopbackJsonAnswer>;
  close(): void;
}

/** A line break in a method, path or header would let a caller forge a request; names are RFC 9110 tokens. */
const unsafe = /[\r\n\0]/;
const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const origin = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})(\/[^\s]*)$/;

interface Idle {
  socket: Socket;
  timer: ReturnType<typeof setTimeout>;
  drop: () => void;
}

export function loopbackJson(idleReuseMs: number): LoopbackJson {
  const idle: Idle[] = [];
  const busy = new Set<Socket>();
  let closed = false;

  const park = (socket: Socket) => {
    const drop = () => {
      const at = idle.findIndex((entry) => entry.socket === socket);
      if (at !== -1) clearTimeout(idle.splice(at, 1)[0]!.timer);
      socket.destroy();
    };
    socket.on("error", drop);
    socket.on("close", drop);
    socket.on("data", drop); // nothing was asked: the connection is out of step
    socket.unref();
    const timer = setTimeout(drop, idleReuseMs);
    timer.unref();
    idle.push({ socket, timer, drop });
  };

  const take = (): { socket: Socket; reused: boolean } | null => {
    const entry = idle.pop();
    if (!entry) return null;
    clearTimeout(entry.timer);
    entry.socket.off("error", entry.drop).off("close", entry.drop).off("data", entry.drop).ref();
    return { socket: entry.socket, reused: true };
  };

  const send = (
    host: string,
    port: number,
    method: string,
    request: string,
    signal: AbortSignal | undefined,
    retryOnReused: boolean,
  ): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const kept = take();
      const socket = kept?.socket ?? connect({ host: host.replace(/^\[|\]$/g, ""), port, noDelay: true });
      const reused = kept?.reused ?? false;
      busy.add(socket);
      const reader = new Http1AnswerReader(method);
      let answered = false;
      let received = false;
      const finish = () => {
        answered = true;
        busy.delete(socket);
        socket.off("data", onData).off("error", onError).off("close", onClose).off("end", onEnd);
        signal?.removeEventListener("abort", onAbort);
      };
      const fail = (error: Error) => {
        if (answered) return;
        finish();
        socket.destroy();
        if (retryOnReused && reused && !received && !signal?.aborted) {
          send(host, port, method, request, signal, false).then(resolve, reject);
        } else reject(error);
      };
      const onData = (chunk: Buffer) => {
        received = true;
        let answer: ReturnType<Http1AnswerReader["push"]>;
        try {
          answer = reader.push(chunk);
        } catch (error) {
          return fail(error as Error);
        }
        if (!answer) return;
        finish();
        if (answer.reusable && !closed) park(socket);
        else socket.destroy();
        resolve({ status: answer.status, text: answer.body.toString("utf8") });
      };
      const onEnd = () => {
        const answer = reader.end();
        if (!answer) return fail(new Error("OpenCode closed the connection before its answer was complete."));
        finish();
        socket.destroy();
        resolve({ status: answer.status, text: answer.body.toString("utf8") });
      };
      const onError = (error: Error) => fail(error);
      const onClose = () => fail(new Error("OpenCode closed the connection before its answer was complete."));
      const onAbort = () => {
        const error = new Error("The operation was aborted", { cause: signal?.reason });
        error.name = "AbortError";
        fail(error);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      socket.on("data", onData).on("error", onError).on("close", onClose).on("end", onEnd);
      socket.write(request);
    });

  return {
    async call(method, url, headers, body, signal) {
      if (closed) throw new Error("This OpenCode connection was closed (OpenCode restarted or stopped).");
      const target = origin.exec(url);
      if (!target) throw new Error(`Not a loopback URL for OpenCode: ${url}`);
      const [, host, port, path] = target as unknown as [string, string, string, string];
      const data = body === undefined ? null : JSON.stringify(body);
      if (!token.test(method)) throw new Error(`Not an HTTP method: ${method}`);
      let head = `${method} ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: application/json\r\n`;
      for (const name in headers) {
        const value = headers[name]!;
        if (!token.test(name) || unsafe.test(value)) throw new Error(`A header for OpenCode is not valid: ${name}`);
        head += `${name}: ${value}\r\n`;
      }
      if (data !== null) head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(data)}\r\n`;
      const request = `${head}\r\n${data ?? ""}`;
      const answer = await send(host, Number(port), method, request, signal, method === "GET" || method === "HEAD");
      let parsed: unknown = answer.text;
      if (answer.text !== "") {
        try {
          parsed = JSON.parse(answer.text);
        } catch {
          // not JSON (an error page, say): the text is the answer, as the SDK keeps it
        }
      }
      return { status: answer.status, body: parsed };
    },
    close() {
      closed = true;
      for (const entry of idle.splice(0)) {
        clearTimeout(entry.timer);
        entry.socket.destroy();
      }
      for (const socket of busy) socket.destroy();
      busy.clear();
    },
  };
}
