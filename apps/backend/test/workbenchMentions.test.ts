// @ mentions through the backend with the real opencode and the stub provider: the file finder,
// a mentioned file's text reaching the model, and mentions that leave the project refused with
// nothing sent (a path outside it, a link inside it that leads outside).
import { rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TurnkeyClient } from "@turnkey/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../src/startBackend.ts";
import { bearer, jsonPost, raw } from "./harness.ts";
import type { StubProvider } from "./stubProvider.ts";
import { startWorkbenchBackend, type WorkbenchBackend } from "./workbenchBackend.ts";

let stub: StubProvider;
let root: string;
let project: string;
let backend: Backend;
let client: TurnkeyClient;

let setup: WorkbenchBackend;
beforeAll(async () => {
  setup = await startWorkbenchBackend("workbench-mentions");
  ({ stub, root, project, backend, client } = setup);
});
afterAll(() => setup?.close());

describe("@ mentions", () => {
  it("finds project files for @ mentions, and a mentioned file's text reaches the model", async () => {
    const { session } = await client.createSession();
    expect(await client.findFiles(session.id, "note")).toContain("notes.txt");
    await client.promptAndWait(session.id, { text: "read @notes.txt", mentions: ["notes.txt"] });
    const sent = JSON.stringify(stub.requests.at(-1)?.messages);
    expect(sent).toContain("gamma");
    const outside = await jsonPost(
      backend,
      `/api/sessions/${session.id}/messages`,
      JSON.stringify({ text: "x", mentions: ["../outside.txt"] }),
    );
    expect(outside.status).toBe(400);
  });

  it("searches the project's text through the backend (ripgrep), and refuses an empty, multi-line or NUL search with a sentence", async () => {
    const { session } = await client.createSession();
    const found = await client.searchText(session.id, { q: "GAMMA", case: "false", regex: "false" });
    expect(found.matches).toContainEqual(expect.objectContaining({ path: "notes.txt", line: expect.any(Number) }));
    // Empty; two lines (ripgrep matches within a line); a NUL byte (no program can take it as an argument).
    for (const q of ["", "GAMMA%0Adelta", "GAMMA%00"]) {
      const refused = await raw(backend, {
        path: `/api/sessions/${session.id}/search?q=${q}`,
        headers: bearer(backend),
      });
      expect(refused.status).toBe(400);
      expect(refused.json()).toMatchObject({
        error: { code: "invalid_request", message: expect.stringMatching(/^Say what to search for .*on one line/) },
      });
    }
  });

  it("refuses a mention of a link inside the project that leads outside it, as the Files tab does, and sends nothing", async () => {
    const { session } = await client.createSession();
    writeFileSync(join(root, "private-notes.txt"), "the outside secret delta\n");
    symlinkSync(join(root, "private-notes.txt"), join(project, "notes-link.txt"));
    try {
      const asked = stub.requests.length;
      const refused = await jsonPost(
        backend,
        `/api/sessions/${session.id}/messages`,
        JSON.stringify({ text: "read @notes-link.txt", mentions: ["notes-link.txt"] }),
      );
      expect(refused.status).toBe(403);
      expect(refused.json()).toEqual({
        error: {
          code: "path_outside_project",
          message: expect.stringMatching(
            /^The message was not sent: the mention @notes-link\.txt is refused\. notes-link\.txt is a link to a place outside the project folder: .* Remove the mention/,
          ),
        },
      });
      expect(stub.requests.length).toBe(asked);
      expect((await client.messages(session.id)).map((m) => m.text)).toEqual([]);
    } finally {
      rmSync(join(project, "notes-link.txt"));
    }
  });
});
