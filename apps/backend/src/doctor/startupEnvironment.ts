// The doctor's "secrets" check: whether the plugin inside opencode cleared the password from
// opencode's start-up environment, which other programs of the user can read (see
// secretsPlugin.ts). The plugin reports beside itself; a report from another opencode process
// (an earlier start) says nothing about this one. A failure never stops OpenCode: it is a warning.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DoctorCheck, SidecarStatus } from "@turnkey/contracts";
import { isLive } from "@turnkey/contracts";
import { environScrubFileName, secretsPluginDir } from "../secretsPlugin.ts";

const title = "The password in OpenCode's start-up environment";

interface ScrubReport {
  pid?: unknown;
  outcome?: unknown;
  reason?: unknown;
}

export function startupEnvironmentCheck(status: SidecarStatus, dataDir: string): DoctorCheck {
  const check = (result: DoctorCheck["result"], detail: string, action: DoctorCheck["action"] = null): DoctorCheck => ({
    id: "secrets",
    result,
    title,
    detail,
    action,
  });
  if (!isLive(status.state)) return check("skipped", "Checked when OpenCode runs.", "start");
  let report: ScrubReport | null = null;
  try {
    report = JSON.parse(readFileSync(join(secretsPluginDir(dataDir), environScrubFileName), "utf8")) as ScrubReport;
  } catch {
    report = null;
  }
  if (!report || report.pid !== status.pid) {
    return check("skipped", "OpenCode has not loaded its plugins yet: open a project, then run the checks again.");
  }
  if (report.outcome === "scrubbed" || report.outcome === "absent") {
    return check("ok", "Cleared: other programs on this computer cannot read it from OpenCode's environment.");
  }
  const reason = typeof report.reason === "string" ? ` (${report.reason})` : "";
  return check(
    "warn",
    `It could not be cleared${reason}, so other programs of your user on this computer may read it and drive OpenCode. OpenCode works normally. Restart OpenCode; if this stays, open the logs and report it.`,
    "open_logs",
  );
}
