// The typed client of the backend control API, on ky with an injectable fetch. The tray (Node),
// the windows (browser) and tests all talk to the backend through this, and only this.
import {
  ApiError as ApiErrorSchema,
  HealthResponse,
  LogsResponse,
  SidecarActionError,
  type SidecarStatus,
  SidecarStatus as SidecarStatusSchema,
} from "@turnkey/contracts";
import ky, { type KyInstance } from "ky";
import type { z } from "zod";

export interface TurnkeyClientOptions {
  /** The backend's origin, e.g. http://127.0.0.1:4100 (in a window: location.origin). */
  baseUrl: string;
  /** The launch token; not needed in a window that logged in with the cookie. */
  token?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** An API answer that was not a success, with the server's stable code and sentence. */
export class TurnkeyApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    /** For lifecycle actions that failed: the sidecar status that explains why. */
    readonly sidecarStatus: SidecarStatus | null = null,
  ) {
    super(message);
    this.name = "TurnkeyApiError";
  }
}

export type TurnkeyClient = ReturnType<typeof createTurnkeyClient>;

export function createTurnkeyClient(options: TurnkeyClientOptions) {
  const http: KyInstance = ky.create({
    prefixUrl: options.baseUrl,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    // Lifecycle actions wait for the sidecar to settle, which can take the full startup timeout.
    timeout: options.timeoutMs ?? 120_000,
    retry: 0,
    throwHttpErrors: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  async function call<T extends z.ZodType>(schema: T, response: Promise<Response>): Promise<z.infer<T>> {
    const res = await response;
    const body: unknown = await res.json().catch(() => null);
    if (res.ok) return schema.parse(body);
    const action = SidecarActionError.safeParse(body);
    if (action.success) {
      throw new TurnkeyApiError(res.status, action.data.error.code, action.data.error.message, action.data.status);
    }
    const plain = ApiErrorSchema.safeParse(body);
    if (plain.success) throw new TurnkeyApiError(res.status, plain.data.error.code, plain.data.error.message);
    throw new TurnkeyApiError(res.status, "http_error", `The backend answered HTTP ${res.status}.`);
  }

  return {
    health: () => call(HealthResponse, http.get("api/health")),
    status: () => call(SidecarStatusSchema, http.get("api/status")),
    start: () => call(SidecarStatusSchema, http.post("api/sidecar/start", { json: {} })),
    stop: () => call(SidecarStatusSchema, http.post("api/sidecar/stop", { json: {} })),
    restart: () => call(SidecarStatusSchema, http.post("api/sidecar/restart", { json: {} })),
    logs: (limit = 200) => call(LogsResponse, http.get("api/logs", { searchParams: { limit } })),
  };
}
