// Makes the goal keeper with the backend's services; imported only when goals are first needed
// (goals.ts), so nothing here is loaded into a backend whose user never set a goal.
import { Goal } from "@turnkey/contracts";
import { unrefTimer } from "../callWithin.ts";
import { withCallSignal } from "../chat/callSignal.ts";
import type { ChatService } from "../chat/chatService.ts";
import type { ChatRelay } from "../chat/relay.ts";
import type { ProjectGit } from "../git/projectGit.ts";
import { KeptList } from "../keptList.ts";
import { projectId } from "../projects/projectStore.ts";
import { toolEnvironment } from "../toolEnvironment.ts";
import { shellCheck } from "./goalCheck.ts";
import { GoalKeeper, maxGoalsKept } from "./goalKeeper.ts";

export function startGoals(services: {
  file: string;
  chat: ChatService;
  relay: ChatRelay;
  git: ProjectGit;
  /** Throws, with a sentence, when OpenCode may not work in a folder now (folderTrust's check). */
  trustCheck: (directory: string) => void;
  providerKeyNames: () => readonly string[] | null;
  log: (message: string) => void;
}): GoalKeeper {
  const { chat, git, relay } = services;
  /** The chat's folder as OpenCode names it: what the trust gate and the project list know. */
  const directoryOf = async (sessionID: string) => {
    const directory = await chat.sessionFolder(sessionID, "work");
    if (!directory) throw new Error("This chat has no project folder to run the check in.");
    return directory;
  };
  return new GoalKeeper({
    store: new KeptList(services.file, { key: "goals", item: Goal, max: maxGoalsKept, what: "goals" }),
    now: Date.now,
    setTimer: unrefTimer,
    // Always a message, even one starting with "/": a task is words, not a command to look up.
    target: {
      send: (sessionID, text, { model, agent }, signal) =>
        withCallSignal(signal, async () => {
          await chat.send(sessionID, { text, ...(model ? { model } : {}), ...(agent ? { agent } : {}) }, false);
        }),
      onSessionEvent: (sessionID, listener) =>
        relay.onEvent((event) => {
          if (event.sessionID === sessionID) listener(event);
        }),
    },
    stopReply: (sessionID) => chat.abort(sessionID),
    runCheck: shellCheck({
      runner: git.runner,
      env: () => toolEnvironment(process.env, services.providerKeyNames()),
      // The folder as OpenCode names it (placeOf below): the one the trust gate knows.
      mayRun: services.trustCheck,
      now: Date.now,
    }),
    // git's checks of the folder (it exists; never the app's data folder), then the folder as
    // OpenCode names it, where the check runs and which the project list knows.
    placeOf: async (sessionID) => {
      await git.scope(sessionID);
      const folder = await directoryOf(sessionID);
      return { folder, projectId: projectId(folder) };
    },
    log: services.log,
  });
}
