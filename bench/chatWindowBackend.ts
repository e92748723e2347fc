// Benchmark 10's fake backend: serves the built web UI and answers the chat API from memory
// (a 2,000-message session, a 20-message one, an empty one), with an SSE stream the bench feeds,
// so only the chat window itself is measured.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import type { ChatEvent, ChatMessage, ChatSession, SidecarStatus } from "@turnkey/contracts";

/** The built UI; BENCH_WEB_DIST points at another build (of an older commit, say) to compare. */
export const dist = process.env.BENCH_WEB_DIST ?? join(import.meta.dirname, "..", "apps", "web", "dist");
const types: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
};
const status: SidecarStatus = {
  state: "running",
  pid: 4242,
  port: 1,
  version: "bench",
  startedAt: 1,
  readyAt: 2,
  uptimeMs: 1000,
  restarts: 0,
  nextRestartAt: null,
  lastExit: null,
  error: null,
  health: null,
  binary: null,
};

function reply(i: number): string {
  const code =
    i % 10 === 1
      ? `\n\n\`\`\`ts\nexport function step${i}(value: number): number {\n  return value * ${i};\n}\n\`\`\`\n`
      : "";
  return `Reply **${i}**: the function reads the file, checks each line and returns the total.\n\n- first point about ${i}\n- second point${code}\n\nThat is all for step ${i}.`;
}

function history(sessionID: string, count: number): ChatMessage[] {
  return Array.from({ length: count }, (_, i) => {
    const role = i % 2 === 0 ? "user" : "assistant";
    const text = role === "user" ? `Question ${i}: what does step ${i} do?` : reply(i);
    return {
      id: `msg_${String(i).padStart(6, "0")}`,
      sessionID,
      role,
      createdAt: i,
      completedAt: i,
      model: null,
      error: null,
      text,
      parts: [{ type: "text", id: `prt_${i}`, text }],
    };
  });
}

/** An answer for an API route the chat benches do not know (another bench's data), or undefined. */
export type ExtraRoutes = (url: URL) => unknown;

/** The fake backend: the built UI, the chat API from memory, and an SSE stream the bench feeds. */
export async function fakeBackend(options: { extra?: ExtraRoutes; dist?: string } = {}) {
  const { extra, dist: ui = dist } = options;
  const sessions: ChatSession[] = [
    {
      id: "ses_long",
      title: "Long session",
      key: null,
      createdAt: 1,
      updatedAt: 3,
      directory: "/bench",
      projectId: null,
    },
    {
      id: "ses_short",
      title: "Short session",
      key: null,
      createdAt: 1,
      updatedAt: 2,
      directory: "/bench",
      projectId: null,
    },
    {
      id: "ses_hidden",
      title: "Other session",
      key: null,
      createdAt: 1,
      updatedAt: 1,
      directory: "/bench",
      projectId: null,
    },
  ];
  const messages: Record<string, string> = {
    ses_long: JSON.stringify({ messages: history("ses_long", 2000) }),
    ses_short: JSON.stringify({ messages: history("ses_short", 20) }),
    ses_hidden: JSON.stringify({ messages: [] }),
  };
  const streams = new Set<ServerResponse>();
  const json = (res: ServerResponse, body: unknown, code = 200) => {
    res.writeHead(code, { "content-type": "application/json" });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    if (path === "/api/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      res.write(`event: status\ndata: ${JSON.stringify(status)}\n\n`);
      streams.add(res);
      req.on("close", () => streams.delete(res));
      return;
    }
    if (path === "/api/status") return json(res, status);
    if (path === "/api/sessions") return json(res, { sessions });
    if (path === "/api/models")
      return json(res, {
        providers: [{ id: "stub", name: "Stub", models: [{ id: "m", name: "Model" }] }],
        default: { providerID: "stub", modelID: "m" },
        configured: true,
      });
    if (path === "/api/providers")
      return json(res, { providers: [{ id: "stub", name: "Stub", connected: true, env: [] }], connected: ["stub"] });
    const match = /^\/api\/sessions\/([\w]+)\/messages$/.exec(path);
    if (match) return json(res, messages[match[1] ?? ""] ?? { messages: [] });
    const answer = extra?.(url);
    if (answer !== undefined) return json(res, answer);
    if (path.startsWith("/api/")) return json(res, { error: { code: "not_found", message: "Not in the bench." } }, 404);
    const file = path === "/" || path === "/chat" ? "index.html" : normalize(path).replace(/^\/+/, "");
    try {
      const body = readFileSync(join(ui, file));
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      json(res, { error: { code: "not_found", message: "No such file." } }, 404);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Streams chat events, many per write, as the relay batches them. */
    async push(events: ChatEvent[], perWrite = 50) {
      for (let i = 0; i < events.length; i += perWrite) {
        const chunk = events
          .slice(i, i + perWrite)
          .map((e) => `event: chat\ndata: ${JSON.stringify(e)}\n\n`)
          .join("");
        for (const stream of streams) if (!stream.write(chunk)) await new Promise((r) => stream.once("drain", r));
        await new Promise((r) => setImmediate(r));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type FakeBackend = Awaited<ReturnType<typeof fakeBackend>>;
