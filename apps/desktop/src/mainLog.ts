// The desktop's own log file, <userData>/logs/desktop.log, size-capped and rotated by the
// sidecar's writer: a packaged GUI app's stdout goes nowhere, so what main saw (the backend
// starting, crashing, giving up, and the worker's own output) must land on disk to be read.
// Every line passes the redactor first: the worker's output or an Electron error may quote the
// launch token.
import { type Redactor, RotatingLogFile } from "@turnkey/sidecar";
import type { HostLogStream } from "./backendHost.ts";

export type MainLog = (stream: HostLogStream, line: string) => void;

export function openMainLog(
  logsDir: string,
  options: { echo?: boolean; now?: () => number; redactor?: Redactor } = {},
): MainLog {
  const file = new RotatingLogFile({ dir: logsDir, fileName: "desktop.log" });
  const now = options.now ?? Date.now;
  return (stream, text) => {
    const line = options.redactor ? options.redactor.redact(text) : text;
    file.write({ at: now(), stream, line });
    // In development (`npm start`) the terminal is the first place anyone looks.
    if (options.echo) (stream === "stderr" ? process.stderr : process.stdout).write(`[${stream}] ${line}\n`);
  };
}
