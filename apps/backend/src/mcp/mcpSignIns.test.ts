// The sign-in's check of its return port (review 7, S4), with the port probe injected: refused
// with the sentence when something else listens there and nothing asked of OpenCode; started when
// nothing does; and "Sign in again" while a sign-in of ours waits on that port is not refused, as
// the listener then is OpenCode's own. A local event stream stands in for OpenCode's.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SidecarHandle } from "../chat/sidecarClient.ts";
import { McpConfigError } from "./mcpConfigError.ts";
import { McpSignIns } from "./mcpSignIns.ts";

let events: Server;
let url: string;
beforeAll(async () => {
  events = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write('data: {"payload":{"type":"server.connected"}}\n\n');
  });
  await new Promise<void>((resolve) => events.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(events.address() as AddressInfo).port}`;
});
afterAll(async () => {
  events.closeAllConnections();
  await new Promise<void>((resolve) => events.close(() => resolve()));
});

function setup(listening: boolean) {
  const supervisor = { connection: () => ({ url, password: "not-a-password" }) } as unknown as SidecarSupervisor;
  const authenticate = vi.fn(() => new Promise(() => undefined)); // OpenCode waits for the browser
  const handle = { client: { mcp: { auth: { authenticate } } } } as unknown as SidecarHandle;
  const probe = { listening, ports: [] as number[] };
  const signIns = new McpSignIns(supervisor, 60_000, async (port) => {
    probe.ports.push(port);
    return probe.listening;
  });
  return { signIns, handle, authenticate, probe };
}

describe("an MCP sign-in's return port", () => {
  it("is refused with a sentence when another program listens there, and OpenCode is not asked", async () => {
    const { signIns, handle, authenticate, probe } = setup(true);
    const refused = await signIns.start(handle, "/p", "api", 19876).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(McpConfigError);
    expect((refused as McpConfigError).code).toBe("sign_in_port_taken");
    expect((refused as Error).message).toContain("Another program already listens on 127.0.0.1:19876");
    expect(probe.ports).toEqual([19876]);
    expect(authenticate).not.toHaveBeenCalled();
    expect(signIns.state("/p", "api")).toBeNull();
  });

  it("refuses a return port that is no port with a sentence, asking nothing", async () => {
    const { signIns, handle, authenticate, probe } = setup(false);
    for (const port of [0, 70_000, 1.5]) {
      const refused = await signIns.start(handle, "/p", "api", port).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: "invalid_request", httpStatus: 400 });
      expect((refused as Error).message).toContain(`port ${port}, which is not a port`);
    }
    expect(probe.ports).toEqual([]);
    expect(authenticate).not.toHaveBeenCalled();
  });

  it("starts when nothing listens, and a second press while ours waits is not refused by OpenCode's own listener", async () => {
    const { signIns, handle, authenticate, probe } = setup(false);
    await signIns.start(handle, "/p", "api", 40123);
    expect(authenticate).toHaveBeenCalledTimes(1);
    expect(signIns.state("/p", "api")?.waiting).toBe(true);
    probe.listening = true; // OpenCode's listener is up now
    await signIns.start(handle, "/p", "api", 40123);
    expect(authenticate).toHaveBeenCalledTimes(2);
    expect(probe.ports).toEqual([40123]); // not probed again: the listener is ours
    // Another server's sign-in on another port is checked, and refused while something is there.
    const other = await signIns.start(handle, "/p", "other", 40124).catch((error: unknown) => error);
    expect(other).toBeInstanceOf(McpConfigError);
    signIns.close();
  });
});
