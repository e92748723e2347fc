// The allow settings of this backend (allowOnItsOwn.ts): kept in the data folder, answered
// through the chat service, each call to OpenCode under a deadline of its own (the relay's work
// answers no request, so no route's deadline covers it), and told to the windows
// through the relay. The secret places are this app's data and OpenCode's data and config.
import { join } from "node:path";
import { opencodeFolder } from "@turnkey/sidecar";
import { AllowOnItsOwn } from "./allowOnItsOwn.ts";
import { type SecretPlaces, secretPlacesHere } from "./allowRule.ts";
import { withCallSignal } from "./callSignal.ts";
import type { ChatService } from "./chatService.ts";
import type { ChatRelay } from "./relay.ts";

/** How long one answer may take: past it the request asks the user. */
const allowCallMs = 15_000;
/** How long finding a subagent's chat may take: a card waits on it (review 29, L5). */
const parentCallMs = 5_000;
/** How long the folders are kept: reading them writes OpenCode's environment's files. */
const placesKeptMs = 30_000;

export function allowOnItsOwnHere(options: {
  dataDir: string;
  relay: ChatRelay;
  chat: ChatService;
  sidecarEnv: () => NodeJS.ProcessEnv;
  isListed: (folder: string) => boolean;
  log: (message: string) => void;
}): AllowOnItsOwn {
  const { dataDir, relay, chat, sidecarEnv } = options;
  const within = <T>(ms: number, work: () => Promise<T>) => withCallSignal(AbortSignal.timeout(ms), work);
  let places: { at: number; value: SecretPlaces } | null = null;
  const allow = new AllowOnItsOwn({
    file: join(dataDir, "allow-on-its-own.json"),
    projectsFile: join(dataDir, "allow-for-projects.json"),
    answeredFile: join(dataDir, "allow-answered.json"),
    reply: (sessionID, requestID) => within(allowCallMs, () => chat.replyPermission(sessionID, requestID, "once")),
    parentOf: async (sessionID) => (await within(parentCallMs, () => chat.sessionById(sessionID))).parentID ?? null,
    tell: (sessionID, setting) => relay.tell({ type: "allow", sessionID, setting }),
    explain: (sessionID, permission) => relay.explainWaiting(sessionID, permission),
    places: () => {
      if (places && Date.now() - places.at < placesKeptMs) return places.value;
      const env = sidecarEnv();
      const value = secretPlacesHere([dataDir, opencodeFolder("data", env), opencodeFolder("config", env)]);
      places = { at: Date.now(), value };
      return value;
    },
    folderOf: (sessionID) => relay.directories.get(sessionID) ?? null,
    isListed: options.isListed,
    log: options.log,
  });
  relay.allowOnItsOwn = allow;
  return allow;
}
