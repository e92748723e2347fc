import { formatDuration, isLive, type SidecarStatus } from "@turnkey/contracts";
import { formatTime } from "../shared/format.ts";

const sourceNames = {
  override: "set by you",
  managed: "managed runtime",
  bundled: "bundled with the app",
  node_modules: "npm package",
  path: "found on PATH",
} as const;

export function Facts({ status, now }: { status: SidecarStatus; now: number }) {
  const uptime = status.readyAt && isLive(status.state) ? now - status.readyAt : null;
  const exit = status.lastExit;
  const rows: [string, string][] = [
    ["Process", status.pid ? `pid ${status.pid}` : "—"],
    ["Port", status.port ? String(status.port) : "—"],
    ["OpenCode version", status.version ?? "—"],
    ["Program", status.binary ? `${status.binary.path} (${sourceNames[status.binary.source]})` : "—"],
    ["Uptime", uptime === null ? "—" : uptime < 1000 ? "just started" : formatDuration(uptime)],
    ["Automatic restarts", String(status.restarts)],
    [
      "Last exit",
      exit ? `${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`} at ${formatTime(exit.at)}` : "—",
    ],
  ];
  return (
    <dl className="facts">
      {rows.map(([name, value]) => (
        <div key={name} className="fact">
          <dt>{name}</dt>
          <dd title={value}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
