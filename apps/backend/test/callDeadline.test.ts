// A chat or workbench request answers within its deadline when OpenCode's health check answers but
// the call itself never does (opencode waiting on a lock): a 504 with a sentence, not a request
// that waits for ever. A prompt sent with `?wait=1` is not cut by it.
import { describe, expect, it } from "vitest";
import { bearer, jsonPost, raw, testBackend } from "./harness.ts";

describe("a call OpenCode never answers", () => {
  it("ends in 504 with what to do, on every route that asks OpenCode, and the sidecar stays up", async () => {
    const backend = await testBackend("hang-api", { sidecarCallDeadlineMs: 300 });
    expect((await backend.supervisor.start()).state).toBe("running");
    for (const path of ["/api/models", "/api/providers", "/api/workbench", "/api/sessions/ses_1/todos"]) {
      const answer = await raw(backend, { path, headers: bearer(backend) });
      expect({ path, status: answer.status }).toEqual({ path, status: 504 });
      expect(answer.json()).toMatchObject({
        error: { code: "sidecar_timeout", message: expect.stringMatching(/did not answer within 300 ms.*try again/) },
      });
    }
    expect((await jsonPost(backend, "/api/sessions/ses_1/abort")).status).toBe(504);
    expect(backend.supervisor.status().state).toBe("running");
  });
});
