// One run's order with a chat's allow level: the level is set on the new chat before its prompt
// goes ("Ask first" too, so a project that allows more does not decide; "Same as project" sets
// nothing), and a run whose level cannot be saved fails with a sentence instead of sending a prompt
// nobody would be there to answer the permissions of.
import type { AllowChoice } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import type { SetTimer } from "../callWithin.ts";
import { type RunTarget, runScheduledTask } from "./scheduleRunner.ts";

function target(refuse: string | null) {
  const steps: string[] = [];
  let listener: Parameters<RunTarget["onSessionEvent"]>[1] = () => undefined;
  const fake: RunTarget = {
    whenOpencodeRuns: async () => null,
    createSession: async () => "ses_1",
    allow: (sessionID: string, level: AllowChoice) => {
      if (refuse) throw new Error(refuse);
      steps.push(`allow ${sessionID} ${level}`);
    },
    send: async (sessionID) => {
      steps.push(`send ${sessionID}`);
      for (const status of ["busy", "idle"] as const)
        queueMicrotask(() => listener({ type: "session.status", sessionID, status, attempt: null, message: null }));
    },
    onSessionEvent: (_sessionID, on) => {
      listener = on;
      return () => undefined;
    },
  };
  return { fake, steps };
}
const noTimers: SetTimer = () => () => undefined;
const request = { folder: "/work/app", title: "Digest", prompt: "go", model: null, agent: null } as const;
const progress = { started: () => undefined, waiting: () => undefined };

describe("a scheduled run's allow level", () => {
  it("is set on the new chat before its prompt goes", async () => {
    const { fake, steps } = target(null);
    expect(await runScheduledTask({ ...request, allow: "everything" }, fake, progress, noTimers)).toEqual({
      outcome: "finished",
      message: null,
    });
    expect(steps).toEqual(["allow ses_1 everything", "send ses_1"]);
    const asking = target(null);
    await runScheduledTask({ ...request, allow: "ask" }, asking.fake, progress, noTimers);
    expect(asking.steps).toEqual(["allow ses_1 ask", "send ses_1"]);
    const following = target(null);
    await runScheduledTask({ ...request, allow: "project" }, following.fake, progress, noTimers);
    expect(following.steps).toEqual(["send ses_1"]);
  });

  it("fails the run, sending nothing, when the level cannot be saved", async () => {
    const { fake, steps } = target("The allow settings file cannot be read.");
    expect(await runScheduledTask({ ...request, allow: "edits" }, fake, progress, noTimers)).toEqual({
      outcome: "failed",
      message: "Its chat could not be set to go ahead without asking: The allow settings file cannot be read.",
    });
    expect(steps).toEqual([]);
    // A task set to ask first is not sent following a project that may allow more.
    const asking = target("The allow settings file cannot be read.");
    expect(await runScheduledTask({ ...request, allow: "ask" }, asking.fake, progress, noTimers)).toEqual({
      outcome: "failed",
      message: "Its chat could not be set to ask first: The allow settings file cannot be read.",
    });
    expect(asking.steps).toEqual([]);
  });
});
