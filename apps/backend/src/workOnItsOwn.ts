// The work the backend does by itself, window open or not: the scheduled tasks, the goals, the
// requests a chat allows without asking, and deleting the sessions unfinished questions left
// behind. The first two are loaded only once the user has some (lazyFeature.ts); here they are
// made, started after the server listens, and closed first when the backend closes (before
// OpenCode and git stop).

import { join } from "node:path";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { allowOnItsOwnHere } from "./chat/allowHere.ts";
import type { AllowOnItsOwn } from "./chat/allowOnItsOwn.ts";
import { AsideLeftovers, sweepAsideLeftovers } from "./chat/asideLeftovers.ts";
import type { ChatService } from "./chat/chatService.ts";
import type { ChatRelay } from "./chat/relay.ts";
import type { WorkbenchService } from "./chat/workbenchService.ts";
import type { ProjectGit } from "./git/projectGit.ts";
import { backendGoals, type Goals } from "./goals/goals.ts";
import type { ProjectStore } from "./projects/projectStore.ts";
import { backendSchedules, type Schedules } from "./schedules/schedules.ts";

export interface WorkOnItsOwn {
  /** What createApp serves of it. */
  features: { schedules: Schedules; goals: Goals; allow: AllowOnItsOwn };
  start(): void;
  close(): void;
}

export function workOnItsOwn(
  dataDir: string,
  services: {
    supervisor: SidecarSupervisor;
    chat: ChatService;
    workbench: WorkbenchService;
    relay: ChatRelay;
    git: ProjectGit;
    /** The listed projects: a task's folder, whether a folder is one, and news of one leaving the list. */
    projects: Pick<ProjectStore, "byId" | "idOf" | "onForgotten">;
    /** Throws, with a sentence, when OpenCode may not work in a folder now (folderTrust's check). */
    trustCheck: (directory: string) => void;
    providerKeyNames: () => readonly string[] | null;
    /** The environment OpenCode runs with (where its data and config folders are). */
    sidecarEnv: () => NodeJS.ProcessEnv;
    log: (message: string) => void;
  },
): WorkOnItsOwn {
  const { supervisor, chat, workbench, relay, git, log } = services;
  const allow = allowOnItsOwnHere({
    dataDir,
    relay,
    chat,
    sidecarEnv: services.sidecarEnv,
    isListed: (folder) => services.projects.idOf(folder) !== null,
    log,
  });
  services.projects.onForgotten((folder) => allow.forgetProject(folder));
  const leftovers = new AsideLeftovers(join(dataDir, "unfinished-questions.json"), log);
  relay.asides.record = leftovers;
  let stopSweeping: () => void = () => undefined;
  const schedules = backendSchedules(dataDir, {
    supervisor,
    chat,
    workbench,
    relay,
    allow,
    folderOf: (projectId) => services.projects.byId(projectId)?.path ?? null,
    log,
  });
  const goals = backendGoals(dataDir, {
    chat,
    relay,
    git,
    trustCheck: services.trustCheck,
    providerKeyNames: services.providerKeyNames,
    log,
  });
  return {
    features: { schedules, goals, allow },
    start: () => {
      schedules.start();
      goals.start();
      stopSweeping = sweepAsideLeftovers(supervisor, leftovers);
    },
    close: () => {
      schedules.close();
      goals.close();
      stopSweeping();
      allow.close();
    },
  };
}
