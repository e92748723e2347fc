// Tokens, how full the model's context window is, and the cost where the provider reports one;
// folded under it, what fills the context, roughly (contextShare.ts), and what to do when it is full.
import { useState } from "react";
import type { ContextShare } from "./contextShare.ts";
import { formatCost, formatTokens, type SessionUsage } from "./usage.ts";

/** From here on the window suggests making room. */
const fullFrom = 70;

export function UsageMeter({
  usage,
  contextLimit,
  sharesOf,
}: {
  usage: SessionUsage;
  contextLimit: number | null;
  /** What fills the context (contextShare.ts), asked for only while its section is open. */
  sharesOf?: () => ContextShare[] | null;
}) {
  const [open, setOpen] = useState(false);
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
      {sharesOf && usage.contextTokens > 0 && (
        // Counted only while open: the chat's text is walked again at every delta of a reply otherwise.
        <details className="context-share" onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary>What fills the context</summary>
          {open && (
            <>
              <ul aria-label="What fills the context">
                {(sharesOf() ?? []).map((share) => {
                  const of = Math.round((share.tokens / usage.contextTokens) * 100);
                  return (
                    <li key={share.label}>
                      <span className="context-share-bar" style={{ width: `${of}%` }} />
                      <span>{`${share.label}: about ${formatTokens(share.tokens)} (${of}%)`}</span>
                    </li>
                  );
                })}
              </ul>
              <p className="muted small">
                Estimated from the length of the chat's text since its last compaction, against what the last reply
                used.
                {percent !== null && percent >= fullFrom
                  ? " To make room: Compact summarises the chat so far, or start a new chat for the next task."
                  : ""}
              </p>
            </>
          )}
        </details>
      )}
    </div>
  );
}
