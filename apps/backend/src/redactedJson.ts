// Every JSON answer leaves redacted (app.ts). Reading an answer back to redact it (clone, then
// text) made Hono's node adapter build a full web Response and stream it out, on every call, a chat
// turn included; redacting the text as `c.json` serializes it costs one pass over a string, and the
// adapter writes that string at once.
import type { Context } from "hono";

/**
 * Makes this request's `c.json` redact the text it serializes (the same text and headers as
 * Hono's own `json`), and returns the answers made that way: they need no second look.
 */
export function redactJsonAnswers(c: Context, redact: (text: string) => string): WeakSet<Response> {
  const made = new WeakSet<Response>();
  const body = c.body as (...args: unknown[]) => Response;
  const json = (object: unknown, arg?: unknown, headers?: Record<string, string>) => {
    const res = body(redact(JSON.stringify(object)), arg, { "Content-Type": "application/json", ...headers });
    made.add(res);
    return res;
  };
  c.json = json as unknown as Context["json"];
  return made;
}
