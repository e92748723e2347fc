// Every provider opencode knows, with how it is connected, for the Providers view: opencode's
// provider list says whether it is connected and where from (`source`: env, config, api for
// auth.json, custom for its own), auth.json's entry type says whether a saved credential is a key
// or a sign-in (OAuth), and opencode's `/provider/auth` lists the sign-in methods its plugins offer
// (GitHub Copilot's device code, a ChatGPT sign-in…). Disconnect is opencode's auth removal; a key
// that comes from the environment or the config cannot be removed from here, and says where it is.
import type { Auth, ProviderAuthMethod } from "@opencode-ai/sdk/v2";
import type {
  ErrorCode,
  ProviderConnection,
  ProviderConnectionsResponse,
  ProviderVia,
  SignInMethod,
} from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { ApiRefusal } from "../apiError.ts";
import { type SidecarHandle, SidecarUnavailableError, sidecarClient, unwrap } from "../chat/sidecarClient.ts";
import { readAuthFile, savedAuthTypes } from "./authFile.ts";
import { type StoringCredential, storingAlone } from "./storingCredential.ts";

/** A request about providers that is refused with a sentence (400 unless said). */
export class ProviderAuthError extends ApiRefusal {
  declare readonly httpStatus: 400 | 409 | 502;
  constructor(code: ErrorCode, message: string, httpStatus: 400 | 409 | 502 = 400) {
    super(httpStatus, code, message);
  }
}

export interface ProviderConnectionsOptions {
  supervisor: SidecarSupervisor;
  /** The environment OpenCode runs with (for auth.json's folder and the key variables set). */
  sidecarEnv: () => NodeJS.ProcessEnv;
  /** After a credential changed: every folder reads its providers again, the mask learns new tokens. */
  changed: () => Promise<void>;
  /** Removes a credential (Disconnect) so that a cancelled sign-in approved late does not bring one back. */
  storing?: StoringCredential;
}

export class ProviderConnections {
  constructor(private readonly options: ProviderConnectionsOptions) {}

  handle(): SidecarHandle {
    const handle = sidecarClient(this.options.supervisor);
    if (!handle) throw new SidecarUnavailableError(this.options.supervisor.status());
    return handle;
  }

  /** The methods opencode's plugins offer for one provider, by opencode's index. */
  async methods(providerID: string): Promise<ProviderAuthMethod[]> {
    const all = unwrap(await this.handle().client.provider.auth(), "Listing sign-in methods");
    return all[providerID] ?? [];
  }

  async list(): Promise<ProviderConnectionsResponse> {
    const { client } = this.handle();
    const [listed, methods] = await Promise.all([client.provider.list(), client.provider.auth()]);
    const list = unwrap(listed, "Listing providers");
    const auth = unwrap(methods, "Listing sign-in methods");
    const env = this.options.sidecarEnv();
    const saved = savedAuthTypes(env);
    const connected = new Set(list.connected);
    const providers = list.all.map((p): ProviderConnection => {
      const own = auth[p.id] ?? [];
      const isConnected = connected.has(p.id);
      return {
        id: p.id,
        name: p.name,
        connected: isConnected,
        via: isConnected ? via(p.source, saved.get(p.id)) : null,
        envSet: p.env.filter((name) => Boolean(env[name])),
        signIn: own.flatMap((m, index): SignInMethod[] =>
          m.type === "oauth" ? [{ index, label: m.label, prompts: m.prompts ?? [] }] : [],
        ),
        acceptsKey: own.length === 0 || own.some((m) => m.type === "api"),
      };
    });
    return { providers };
  }

  /** The credential auth.json holds for the provider now (kept only to put it back: providerSignIns.ts). */
  savedCredential(providerID: string): Auth | null {
    const entry = readAuthFile(this.options.sidecarEnv())[providerID];
    return entry && ["api", "oauth", "wellknown"].includes(entry.type as string) ? (entry as unknown as Auth) : null;
  }

  /** Removes the credential OpenCode saved for the provider (a key or a sign-in). */
  async disconnect(providerID: string): Promise<ProviderConnectionsResponse> {
    const before = (await this.list()).providers.find((p) => p.id === providerID);
    if (!before)
      throw new ProviderAuthError("unknown_to_opencode", `OpenCode does not know a provider "${providerID}".`);
    if (!savedAuthTypes(this.options.sidecarEnv()).has(providerID)) {
      if (before.via === "env")
        throw new ProviderAuthError(
          "not_removable",
          `${before.name}'s key comes from the environment variable ${before.envSet.join(" or ") || "set for OpenCode"}, so disconnecting here cannot remove it. Remove the variable where it is set and restart OpenCode.`,
        );
      if (before.via === "config")
        throw new ProviderAuthError(
          "not_removable",
          `${before.name} is set up in OpenCode's config file, so disconnecting here cannot remove it. Remove it from the config file.`,
        );
      throw new ProviderAuthError("not_connected", `${before.name} has no key or sign-in saved in OpenCode.`);
    }
    await (this.options.storing ?? storingAlone)(providerID, null, async () =>
      unwrap(await this.handle().client.auth.remove({ providerID }), `Disconnecting ${before.name}`),
    );
    await this.options.changed();
    return this.list();
  }
}

/** Where a connected provider's credential comes from; auth.json's entry wins, as in opencode. */
function via(source: string, saved: string | undefined): ProviderVia {
  if (saved === "oauth") return "signIn";
  if (saved === "api" || saved === "wellknown") return "key";
  if (source === "env") return "env";
  if (source === "config") return "config";
  return "opencode";
}
