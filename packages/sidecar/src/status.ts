// What the outside world sees of the lifecycle model: the contract's status, with process facts
// only while there is a process, and uptime only while it runs. Never the password.
import { isLive, hasProcess as processExists, type SidecarStatus } from "@turnkey/contracts";
import type { LifecycleModel } from "./lifecycleModel.ts";

export function statusOf(m: LifecycleModel, now: number): SidecarStatus {
  const hasProcess = processExists(m.phase);
  const running = isLive(m.phase);
  return {
    state: m.phase,
    pid: hasProcess ? m.pid : null,
    port: hasProcess ? m.port : null,
    version: m.version,
    startedAt: hasProcess ? m.startedAt : null,
    readyAt: running ? m.readyAt : null,
    uptimeMs: running && m.readyAt !== null ? Math.max(0, now - m.readyAt) : null,
    restarts: m.restarts,
    nextRestartAt: m.nextRestartAt,
    lastExit: m.lastExit,
    error: m.error,
    health: m.health,
    binary: m.binary,
    preparing: m.phase === "starting" ? m.preparing : null,
    survivors: m.survivors,
  };
}
