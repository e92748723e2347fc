// The line under a reply being written: "OpenCode is working…", or, while opencode retries a model
// that refused or did not answer (a rate limit, an overloaded provider, the network), which model,
// its words, when the next try is (counted down) and that Stop gives up. Without the model and the
// time, a retry read as a hang: opencode waits up to minutes between tries.
import { asSentence, formatDuration, type ModelRef } from "@turnkey/contracts";
import { useNow } from "../shared/useBackendEvents.ts";
import type { Conversation, RetryStatus } from "./conversation.ts";

/** What the retry line says at `now` (ms since the epoch). */
export function retrySentence(retry: RetryStatus, model: ModelRef | null, now: number): string {
  const who = model ? `${model.providerID}/${model.modelID}` : "The model";
  const words = retry.message.trim();
  const what = words ? `${who} did not answer: ${asSentence(words)}` : `${who} did not answer.`;
  const attempt = retry.attempt ? ` (attempt ${retry.attempt})` : "";
  // Whole seconds, rounded up: "in 0 s" would be a try that has not happened yet.
  const wait =
    retry.next !== null && retry.next > now ? formatDuration(Math.ceil((retry.next - now) / 1000) * 1000) : null;
  return `${what} OpenCode tries again${wait ? ` in ${wait}` : " now"}${attempt}; Stop gives up.`;
}

/**
 * What a screen reader hears of the reply (the window's one status region): a short sentence that
 * changes only when the state does, never the countdown.
 */
export function SpokenReplyStatus(props: { busy: boolean; conversation: Pick<Conversation, "retry" | "error"> }) {
  const { retry, error } = props.conversation;
  return (
    <p className="sr-only" role="status">
      {props.busy
        ? retry
          ? "The model did not answer; OpenCode is trying again."
          : "OpenCode is replying."
        : error
          ? `The reply failed: ${error.message}`
          : ""}
    </p>
  );
}

export function WorkingLine(props: { retry: RetryStatus | null; model: ModelRef | null }) {
  const { retry } = props;
  // Ticks only while there is a wait to count down.
  const now = useNow(1000, retry?.next != null && retry.next > Date.now());
  return (
    <p className={`small working${retry ? " retrying" : ""}`}>
      {retry ? retrySentence(retry, props.model, now) : "OpenCode is working…"}
    </p>
  );
}
