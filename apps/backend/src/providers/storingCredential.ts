// How the places that change a provider's credential (a key saved in the chat window, Disconnect)
// tell the cancelled sign-ins about it, without depending on them: ProviderSignIns.storing.
import type { Auth } from "@opencode-ai/sdk/v2";

/** Runs `write`, which makes the provider's credential `auth` (null: removed). */
export type StoringCredential = <T>(providerID: string, auth: Auth | null, write: () => Promise<T>) => Promise<T>;

/** Without sign-ins (tests, a backend without the providers' routes): the write alone. */
export const storingAlone: StoringCredential = (_providerID, _auth, write) => write();
