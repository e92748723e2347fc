// The Providers part of the typed client: every provider with how it is connected, signing in to
// one (start, paste the code back, the state while OpenCode waits, cancel) and disconnecting one.
// Spread into createTurnkeyClient.
import { ProviderConnectionsResponse, SignInState, type StartSignInRequest } from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function providerMethods(http: Http, call: Call) {
  const path = (id: string) => `api/providers/${encodeURIComponent(id)}`;
  return {
    providerConnections: () => call(ProviderConnectionsResponse, http.get("api/providers/connections")),
    /** Asks OpenCode for the provider's sign-in page; an "auto" sign-in then waits in the backend. */
    startSignIn: (id: string, request: StartSignInRequest) =>
      call(SignInState, http.post(`${path(id)}/sign-in`, { json: request })),
    signInState: (id: string) => call(SignInState, http.get(`${path(id)}/sign-in`)),
    sendSignInCode: (id: string, code: string) =>
      call(SignInState, http.post(`${path(id)}/sign-in/code`, { json: { code } })),
    cancelSignIn: (id: string) => call(SignInState, http.post(`${path(id)}/sign-in/cancel`, { json: {} })),
    disconnectProvider: (id: string) =>
      call(ProviderConnectionsResponse, http.post(`${path(id)}/disconnect`, { json: {} })),
  };
}
