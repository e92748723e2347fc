// What one reply used, inside its bubble: compact tokens and cost, the full counts on hover.
import type { MessageUsage } from "@turnkey/contracts";
import { replyUsage } from "./usage.ts";

export function ReplyUsage({ usage }: { usage: MessageUsage | null | undefined }) {
  const shown = usage ? replyUsage(usage) : null;
  if (!shown) return null;
  return (
    <p className="reply-usage" title={shown.detail} data-testid="reply-usage">
      <span className="sr-only">Usage: </span>
      {shown.short}
    </p>
  );
}
