// Tokens, how full the model's context window is, and the cost where the provider reports one.
import { formatCost, formatTokens, type SessionUsage } from "./usage.ts";

export function UsageMeter({ usage, contextLimit }: { usage: SessionUsage; contextLimit: number | null }) {
  const percent = usage.contextFraction === null ? null : Math.round(usage.contextFraction * 100);
  const text = [
    `${formatTokens(usage.tokens)} tokens`,
    percent === null || contextLimit === null
      ? null
      : `context ${formatTokens(usage.contextTokens)} of ${formatTokens(contextLimit)} (${percent}%)`,
    usage.cost > 0 ? formatCost(usage.cost) : null,
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <div className="usage-meter" data-testid="usage-meter">
      {percent !== null && (
        <meter
          min={0}
          max={100}
          low={70}
          high={90}
          optimum={0}
          value={percent}
          aria-label={`Context window ${percent}% full`}
        />
      )}
      <span>{text}</span>
    </div>
  );
}
