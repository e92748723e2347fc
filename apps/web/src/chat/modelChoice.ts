// The model the user chose for new chats, remembered in localStorage ("provider/model"). Until
// there is one (and opencode's config does not name one), the chat asks instead of sending the
// first prompt to whatever provider happens to be connected.
import type { ChatMessage, ModelRef, ModelsResponse } from "@turnkey/contracts";

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

/**
 * The model a chat last asked, from its newest prompt that names one: an open chat keeps its own
 * model when the user picks another in some other chat (the model for new chats follows that pick;
 * a chat with a remembered choice of its own never reads this). OpenCode's own clients do the same.
 * Prompts only: a reply names the model that wrote it, which for a compaction's summary may be
 * the summarising agent's own.
 */
export function lastAskedModel(messages: readonly Pick<ChatMessage, "model" | "role">[]): ModelRef | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === "user" && message.model) return message.model;
  }
  return null;
}

/**
 * The model an open chat uses unless it remembers a choice of its own: the one it last asked (once
 * its messages are the ones shown, and while OpenCode still offers it: a provider disconnected or a
 * model withdrawn since would fail every prompt), else the model for new chats ("provider/model").
 */
export function modelForChat(
  shown: { sessionID: string; messages: readonly Pick<ChatMessage, "model" | "role">[] },
  selected: string | null,
  newChats: string,
  offered: ModelsResponse | null,
): ModelRef | null {
  const asked = shown.sessionID === selected ? lastAskedModel(shown.messages) : null;
  const stillOffered =
    asked !== null &&
    (offered === null ||
      offered.providers.some((p) => p.id === asked.providerID && p.models.some((m) => m.id === asked.modelID)));
  return (stillOffered ? asked : null) ?? parseModel(newChats);
}

/** Where a provider's requests go, in words: the user should know before their code leaves. */
export function whereSent(providerID: string, providerName: string): string {
  if (providerID === "opencode")
    return "OpenCode Zen, the OpenCode team's cloud service on the internet (opencode.ai).";
  if (["ollama", "lmstudio", "llama.cpp", "llamacpp", "local"].includes(providerID))
    return `${providerName}, a model server you run (when it runs on this computer, nothing leaves it).`;
  return `${providerName}'s servers on the internet.`;
}
