import type { BinaryInfo } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import {
  initialModel,
  type LifecycleEffect,
  type LifecycleEvent,
  type LifecycleModel,
  transition,
} from "./lifecycle.ts";
import { backoffDelayMs, defaultLifecycleConfig as config } from "./policy.ts";

const binary = { path: "/opt/opencode", source: "override" as const, version: null };
const env = (now = 1_000_000, random = 0.5) => ({ now, random, config });

function run(events: LifecycleEvent[], from: LifecycleModel = initialModel, now = 1_000_000) {
  let model = from;
  let effects: LifecycleEffect[] = [];
  for (const event of events) {
    ({ model, effects } = transition(model, event, env(now)));
  }
  return { model, effects };
}

// One model per state, reached through real transitions rather than hand-built objects.
const states = {
  stopped: initialModel,
  "starting (preparing)": run([{ type: "start" }]).model,
  "starting (spawning)": run([{ type: "start" }, { type: "prepared", gen: 1, binary }]).model,
  "starting (spawned)": run([
    { type: "start" },
    { type: "prepared", gen: 1, binary },
    { type: "spawned", gen: 1, pid: 100, binary },
  ]).model,
  running: run([
    { type: "start" },
    { type: "prepared", gen: 1, binary },
    { type: "spawned", gen: 1, pid: 100, binary },
    { type: "listening", gen: 1, url: "http://127.0.0.1:4096", port: 4096 },
    { type: "ready", gen: 1, version: "1.0.0", latencyMs: 3 },
  ]).model,
} satisfies Record<string, LifecycleModel>;
const degraded = run([{ type: "probed", gen: 1, ok: false, latencyMs: null }], states.running).model;
const backoff = run([{ type: "exited", gen: 1, code: 1, signal: null, lastOutput: [] }], states.running).model;
const stopping = run([{ type: "stop" }], states.running).model;
const failed = run([
  { type: "start" },
  { type: "prepare_failed", gen: 1, error: { code: "binary_not_found", message: "no binary" } },
]).model;
const allStates: Record<string, LifecycleModel> = { ...states, degraded, backoff, stopping, failed };

const gen = (m: LifecycleModel) => m.gen;
const events: Record<string, (m: LifecycleModel) => LifecycleEvent> = {
  start: () => ({ type: "start" }),
  stop: () => ({ type: "stop" }),
  restart: () => ({ type: "restart" }),
  spawned: (m) => ({ type: "spawned", gen: gen(m), pid: 200, binary }),
  spawn_failed: (m) => ({ type: "spawn_failed", gen: gen(m), error: { code: "binary_not_found", message: "gone" } }),
  listening: (m) => ({ type: "listening", gen: gen(m), url: "http://127.0.0.1:5000", port: 5000 }),
  ready: (m) => ({ type: "ready", gen: gen(m), version: "1.0.0", latencyMs: 2 }),
  exited: (m) => ({ type: "exited", gen: m.pidGen ?? gen(m), code: 1, signal: null, lastOutput: ["boom"] }),
  probe_ok: (m) => ({ type: "probed", gen: gen(m), ok: true, latencyMs: 4 }),
  probe_fail: (m) => ({ type: "probed", gen: gen(m), ok: false, latencyMs: null }),
  startup_timer: (m) => ({ type: "timer", key: "startup", gen: gen(m), lastOutput: ["still loading"] }),
  backoff_timer: (m) => ({ type: "timer", key: "backoff", gen: gen(m), lastOutput: [] }),
  tree_gone: (m) => ({ type: "tree_gone", gen: m.killingGen ?? m.pidGen ?? gen(m), survivors: [] }),
  prepared: (m) => ({ type: "prepared", gen: gen(m), binary }),
  prepare_failed: (m) => ({
    type: "prepare_failed",
    gen: gen(m),
    error: { code: "runtime_damaged", message: "bad copy" },
  }),
  prepare_progress: (m) => ({ type: "prepare_progress", gen: gen(m), progress: 0.5, message: "Checking…" }),
  prepare_timer: (m) => ({ type: "timer", key: "prepare", gen: gen(m), lastOutput: [] }),
};

// state × event → next phase, and the effects that must be among those emitted ("" = none at all).
const table: [string, string, string, string][] = [
  ["stopped", "start", "starting", "prepare set_timer"],
  ["stopped", "stop", "stopped", ""],
  ["stopped", "restart", "starting", "prepare"],
  ["stopped", "prepared", "stopped", ""],
  ["starting (preparing)", "start", "starting", ""],
  ["starting (preparing)", "prepare_progress", "starting", ""],
  ["starting (preparing)", "prepared", "starting", "spawn set_timer"],
  ["starting (preparing)", "prepare_failed", "failed", "cancel_prepare log"],
  ["starting (preparing)", "prepare_timer", "failed", "cancel_prepare log"],
  ["starting (preparing)", "startup_timer", "starting", ""], // no startup timer runs while preparing
  ["starting (preparing)", "spawned", "starting", ""], // no spawn is outstanding: not a real outcome
  ["starting (preparing)", "stop", "stopped", "cancel_prepare"],
  ["starting (preparing)", "restart", "starting", "cancel_prepare prepare"],
  ["stopped", "exited", "stopped", ""],
  ["stopped", "probe_fail", "stopped", ""],
  ["stopped", "backoff_timer", "stopped", ""],
  ["starting (spawning)", "start", "starting", ""],
  ["starting (spawning)", "spawned", "starting", "log"],
  ["starting (spawning)", "spawn_failed", "failed", "clear_timers log"],
  ["starting (spawning)", "stop", "stopping", "clear_timers"],
  ["starting (spawning)", "startup_timer", "backoff", "set_timer"],
  ["starting (spawned)", "listening", "starting", "await_ready"],
  ["starting (spawned)", "ready", "running", "set_timer"],
  ["starting (spawned)", "exited", "backoff", "kill_tree set_timer"],
  ["starting (spawned)", "startup_timer", "backoff", "kill_tree set_timer"],
  ["starting (spawned)", "stop", "stopping", "kill_tree"],
  ["starting (spawned)", "restart", "stopping", "kill_tree"],
  ["starting (spawned)", "probe_fail", "starting", ""],
  ["running", "start", "running", ""],
  ["running", "stop", "stopping", "kill_tree"],
  ["running", "restart", "stopping", "kill_tree"],
  ["running", "exited", "backoff", "kill_tree set_timer"],
  ["running", "probe_ok", "running", "set_timer"],
  ["running", "probe_fail", "degraded", "set_timer"],
  ["running", "startup_timer", "running", ""],
  ["running", "backoff_timer", "running", ""],
  ["degraded", "probe_ok", "running", "set_timer"],
  ["degraded", "probe_fail", "degraded", "set_timer"],
  ["degraded", "exited", "backoff", "kill_tree"],
  ["degraded", "stop", "stopping", "kill_tree"],
  ["backoff", "backoff_timer", "starting", "prepare"], // prepares while the crashed tree is killed; no spawn yet
  ["backoff", "tree_gone", "backoff", ""],
  ["backoff", "start", "starting", "clear_timers"],
  ["backoff", "stop", "stopping", "clear_timers"],
  ["backoff", "exited", "backoff", "log"],
  ["stopping", "start", "stopping", ""],
  ["stopping", "stop", "stopping", ""],
  ["stopping", "exited", "stopping", "log"],
  ["stopping", "tree_gone", "stopped", ""],
  ["stopping", "probe_fail", "stopping", ""],
  ["failed", "start", "starting", "prepare"],
  ["failed", "restart", "starting", "prepare"],
  ["failed", "stop", "stopped", ""],
  ["failed", "backoff_timer", "failed", ""],
  ["failed", "probe_ok", "failed", ""],
];

describe("lifecycle table", () => {
  it.each(table)("%s + %s → %s", (stateName, eventName, phase, effectTypes) => {
    const from = allStates[stateName];
    const makeEvent = events[eventName];
    if (!from || !makeEvent) throw new Error(`bad row ${stateName} ${eventName}`);
    const { model, effects } = transition(from, makeEvent(from), env(from.readyAt ?? 1_000_000));
    expect(model.phase).toBe(phase);
    const emitted = effects.map((e) => e.type);
    if (effectTypes === "") expect(emitted.filter((t) => t !== "clear_timers")).toEqual([]);
    for (const type of effectTypes.split(" ").filter(Boolean)) expect(emitted).toContain(type);
  });

  it("covers every state with every event without throwing or spawning twice", () => {
    for (const [name, from] of Object.entries(allStates)) {
      for (const makeEvent of Object.values(events)) {
        const { model, effects } = transition(from, makeEvent(from), env());
        expect(model.phase, name).toBeTypeOf("string");
        if (effects.some((e) => e.type === "spawn")) {
          expect(from.pid === null && from.killingGen === null && from.spawningGen === null, name).toBe(true);
        }
      }
    }
  });
});

describe("restart policy", () => {
  it("doubles the backoff from 500 ms with ±20 % jitter, capped at 30 s", () => {
    expect(backoffDelayMs(0, 0.5, config)).toBe(500);
    expect(backoffDelayMs(1, 0.5, config)).toBe(1000);
    expect(backoffDelayMs(3, 0.5, config)).toBe(4000);
    expect(backoffDelayMs(0, 0, config)).toBe(400);
    expect(backoffDelayMs(0, 0.999_999, config)).toBe(600);
    expect(backoffDelayMs(20, 0.999_999, config)).toBe(30_000);
    expect(backoffDelayMs(20, 0, config)).toBe(24_000);
  });

  function crashLoop(times: number, used: BinaryInfo = binary) {
    let model = run([{ type: "start" }]).model;
    const delays: number[] = [];
    for (let i = 0; i < times && model.phase !== "failed"; i++) {
      const g = model.gen;
      model = run(
        [
          { type: "prepared", gen: g, binary: used },
          { type: "spawned", gen: g, pid: 100 + i, binary: used },
          { type: "exited", gen: g, code: 1, signal: null, lastOutput: ["bad config"] },
          { type: "tree_gone", gen: g, survivors: [] },
        ],
        model,
      ).model;
      if (model.phase === "backoff") {
        delays.push((model.nextRestartAt ?? 0) - 1_000_000);
        model = run([{ type: "timer", key: "backoff", gen: g, lastOutput: [] }], model).model;
      }
    }
    return { model, delays };
  }

  it("gives up after 5 failed starts with a reason that says what to do", () => {
    const { model, delays } = crashLoop(10);
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(model.phase).toBe("failed");
    expect(model.restarts).toBe(4);
    // Whole sentences, and the next step fits the cause: the program is one the user set.
    expect(model.error?.message).toBe(
      "OpenCode failed to start 5 times in a row, so it is no longer restarted. Last problem: OpenCode stopped while starting (exit code 1). Last output: bad config. This is the program you set (/opt/opencode, with --opencode-bin or TURNKEY_OPENCODE_BIN): check that it is an opencode that runs (try it with --version), or remove the setting to use the one that comes with the app. Then press Start.",
    );
  });

  it("with the app's own program, the next step is another Start, then Repair", () => {
    const { model } = crashLoop(10, { path: "/data/runtime/opencode", source: "managed", version: null });
    expect(model.error?.message).toMatch(
      /Last output: bad config\. Press Start to try again\. If it stops again, the lines above and the logs say why; Repair reinstalls OpenCode's program\.$/,
    );
  });

  it("a manual start after giving up resets the counters", () => {
    const { model } = crashLoop(10);
    const next = run([{ type: "start" }], model).model;
    expect(next).toMatchObject({ phase: "starting", restarts: 0, failedStarts: 0, backoffAttempt: 0, error: null });
  });

  it("a crash long after ready is not a failed start, and 60 s of stability resets the backoff", () => {
    const g = states.running.gen;
    const later = states.running.readyAt! + 20_000;
    let { model } = run([{ type: "timer", key: "stable", gen: g, lastOutput: [] }], {
      ...states.running,
      backoffAttempt: 4,
      failedStarts: 3,
    });
    expect(model).toMatchObject({ backoffAttempt: 0, failedStarts: 0 });
    model = { ...model, failedStarts: 3 };
    ({ model } = transition(
      model,
      { type: "exited", gen: g, code: null, signal: "SIGKILL", lastOutput: [] },
      env(later),
    ));
    expect(model).toMatchObject({ phase: "backoff", failedStarts: 0, error: { code: "crashed" } });
    expect(model.error?.message).toContain("signal SIGKILL");
  });

  it("dying within 10 s of ready counts as a failed start", () => {
    const g = states.running.gen;
    const soon = states.running.readyAt! + 2_000;
    const { model } = transition(
      states.running,
      { type: "exited", gen: g, code: 3, signal: null, lastOutput: [] },
      env(soon),
    );
    expect(model.failedStarts).toBe(1);
  });

  it("three failed probes in a row kill the hung sidecar and schedule a restart", () => {
    const g = states.running.gen;
    const fail = { type: "probed", gen: g, ok: false, latencyMs: null } as const;
    const two = run([fail, fail], states.running);
    expect(two.model.phase).toBe("degraded");
    expect(two.model.health?.consecutiveFailures).toBe(2);
    const three = run([fail], two.model);
    expect(three.model.phase).toBe("backoff");
    expect(three.model.error?.code).toBe("unresponsive");
    expect(three.effects).toContainEqual({ type: "kill_tree", gen: g, pid: 100, graceful: false });
  });

  it("late answers show a busy sidecar as degraded but never restart it; only unanswered checks count", () => {
    const g = states.running.gen;
    const late = { type: "probed", gen: g, ok: false, latencyMs: 4_000, late: true } as const;
    const fail = { type: "probed", gen: g, ok: false, latencyMs: null } as const;
    const busy = run([late, late, late, late, fail, fail, late, fail, fail], states.running);
    expect(busy.model.phase).toBe("degraded");
    expect(busy.model.health).toMatchObject({ ok: false, consecutiveFailures: 9 });
    expect(busy.effects.map((e) => e.type)).not.toContain("kill_tree");
    const hung = run([fail], busy.model);
    expect(hung.model.phase).toBe("backoff");
    expect(hung.model.error?.message).toMatch(/^OpenCode stopped answering \(3 health checks in a row/);
  });

  it("a startup timeout carries the last output lines", () => {
    const from = states["starting (spawned)"];
    const { model } = run([{ type: "timer", key: "startup", gen: from.gen, lastOutput: ["a", "migrating db"] }], from);
    expect(model.error).toMatchObject({ code: "startup_timeout" });
    expect(model.error?.message).toBe("OpenCode did not answer within 30 s. Last output: a | migrating db.");
  });

  it("restart waits for the old tree to be gone, then starts a new generation", () => {
    let { model, effects } = run([{ type: "restart" }], states.running);
    expect(effects).toContainEqual({ type: "kill_tree", gen: 1, pid: 100, graceful: true });
    ({ model, effects } = run([{ type: "exited", gen: 1, code: 0, signal: null, lastOutput: [] }], model));
    expect(effects.map((e) => e.type)).not.toContain("spawn");
    ({ model, effects } = run([{ type: "tree_gone", gen: 1, survivors: [] }], model));
    expect(model).toMatchObject({ phase: "starting", gen: 2, lastExit: { code: 0 } });
    expect(effects).toContainEqual({ type: "prepare", gen: 2 });
    ({ effects } = run([{ type: "prepared", gen: 2, binary }], model));
    expect(effects).toContainEqual({ type: "spawn", gen: 2, binary });
  });

  it("events of an earlier generation are ignored", () => {
    const { model } = run(
      [
        { type: "restart" },
        { type: "tree_gone", gen: 1, survivors: [] },
        { type: "ready", gen: 1, version: "old", latencyMs: 1 },
      ],
      states.running,
    );
    expect(model).toMatchObject({ phase: "starting", gen: 2, version: "1.0.0" });
  });

  it("a process spawned after a stop was requested is killed as soon as its pid is known", () => {
    const { model, effects } = run(
      [
        { type: "start" },
        { type: "prepared", gen: 1, binary },
        { type: "stop" },
        { type: "spawned", gen: 1, pid: 77, binary },
      ],
      initialModel,
    );
    expect(model.phase).toBe("stopping");
    expect(effects).toContainEqual({ type: "kill_tree", gen: 1, pid: 77, graceful: true });
  });
});

describe("start attempts tracked exactly", () => {
  it("a late spawn of a given-up attempt is killed and forgotten before the next attempt spawns", () => {
    // Attempt 1 spawns, its startup timer fires before the spawn reports: back off, try again.
    let { model, effects } = run([
      { type: "start" },
      { type: "prepared", gen: 1, binary },
      { type: "timer", key: "startup", gen: 1, lastOutput: [] },
      { type: "timer", key: "backoff", gen: 1, lastOutput: [] },
      { type: "prepared", gen: 2, binary },
    ]);
    expect(model).toMatchObject({ phase: "starting", gen: 2, spawningGen: 1 });
    expect(effects.map((e) => e.type)).not.toContain("spawn"); // attempt 1's spawn is still owed
    ({ model, effects } = run([{ type: "spawned", gen: 1, pid: 77, binary }], model));
    expect(effects).toContainEqual({ type: "kill_tree", gen: 1, pid: 77, graceful: false });
    expect(model).toMatchObject({ phase: "starting", spawningGen: null, pid: 77, pidGen: 1 });
    ({ model, effects } = run([{ type: "exited", gen: 1, code: null, signal: "SIGKILL", lastOutput: [] }], model));
    expect(model.phase).toBe("starting"); // an old attempt's exit is not this attempt's crash
    ({ model, effects } = run([{ type: "tree_gone", gen: 1, survivors: [] }], model));
    expect(model).toMatchObject({ pid: null, killingGen: null, spawningGen: 2 });
    expect(effects).toContainEqual({ type: "spawn", gen: 2, binary });
  });

  it("a late spawn failure of a given-up attempt releases it", () => {
    const { model, effects } = run([
      { type: "start" },
      { type: "prepared", gen: 1, binary },
      { type: "stop" },
      { type: "spawn_failed", gen: 1, error: { code: "spawn_failed", message: "EACCES" } },
    ]);
    expect(model).toMatchObject({ phase: "stopped", spawningGen: null, error: null });
    expect(effects.map((e) => e.type)).not.toContain("spawn");
  });

  it("preparing has its own limit and progress, and never reads as a startup timeout", () => {
    let { model, effects } = run([{ type: "start" }]);
    expect(effects).toContainEqual({ type: "set_timer", key: "prepare", gen: 1, ms: config.prepareTimeoutMs });
    expect(effects.map((e) => e.type)).not.toContain("spawn");
    expect(effects).not.toContainEqual(expect.objectContaining({ key: "startup" }));
    ({ model } = run(
      [{ type: "prepare_progress", gen: 1, progress: 0.4, message: "Checking OpenCode's program…" }],
      model,
    ));
    expect(model.preparing).toEqual({ progress: 0.4, message: "Checking OpenCode's program…" });
    ({ model, effects } = run([{ type: "timer", key: "prepare", gen: 1, lastOutput: [] }], model));
    expect(model).toMatchObject({ phase: "failed", preparing: null, error: { code: "prepare_timeout" } });
    expect(model.error?.message).toMatch(/took longer than 5 min\. The last step was: Checking/);
    expect(effects).toContainEqual({ type: "cancel_prepare", gen: 1 });
    // Its result, should it still come, changes nothing.
    ({ model, effects } = run([{ type: "prepared", gen: 1, binary }], model));
    expect(model.phase).toBe("failed");
    expect(effects).toEqual([]);
  });

  it("a stop that leaves processes alive settles and names them", () => {
    let { model } = run([{ type: "stop" }], states.running);
    ({ model } = run([{ type: "tree_gone", gen: 1, survivors: [100, 101] }], model));
    expect(model).toMatchObject({
      phase: "stopped",
      pid: null,
      survivors: [100, 101],
      error: { code: "stop_incomplete" },
    });
    expect(model.error?.message).toContain("pid 100, 101");
  });
});
