// Makes the goal keeper with the backend's services; imported only when goals are first needed
// (goals.ts), so nothing here is loaded into a backend whose user never set a goal.
import { Goal } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { unrefTimer } from "../callWithin.ts";
import type { ChatService } from "../chat/chatService.ts";
import type { ChatRelay } from "../chat/relay.ts";
import type { WorkbenchService } from "../chat/workbenchService.ts";
import type { ProjectGit } from "../git/projectGit.ts";
import { KeptList } from "../keptList.ts";
import { projectId } from "../projects/projectStore.ts";
import { scheduleTarget } from "../schedules/scheduleTarget.ts";
import { toolEnvironment } from "../toolEnvironment.ts";
import { shellCheck } from "./goalCheck.ts";
import { GoalKeeper, maxGoalsKept } from "./goalKeeper.ts";

export function startGoals(services: {
  file: string;
  supervisor: SidecarSupervisor;
  chat: ChatService;
  workbench: WorkbenchService;
  relay: ChatRelay;
  git: ProjectGit;
  /** Throws, with a sentence, when a folder may not be worked in now (folderTrust's check). */
  mayRun: (folder: string) => void;
  providerKeyNames: () => readonly string[] | null;
  log: (message: string) => void;
}): GoalKeeper {
  const { chat, git } = services;
  return new GoalKeeper({
    store: new KeptList(services.file, { key: "goals", item: Goal, max: maxGoalsKept, what: "goals" }),
    now: Date.now,
    setTimer: unrefTimer,
    // A turn is sent as a scheduled run's prompt is: a message, or the `/` command it starts with.
    target: scheduleTarget(services),
    stopReply: (sessionID) => chat.abort(sessionID),
    runCheck: shellCheck({
      runner: git.runner,
      env: () => toolEnvironment(process.env, services.providerKeyNames()),
      mayRun: services.mayRun,
      now: Date.now,
    }),
    // The folder git would work in (its real path; never the app's data folder), and the project
    // the chat is listed under (its id comes from the folder as OpenCode names it).
    placeOf: async (sessionID) => ({
      folder: (await git.scope(sessionID)).folder,
      projectId: projectId((await chat.sessionFolder(sessionID, "work")) ?? ""),
    }),
    log: services.log,
  });
}
