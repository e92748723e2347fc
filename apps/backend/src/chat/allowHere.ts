// The allow settings of this backend (allowOnItsOwn.ts): kept in the data folder, answered
// through the chat service, each call to OpenCode under a deadline of its own (the relay's work
// answers no request, so no route's deadline covers it), and told to the windows
// through the relay. The secret places are this app's data and OpenCode's data and config.
import { join } from "node:path";
import { opencodeFolder } from "@turnkey/sidecar";
import { AllowOnItsOwn } from "./allowOnItsOwn.ts";
import { secretPlacesHere } from "./allowRule.ts";
import { withCallSignal } from "./callSignal.ts";
import type { ChatService } from "./chatService.ts";
import type { ChatRelay } from "./relay.ts";

/** How long one answer or one parent's read may take: past it the request asks the user. */
const allowCallMs = 15_000;

export function allowOnItsOwnHere(options: {
  dataDir: string;
  relay: ChatRelay;
  chat: ChatService;
  sidecarEnv: () => NodeJS.ProcessEnv;
  log: (message: string) => void;
}): AllowOnItsOwn {
  const { dataDir, relay, chat, sidecarEnv } = options;
  const within = <T>(work: () => Promise<T>) => withCallSignal(AbortSignal.timeout(allowCallMs), work);
  const allow = new AllowOnItsOwn({
    file: join(dataDir, "allow-on-its-own.json"),
    reply: (sessionID, requestID) => within(() => chat.replyPermission(sessionID, requestID, "once")),
    parentOf: async (sessionID) => (await within(() => chat.sessionById(sessionID))).parentID ?? null,
    tell: (sessionID, setting) => relay.tell({ type: "allow", sessionID, setting }),
    places: () =>
      secretPlacesHere([dataDir, opencodeFolder("data", sidecarEnv()), opencodeFolder("config", sidecarEnv())]),
    log: options.log,
  });
  relay.allowOnItsOwn = allow;
  return allow;
}
