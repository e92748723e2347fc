// A chat turn's prompt goes to opencode through SidecarHandle.call, not the SDK: it must reach the
// same route with the same password and folder the SDK would send, and opencode's refusals and a
// call that never arrives must read as the SDK's answers do (unwrap turns them into sentences).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { basicAuthHeader, type SidecarSupervisor } from "@turnkey/sidecar";
import { afterEach, describe, expect, it } from "vitest";
import { SidecarCallError, sidecarClient, unwrap } from "./sidecarClient.ts";

let server: Server | null = null;
async function stopOpencode(): Promise<void> {
  const running = server;
  server = null;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
}
afterEach(stopOpencode);

const seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];

async function fakeOpencode(): Promise<string> {
  seen.length = 0;
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.setHeader("content-type", "application/json");
      if (req.url?.startsWith("/session/gone/")) {
        res.writeHead(404).end(JSON.stringify({ name: "NotFoundError", data: { message: "Session not found: gone" } }));
      } else res.end(JSON.stringify({ info: { id: "msg_1" }, parts: [] }));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const supervisorAt = (url: string) =>
  ({
    connection: () => ({ url, password: "pw", username: "opencode", generation: 1 }),
  }) as unknown as SidecarSupervisor;

describe("SidecarHandle.call", () => {
  it("sends the prompt as the SDK would: the route, the password, the folder and the JSON body", async () => {
    const handle = sidecarClient(supervisorAt(await fakeOpencode()), "/work/my project")!;
    const body = { parts: [{ type: "text", text: "ping" }] };
    const answer = unwrap(await handle.call<{ info: { id: string } }>("POST", "/session/s1/message", body), "Sending");
    expect(answer.info.id).toBe("msg_1");
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: "/session/s1/message",
      headers: {
        authorization: basicAuthHeader("pw"),
        "x-opencode-directory": encodeURIComponent("/work/my project"),
        "content-type": "application/json",
      },
    });
    expect(JSON.parse(seen[0]!.body)).toEqual(body);
  });

  it("reads opencode's refusal and an unreachable opencode as sentences, as for SDK calls", async () => {
    const url = await fakeOpencode();
    const handle = sidecarClient(supervisorAt(url), "/work/project")!;
    const refused = await handle.call("POST", "/session/gone/message", { parts: [] });
    expect(() => unwrap(refused, "Sending the message")).toThrow(
      new SidecarCallError(404, "Sending the message: not found. Session not found: gone"),
    );

    await stopOpencode();
    const down = await sidecarClient(supervisorAt(url.replace(/:\d+$/, ":9")), "/work/project")!.call(
      "POST",
      "/session/s1/message",
      {},
    );
    expect(() => unwrap(down, "Sending the message")).toThrow(/^Sending the message failed: .*ECONNREFUSED/);
  });
});
