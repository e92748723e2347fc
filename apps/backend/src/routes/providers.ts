// The Providers view's routes: every provider with how it is connected, signing in to one with the
// methods opencode's plugins offer (start, the code pasted back, the state while opencode waits,
// cancel) and disconnecting one. providers/*.ts do the work through OpenCode. Under the call
// deadline like every `/api/providers/*` route (callDeadline.ts): a sign-in that waits for the
// person waits in the backend (providerSignIns.ts), never in a request.
import { EmptyRequest, SignInCodeRequest, StartSignInRequest } from "@turnkey/contracts";
import type { Hono } from "hono";
import { apiError, readJsonBody } from "../apiError.ts";
import type { ProviderConnections } from "../providers/providerConnections.ts";
import type { ProviderSignIns } from "../providers/providerSignIns.ts";
import { answer, badId } from "./chat.ts";

/** The backend keeps sign-ins in memory: one it does not know ended, or began before a restart. */
const noSignIn =
  "No sign-in to this provider is waiting: it ended, or the app restarted since it began. Press Sign in to start again.";

export function providerRoutes(app: Hono, connections: ProviderConnections, signIns: ProviderSignIns): void {
  app.get("/api/providers/connections", (c) => answer(c, async () => c.json(await connections.list())));
  app.post("/api/providers/:id/disconnect", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, EmptyRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json(await connections.disconnect(c.req.param("id"))));
  });
  app.post("/api/providers/:id/sign-in", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, StartSignInRequest);
    if (!body.ok) return body.response;
    const { method, inputs } = body.value;
    return answer(c, async () => c.json(await signIns.start(c.req.param("id"), method, inputs)));
  });
  app.get("/api/providers/:id/sign-in", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const state = signIns.state(c.req.param("id"));
    return state ? c.json(state) : apiError(c, 404, "not_found", noSignIn);
  });
  app.post("/api/providers/:id/sign-in/code", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, SignInCodeRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json(await signIns.code(c.req.param("id"), body.value.code)));
  });
  app.post("/api/providers/:id/sign-in/cancel", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, EmptyRequest);
    if (!body.ok) return body.response;
    const state = signIns.cancel(c.req.param("id"));
    return state ? c.json(state) : apiError(c, 404, "not_found", noSignIn);
  });
}
