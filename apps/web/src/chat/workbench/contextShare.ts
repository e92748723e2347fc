// What fills the model's context, roughly: the chat's text since its last compaction (the summary
// stands in for what came before), each kind counted at about four characters a token, against the
// context the last reply actually used. What the text does not account for is OpenCode's own
// instructions and its tools' descriptions, sent with every request. An estimate, said as one: a
// tokenizer per model would be exact, and none runs in the window.
import type { ChatMessage } from "@turnkey/contracts";

export interface ContextShare {
  label: string;
  tokens: number;
}

/** A rough token count: about four characters a token for English text and code. */
const tokensOf = (chars: number) => Math.round(chars / 4);

const inputLength = (input: unknown) => {
  if (input === undefined || input === null) return 0;
  try {
    return JSON.stringify(input).length;
  } catch {
    return 0;
  }
};

/** The shares of `contextTokens`, largest first (the rest last), or null when nothing was used yet. */
export function contextShares(
  messages: readonly Pick<ChatMessage, "role" | "parts">[],
  contextTokens: number,
): ContextShare[] | null {
  if (contextTokens <= 0) return null;
  const compacted = messages.findLastIndex((m) => m.parts.some((p) => p.type === "other" && p.kind === "compaction"));
  let yours = 0;
  let replies = 0;
  let tools = 0;
  for (const message of messages.slice(Math.max(0, compacted))) {
    for (const part of message.parts) {
      if (part.type === "text") {
        if (message.role === "user") yours += part.text.length;
        else replies += part.text.length;
      } else if (part.type === "tool") {
        tools += inputLength(part.state.input) + (part.state.output?.length ?? 0) + (part.state.error?.length ?? 0);
      }
    }
  }
  const counted = [
    { label: "Tool calls and their output", tokens: tokensOf(tools) },
    { label: "The replies", tokens: tokensOf(replies) },
    { label: "Your messages", tokens: tokensOf(yours) },
  ];
  const sum = counted.reduce((n, share) => n + share.tokens, 0);
  // The text can count more than was sent (a tokenizer denser than four characters): scaled to fit.
  const scale = sum > contextTokens ? contextTokens / sum : 1;
  const shares = counted
    .map((share) => ({ ...share, tokens: Math.round(share.tokens * scale) }))
    .filter((share) => share.tokens > 0)
    .sort((a, b) => b.tokens - a.tokens);
  const rest = contextTokens - shares.reduce((n, share) => n + share.tokens, 0);
  if (rest > 0) shares.push({ label: "OpenCode's instructions, the tools' descriptions and the rest", tokens: rest });
  return shares;
}
