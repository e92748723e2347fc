// desktop.log never holds the launch token, whoever quotes it: a worker's output line, or an
// Electron error whose message carries the window's URL with its #token= fragment.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redactor } from "@turnkey/sidecar";
import { afterEach, expect, it } from "vitest";
import { openMainLog } from "./mainLog.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it("redacts the token, plain and URL-encoded, from every line it writes", () => {
  const dir = mkdtempSync(join(tmpdir(), "turnkey-main-log-"));
  dirs.push(dir);
  const token = "tok+en/with=chars-0123456789";
  const log = openMainLog(dir, { redactor: new Redactor({ secrets: [token] }) });
  log("stderr", `worker said TURNKEY_TOKEN=${token}`);
  log("main", `ERR_ABORTED (-3) loading 'http://127.0.0.1:5/#token=${encodeURIComponent(token)}'`);
  const text = readFileSync(join(dir, "desktop.log"), "utf8");
  expect(text).toContain("worker said TURNKEY_TOKEN=[redacted]");
  expect(text).toContain("#token=[redacted]");
  expect(text).not.toContain(token);
  expect(text).not.toContain(encodeURIComponent(token));
});
