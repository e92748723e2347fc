// An API key is tried against the provider before opencode stores it, so a wrong key is refused
// at once with the provider's own words instead of failing on the first prompt. The check asks
// the provider's model list (a read that costs nothing) at the API address opencode itself would
// use for that provider, in the dialect of its SDK package.
import { messageOf } from "@turnkey/contracts";

/** A key the provider refused, or could not be asked about: nothing was saved. */
export class KeyRejectedError extends Error {}

export interface ProviderEndpoint {
  name: string;
  /** The provider's API base (opencode's model `api.url`). */
  url: string;
  /** The AI SDK package opencode talks to it with (its dialect). */
  npm: string;
}

export const keyCheckTimeoutMs = 10_000;

/** The address each AI SDK package uses when opencode's catalog leaves the URL empty. */
export const sdkDefaultBaseUrl: Record<string, string> = {
  "@ai-sdk/openai": "https://api.openai.com/v1",
  "@ai-sdk/anthropic": "https://api.anthropic.com/v1",
  "@ai-sdk/google": "https://generativelanguage.googleapis.com/v1beta",
  "@ai-sdk/groq": "https://api.groq.com/openai/v1",
  "@ai-sdk/mistral": "https://api.mistral.ai/v1",
  "@ai-sdk/deepseek": "https://api.deepseek.com/v1",
  "@ai-sdk/xai": "https://api.x.ai/v1",
  "@openrouter/ai-sdk-provider": "https://openrouter.ai/api/v1",
};

function request(endpoint: ProviderEndpoint, key: string): { url: string; headers: Record<string, string> } | null {
  const base = endpoint.url.replace(/\/+$/, "");
  if (endpoint.npm === "@ai-sdk/anthropic")
    return { url: `${base}/models`, headers: { "x-api-key": key, "anthropic-version": "2023-06-01" } };
  if (endpoint.npm === "@ai-sdk/google") return { url: `${base}/models`, headers: { "x-goog-api-key": key } };
  if (
    /^@ai-sdk\/(openai|openai-compatible|groq|mistral|deepseek|xai|togetherai|deepinfra|cerebras|fireworks)$/.test(
      endpoint.npm,
    ) ||
    endpoint.npm === "@openrouter/ai-sdk-provider"
  )
    return { url: `${base}/models`, headers: { authorization: `Bearer ${key}` } };
  return null;
}

/** The provider's own explanation, from the usual error shapes ({error:{message}}, {message}…). */
export function providerMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    const candidate =
      (typeof json.error === "object" ? json.error?.message : json.error) ?? json.message ?? json.detail;
    if (typeof candidate === "string" && candidate.trim()) return candidate.trim();
  } catch {
    // not JSON
  }
  return body.trim().slice(0, 300);
}

/**
 * Resolves when the provider accepts the key (or when there is no known way to ask it: then
 * opencode's first reply is the check). Throws KeyRejectedError with a sentence otherwise.
 */
export async function checkProviderKey(
  endpoint: ProviderEndpoint | null,
  key: string,
  fetchImpl: typeof fetch = fetch,
): Promise<"accepted" | "unchecked"> {
  const ask = endpoint && request(endpoint, key);
  if (!endpoint || !ask) return "unchecked";
  let response: Response;
  try {
    response = await fetchImpl(ask.url, { headers: ask.headers, signal: AbortSignal.timeout(keyCheckTimeoutMs) });
  } catch (error) {
    throw new KeyRejectedError(
      `Could not reach ${endpoint.name} to check the key (${messageOf(error)}). Nothing was saved: check the connection and try again.`,
    );
  }
  if (response.ok) return "accepted";
  const said = providerMessage(await response.text().catch(() => ""));
  if (response.status === 401 || response.status === 403)
    throw new KeyRejectedError(
      `${endpoint.name} refused the key: ${said || `HTTP ${response.status}`}. Nothing was saved; check the key and paste it again.`,
    );
  throw new KeyRejectedError(
    `${endpoint.name} answered HTTP ${response.status} while checking the key${said ? `: ${said}` : ""}. Nothing was saved; try again in a moment.`,
  );
}
