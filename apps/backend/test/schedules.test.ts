// Scheduled tasks through the backend with the real opencode: a task run makes a chat in its
// project that gets the reply, named after the task and its time, and every window hears of its
// end; a `/` command runs as the command; a run OpenCode refuses ends failed with its sentence;
// bad input changes nothing; and at start a kept task catches up a time the app was closed through.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TurnkeyApiError } from "@turnkey/client";
import type { ScheduledTask, ScheduleSettings } from "@turnkey/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectId } from "../src/projects/projectStore.ts";
import { collectEvents, type EventCollector } from "./eventCollector.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

const waitMs = 120_000;
const hello = { hello: { template: "Say hello to $ARGUMENTS", description: "Greets someone" } };

let real: RealBackend;
let events: EventCollector;
let project: string;

beforeAll(async () => {
  real = await startRealBackend({ name: "schedules", backend: { uiDir: null }, opencodeConfig: { command: hello } });
  await real.client.start();
  project = (await real.client.projects())[0]?.id ?? "";
  events = await collectEvents(real.backend);
}, waitMs);
afterAll(async () => {
  events?.close();
  await real?.close();
});

const settings = (change: Partial<ScheduleSettings> = {}): ScheduleSettings => ({
  name: "Morning check",
  projectId: project,
  prompt: "status report",
  model: null,
  agent: null,
  when: { kind: "daily", times: ["09:00"] },
  timeZone: "Europe/Berlin",
  enabled: true,
  catchUp: false,
  allow: "ask",
  ...change,
});

/** The task's newest run once it has ended, as the `schedules` event told every window. */
async function ended(id: string): Promise<NonNullable<ScheduledTask["runs"][0]>> {
  const endOf = () =>
    events.events
      .flatMap((e) => (e.event === "schedules" ? e.data.tasks : []))
      .filter((t) => t.id === id)
      .map((t) => t.runs[0])
      .findLast((run) => run !== undefined && run.outcome !== "running");
  await events.until(() => endOf() !== undefined, "the run's end", waitMs);
  return endOf() as NonNullable<ScheduledTask["runs"][0]>;
}

const refusal = (call: Promise<unknown>) =>
  call.then(
    () => "answered",
    (error: unknown) =>
      error instanceof TurnkeyApiError ? `${error.httpStatus} ${error.code}: ${error.message}` : String(error),
  );

describe("scheduled tasks (real opencode)", () => {
  it(
    "a task run makes a chat in its project, named after it, that gets the reply",
    async () => {
      // No task yet: nothing of the scheduler was loaded or written at start.
      expect(await real.client.schedules()).toEqual({ tasks: [], fileProblem: null });
      expect(existsSync(join(real.dataDir, "schedules.json"))).toBe(false);
      const [task] = (await real.client.createSchedule(settings())).tasks;
      expect(task?.nextRunAt).toBeGreaterThan(Date.now());
      const running = (await real.client.runSchedule(task?.id ?? "")).tasks[0]?.runs[0];
      expect(running).toMatchObject({ outcome: "running", scheduledFor: null });

      const run = await ended(task?.id ?? "");
      expect(run).toMatchObject({ outcome: "finished", message: null });
      const session = await real.client.session(run.sessionID ?? "");
      expect(session.title).toMatch(/^Morning check · \d{4}-\d\d-\d\d \d\d:\d\d$/);
      expect(session.projectId).toBe(project);
      const messages = await real.client.messages(session.id);
      expect(messages.at(-1)?.text).toBe("Echo: status report");
    },
    waitMs,
  );

  it(
    "a / command runs as the command, and one OpenCode does not have fails the run with why",
    async () => {
      const made = await real.client.createSchedule(settings({ name: "Greeter", prompt: "/hello world" }));
      const greeter = made.tasks.find((t) => t.name === "Greeter")?.id ?? "";
      await real.client.runSchedule(greeter);
      const run = await ended(greeter);
      expect(run.outcome).toBe("finished");
      expect((await real.client.messages(run.sessionID ?? "")).at(-1)?.text).toBe("Echo: Say hello to world");

      const nope = (await real.client.createSchedule(settings({ name: "Nope", prompt: "/nope now" }))).tasks.find(
        (t) => t.name === "Nope",
      );
      await real.client.runSchedule(nope?.id ?? "");
      const failed = await ended(nope?.id ?? "");
      expect(failed).toMatchObject({ outcome: "failed" });
      expect(failed.message).toMatch(/no \/nope command in this project/);
    },
    waitMs,
  );

  it("refuses bad input with a sentence and changes nothing", async () => {
    const before = (await real.client.schedules()).tasks.length;
    expect(
      await refusal(real.client.createSchedule(settings({ when: { kind: "cron", expression: "* * * * *" } }))),
    ).toMatch(/^400 invalid_request: Runs would come less than 5 minutes apart/);
    expect(await refusal(real.client.createSchedule(settings({ projectId: "not-a-project" })))).toMatch(
      /^404 not_found: That project is not in the list/,
    );
    expect(await refusal(real.client.createSchedule(settings({ when: { kind: "daily", times: ["9am"] } })))).toMatch(
      /^400 invalid_request: .*"HH:MM"/,
    );
    expect(await refusal(real.client.runSchedule("no-such-task"))).toMatch(/^404 schedule_not_found/);
    expect((await real.client.schedules()).tasks.length).toBe(before);
  });
});

describe("scheduled tasks kept across a restart (real opencode)", () => {
  it(
    "a kept task that catches up runs at start for the time the app was closed through",
    async () => {
      const yesterday = Date.now() - 24 * 3_600_000;
      const again = await startRealBackend({
        name: "schedules kept",
        backend: { uiDir: null },
        prepare: (root) => {
          const dataDir = join(root, "data");
          mkdirSync(dataDir, { recursive: true, mode: 0o700 });
          const task = {
            ...settings({ name: "Catch up", prompt: "what did I miss", catchUp: true, projectId: projectId(root) }),
            id: "kept-task",
            createdAt: yesterday - 3_600_000,
            folder: root,
            nextRunAt: yesterday,
            runs: [],
          };
          writeFileSync(join(dataDir, "schedules.json"), JSON.stringify({ version: 1, tasks: [task] }));
          return { workdir: root };
        },
      });
      try {
        const run = async () => (await again.client.schedules()).tasks[0]?.runs[0];
        await expect.poll(run, { timeout: waitMs }).toMatchObject({ outcome: "finished", scheduledFor: yesterday });
        expect((await run())?.message).toMatch(/Ran late/);
        const sessionID = (await run())?.sessionID ?? "";
        expect((await again.client.messages(sessionID)).at(-1)?.text).toBe("Echo: what did I miss");
      } finally {
        await again.close();
      }
    },
    waitMs,
  );
});
