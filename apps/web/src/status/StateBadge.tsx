import type { SidecarStatus } from "@turnkey/contracts";
import { stateView } from "./stateView.ts";

export function StateBadge({ status, now }: { status: SidecarStatus; now: number }) {
  const view = stateView(status, now);
  return (
    <div className="state" aria-live="polite">
      <span className={`badge tone-${view.tone}`} data-testid="state-badge">
        <span className="dot" aria-hidden="true" />
        {view.label}
      </span>
      <p className="state-sentence">{view.sentence}</p>
    </div>
  );
}
