// Tokens, context and cost of a session, from its messages' usage. The context in use is what the
// last reply sent and got back (opencode resends the whole conversation each turn), against the
// model's window; the cost is the sum of every reply's.
import type { MessageUsage } from "@turnkey/contracts";

export interface SessionUsage {
  tokens: number;
  cost: number;
  contextTokens: number;
  /** 0…1, or null when the model's window is unknown. */
  contextFraction: number | null;
}

export const tokensOf = (u: MessageUsage) => u.input + u.output + u.reasoning + u.cacheRead + u.cacheWrite;

export function sessionUsage(
  messages: { role: string; usage?: MessageUsage | null | undefined }[],
  contextLimit: number | null,
): SessionUsage {
  const used = messages.flatMap((m) => (m.role === "assistant" && m.usage ? [m.usage] : []));
  const last = [...used].reverse().find((u) => tokensOf(u) > 0);
  const contextTokens = last ? tokensOf(last) : 0;
  return {
    tokens: used.reduce((sum, u) => sum + tokensOf(u), 0),
    cost: used.reduce((sum, u) => sum + u.cost, 0),
    contextTokens,
    contextFraction: contextLimit ? Math.min(1, contextTokens / contextLimit) : null,
  };
}

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** Dollars, with enough digits that a cheap reply does not read as free. */
export function formatCost(usd: number): string {
  if (usd === 0) return "$0";
  if (usd < 0.0001) return "<$0.0001";
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/** One reply's usage in a bubble: "1.2k in · 340 out · $0.0040"; null when there is nothing to say. */
export function replyUsage(u: MessageUsage): { short: string; detail: string } | null {
  if (tokensOf(u) === 0 && u.cost === 0) return null;
  const cached = u.cacheRead + u.cacheWrite;
  const short = [
    `${formatTokens(u.input)} in`,
    `${formatTokens(u.output)} out`,
    u.reasoning > 0 ? `${formatTokens(u.reasoning)} reasoning` : null,
    cached > 0 ? `${formatTokens(cached)} cached` : null,
    u.cost > 0 ? formatCost(u.cost) : null,
  ];
  const count = (n: number) => n.toLocaleString("en-US");
  const detail = [
    `Input: ${count(u.input)} tokens`,
    `Output: ${count(u.output)} tokens`,
    `Reasoning: ${count(u.reasoning)} tokens`,
    `Cache read: ${count(u.cacheRead)} tokens`,
    `Cache write: ${count(u.cacheWrite)} tokens`,
    u.cost > 0 ? `Cost: $${u.cost.toPrecision(3)} (as the provider reports it)` : "Cost: not reported",
  ];
  return { short: short.filter(Boolean).join(" · "), detail: detail.join("\n") };
}
