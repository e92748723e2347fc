// A local OpenAI-compatible provider for chat tests and benchmarks: streams chat completions
// whose content is decided by markers in the last user message, so every test can ask for the
// reply it needs. No network, no keys.
//   (default)            "Echo: <the message>", one delta per word
//   [slow]               40 deltas, 100 ms apart (to abort, or crash, mid-reply)
//   [busy:N]             the first N requests with this message are refused 429 (rate limited,
//                        retry after 1 s), as a busy provider does; then as usual
//   [deltas:N]           N one-character deltas, as fast as possible (relay throughput)
//   GET …/models        the model list; the key "wrong-key" gets a 401 (key checks)
//   [tool:bash CMD]      a bash tool call running CMD; after the tool result: "Tool said: <output>"
//   <<call:TOOL {json}>> a call of any tool with those arguments (edit, todowrite…), then as above
//   [question:Q|A|B]     opencode's `question` tool asking Q with options A and B (add `*` after
//                        `question` for a multiple choice); after the answer: "Tool said: <output>"
//   (a commit message asked for, git/commitMessage.ts's instructions) a fenced message naming the
//                        first file of the question's list and how many it lists
//   (a pull request asked for, pulls/pullRequestText.ts's instructions) "Title: Describe <branch>",
//                        a blank line, and how many commits into which base the question held
// Images the model was sent (as data URLs) are kept in `images`, to assert an attachment arrived.

import { writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

interface ChatRequest {
  /** The model asked for (the config's model id). */
  model?: string;
  messages: { role: string; content: unknown; tool_calls?: unknown[] }[];
  stream?: boolean;
}

export interface StubProvider {
  url: string;
  /** Chat requests received, newest last (title generation included). */
  requests: ChatRequest[];
  /**
   * When each chat request's head arrived (`performance.now()`, this process's clock) and whether
   * it was a title request: benchmark 5 splits a turn at the moment opencode asked the model.
   */
  arrivals: { at: number; title: boolean }[];
  /** How many `[slow]` replies the asker hung up on before their end (a stopped reply). */
  cut(): number;
  /** Every image URL found in the user messages of the requests, in arrival order. */
  images(): string[];
  /** Writes an opencode config using this provider and returns its path. */
  writeOpencodeConfig(dir: string, extra?: Record<string, unknown>): string;
  close(): Promise<void>;
}

const imagesOf = (content: unknown): string[] =>
  Array.isArray(content)
    ? content.flatMap((p) => {
        const url = typeof p === "object" && p && "image_url" in p ? (p.image_url as { url?: unknown }).url : null;
        return typeof url === "string" ? [url] : [];
      })
    : [];

const textOf = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content.map((p) => (typeof p === "object" && p && "text" in p ? String(p.text) : "")).join("")
      : "";

export async function startStubProvider(): Promise<StubProvider> {
  const requests: ChatRequest[] = [];
  const arrivals: { at: number; title: boolean }[] = [];
  let cut = 0;
  /** How many times each `[busy:N]` message was refused. */
  const refused = new Map<string, number>();
  const server = createServer((req, res) => void handle(req, res));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const at = performance.now();
    let body = "";
    for await (const chunk of req) body += chunk;
    if (req.url?.endsWith("/models")) {
      // The key check before a key is saved: "wrong-key" is refused the way OpenAI refuses one.
      if (req.headers.authorization === "Bearer wrong-key") {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ error: { message: "Incorrect API key provided: wrong-key.", code: "invalid_api_key" } }),
        );
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: "stub-model", object: "model" }] }));
      return;
    }
    const request = JSON.parse(body || "{}") as ChatRequest;
    requests.push(request);
    const system = textOf(request.messages.find((m) => m.role === "system")?.content);
    arrivals.push({ at, title: system.includes("title generator") });
    const last = request.messages.at(-1);
    const lastUser = textOf([...request.messages].reverse().find((m) => m.role === "user")?.content);

    const busy = /\[busy:(\d+)\]/.exec(lastUser);
    if (busy && !system.includes("title generator") && (refused.get(lastUser) ?? 0) < Number(busy[1])) {
      refused.set(lastUser, (refused.get(lastUser) ?? 0) + 1);
      // OpenAI's words and headers for a rate limit.
      res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
      res.end(
        JSON.stringify({
          error: { message: "Rate limit reached for stub-model. Please try again in 1s.", type: "requests" },
        }),
      );
      return;
    }

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    let closed = false;
    res.on("close", () => (closed = true));
    const send = (delta: Record<string, unknown>, finish: string | null = null) =>
      res.write(
        `data: ${JSON.stringify({ id: "chatcmpl-stub", object: "chat.completion.chunk", created: 1, model: "stub-model", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
      );
    const finish = (reason: string) => {
      send({}, reason);
      res.write(
        `data: ${JSON.stringify({ id: "chatcmpl-stub", object: "chat.completion.chunk", created: 1, model: "stub-model", choices: [], usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } })}\n\n`,
      );
      res.end("data: [DONE]\n\n");
    };
    send({ role: "assistant", content: "" });

    if (system.includes("title generator")) {
      send({ content: "Stub title" });
      finish("stop");
      return;
    }
    if (last?.role === "tool") {
      send({ content: `Tool said: ${textOf(last.content).trim()}` });
      finish("stop");
      return;
    }
    const tool = /\[tool:bash (.+?)\]/.exec(lastUser);
    if (tool) {
      const args = JSON.stringify({ command: tool[1], description: "Run the command the test asked for" });
      send({
        tool_calls: [{ index: 0, id: "call_stub_1", type: "function", function: { name: "bash", arguments: args } }],
      });
      finish("tool_calls");
      return;
    }
    const question = /\[question(\*?):(.+?)\]/.exec(lastUser);
    if (question?.[2]) {
      const [text = "", ...labels] = question[2].split("|");
      const args = JSON.stringify({
        questions: [
          {
            question: text,
            header: text.slice(0, 30),
            options: labels.map((label) => ({ label, description: `Pick ${label}` })),
            multiple: question[1] === "*",
          },
        ],
      });
      send({
        tool_calls: [
          { index: 0, id: "call_stub_q", type: "function", function: { name: "question", arguments: args } },
        ],
      });
      finish("tool_calls");
      return;
    }
    const call = /<<call:(\w+) (.+?)>>/s.exec(lastUser);
    if (call) {
      send({
        tool_calls: [
          { index: 0, id: "call_stub_2", type: "function", function: { name: call[1], arguments: call[2] } },
        ],
      });
      finish("tool_calls");
      return;
    }
    const many = /\[deltas:(\d+)\]/.exec(lastUser);
    if (many) {
      const count = Number(many[1]);
      for (let i = 0; i < count && !closed; i++) {
        if (
          !res.write(
            `data: ${JSON.stringify({ id: "chatcmpl-stub", object: "chat.completion.chunk", created: 1, model: "stub-model", choices: [{ index: 0, delta: { content: "x" }, finish_reason: null }] })}\n\n`,
          )
        ) {
          await new Promise((resolve) => res.once("drain", resolve));
        }
      }
      if (!closed) finish("stop");
      return;
    }
    const instructions = request.messages
      .filter((m) => m.role === "system")
      .map((m) => textOf(m.content))
      .join("\n");
    if (instructions.includes("You write git commit messages") && !lastUser.includes("[slow]")) {
      const listed = /(?:^|\n)Files:\n([\s\S]*?)(?:\n\n|$)/.exec(lastUser)?.[1]?.split("\n") ?? [];
      const first = /^\S+ (.+?)(?: \(\+\d+ −\d+.*\))?$/.exec(listed[0] ?? "")?.[1] ?? "nothing";
      send({
        content: `\`\`\`\nUpdate ${first}\n\nThe question listed ${listed.length === 1 ? "1 file" : `${listed.length} files`}.\n\`\`\``,
      });
      finish("stop");
      return;
    }
    if (instructions.includes("You write GitHub pull request descriptions")) {
      const asked = /for the branch (\S+), to be merged into (\S+) \((\d+) commits?\)/.exec(lastUser);
      send({
        content: `Title: Describe ${asked?.[1] ?? "nothing"}\n\nThe question held ${asked?.[3] ?? 0} commits into ${asked?.[2] ?? "nothing"}.`,
      });
      finish("stop");
      return;
    }
    if (lastUser.includes("[slow]")) {
      for (let i = 0; i < 40 && !closed; i++) {
        send({ content: `tick ${i} ` });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (closed) cut += 1;
      else finish("stop");
      return;
    }
    const words = `Echo: ${lastUser.trim()}`.split(/(?<= )/);
    for (const word of words) send({ content: word });
    finish("stop");
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    arrivals,
    cut: () => cut,
    images: () => requests.flatMap((r) => r.messages.flatMap((m) => (m.role === "user" ? imagesOf(m.content) : []))),
    writeOpencodeConfig(dir, extra = {}) {
      const file = join(dir, "opencode.test.json");
      const stubEntry = {
        npm: "@ai-sdk/openai-compatible",
        name: "Stub",
        options: { baseURL: `${url}/v1`, apiKey: "stub-key-not-secret" },
        models: {
          "stub-model": {
            name: "Stub Model",
            tool_call: true,
            attachment: true,
            modalities: { input: ["text", "image"], output: ["text"] },
            limit: { context: 100_000, output: 4_096 },
            cost: { input: 1, output: 2 },
          },
        },
      };
      const config: Record<string, unknown> = {
        provider: { stub: stubEntry },
        model: "stub/stub-model",
        small_model: "stub/stub-model",
        autoupdate: false,
        share: "disabled",
        permission: { bash: "ask" },
        ...extra,
      };
      // More providers beside the stub, rather than instead of it.
      if (extra.provider) config.provider = { stub: stubEntry, ...(extra.provider as object) };
      writeFileSync(file, JSON.stringify(config, null, 2));
      return file;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
