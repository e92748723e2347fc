// The global teardown's selection: only `opencode serve` processes of this very run, never another
// run's or a user's, and it really ends them (a fake sidecar spawned here, as a leaking test would).
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { fakeOpencode } from "../packages/sidecar/test/harness.ts";
import { endStrayServers, type ProcessFacts, runMarker, strayServers } from "./strayOpencode.ts";

const facts = (pid: number, argv: string[], run?: string): ProcessFacts => ({
  pid,
  argv,
  env: run ? { [runMarker]: run } : {},
  cwd: "/tmp/turnkey-test-x",
});

describe("stray opencode servers after a test run", () => {
  it("picks this run's servers only: real, fake and installed fixtures, never other programs or runs", () => {
    const processes = [
      facts(1, ["/repo/node_modules/opencode-ai/bin/opencode.exe", "serve", "--port", "0"], "run-a"),
      facts(2, ["node", "/repo/packages/sidecar/test/fixtures/fake-opencode.mjs", "serve"], "run-a"),
      facts(3, ["node", "/tmp/turnkey data-1/runtime/opencode/2.0.1/opencode", "serve"], "run-a"),
      facts(4, ["opencode", "serve"], "run-b"), // another worktree's run
      facts(5, ["opencode", "serve"]), // the user's own
      facts(6, ["node", "/repo/node_modules/vitest/dist/workers/forks.js"], "run-a"),
      facts(7, ["opencode", "run", "hello"], "run-a"),
    ];
    expect(strayServers(processes, "run-a").map((p) => p.pid)).toEqual([1, 2, 3]);
  });

  it.skipIf(process.platform !== "linux")(
    "ends a leaked fake sidecar of this run and leaves another run's",
    async () => {
      const serve = (run: string): ChildProcess =>
        spawn(process.execPath, [fakeOpencode, "serve", "--hostname", "127.0.0.1", "--port", "0"], {
          env: { ...process.env, [runMarker]: run, FAKE_OPENCODE: "" },
          stdio: "ignore",
        });
      const ours = serve("this-run");
      const theirs = serve("other-run");
      try {
        await Promise.all([once(ours, "spawn"), once(theirs, "spawn")]);
        const exited = once(ours, "exit");
        const ended = await endStrayServers("this-run");
        expect(ended.map((p) => p.pid)).toEqual([ours.pid]);
        expect(await exited).toEqual([null, "SIGKILL"]);
        expect(theirs.exitCode).toBeNull();
        expect(theirs.signalCode).toBeNull();
      } finally {
        ours.kill("SIGKILL");
        theirs.kill("SIGKILL");
      }
    },
  );
});
