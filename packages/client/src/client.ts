// The typed client of the backend control API, on fetch (http.ts), injectable. The tray (Node),
// the windows (browser) and tests all talk to the backend through this, and only this.
import {
  AddProjectResponse,
  ApiError as ApiErrorSchema,
  CreateSessionResponse,
  clientTimeoutMs,
  DoctorReport,
  type ErrorCode,
  FoldersResponse,
  formatDuration,
  HealthHistoryResponse,
  HealthResponse,
  LogsResponse,
  MessagesResponse,
  type ModelRef,
  ModelsResponse,
  ProjectsResponse,
  ProvidersResponse,
  RepairResponse,
  ReplyingResponse,
  RuntimeInfo,
  type RuntimeProfile,
  SendMessageAccepted,
  SendMessageResult,
  SessionsResponse,
  SettingsResponse,
  SidecarActionError,
  type SidecarStatus,
  SidecarStatus as SidecarStatusSchema,
  WaitingResponse,
} from "@turnkey/contracts";
import { z } from "zod";
import { actionMethods } from "./actions.ts";
import { allowMethods } from "./allow.ts";
import { customizeMethods } from "./customize.ts";
import { fileMethods } from "./files.ts";
import { gitMethods } from "./git.ts";
import { goalMethods } from "./goals.ts";
import { createHttp, type Http, TimeoutError } from "./http.ts";
import { mcpMethods } from "./mcp.ts";
import { notesMethods } from "./notes.ts";
import { providerMethods } from "./providers.ts";
import { pullRequestMethods } from "./pulls.ts";
import { scheduleMethods } from "./schedules.ts";
import { shareMethods } from "./share.ts";
import { terminalMethods } from "./terminal.ts";
import { trustMethods } from "./trust.ts";
import { workbenchMethods } from "./workbench.ts";

const SessionAnswer = z.object({ session: CreateSessionResponse.shape.session });

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
    readonly code: ErrorCode,
    message: string,
    /** For lifecycle actions that failed: the sidecar status that explains why. */
    readonly sidecarStatus: SidecarStatus | null = null,
    /** The whole answer, for errors that carry more (a failed repair's steps). */
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = "TurnkeyApiError";
  }
}

export type TurnkeyClient = ReturnType<typeof createTurnkeyClient>;

export function createTurnkeyClient(options: TurnkeyClientOptions) {
  const timeout = options.timeoutMs ?? clientTimeoutMs;
  // Lifecycle actions wait for the sidecar to settle, which can take the full startup timeout;
  // calls to OpenCode get the backend's deadline answer (what to do) before this gives up.
  const http: Http = createHttp({
    baseUrl: options.baseUrl,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    timeoutMs: timeout,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  /**
   * The client's own timeout, or no answer at all (fetch rejects with a TypeError when the
   * connection is refused or breaks: https://fetch.spec.whatwg.org/#fetch-method), as a sentence
   * that says what to do (the request may have done its work).
   */
  async function answered(response: Promise<Response>): Promise<Response> {
    try {
      return await response;
    } catch (error) {
      if (error instanceof TypeError) {
        const unreachable = new TurnkeyApiError(
          0,
          "backend_unreachable",
          "The OpenCode Turnkey backend could not be reached (it may be restarting). Try again in a moment.",
        );
        throw Object.assign(unreachable, { cause: error });
      }
      if (!(error instanceof TimeoutError)) throw error;
      throw new TurnkeyApiError(
        504,
        "backend_timeout",
        `The backend did not answer within ${formatDuration(error.timeoutMs)}. It may still have done it: check the chat before doing it again, and restart OpenCode from the status window if it keeps happening.`,
      );
    }
  }

  async function call<T extends z.ZodType>(schema: T, response: Promise<Response>): Promise<z.infer<T>> {
    const res = await answered(response);
    const body: unknown = await res.json().catch(() => null);
    if (res.ok) return schema.parse(body);
    const action = SidecarActionError.safeParse(body);
    if (action.success) {
      const { error, status } = action.data;
      throw new TurnkeyApiError(res.status, error.code, error.message, status, body);
    }
    const plain = ApiErrorSchema.safeParse(body);
    if (plain.success) {
      throw new TurnkeyApiError(res.status, plain.data.error.code, plain.data.error.message, null, body);
    }
    throw new TurnkeyApiError(res.status, "http_error", `The backend answered HTTP ${res.status}.`);
  }

  return {
    health: () => call(HealthResponse, http.get("api/health")),
    healthHistory: () => call(HealthHistoryResponse, http.get("api/health/history")),
    status: () => call(SidecarStatusSchema, http.get("api/status")),
    start: () => call(SidecarStatusSchema, http.post("api/sidecar/start", { json: {} })),
    stop: () => call(SidecarStatusSchema, http.post("api/sidecar/stop", { json: {} })),
    restart: () => call(SidecarStatusSchema, http.post("api/sidecar/restart", { json: {} })),
    logs: (limit = 200) => call(LogsResponse, http.get("api/logs", { searchParams: { limit } })),

    /** The models a project's folder offers (default: opencode's default instance). */
    models: (projectId?: string) =>
      call(ModelsResponse, http.get("api/models", projectId ? { searchParams: { project: projectId } } : {})),
    providers: () => call(ProvidersResponse, http.get("api/providers")),
    setProviderKey: (providerID: string, key: string) =>
      call(ProvidersResponse, http.put(`api/providers/${encodeURIComponent(providerID)}/key`, { json: { key } })),
    /** Sessions of a project (default: the project used last). */
    sessions: async (projectId?: string) =>
      (
        await call(
          SessionsResponse,
          http.get("api/sessions", projectId ? { searchParams: { project: projectId } } : {}),
        )
      ).sessions,
    /** In a project (`projectId`), or a folder (`directory`, added as a project), or the last used. */
    createSession: (request: { title?: string; key?: string; projectId?: string; directory?: string } = {}) =>
      call(CreateSessionResponse, http.post("api/sessions", { json: request })),
    projects: async () => (await call(ProjectsResponse, http.get("api/projects"))).projects,
    /** Adds a folder (or makes it the most recent); a bad path is a TurnkeyApiError with a sentence. */
    addProject: (path: string) => call(AddProjectResponse, http.post("api/projects", { json: { path } })),
    /** Forgets a project; no file is touched. */
    removeProject: (id: string) =>
      call(z.object({ deleted: z.literal(true) }), http.delete(`api/projects/${encodeURIComponent(id)}`)),
    /** Sub-folders of a folder (default: the home folder), for picking a project in a browser; `after`: an earlier page's `next`. */
    folders: (path?: string, after?: string) =>
      call(
        FoldersResponse,
        http.get("api/folders", {
          searchParams: { ...(path !== undefined ? { path } : {}), ...(after !== undefined ? { after } : {}) },
        }),
      ),
    /** Every session waiting for the user, and what it waits on. */
    waiting: () => call(WaitingResponse, http.get("api/waiting")),
    /** One answer per question: the option labels picked and/or typed text. */
    replyQuestion: (id: string, requestID: string, answers: string[][]) =>
      call(
        z.object({ ok: z.literal(true) }),
        http.post(`api/sessions/${id}/questions/${requestID}`, { json: { answers } }),
      ),
    rejectQuestion: (id: string, requestID: string) =>
      call(
        z.object({ ok: z.literal(true) }),
        http.post(`api/sessions/${id}/questions/${requestID}/reject`, { json: {} }),
      ),
    /** One session with its folder, and its project (null when that folder is no listed project). */
    session: async (id: string) => (await call(SessionAnswer, http.get(`api/sessions/${id}`))).session,
    renameSession: (id: string, title: string) =>
      call(SessionAnswer, http.patch(`api/sessions/${id}`, { json: { title } })),
    deleteSession: (id: string) => call(z.object({ deleted: z.literal(true) }), http.delete(`api/sessions/${id}`)),
    messages: async (id: string) => (await call(MessagesResponse, http.get(`api/sessions/${id}/messages`))).messages,
    /** Sends a prompt; the reply streams as `chat` events. */
    send: (id: string, text: string, model?: ModelRef) =>
      call(
        SendMessageAccepted,
        http.post(`api/sessions/${id}/messages`, { json: { text, ...(model ? { model } : {}) } }),
      ),
    /** Sends a prompt and waits for the finished reply. */
    sendAndWait: async (id: string, text: string, model?: ModelRef) =>
      (
        await call(
          SendMessageResult,
          http.post(`api/sessions/${id}/messages`, {
            json: { text, ...(model ? { model } : {}) },
            searchParams: { wait: 1 },
          }),
        )
      ).message,
    /** Sessions with a reply under way (a restart would cut them). */
    replying: async () => (await call(ReplyingResponse, http.get("api/replying"))).sessions,
    abort: (id: string) =>
      call(z.object({ aborted: z.literal(true) }), http.post(`api/sessions/${id}/abort`, { json: {} })),
    /** The opencode versions; `check` asks the npm registry for the newest now. */
    runtime: (check = false) => call(RuntimeInfo, http.get("api/runtime", check ? { searchParams: { check: 1 } } : {})),
    /** Installs and switches to a version (newest by default); answers after the health check. */
    updateRuntime: (version?: string) =>
      call(RuntimeInfo, http.post("api/runtime/update", { json: version ? { version } : {}, timeout: false })),
    /** Every check of what keeps OpenCode from starting, run now. */
    doctor: () => call(DoctorReport, http.get("api/doctor", { timeout: false })),
    /** Clears the provider key names learnt from OpenCode; a running OpenCode restarts to learn them. */
    relearnKeyNames: () =>
      call(SidecarStatusSchema, http.post("api/doctor/relearn-key-names", { json: {}, timeout: false })),
    /** Switches to an installed version, behind the same health check. */
    chooseRuntime: (version: string) =>
      call(RuntimeInfo, http.post("api/runtime/use", { json: { version }, timeout: false })),
    settings: () => call(SettingsResponse, http.get("api/settings")),
    /** Saves the profile; a running OpenCode restarts into it. */
    setProfile: (profile: RuntimeProfile) =>
      call(SettingsResponse.extend({ status: SidecarStatusSchema }), http.put("api/settings", { json: { profile } })),
    /** Stop, re-verify the program, clear stale records, start; each step is reported. */
    repair: () => call(RepairResponse, http.post("api/sidecar/repair", { json: {} })),
    replyPermission: (id: string, permissionID: string, response: "once" | "always" | "reject") =>
      call(
        z.object({ ok: z.literal(true) }),
        http.post(`api/sessions/${id}/permissions/${permissionID}`, { json: { response } }),
      ),
    ...allowMethods(http, call),
    ...workbenchMethods(http, call),
    ...terminalMethods(http, call),
    ...actionMethods(http, call),
    ...notesMethods(http, call),
    ...shareMethods(http, call),
    ...trustMethods(http, call),
    ...mcpMethods(http, call),
    ...customizeMethods(http, call),
    ...scheduleMethods(http, call),
    ...goalMethods(http, call),
    ...providerMethods(http, call),
    ...fileMethods(http, call),
    ...gitMethods(http, call),
    ...pullRequestMethods(http, call),
  };
}
