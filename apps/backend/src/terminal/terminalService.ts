// The chat window's terminals: shells in a chat's project folder, run by opencode's PTY API.
// Each call goes to the opencode instance of the session's folder; the WebSocket that carries the
// keystrokes and output goes through terminalUpgrade.ts with a ticket issued here.
import type { Pty } from "@opencode-ai/sdk/v2";
import {
  actionOfTerminal,
  actionTerminalPrefix,
  type CreateTerminalRequest,
  isComingUp,
  type ProjectAction,
  type TerminalInfo,
  type TerminalSize,
} from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { SidecarUnavailableError, sidecarClient, unwrap } from "../chat/sidecarClient.ts";
import type { FolderUse } from "../projects/workFolder.ts";
import { shellLaunch } from "./shellLaunch.ts";
import { TerminalTickets } from "./tickets.ts";

/** The path the browser opens the terminal's WebSocket on; terminalUpgrade answers it. */
export const terminalConnectPath = "/api/terminals/connect";

const toInfo = (pty: Pty): TerminalInfo => ({
  id: pty.id,
  title: pty.title,
  cwd: pty.cwd,
  running: pty.status === "running",
  action: actionOfTerminal(pty.title),
});

export class TerminalService {
  readonly tickets: TerminalTickets;

  constructor(
    private readonly supervisor: SidecarSupervisor,
    /** The session's folder (ChatService.sessionFolder): refused with a sentence when it is gone. */
    private readonly sessionFolder: (sessionID: string, use: FolderUse) => Promise<string | undefined>,
    private readonly platform: NodeJS.Platform = process.platform,
    private readonly env: NodeJS.ProcessEnv = process.env,
    tickets = new TerminalTickets(),
  ) {
    this.tickets = tickets;
  }

  private client(directory?: string) {
    const handle = sidecarClient(this.supervisor, directory);
    if (handle) return handle.client;
    const status = this.supervisor.status();
    const error = new SidecarUnavailableError(status);
    error.message = isComingUp(status.state)
      ? "OpenCode is starting; the terminal can open once it runs. Try again in a moment."
      : `OpenCode is ${status.state}, so no terminal can run. Press Start, then open the terminal again.`;
    throw error;
  }

  private async forSession(sessionID: string) {
    this.client(); // 503 before anything else when there is no sidecar
    const directory = await this.sessionFolder(sessionID, "work");
    return { client: this.client(directory), directory };
  }

  async list(sessionID: string): Promise<TerminalInfo[]> {
    const { client, directory } = await this.forSession(sessionID);
    return unwrap(await client.pty.list({ directory }), "Listing terminals").map(toInfo);
  }

  /**
   * The project's shell, or with `action` a terminal of the action's own (its title names it), where
   * the window that asked types the command (actions/projectActions.ts says why).
   */
  async create(sessionID: string, request: CreateTerminalRequest, action?: ProjectAction): Promise<TerminalInfo> {
    const { client, directory } = await this.forSession(sessionID);
    const size = request.cols && request.rows ? { cols: request.cols, rows: request.rows } : undefined;
    const launch = shellLaunch(this.platform, this.env, size);
    const title = action ? `${actionTerminalPrefix}${action.name}` : "Terminal";
    const pty = unwrap(
      await client.pty.create({ directory, ...launch, ...(directory ? { cwd: directory } : {}), title }),
      action ? `Running ${action.name}` : "Opening a terminal",
    );
    // The POSIX shell already started at this size (shellLaunch.ts); opencode learns it here, and
    // Windows gets it only here.
    if (size) await this.resize(sessionID, pty.id, size);
    return toInfo(pty);
  }

  async resize(sessionID: string, terminalId: string, size: TerminalSize): Promise<void> {
    const { client, directory } = await this.forSession(sessionID);
    unwrap(await client.pty.update({ ptyID: terminalId, directory, size }), "Resizing the terminal");
  }

  async remove(sessionID: string, terminalId: string): Promise<void> {
    const { client, directory } = await this.forSession(sessionID);
    unwrap(await client.pty.remove({ ptyID: terminalId, directory }), "Closing the terminal");
  }

  /** A one-time path for the terminal's WebSocket, once opencode confirms the terminal is there. */
  async connectPath(sessionID: string, terminalId: string): Promise<string> {
    const { client, directory } = await this.forSession(sessionID);
    unwrap(await client.pty.get({ ptyID: terminalId, directory }), "Finding the terminal");
    const ticket = this.tickets.issue({ terminalId, directory: directory ?? "" });
    return `${terminalConnectPath}?ticket=${ticket}`;
  }
}
