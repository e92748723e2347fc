// The model the user chose for new chats, remembered in localStorage ("provider/model"). Until
// there is one (and opencode's config does not name one), the chat asks instead of sending the
// first prompt to whatever provider happens to be connected.
const key = "turnkey.model";

export function loadModelChoice(): string {
  try {
    return localStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
}

export function saveModelChoice(model: string): void {
  try {
    localStorage.setItem(key, model);
  } catch {
    // chosen for this window at least
  }
}

/** "provider/model" → a model reference (model ids may contain slashes). */
export function parseModel(value: string): { providerID: string; modelID: string } | null {
  const [providerID, ...rest] = value.split("/");
  return providerID && rest.length ? { providerID, modelID: rest.join("/") } : null;
}

/** Where a provider's requests go, in words: the user should know before their code leaves. */
export function whereSent(providerID: string, providerName: string): string {
  if (providerID === "opencode")
    return "OpenCode Zen, the OpenCode team's cloud service on the internet (opencode.ai).";
  if (["ollama", "lmstudio", "llama.cpp", "llamacpp", "local"].includes(providerID))
    return `${providerName}, a model server you run (when it runs on this computer, nothing leaves it).`;
  return `${providerName}'s servers on the internet.`;
}
