// Signing in to an MCP server that needs it (OAuth), the way opencode 1.18.33 completes one: its
// `POST /mcp/:name/auth/authenticate` starts the flow, opens the sign-in page in the browser of
// the machine it runs on, waits for the page to send the browser back to its own listener
// (127.0.0.1:19876), exchanges the code and answers with the server's new state. (`POST
// /mcp/:name/auth` alone only hands out a page whose return nobody waits for: opencode's listener
// answers it 400. Both tried against the real binary.) When it cannot open a browser it publishes
// `mcp.browser.open.failed` with the page's address, which this picks up from the event stream so
// the window can offer the page itself. That call waits as long as the person takes, longer than
// any request may, so it runs here, outside the request that started it, with a deadline of its own.

import type { McpSignIn } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { streamLoopbackEvents } from "@turnkey/sidecar";
import { outsideCallSignal } from "../chat/callSignal.ts";
import { errorDetail, type SidecarHandle } from "../chat/sidecarClient.ts";
import { McpConfigError } from "./mcpConfigError.ts";
import { maskSecretsIn } from "./mcpHiddenParts.ts";
import { portTakenSentence, somethingListens } from "./mcpReturnPort.ts";

/** How long a sign-in may wait for the person before it is given up (opencode's own wait is 5 min). */
export const signInDeadlineMs = 10 * 60_000;
/** How long to wait for OpenCode's event stream to open before asking it to start the sign-in. */
const streamOpenMs = 10_000;

interface Flow extends McpSignIn {
  controller: AbortController;
  /** The port the sign-in page sends the browser back to (mcpReturnPort.ts). */
  returnPort: number;
}

export class McpSignIns {
  private readonly flows = new Map<string, Flow>();

  constructor(
    private readonly supervisor: SidecarSupervisor,
    private readonly deadlineMs = signInDeadlineMs,
    private readonly listens: (port: number) => Promise<boolean> = somethingListens,
  ) {}

  /** The sign-in of that server in that folder, if one was started since the backend started. */
  state(directory: string, name: string): McpSignIn | null {
    const flow = this.flows.get(key(directory, name));
    return flow ? { waiting: flow.waiting, url: flow.url, error: flow.error } : null;
  }

  /** Forgets a finished sign-in (it worked: the server's state says the rest). */
  forget(directory: string, name: string): void {
    const flow = this.flows.get(key(directory, name));
    if (flow && !flow.waiting) this.flows.delete(key(directory, name));
  }

  /**
   * Starts a sign-in (a new one replaces one still waiting) and returns once OpenCode was asked:
   * the page opens in a browser, or its address arrives in `state(…).url` shortly after. Refused
   * (409) when another program listens on `returnPort` while no sign-in of ours waits there
   * (then the listener is OpenCode's own). What is left: a program that binds the port between
   * this check and OpenCode's listen, a moment later, still gets the return.
   */
  async start(handle: SidecarHandle, directory: string, name: string, returnPort: number): Promise<void> {
    const connection = this.supervisor.connection();
    if (!connection) throw new Error("OpenCode is not running.");
    if (!Number.isInteger(returnPort) || returnPort < 1 || returnPort > 65_535)
      throw new McpConfigError(
        400,
        "invalid_request",
        `The sign-in of "${name}" would send you back to port ${returnPort}, which is not a port (1 to 65535): fix its "oauth" "callbackPort" or "redirectUri" in opencode.json, then press Sign in again.`,
      );
    const ours = [...this.flows.values()].some((flow) => flow.waiting && flow.returnPort === returnPort);
    if (!ours && (await this.listens(returnPort)))
      throw new McpConfigError(409, "sign_in_port_taken", portTakenSentence(name, returnPort));
    const id = key(directory, name);
    this.flows.get(id)?.controller.abort();
    const controller = new AbortController();
    const flow: Flow = { waiting: true, url: null, error: null, controller, returnPort };
    this.flows.set(id, flow);
    const timer = setTimeout(() => controller.abort(), this.deadlineMs);
    timer.unref();
    const give = (error: string) => {
      if (this.flows.get(id) !== flow) return;
      flow.waiting = false;
      flow.error = maskSecretsIn(error); // OpenCode's words can quote the server's address, token and all
    };
    await outsideCallSignal(async () => {
      let opened: () => void = () => undefined;
      const streamOpen = new Promise<void>((resolve) => {
        opened = resolve;
        setTimeout(resolve, streamOpenMs).unref();
      });
      streamLoopbackEvents(connection, "/global/event", controller.signal, (data) => {
        opened();
        const url = browserOpenFailed(data, directory, name);
        if (url) flow.url = url;
      }).catch(() => undefined); // without the stream, the window only lacks the page's address
      await streamOpen;
      const path = `/mcp/${encodeURIComponent(name)}/auth/authenticate`;
      handle.client.mcp.auth
        .authenticate({ name }, { signal: controller.signal })
        .then((result) => {
          if (this.flows.get(id) !== flow) return;
          const state = (result.data as { status?: string } | undefined)?.status;
          if (result.error === undefined && state === "connected") {
            flow.waiting = false;
            return;
          }
          const detail = errorDetail(result.error) || (state ? `it is ${state.replaceAll("_", " ")}` : "");
          give(`Signing in to "${name}" did not finish${detail ? ` (${detail})` : ""}. Press Sign in to try again.`);
        })
        .catch(() =>
          give(
            controller.signal.aborted
              ? `Signing in to "${name}" was not finished in time. Press Sign in to try again.`
              : `OpenCode stopped answering while signing in to "${name}" (${path}). Press Sign in to try again.`,
          ),
        )
        .finally(() => {
          clearTimeout(timer);
          controller.abort(); // ends the event stream
        });
    });
  }

  /** Ends every sign-in still waiting (the backend is closing). */
  close(): void {
    for (const flow of this.flows.values()) flow.controller.abort();
    this.flows.clear();
  }
}

const key = (directory: string, name: string) => `${directory}\u0000${name}`;

/** The sign-in page's address, if this global event says OpenCode could not open it for `name`. */
function browserOpenFailed(data: string, directory: string, name: string): string | null {
  if (!data.includes("mcp.browser.open.failed")) return null;
  try {
    const event = JSON.parse(data) as {
      directory?: string;
      payload?: { type?: string; properties?: { mcpName?: unknown; url?: unknown } };
    };
    const properties = event.payload?.properties;
    if (event.payload?.type !== "mcp.browser.open.failed" || properties?.mcpName !== name) return null;
    if (event.directory && event.directory !== directory) return null;
    return typeof properties.url === "string" && /^https?:\/\//.test(properties.url) ? properties.url : null;
  } catch {
    return null;
  }
}
