// JSON calls to the sidecar on kept loopback connections, written and read here (http1Answer.ts)
// rather than by node:http's client: a chat turn's prompt is one such call, and on it node:http's
// ClientRequest, agent and IncomingMessage cost the backend ~0.6–0.9 ms of CPU per call, code that
// runs too rarely (once a turn) to stay warm. The rules are loopbackFetch's: a connection idle for
// `idleReuseMs` is closed by us, never written to as the server closes it; a GET or HEAD that meets
// a reused connection closing under it is sent once more on a new one, a POST never is (it may
// have been received); a caller's signal ends the call and its connection. close() ends every call
// under way and nothing is sent after it: not a new call, and not a GET's second try either (it
// would go out on a new connection close() cannot reach, with the closed generation's password).
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
/** What a call after close() is told (loopbackFetch's too). */
export const closedMessage = "This OpenCode connection was closed (OpenCode restarted or stopped).";
const origin = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})(\/[^\s]*)$/;

/** What one call needs from its connection's events; the connection's listeners are attached once. */
interface Pending {
  data(chunk: Buffer): void;
  end(): void;
  error(error: Error): void;
  close(): void;
}

/**
 * A kept connection. Its listeners and idle timer are set up once, not per call: adding and
 * removing four listeners and a timer around every call was a third of this client's own CPU.
 */
interface Connection {
  socket: Socket;
  /** The call it carries, or null while parked (any event then makes it unfit: it is dropped). */
  pending: Pending | null;
  parked: boolean;
  idleTimer: ReturnType<typeof setTimeout> | null;
}

/** Header blocks already checked, for a caller that hands the same frozen headers every call. */
const checkedHeaders = new WeakMap<Record<string, string>, string>();

function headerBlock(headers: Record<string, string>): string {
  const known = checkedHeaders.get(headers);
  if (known !== undefined) return known;
  let block = "";
  for (const name in headers) {
    const value = headers[name]!;
    if (!token.test(name) || unsafe.test(value)) throw new Error(`A header for OpenCode is not valid: ${name}`);
    block += `${name}: ${value}\r\n`;
  }
  // Only a frozen object cannot change after its check.
  if (Object.isFrozen(headers)) checkedHeaders.set(headers, block);
  return block;
}

export function loopbackJson(idleReuseMs: number): LoopbackJson {
  const idle: Connection[] = [];
  const busy = new Set<Connection>();
  let closed = false;

  const drop = (connection: Connection) => {
    if (connection.parked) {
      connection.parked = false;
      idle.splice(idle.indexOf(connection), 1);
    }
    if (connection.idleTimer) clearTimeout(connection.idleTimer);
    connection.socket.destroy();
  };

  const open = (host: string, port: number): Connection => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ""), port, noDelay: true });
    const connection: Connection = { socket, pending: null, parked: false, idleTimer: null };
    socket.on("data", (chunk: Buffer) => (connection.pending ? connection.pending.data(chunk) : drop(connection)));
    socket.on("end", () => (connection.pending ? connection.pending.end() : drop(connection)));
    socket.on("error", (error: Error) => (connection.pending ? connection.pending.error(error) : drop(connection)));
    socket.on("close", () => (connection.pending ? connection.pending.close() : drop(connection)));
    return connection;
  };

  const park = (connection: Connection) => {
    connection.pending = null;
    connection.parked = true;
    connection.socket.unref();
    // One timer per connection, re-armed on each park; firing while a call runs does nothing.
    if (connection.idleTimer) connection.idleTimer.refresh();
    else {
      connection.idleTimer = setTimeout(() => connection.parked && drop(connection), idleReuseMs);
      connection.idleTimer.unref();
    }
    idle.push(connection);
  };

  const take = (): Connection | null => {
    const connection = idle.pop();
    if (!connection) return null;
    connection.parked = false;
    connection.socket.ref();
    return connection;
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
      if (closed) return reject(new Error(closedMessage));
      const kept = take();
      const connection = kept ?? open(host, port);
      const { socket } = connection;
      busy.add(connection);
      const reader = new Http1AnswerReader(method);
      let answered = false;
      let received = false;
      const finish = () => {
        answered = true;
        busy.delete(connection);
        connection.pending = null;
        signal?.removeEventListener("abort", onAbort);
      };
      const fail = (error: Error) => {
        if (answered) return;
        finish();
        drop(connection);
        if (retryOnReused && kept && !received && !signal?.aborted && !closed) {
          send(host, port, method, request, signal, false).then(resolve, reject);
        } else reject(error);
      };
      const closedEarly = () => fail(new Error("OpenCode closed the connection before its answer was complete."));
      const onAbort = () => {
        const error = new Error("The operation was aborted", { cause: signal?.reason });
        error.name = "AbortError";
        fail(error);
      };
      connection.pending = {
        data(chunk) {
          received = true;
          let answer: ReturnType<Http1AnswerReader["push"]>;
          try {
            answer = reader.push(chunk);
          } catch (error) {
            return fail(error as Error);
          }
          if (!answer) return;
          finish();
          if (answer.reusable && !closed) park(connection);
          else drop(connection);
          resolve({ status: answer.status, text: answer.body.toString("utf8") });
        },
        end() {
          const answer = reader.end();
          if (!answer) return closedEarly();
          finish();
          drop(connection);
          resolve({ status: answer.status, text: answer.body.toString("utf8") });
        },
        error: fail,
        close: closedEarly,
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      socket.write(request);
    });

  return {
    async call(method, url, headers, body, signal) {
      if (closed) throw new Error(closedMessage);
      const target = origin.exec(url);
      if (!target) throw new Error(`Not a loopback URL for OpenCode: ${url}`);
      const [, host, port, path] = target as unknown as [string, string, string, string];
      const data = body === undefined ? null : JSON.stringify(body);
      if (!token.test(method)) throw new Error(`Not an HTTP method: ${method}`);
      let head = `${method} ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: application/json\r\n${headerBlock(headers)}`;
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
      for (const connection of [...idle, ...busy]) drop(connection);
      busy.clear();
    },
  };
}
