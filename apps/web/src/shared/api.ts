// The one client of the windows: same origin as the page, authenticated by the login cookie.
import { createTurnkeyClient, type TurnkeyClient } from "@turnkey/client";

export const api: TurnkeyClient = createTurnkeyClient({ baseUrl: window.location.origin });

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong. Try again.";
}
