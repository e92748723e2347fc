// The backend's side of the Windows job objects, with the platform injected: every sidecar it
// spawns goes into a kill-on-close job of its own (so the tree dies with the backend, the headless
// one too), and Stop ends it through that job, without PowerShell or taskkill.
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { fakeWindows } from "../test/fakeWindows.ts";
import { defaultSupervisorDeps } from "./supervisorDeps.ts";
import type { JobBinding } from "./windowsJob.ts";

describe("supervisor deps on Windows", () => {
  it("puts each sidecar into its own job and stops it through the job", async () => {
    const calls: string[] = [];
    const alive = new Set<number>();
    const binding: JobBinding = {
      createKillOnCloseJob: () => {
        calls.push("create");
        return "job";
      },
      assign: (_job, pid) => {
        calls.push(`assign ${pid}`);
        alive.add(pid);
      },
      processIds: () => [...alive],
      terminate: () => {
        calls.push("terminate");
        alive.clear();
      },
      close: () => calls.push("close"),
    };
    const win = fakeWindows({});
    const deps = defaultSupervisorDeps({
      jobBinding: Promise.resolve(binding),
      deps: { processOps: { ...win.ops, isAlive: (pid) => alive.has(pid) } },
    });
    await deps.prepareBinary(new AbortController().signal, () => undefined).catch(() => undefined);
    const child = deps.spawnProcess(process.execPath, ["-e", "setTimeout(() => {}, 10000)"], process.env, undefined);
    try {
      expect(calls).toEqual(["create", `assign ${child.pid}`]);
      const result = await deps.killTree(child.pid!, true);
      expect(result.survivors).toEqual([]);
      expect(calls).toEqual(["create", `assign ${child.pid}`, "terminate", "close"]);
      expect(win.commands).toEqual([]); // no PowerShell listing, no taskkill
    } finally {
      child.kill("SIGKILL");
      await once(child, "exit");
    }
  });

  it("without a job binding (a damaged install, or not Windows) spawns as before", async () => {
    const deps = defaultSupervisorDeps({ jobBinding: Promise.resolve(null) });
    const child = deps.spawnProcess(process.execPath, ["-e", ""], process.env, undefined);
    expect(child.pid).toBeGreaterThan(0);
    await once(child, "exit");
  });
});
