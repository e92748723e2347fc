// Makes the scheduler with the backend's services; imported only when the tasks are first needed
// (schedules.ts), so nothing here is loaded into a backend without tasks.
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { unrefTimer } from "../callWithin.ts";
import type { AllowOnItsOwn } from "../chat/allowOnItsOwn.ts";
import type { ChatService } from "../chat/chatService.ts";
import type { ChatRelay } from "../chat/relay.ts";
import type { WorkbenchService } from "../chat/workbenchService.ts";
import { projectId } from "../projects/projectStore.ts";
import { Scheduler } from "./scheduler.ts";
import { ScheduleStore } from "./scheduleStore.ts";
import { scheduleTarget } from "./scheduleTarget.ts";

export function startScheduler(services: {
  file: string;
  supervisor: SidecarSupervisor;
  chat: ChatService;
  workbench: WorkbenchService;
  relay: ChatRelay;
  allow: Pick<AllowOnItsOwn, "set">;
  folderOf: (projectId: string) => string | null;
  log: (message: string) => void;
}): Scheduler {
  return new Scheduler({
    store: new ScheduleStore(services.file),
    now: Date.now,
    setTimer: unrefTimer,
    target: scheduleTarget(services),
    folderOf: services.folderOf,
    projectIdOf: projectId,
    log: services.log,
  });
}
