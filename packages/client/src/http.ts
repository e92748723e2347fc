// The little the client asks of HTTP, on fetch itself: paths under the backend's origin, the
// token header, a JSON body, query parameters and a timeout. ky did the same by building a
// Request, building it again for the query and the signal, and cloning it (teeing its body stream)
// on every call, with a retry wrapper around it: CPU on every call of the tray, the windows and a
// chat turn, for options the client never used.

/** The request gave no answer within its timeout (the client turns it into a sentence). */
export class TimeoutError extends Error {
  /** The timeout that ran out, in ms. */
  constructor(readonly timeoutMs: number) {
    super("The request timed out.");
    this.name = "TimeoutError";
  }
}

export interface RequestOptions {
  json?: unknown;
  searchParams?: Record<string, string | number>;
  /** Milliseconds, or false for none; the client's default otherwise. */
  timeout?: number | false;
  /** Ends the request when it aborts (a search the window no longer wants): the caller's own error, not a timeout. */
  signal?: AbortSignal;
}

export interface HttpOptions {
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  fetch?: typeof fetch;
}

type Send = (path: string, options?: RequestOptions) => Promise<Response>;
export interface Http {
  get: Send;
  post: Send;
  put: Send;
  patch: Send;
  delete: Send;
}

export function createHttp(options: HttpOptions): Http {
  const base = options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`;
  const withBody = { ...options.headers, "content-type": "application/json" };
  const send =
    (method: string): Send =>
    async (path, request = {}) => {
      let url = base + path;
      if (request.searchParams) {
        const query = new URLSearchParams();
        for (const [name, value] of Object.entries(request.searchParams)) query.set(name, String(value));
        url += `?${query}`;
      }
      const timeoutMs = request.timeout === undefined ? options.timeoutMs : request.timeout;
      const controller = timeoutMs === false ? null : new AbortController();
      const timer = controller
        ? setTimeout(() => controller.abort(new TimeoutError(timeoutMs as number)), timeoutMs as number)
        : null;
      const init: RequestInit = {
        method,
        headers: request.json === undefined ? options.headers : withBody,
        ...(request.json === undefined ? {} : { body: JSON.stringify(request.json) }),
      };
      const signals = [controller?.signal, request.signal].filter((signal) => signal !== undefined);
      if (signals.length > 0) init.signal = signals.length === 1 ? signals[0] : AbortSignal.any(signals);
      try {
        // The global fetch is looked up per call (a test may replace it), and called on its object.
        return await (options.fetch ? options.fetch(url, init) : globalThis.fetch(url, init));
      } catch (error) {
        throw controller?.signal.aborted && controller.signal.reason instanceof TimeoutError
          ? controller.signal.reason
          : error;
      } finally {
        if (timer) clearTimeout(timer);
      }
    };
  return { get: send("GET"), post: send("POST"), put: send("PUT"), patch: send("PATCH"), delete: send("DELETE") };
}
