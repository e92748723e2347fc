// What to do about a reply that failed, in a sentence under OpenCode's own words. Those words come
// from the provider's SDK or the runtime's fetch ("Cannot connect to API: Was there a typo in the
// url or port?") and name neither the model nor a next step; the common causes each have one.
import type { ModelRef } from "@turnkey/contracts";

const rules: { test: (name: string, text: string) => boolean; advice: (who: string) => string }[] = [
  {
    test: (name, text) =>
      name === "ProviderAuthError" ||
      /\b(401|403)\b|unauthori[sz]ed|api key|authentication|forbidden|credentials/i.test(text),
    advice: (who) =>
      `${who} refused the sign-in or key: open Providers to sign in again or change the key, then Retry.`,
  },
  {
    test: (_, text) =>
      /insufficient.?quota|exceeded your current quota|billing|credit balance|insufficient (credits|funds|balance)|\b402\b|payment required/i.test(
        text,
      ),
    advice: (who) =>
      `${who} says the account is out of credit or over its plan: check its billing (or add credit), or pick another model.`,
  },
  {
    test: (_, text) => /\b429\b|rate.?limit|too many requests|overloaded/i.test(text),
    advice: (who) => `${who} is limiting requests: wait a minute and Retry, or pick another model.`,
  },
  {
    test: (_, text) =>
      /cannot connect|unable to connect|could not connect|connection refused|econnrefused|enotfound|eai_again|fetch failed|network|timed? ?out|socket/i.test(
        text,
      ),
    advice: (who) =>
      `${who} could not be reached. Check this computer's internet connection (for a model server you run, that it is running at the address in OpenCode's config), then Retry, or pick another model.`,
  },
  {
    test: (name) => name === "MessageOutputLengthError",
    advice: () => "The reply reached the model's output limit: ask it to go on, or to answer in smaller parts.",
  },
];

/** A next step for a failed reply, or null when the cause is not one of the common ones. */
export function replyFailureAdvice(error: { name: string; message: string }, model: ModelRef | null): string | null {
  const who = model ? `The provider of ${model.providerID}/${model.modelID}` : "The model's provider";
  return rules.find((rule) => rule.test(error.name, error.message))?.advice(who) ?? null;
}

/**
 * The chat's error for the banner above the box, unless the newest reply already says it (opencode
 * reports a failed reply both on the message and as the session's error: shown once, in the reply).
 */
export function errorBesideReplies(
  error: { name: string; message: string } | null,
  messages: readonly { error: { name: string; message: string } | null }[],
): { name: string; message: string } | null {
  return error && messages.at(-1)?.error?.message === error.message ? null : error;
}
