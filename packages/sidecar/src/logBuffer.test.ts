import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, tempDir } from "../test/harness.ts";
import { parseListeningLine } from "./listeningLine.ts";
import { LogBuffer, RotatingLogFile } from "./logBuffer.ts";
import { Redactor } from "./redact.ts";

afterEach(cleanup);

describe("LogBuffer", () => {
  it("keeps only the last lines, redacted, and tells subscribers", () => {
    const redactor = new Redactor();
    const secret = "s3cr3t-password-value-xyz";
    redactor.add(secret);
    const buffer = new LogBuffer(redactor, 3);
    const seen: string[] = [];
    buffer.subscribe((l) => seen.push(l.line));
    for (let i = 1; i <= 5; i++) buffer.push("stdout", `line ${i} ${secret}`, i);
    buffer.push("stdout", `auth ${Buffer.from(`opencode:${secret}`).toString("base64")}`, 6);
    expect(buffer.tail().map((l) => l.line)).toEqual(["line 4 [redacted]", "line 5 [redacted]", "auth [redacted]"]);
    expect(buffer.tail(1)).toHaveLength(1);
    expect(seen.join()).not.toContain(secret);
  });

  it("rotates files at the size cap and keeps a bounded number", () => {
    const dir = tempDir();
    const file = new RotatingLogFile({ dir, maxBytes: 200, keepFiles: 3 });
    for (let i = 0; i < 50; i++) file.write({ at: 0, stream: "stdout", line: `line number ${i}` });
    expect(readdirSync(dir).sort()).toEqual(["sidecar.log", "sidecar.log.1", "sidecar.log.2"]);
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name)).length).toBeLessThanOrEqual(200);
    expect(readFileSync(join(dir, "sidecar.log"), "utf8")).toContain("line number 49");
  });
});

describe("parseListeningLine", () => {
  it("reads opencode's announcement and nothing else", () => {
    expect(parseListeningLine("opencode server listening on http://127.0.0.1:4096")).toEqual({
      url: "http://127.0.0.1:4096",
      port: 4096,
    });
    // Colour codes around the line (a TTY-minded build) do not hide the port.
    expect(parseListeningLine("\u001b[0mopencode server listening on http://127.0.0.1:51234/\u001b[0m")).toEqual({
      url: "http://127.0.0.1:51234",
      port: 51234,
    });
    expect(parseListeningLine("server listening on http://127.0.0.1:4096")).toBeNull();
    expect(parseListeningLine("opencode server listening on http://127.0.0.1:0")).toBeNull();
  });
});
