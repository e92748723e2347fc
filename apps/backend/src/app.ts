// The control API's routing: guards first, then the routes of ARCHITECTURE.md ("Backend control
// API"), then the web UI. Everything answers JSON errors; nothing a client sends can throw past
// onError, so a hostile request costs one 4xx and never the process.
import type { ServerResponse } from "node:http";
import type { DoctorReport, SidecarStatus } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ProjectActions } from "./actions/projectActions.ts";
import { apiError } from "./apiError.ts";
import type { AllowOnItsOwn } from "./chat/allowOnItsOwn.ts";
import { askAside } from "./chat/asidePrompt.ts";
import type { ChatService } from "./chat/chatService.ts";
import type { ChatRelay } from "./chat/relay.ts";
import type { WorkbenchService } from "./chat/workbenchService.ts";
import type { CustomizeService } from "./customize/customizeService.ts";
import type { ProjectFiles } from "./files/projectFiles.ts";
import type { TextSearch } from "./files/textSearch.ts";
import { type AskModel, writeCommitMessage } from "./git/commitMessage.ts";
import type { ProjectGit } from "./git/projectGit.ts";
import type { Goals } from "./goals/goals.ts";
import { tokenLinkLogin } from "./login.ts";
import type { Maintenance } from "./maintenance.ts";
import type { McpService } from "./mcp/mcpService.ts";
import type { ProjectNotesService } from "./notes/projectNotes.ts";
import type { OpenWith } from "./openWith/openWithService.ts";
import type { FolderBrowserOptions } from "./projects/folderBrowser.ts";
import type { ProjectStore } from "./projects/projectStore.ts";
import type { ProviderConnections } from "./providers/providerConnections.ts";
import type { ProviderSignIns } from "./providers/providerSignIns.ts";
import { redactJsonAnswers } from "./redactedJson.ts";
import { actionRoutes } from "./routes/actions.ts";
import { allowRoutes } from "./routes/allow.ts";
import { defaultSidecarCallDeadlineMs, sidecarCallDeadline, sidecarCallPaths } from "./routes/callDeadline.ts";
import { chatRoutes } from "./routes/chat.ts";
import { customizeRoutes } from "./routes/customize.ts";
import { doctorRoutes } from "./routes/doctor.ts";
import { eventRoutes } from "./routes/events.ts";
import { fileRoutes } from "./routes/files.ts";
import { gitRoutes } from "./routes/git.ts";
import { goalRoutes } from "./routes/goals.ts";
import { maintenanceRoutes } from "./routes/maintenance.ts";
import { mcpRoutes } from "./routes/mcp.ts";
import { notesRoutes } from "./routes/notes.ts";
import { openWithRoutes } from "./routes/openWith.ts";
import { projectRoutes } from "./routes/projects.ts";
import { providerRoutes } from "./routes/providers.ts";
import { pullRequestRoutes } from "./routes/pulls.ts";
import { runtimeRoutes } from "./routes/runtime.ts";
import { scheduleRoutes } from "./routes/schedules.ts";
import { shareRoutes } from "./routes/share.ts";
import { sidecarRoutes } from "./routes/sidecar.ts";
import { terminalRoutes } from "./routes/terminal.ts";
import { trustRoutes } from "./routes/trust.ts";
import { workbenchRoutes } from "./routes/workbench.ts";
import type { RuntimeUpdater } from "./runtime/runtimeUpdater.ts";
import type { RuntimeVersions } from "./runtime/runtimeVersions.ts";
import type { Schedules } from "./schedules/schedules.ts";
import {
  maxBodyBytes,
  requireJsonBody,
  requireLoopbackHost,
  requireSameOrigin,
  requireToken,
  tokenChecker,
  tooLarge,
} from "./security.ts";
import type { ShareService } from "./share/shareService.ts";
import type { TerminalService } from "./terminal/terminalService.ts";
import type { FolderTrustStore } from "./trust/folderTrust.ts";
import type { UiAssets } from "./ui.ts";

/** On every answer: no MIME sniffing, no referrer leaving with a link, no framing by other pages. */
const securityHeaders = [
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "no-referrer"],
  ["x-frame-options", "DENY"],
] as const;

export interface AppContext {
  supervisor: SidecarSupervisor;
  token: string;
  /** The bound port; known only once listening, hence a function. */
  port: () => number;
  version: string;
  ui: UiAssets;
  sseKeepAliveMs: number;
  /** Masks the launch token and every sidecar password in text leaving the backend. */
  redact: (text: string) => string;
  chat: ChatService;
  workbench: WorkbenchService;
  /** The file panel's reads of a session's project (optional: absent, its routes answer 404). */
  files?: ProjectFiles;
  /** The Files tab's search of the files' text (absent: its route answers 404). */
  textSearch?: TextSearch;
  /** The Files tab's git work (commit, branches, pull, push); absent, its routes answer 404. */
  git?: ProjectGit;
  /** The chat window's terminals (optional: absent, their routes answer 404). */
  terminals?: TerminalService;
  /** A chat's project actions, run in terminals of their own (optional: absent, their routes answer 404). */
  actions?: ProjectActions;
  notes?: ProjectNotesService;
  /** A chat's public link (optional: absent, its routes answer 404). */
  shares?: ShareService;
  /** "Open in" an editor, the file manager or a terminal (optional: absent, its routes answer 404). */
  openWith?: OpenWith;
  /** The MCP servers of a chat's project (optional: absent, their routes answer 404). */
  mcp?: McpService;
  /** A chat's agents and commands (optional: absent, their routes answer 404). */
  customize?: CustomizeService;
  /** Scheduled tasks (optional: absent, their routes answer 404). */
  schedules?: Schedules;
  /** Goals: chats that work until a check passes (optional: absent, their routes answer 404). */
  goals?: Goals;
  /** What each chat lets the agent do without asking (optional: absent, its routes answer 404). */
  allow?: AllowOnItsOwn;
  /** The Providers view: connections, sign-ins, disconnect (optional: absent, their routes answer 404). */
  providers?: { connections: ProviderConnections; signIns: ProviderSignIns };
  relay: ChatRelay;
  maintenance: Maintenance;
  runtime: RuntimeVersions;
  runtimeUpdater: RuntimeUpdater;
  doctor: () => Promise<DoctorReport>;
  /** Clears the learnt provider key names and restarts a running OpenCode to learn them again. */
  relearnKeyNames?: () => Promise<SidecarStatus>;
  projects: ProjectStore;
  /** Which project folders OpenCode may load (trust/folderTrust.ts); absent in tests without it. */
  trust?: FolderTrustStore;
  folders: FolderBrowserOptions;
  /** How long a chat or workbench request may wait on OpenCode (default 120 s). */
  sidecarCallDeadlineMs?: number;
}

export function createApp(ctx: AppContext): Hono {
  const app = new Hono();
  const { supervisor } = ctx;
  const isToken = tokenChecker(ctx.token);

  // Set before the handler runs, on node's own response when there is one (the server's case):
  // node merges them into whatever answer is written, and Hono then needs no web Headers object
  // for an answer with one header (every JSON answer), which cost a chat turn ~0.1 ms of CPU.
  // Headers added to a finished Hono response would make Hono copy it.
  app.use((c, next) => {
    const api = c.req.path.startsWith("/api/");
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    const set = outgoing ? (name: string, value: string) => outgoing.setHeader(name, value) : c.header;
    for (const [name, value] of securityHeaders) set(name, value);
    // API answers are per-user state: no cache (browser, proxy or disk) may keep one.
    if (api) set("cache-control", "no-store");
    return next();
  });
  // Every JSON answer leaves through the redactor: messages can hold tool output, errors can
  // quote what opencode said. (The event stream redacts each event once, in its own route.)
  // `c.json` redacts its text as it serializes it; any other answer labelled JSON is read back.
  app.use(async (c, next) => {
    const redactedJson = redactJsonAnswers(c, ctx.redact);
    await next();
    if (redactedJson.has(c.res)) return;
    if (!c.res.headers.get("content-type")?.startsWith("application/json")) return;
    const text = await c.res.clone().text();
    const redacted = ctx.redact(text);
    if (redacted !== text) c.res = new Response(redacted, { status: c.res.status, headers: c.res.headers });
  });
  app.use(requireLoopbackHost(ctx.port));
  app.use(requireSameOrigin());

  app.use(tokenLinkLogin(isToken));
  // The UI's files are public (they hold no secret, and the page must load before it can read
  // the token from its fragment); every API route but health needs the token.
  app.use(requireToken(isToken, (c) => c.req.path === "/api/health" || !c.req.path.startsWith("/api/")));
  // Only where a body can come, and only for a body of undeclared length: bodyLimit touches the
  // raw Request, which makes the node adapter build a full undici Request (AbortSignal, headers, a
  // body stream) for every POST, a chat turn's included. A declared length is checked as bodyLimit
  // does it (Node's parser reads exactly that many bytes), and the body is then read straight
  // from the socket.
  const limitBody = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge });
  app.use((c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length === undefined || c.req.header("transfer-encoding") !== undefined) return limitBody(c, next);
    return Number.parseInt(length, 10) > maxBodyBytes ? Promise.resolve(tooLarge(c)) : next();
  });
  app.use(requireJsonBody());

  app.get("/api/health", (c) => c.json({ ok: true, version: ctx.version }));
  sidecarRoutes(app, supervisor);
  eventRoutes(
    app,
    {
      supervisor,
      relay: ctx.relay,
      runtime: ctx.runtime,
      redact: ctx.redact,
      projects: ctx.projects,
      ...(ctx.schedules ? { schedules: ctx.schedules } : {}),
      ...(ctx.goals ? { goals: ctx.goals } : {}),
      ...(ctx.allow ? { allow: ctx.allow } : {}),
    },
    ctx.sseKeepAliveMs,
  );
  const deadline = sidecarCallDeadline(ctx.sidecarCallDeadlineMs ?? defaultSidecarCallDeadlineMs);
  for (const path of sidecarCallPaths) app.use(path, deadline);
  chatRoutes(app, ctx.chat);
  workbenchRoutes(app, ctx.workbench);
  if (ctx.files) fileRoutes(app, ctx.files, ctx.textSearch);
  if (ctx.git) {
    const git = ctx.git;
    // The model's answer may take as long as any call to OpenCode, and no longer.
    const deadlineMs = ctx.sidecarCallDeadlineMs ?? defaultSidecarCallDeadlineMs;
    const asker =
      (purpose: string, title: string): AskModel =>
      (question) =>
        askAside(supervisor, ctx.relay.asides, { ...question, purpose, title, deadlineMs });
    const ask = asker("commit-message", "Writing a commit message");
    gitRoutes(app, git, (sessionID, request, signal) =>
      writeCommitMessage(git, sessionID, request, ask, ctx.redact, signal),
    );
    pullRequestRoutes(app, git, {}, { ask: asker("pull-request-text", "Writing a pull request"), redact: ctx.redact });
  }
  if (ctx.terminals) terminalRoutes(app, ctx.terminals);
  if (ctx.actions) actionRoutes(app, ctx.actions);
  if (ctx.notes) notesRoutes(app, ctx.notes);
  if (ctx.shares) shareRoutes(app, ctx.shares);
  if (ctx.openWith) openWithRoutes(app, ctx.openWith);
  if (ctx.mcp) mcpRoutes(app, ctx.mcp);
  if (ctx.customize) customizeRoutes(app, ctx.customize);
  if (ctx.schedules) scheduleRoutes(app, ctx.schedules);
  if (ctx.goals) goalRoutes(app, ctx.goals);
  if (ctx.allow) allowRoutes(app, { allow: ctx.allow, chat: ctx.chat, relay: ctx.relay, projects: ctx.projects });
  if (ctx.providers) providerRoutes(app, ctx.providers.connections, ctx.providers.signIns);
  projectRoutes(app, { projects: ctx.projects, relay: ctx.relay, folders: ctx.folders });
  if (ctx.trust) trustRoutes(app, { projects: ctx.projects, trust: ctx.trust });
  maintenanceRoutes(app, ctx.maintenance);
  runtimeRoutes(app, ctx.runtime, ctx.runtimeUpdater);
  doctorRoutes(app, ctx.doctor, ctx.relearnKeyNames);

  app.all("/api/*", (c) => apiError(c, 404, "not_found", `There is no ${c.req.method} ${c.req.path} in this API.`));

  app.get("*", (c) => {
    const asset = ctx.ui.lookup(c.req.path);
    return asset ? ctx.ui.respond(c, asset) : apiError(c, 404, "not_found", `Nothing is served at ${c.req.path}.`);
  });

  app.notFound((c) => apiError(c, 404, "not_found", `There is no ${c.req.method} ${c.req.path} here.`));
  app.onError((error, c) => {
    // The stack is what makes an unexpected error fixable; the answer to the client stays generic.
    const detail = error.stack ?? error.message;
    supervisor.logs.push("supervisor", `API error on ${c.req.method} ${c.req.path}: ${detail}`, Date.now());
    return apiError(
      c,
      500,
      "internal_error",
      "The backend hit an unexpected error; it is still running. See the logs.",
    );
  });
  return app;
}
