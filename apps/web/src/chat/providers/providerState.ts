// What the Providers view says about each provider, and the order it lists them in: connected
// first, then those a person can sign in to, then the usual API-key providers, then the rest.
import type { ProviderConnection } from "@turnkey/contracts";

const suggested = ["opencode", "anthropic", "openai", "github-copilot", "google", "openrouter", "groq", "mistral"];

/** One sentence: how the provider is connected, or that it is not. */
export function connectionSentence(p: ProviderConnection): string {
  switch (p.via) {
    case "signIn":
      return "Signed in.";
    case "key":
      return "Connected with an API key saved in OpenCode.";
    case "env":
      return p.envSet.length > 0
        ? `Its key comes from the environment variable ${p.envSet.join(" or ")} OpenCode was started with; Disconnect here cannot remove it.`
        : "Its key comes from OpenCode's environment; Disconnect here cannot remove it.";
    case "config":
      return "Set up in OpenCode's config file; Disconnect here cannot remove it.";
    case "opencode":
      return "Connected by OpenCode itself.";
    default:
      return "Not connected.";
  }
}

/** Whether OpenCode holds a credential for it that Disconnect removes. */
export const canDisconnect = (p: ProviderConnection) => p.via === "signIn" || p.via === "key";

export function sortProviders(all: ProviderConnection[]): ProviderConnection[] {
  const rank = (p: ProviderConnection) => {
    const index = suggested.indexOf(p.id);
    return (p.connected ? 0 : 1000) + (p.signIn.length > 0 ? 0 : 100) + (index === -1 ? suggested.length : index);
  };
  return [...all].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** The providers whose name or id has every word of the query (case ignored). */
export function filterProviders(all: ProviderConnection[], query: string): ProviderConnection[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return all.filter((p) => words.every((w) => `${p.name} ${p.id}`.toLowerCase().includes(w)));
}
