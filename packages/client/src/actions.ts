// The project actions part of the typed client: a chat's project's actions (and what its
// package.json suggests), save, change, remove one, and run one in a new terminal. Spread into
// createTurnkeyClient.
import {
  type ActionSettings,
  ActionsResponse,
  ProjectAction,
  type RunActionRequest,
  RunActionResponse,
} from "@turnkey/contracts";
import { z } from "zod";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

const ActionResponse = z.object({ action: ProjectAction });

export function actionMethods(http: Http, call: Call) {
  const path = (id: string, rest = "") => `api/sessions/${encodeURIComponent(id)}/actions${rest}`;
  const one = (id: string, action: string, rest = "") => path(id, `/${encodeURIComponent(action)}${rest}`);
  return {
    actions: (id: string) => call(ActionsResponse, http.get(path(id))),
    addAction: async (id: string, settings: ActionSettings) =>
      (await call(ActionResponse, http.post(path(id), { json: settings }))).action,
    changeAction: async (id: string, action: string, settings: ActionSettings) =>
      (await call(ActionResponse, http.put(one(id, action), { json: settings }))).action,
    removeAction: (id: string, action: string) => call(z.object({ ok: z.literal(true) }), http.delete(one(id, action))),
    /** Opens the action's terminal at `size`: connect to it as to any terminal, then type `command` into it. */
    runAction: (id: string, action: string, size: RunActionRequest = {}) =>
      call(RunActionResponse, http.post(one(id, action, "/run"), { json: size })),
  };
}
