// A failed reply's next step, and the chat's error said once: OpenCode's words for the common
// causes (a refused key, a rate limit, a provider out of reach, the output limit) get what to do.
import { describe, expect, it } from "vitest";
import { errorBesideReplies, replyFailureAdvice } from "./replyFailure.ts";

const zen = { providerID: "opencode", modelID: "big-pickle" };

describe("a failed reply's next step", () => {
  it.each([
    [
      "APIError",
      "Cannot connect to API: Was there a typo in the url or port?",
      /could not be reached.*internet connection/,
    ],
    ["UnknownError", "fetch failed: ECONNREFUSED 127.0.0.1:11434", /could not be reached/],
    ["ProviderAuthError", "Token expired", /refused the sign-in or key: open Providers/],
    ["APIError", "401 Unauthorized: Incorrect API key provided", /open Providers/],
    ["APIError", "429 Too Many Requests", /limiting requests: wait a minute/],
    [
      "APIError",
      "You exceeded your current quota, please check your plan and billing details. (insufficient_quota)",
      /out of credit or over its plan: check its billing/,
    ],
    ["APIError", "402 Payment Required", /out of credit/],
    ["MessageOutputLengthError", "", /output limit/],
  ])("%s “%s”", (name, message, advice) => {
    expect(replyFailureAdvice({ name, message }, zen)).toMatch(advice);
  });

  it("names the model it asked, and gives none for a cause it does not know", () => {
    expect(replyFailureAdvice({ name: "APIError", message: "Unable to connect" }, zen)).toContain(
      "The provider of opencode/big-pickle could not be reached",
    );
    expect(replyFailureAdvice({ name: "APIError", message: "Unable to connect" }, null)).toContain(
      "The model's provider could not be reached",
    );
    expect(replyFailureAdvice({ name: "UnknownError", message: "The tool crashed" }, zen)).toBeNull();
  });
});

describe("the chat's error, said once", () => {
  const failed = { error: { name: "APIError", message: "Cannot connect to API" } };
  it("is left to the newest reply when that reply says it, and kept for the banner otherwise", () => {
    expect(errorBesideReplies(failed.error, [{ error: null }, failed])).toBeNull();
    expect(errorBesideReplies(failed.error, [failed, { error: null }])).toEqual(failed.error);
    expect(errorBesideReplies({ name: "X", message: "other" }, [failed])).toEqual({ name: "X", message: "other" });
    expect(errorBesideReplies(null, [failed])).toBeNull();
  });
});
