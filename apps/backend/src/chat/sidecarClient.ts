// An opencode SDK client for the sidecar of one generation, and the errors chat routes answer
// with when there is no sidecar to talk to or it refused.
import type { OpencodeClient } from "@opencode-ai/sdk/v2";
import { isComingUp, type SidecarStatus } from "@turnkey/contracts";
import { basicAuthHeader, type LoopbackFetch, loopbackFetch, type SidecarSupervisor } from "@turnkey/sidecar";
import { FolderUntrustedError } from "../trust/folderTrust.ts";
import { callSignal } from "./callSignal.ts";
import { configInvalidSentence } from "./configInvalid.ts";
import { opencodeSdk } from "./opencodeSdk.ts";

export interface SidecarHandle {
  /** Made at first use, so a handle costs no SDK (see opencodeSdk): chat's `call` needs none. */
  readonly client: OpencodeClient;
  generation: number;
  /**
   * One JSON call on the same connection, password and folder, without the SDK's request
   * machinery (see loopbackFetch's `json`): for a chat turn's prompt. Answers like the SDK's
   * calls, for `unwrap`; `T` is the SDK's type of that route's answer.
   */
  call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<SidecarResult<T>>;
}

/** What an SDK call resolves to, as far as `unwrap` reads it. */
export interface SidecarResult<T> {
  data?: T;
  error?: unknown;
  response?: { status: number };
}

/** One client per sidecar generation and folder, made once: not per request, not per status event. */
const current = new WeakMap<SidecarSupervisor, { generation: number; byFolder: Map<string, SidecarHandle> }>();

/** The trust gate (trust/folderTrust.ts): throws for a folder OpenCode must not load yet. */
const gates = new WeakMap<SidecarSupervisor, (directory: string) => void>();

/**
 * Every call to this supervisor's opencode passes `gate` the folder it would work in: the one place
 * every route's folder goes through (a client's folder header, or a call's `?directory=`).
 */
export function gateFolders(supervisor: SidecarSupervisor, gate: (directory: string) => void): void {
  gates.set(supervisor, gate);
}

/**
 * The folders a request to opencode names: the SDK sends one as a header, or (its GET rewrite) in
 * the query as `directory` and `location[directory]`; every one is checked, whichever opencode reads.
 */
function foldersOf(url: string, header: string | null | undefined): string[] {
  const folders = header ? [decodeURIComponent(header)] : [];
  const query = url.indexOf("?");
  if (query === -1) return folders;
  const params = new URLSearchParams(url.slice(query + 1));
  return [...folders, ...params.getAll("directory"), ...params.getAll("location[directory]")];
}

/**
 * With a `directory`, every call works in that folder (opencode's per-request instance, sent as
 * `x-opencode-directory`); without, in the sidecar's own working folder.
 */
export function sidecarClient(supervisor: SidecarSupervisor, directory?: string): SidecarHandle | null {
  const connection = supervisor.connection();
  if (!connection) return null;
  let clients = current.get(supervisor);
  if (clients?.generation !== connection.generation) {
    clients = { generation: connection.generation, byFolder: new Map() };
    current.set(supervisor, clients);
  }
  const cached = clients.byFolder.get(directory ?? "");
  if (cached) return cached;
  const transport = transportFor(supervisor, connection.generation);
  const gate = (url: string, header: string | null | undefined) => {
    const check = gates.get(supervisor);
    if (check) for (const folder of foldersOf(url, header)) if (folder) check(folder);
  };
  let client: OpencodeClient | null = null;
  // The headers the SDK sends: its `directory` option becomes this (URI-encoded) header.
  // Frozen: loopbackJson then checks these headers once, not on every call (see headerBlock).
  const headers: Record<string, string> = Object.freeze({
    authorization: basicAuthHeader(connection.password),
    ...(directory ? { "x-opencode-directory": encodeURIComponent(directory) } : {}),
  });
  const base = connection.url.replace(/\/$/, "");
  const handle: SidecarHandle = {
    get client() {
      client ??= opencodeSdk().createOpencodeClient({
        baseUrl: connection.url,
        headers: { authorization: basicAuthHeader(connection.password) },
        fetch: fetchFor(transport, gate),
        ...(directory ? { directory } : {}),
      });
      return client;
    },
    generation: connection.generation,
    async call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<SidecarResult<T>> {
      try {
        gate(path, headers["x-opencode-directory"]);
        const answer = await transport.json(method, `${base}${path}`, headers, body, callSignal());
        const response = { status: answer.status };
        if (answer.status < 200 || answer.status > 299) return { error: answer.body, response };
        // An empty success is `{}` to the SDK too.
        return { data: (answer.body === "" ? {} : answer.body) as T, response };
      } catch (error) {
        return { error }; // as the SDK answers a call that never reached opencode
      }
    },
  };
  clients.byFolder.set(directory ?? "", handle);
  return handle;
}

/** The folders this sidecar generation has been asked to work in (each one an opencode instance). */
export function foldersInUse(supervisor: SidecarSupervisor): string[] {
  const clients = current.get(supervisor);
  if (!clients || clients.generation !== supervisor.connection()?.generation) return [];
  return [...clients.byFolder.keys()].filter((folder) => folder !== "");
}

/** Each call ends with the request it is made for, when the call deadline gave up on it. */
function fetchFor(transport: LoopbackFetch, gate: (url: string, header: string | null) => void): typeof fetch {
  return ((input: Request | string, init?: RequestInit) => {
    // Thrown here, the SDK answers it as the call's error: unwrap throws it on.
    if (typeof input === "string") gate(input, new Headers(init?.headers).get("x-opencode-directory"));
    else gate(input.url, input.headers.get("x-opencode-directory"));
    const signal = callSignal();
    return transport.fetch(input, signal ? { ...init, signal } : init);
  }) as typeof fetch;
}

/** One HTTP agent per sidecar generation, closed when the next one comes: memory stays flat. */
const transports = new WeakMap<SidecarSupervisor, { generation: number; transport: LoopbackFetch }>();
function transportFor(supervisor: SidecarSupervisor, generation: number): LoopbackFetch {
  const current = transports.get(supervisor);
  if (current?.generation === generation) return current.transport;
  current?.transport.close();
  const transport = loopbackFetch();
  transports.set(supervisor, { generation, transport });
  return transport;
}

/** Chat needs a running sidecar; this says so, and when to try again. */
export class SidecarUnavailableError extends Error {
  readonly retryAfterSeconds: number | null;
  constructor(status: SidecarStatus, now = Date.now()) {
    const waiting = isComingUp(status.state);
    super(
      waiting
        ? `OpenCode is ${status.state === "starting" ? "starting" : "restarting"}; your message was not sent. Try again in a moment.`
        : `OpenCode is ${status.state}, so your message was not sent. Press Start, then send it again.`,
    );
    this.retryAfterSeconds = !waiting
      ? null
      : status.nextRestartAt
        ? Math.max(1, Math.ceil((status.nextRestartAt - now) / 1000) + 1)
        : 2;
  }
}

/** opencode answered with an error (a missing session, a bad model…). */
export class SidecarCallError extends Error {
  constructor(
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
  }
}

/** The SDK returns {data, error, response}; turn that into a value or a SidecarCallError. */
export function unwrap<T>(result: SidecarResult<T>, what: string): T {
  if (result.error instanceof FolderUntrustedError) throw result.error;
  if (result.error === undefined && result.data !== undefined) return result.data;
  const status = result.response?.status ?? 502;
  const detail = errorDetail(result.error);
  if (status === 404) throw new SidecarCallError(404, `${what}: not found.${detail ? ` ${detail}` : ""}`);
  throw new SidecarCallError(
    status >= 400 && status < 500 ? status : 502,
    `${what} failed${detail ? `: ${detail}` : "."}`,
  );
}

/** The sentence inside one of opencode's error answers, or "". */
export function errorDetail(error: unknown): string {
  if (!error || typeof error !== "object") return typeof error === "string" ? error : "";
  const invalid = configInvalidSentence(error);
  if (invalid) return invalid;
  const e = error as { message?: unknown; data?: { message?: unknown }; name?: unknown };
  if (typeof e.data?.message === "string") return e.data.message;
  if (typeof e.message === "string") return e.message;
  return typeof e.name === "string" ? e.name : "";
}
