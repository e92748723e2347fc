// "Open in": lists the apps this computer has (findApps.ts) and opens a chat's project folder, or a
// file in it at a line, in one of them. The path passes the file panel's gate first (containment.ts:
// inside the project, never the data folder), so a link in the project cannot point an editor
// elsewhere. The app used last is remembered (settings.json) and offered first next time.
//
// Who starts the program is the launcher's business: the headless backend starts it itself
// (localLauncher.ts); the desktop's worker asks the main process, outside the app's job
// (desktopLauncher.ts). A backend with no desktop to show a window on says so instead.
import type { LaunchRequest, OpenWithRequest, OpenWithResponse, OpenWithResult } from "@turnkey/contracts";
import { ApiRefusal } from "../apiError.ts";
import { type ContainedPath, containedPath } from "../files/containment.ts";
import { type AppProbe, type FoundApp, findApps } from "./findApps.ts";
import { launchPlan } from "./launchPlan.ts";

/** Starts what the plan says, or throws an Error whose message says why it could not. */
export type Launcher = (request: LaunchRequest) => Promise<void>;

export class OpenWithError extends ApiRefusal {
  declare readonly httpStatus: 400 | 404 | 409 | 502;
  declare readonly code: "app_not_found" | "open_failed" | "open_unavailable";
  constructor(
    httpStatus: 400 | 404 | 409 | 502,
    code: "app_not_found" | "open_failed" | "open_unavailable",
    message: string,
  ) {
    super(httpStatus, code, message);
  }
}

export interface OpenWithDeps {
  probe: AppProbe;
  /** How programs are started here, or why nothing can be (no desktop). */
  launcher: Launcher | { unavailable: string };
  /** The chat's project folder (a ProjectError when it is gone). */
  folderOf: (sessionID: string) => Promise<string | undefined>;
  privateFolders: string[];
  preferred: { get(): string | undefined; set(id: string): void };
  now?: () => number;
}

/** Installing an editor takes minutes; a list this young is not looked for again. */
const listFreshMs = 15_000;

export class OpenWith {
  private found: { at: number; apps: Promise<FoundApp[]> } | null = null;

  constructor(private readonly deps: OpenWithDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private apps(): Promise<FoundApp[]> {
    if (this.found === null || this.now() - this.found.at > listFreshMs) {
      const apps = findApps(this.deps.probe);
      this.found = { at: this.now(), apps };
      // A probe that failed is not kept: the next ask looks again.
      apps.catch(() => {
        this.found = null;
      });
    }
    return this.found.apps;
  }

  async list(): Promise<OpenWithResponse> {
    const { launcher } = this.deps;
    if ("unavailable" in launcher) return { apps: [], preferred: null, unavailable: launcher.unavailable };
    const apps = await this.apps();
    const preferred = this.deps.preferred.get();
    return {
      apps: apps.map((app) => ({
        id: app.entry.id,
        name: app.entry.name,
        kind: app.entry.kind,
        // `open -a` (a macOS app without its command line tool) takes no line.
        lines: app.entry.lines !== undefined && app.how === "program",
      })),
      preferred: apps.some((app) => app.entry.id === preferred) ? (preferred ?? null) : null,
      unavailable: null,
    };
  }

  async open(sessionID: string, request: OpenWithRequest): Promise<OpenWithResult> {
    const { launcher } = this.deps;
    if ("unavailable" in launcher) throw new OpenWithError(409, "open_unavailable", launcher.unavailable);
    const folder = await this.deps.folderOf(sessionID);
    if (folder === undefined) throw new OpenWithError(404, "open_failed", "This chat has no project folder to open.");
    // Throws the panel's own refusals (outside the project, the data folder, gone).
    const root = await containedPath(folder, "", this.deps.privateFolders);
    const target: ContainedPath = request.path
      ? await containedPath(folder, request.path, this.deps.privateFolders)
      : root;
    const app = (await this.apps()).find((candidate) => candidate.entry.id === request.app);
    if (!app)
      throw new OpenWithError(
        404,
        "app_not_found",
        `${request.app} is not installed here (or no longer): choose another app from the list.`,
      );
    if (app.entry.kind === "terminal" && !target.isDirectory)
      throw new OpenWithError(400, "open_failed", `${app.entry.name} opens folders, not files.`);
    const what = target.relative === "" ? "the project folder" : target.relative;
    const plan = launchPlan(app, this.deps.probe.platform, {
      folder: root.absolute,
      path: target.absolute,
      isDirectory: target.isDirectory,
      ...(request.line !== undefined && !target.isDirectory ? { line: request.line } : {}),
    });
    try {
      await launcher(plan);
    } catch (error) {
      // The list is looked for again next time: the app may have gone.
      this.found = null;
      throw new OpenWithError(
        502,
        "open_failed",
        `${what} could not be opened in ${app.entry.name}: ${(error as Error).message}`,
      );
    }
    // The editor is the one offered first next time; a file manager or terminal is a side trip.
    if (app.entry.kind === "editor") this.deps.preferred.set(app.entry.id);
    return { message: opened(app, what, plan) };
  }
}

function opened(app: FoundApp, what: string, plan: LaunchRequest): string {
  if (plan.kind === "reveal") return `Showed ${what} in ${app.entry.name}.`;
  if (app.entry.kind === "terminal") return `Opened ${app.entry.name} in ${what}.`;
  return `Opened ${what} in ${app.entry.name}.`;
}
