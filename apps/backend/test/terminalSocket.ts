// A terminal's WebSocket as the tests read it (terminal.test.ts, actions.test.ts): everything the
// shell printed so far, and a way to wait for more.
import WebSocket from "ws";

/** The terminal as a test reads it: everything it printed so far, and a way to wait for more. */
export function openSocket(url: string, origin: string) {
  const socket = new WebSocket(url, { headers: { origin } });
  let output = "";
  socket.on("message", (data, binary) => {
    const bytes = data as Buffer;
    // opencode's control frames (its cursor) are binary and start with a zero byte.
    if (binary && bytes[0] === 0) return;
    output += bytes.toString("utf8");
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once("error", reject);
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return {
    socket,
    opened,
    closed,
    output: () => output,
    /** Resolves once the output holds `text` (or matches it); the deadline is a safety net that shows what came. */
    async until(text: string | RegExp): Promise<string> {
      const deadline = Date.now() + 40_000;
      const found = () => (typeof text === "string" ? output.includes(text) : text.test(output));
      while (!found()) {
        if (Date.now() > deadline) throw new Error(`No ${String(text)} in ${JSON.stringify(output)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, 1_000);
          function done() {
            clearTimeout(timer);
            socket.off("message", done);
            resolve();
          }
          socket.on("message", done);
        });
      }
      return output;
    },
  };
}
