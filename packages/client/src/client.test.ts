// The windows' client and the backend's call deadline: the backend's answer (what to do) must
// reach the person before the client's own timeout fires, and that timeout is a sentence too. The
// Files tab's git calls wait past the backend's budget for one git action (review 5, L5).
import {
  clientTimeoutMs,
  gitAfterMergeBudgetMs,
  gitClientTimeoutMs,
  gitNetworkBudgetMs,
  gitStopWaitMs,
  sidecarCallDeadlineMs,
} from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTurnkeyClient, TurnkeyApiError } from "./client.ts";

afterEach(() => vi.useRealTimers());

/** A backend that answers only when the test says so (or never). */
function pendingBackend() {
  let answer: (res: Response) => void = () => undefined;
  const fetch = vi.fn(
    (_url: string, init: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        answer = resolve;
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      }),
  );
  return { fetch: fetch as unknown as typeof globalThis.fetch, answer: (res: Response) => answer(res) };
}

describe("the client's timeout", () => {
  it("outlasts the backend's deadline, so the backend's sentence is what the person reads", async () => {
    vi.useFakeTimers();
    const backend = pendingBackend();
    const client = createTurnkeyClient({ baseUrl: "http://127.0.0.1:4100", fetch: backend.fetch });
    const asked = client.providers().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(sidecarCallDeadlineMs + 1);
    const late = { error: { code: "sidecar_timeout", message: "OpenCode did not answer within 2 min." } };
    backend.answer(Response.json(late, { status: 504 }));
    const error = await asked;
    expect(error).toBeInstanceOf(TurnkeyApiError);
    expect(error).toMatchObject({ code: "sidecar_timeout", message: "OpenCode did not answer within 2 min." });
    expect(clientTimeoutMs).toBeGreaterThanOrEqual(sidecarCallDeadlineMs + 10_000);
  });

  it("when it does fire, says what to do instead of 'Request timed out'", async () => {
    vi.useFakeTimers();
    const backend = pendingBackend();
    const client = createTurnkeyClient({ baseUrl: "http://127.0.0.1:4100", fetch: backend.fetch });
    const asked = client.providers().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(clientTimeoutMs + 1);
    expect(await asked).toMatchObject({
      code: "backend_timeout",
      message: expect.stringMatching(/did not answer within 2 min 30 s\..*check the chat before doing it again/),
    });
  });
});

describe("a request the caller ends", () => {
  it("aborts the fetch with the caller's reason, not a timeout sentence, and the timeout still applies", async () => {
    vi.useFakeTimers();
    const backend = pendingBackend();
    const client = createTurnkeyClient({ baseUrl: "http://127.0.0.1:4100", fetch: backend.fetch });
    const stop = new AbortController();
    const query = { q: "needle", case: "false", regex: "false" } as const;
    const ended = client.searchText("ses_1", query, stop.signal).catch((error: unknown) => error);
    const reason = new Error("a newer search");
    stop.abort(reason);
    expect(await ended).toBe(reason);
    // With a signal the client's own timeout still fires (both signals end the request).
    const waiting = client.searchText("ses_1", query, new AbortController().signal).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(clientTimeoutMs + 1);
    expect(await waiting).toMatchObject({ code: "backend_timeout" });
  });
});

describe("a backend that cannot be reached", () => {
  it("is a sentence with a stable code, not fetch's 'Failed to fetch', and keeps fetch's error as the cause", async () => {
    const refused = new TypeError("Failed to fetch");
    const client = createTurnkeyClient({
      baseUrl: "http://127.0.0.1:4100",
      fetch: async () => Promise.reject(refused),
    });
    const error = await client.sessions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnkeyApiError);
    expect(error).toMatchObject({
      code: "backend_unreachable",
      message: expect.stringMatching(/could not be reached/),
    });
    expect((error as Error).cause).toBe(refused);
  });
});

describe("a git call's timeout", () => {
  it("outlasts the longest git budget, so git's sentence is read, and names its own length when it fires", async () => {
    // A merge stopped at the budget's end, the re-read after it (each stop waiting for gh to end), and margin.
    expect(gitClientTimeoutMs).toBeGreaterThanOrEqual(
      gitNetworkBudgetMs + gitAfterMergeBudgetMs + 2 * gitStopWaitMs + 5_000,
    );
    vi.useFakeTimers();
    const backend = pendingBackend();
    const client = createTurnkeyClient({ baseUrl: "http://127.0.0.1:4100", fetch: backend.fetch });
    const pushed = client.gitPush("ses_1").catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(gitNetworkBudgetMs + 5_000);
    const late = {
      error: { code: "git_timeout", message: "git did not finish within 2 min 30 s, so it was stopped." },
    };
    backend.answer(Response.json(late, { status: 504 }));
    expect(await pushed).toMatchObject({ code: "git_timeout", message: late.error.message });

    const committed = client.gitCommit("ses_1", { message: "x", paths: ["a"] }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(gitClientTimeoutMs + 1);
    const error = await committed;
    expect(error).toBeInstanceOf(TurnkeyApiError);
    expect(error).toMatchObject({
      code: "backend_timeout",
      message: expect.stringMatching(/within 3 min 20 s\. It may/),
    });
  });
});
