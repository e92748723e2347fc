// @vitest-environment happy-dom
// The scheduled-tasks section: this project's tasks with when they run and their last run (Open the
// chat), the others counted; a new task sends what was typed (weekdays, times, the model split,
// this browser's zone); a refused save keeps the form and the text; Run now, and a run's end
// arriving as an event, show without a reload; Remove asks first.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { TurnkeyApiError } from "@turnkey/client";
import type { ScheduledRun, ScheduledTask, SchedulesResponse } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { fake } from "../testHarness.tsx";
import { SchedulesPanel } from "./SchedulesPanel.tsx";
import { publishSchedules } from "./schedulesFeed.ts";
import { localTimeZone, whenSentence } from "./scheduleText.ts";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());

const api = fake.api as typeof fake.api & Record<string, ReturnType<typeof vi.fn>>;
const zone = localTimeZone();

const run = (extra: Partial<ScheduledRun> = {}): ScheduledRun => ({
  scheduledFor: Date.parse("2026-11-24T08:00:00Z"),
  startedAt: Date.parse("2026-11-24T08:00:01Z"),
  endedAt: Date.parse("2026-11-24T08:00:30Z"),
  outcome: "finished",
  sessionID: "ses_run1",
  message: null,
  ...extra,
});
const task = (extra: Partial<ScheduledTask> = {}): ScheduledTask => ({
  id: "t1",
  name: "Morning review",
  projectId: "p1",
  folder: "/work/app",
  prompt: "Summarise yesterday",
  model: null,
  agent: null,
  when: { kind: "daily", times: ["09:00"] },
  timeZone: zone,
  enabled: true,
  catchUp: true,
  allow: "ask",
  createdAt: 1,
  nextRunAt: Date.parse("2026-11-25T08:00:00Z"),
  runs: [],
  problem: null,
  ...extra,
});
const answer = (tasks: ScheduledTask[]): SchedulesResponse => ({ tasks, fileProblem: null });
const choices = { models: [{ value: "stub/fast/v2", label: "Stub · Fast" }], agents: ["build", "plan"] };

const calls = { createSchedule: vi.fn(), updateSchedule: vi.fn(), removeSchedule: vi.fn(), runSchedule: vi.fn() };

beforeEach(() => {
  fake.reset();
  for (const call of Object.values(calls)) call.mockReset();
  Object.assign(api, calls);
  publishSchedules(answer([])); // the feed lives for the page: no test sees the one before's tasks
});
afterEach(cleanup);

const open = async (response: SchedulesResponse, onOpenChat = vi.fn()) => {
  api.schedules.mockResolvedValue(response);
  const view = render(<SchedulesPanel projectId="p1" choices={choices} onOpenChat={onOpenChat} />);
  fireEvent.click(await screen.findByText("Scheduled tasks"));
  await waitFor(() => expect(api.schedules).toHaveBeenCalled());
  return view;
};

describe("the scheduled tasks section", () => {
  it("lists this project's tasks with when they run and their last run, and counts the others", async () => {
    const onOpenChat = vi.fn();
    const failed = run({ outcome: "failed", message: "The key was refused.", sessionID: "ses_run2" });
    await open(
      answer([
        task({ runs: [failed, run()] }),
        task({ id: "t2", name: "Elsewhere", projectId: "p2" }),
        task({ id: "t3", name: "Weekly", when: { kind: "weekly", days: [5, 1], times: ["17:30"] }, enabled: false }),
      ]),
      onOpenChat,
    );
    const list = await screen.findByRole("list", { name: "Scheduled tasks of this project" });
    const review = within(list).getByRole("listitem", { name: "Morning review" });
    expect(review.textContent).toContain("Every day at 09:00");
    expect(review.textContent).toContain("Failed");
    expect(review.textContent).toContain("The key was refused.");
    expect(review.textContent).toContain("Earlier runs (1)");
    fireEvent.click(within(review).getAllByRole("button", { name: "Open the chat" })[0] as HTMLElement);
    expect(onOpenChat).toHaveBeenCalledWith("p1", "ses_run2");
    const weekly = within(list).getByRole("listitem", { name: "Weekly" });
    expect(weekly.textContent).toContain("Mon and Fri at 17:30");
    expect(weekly.textContent).toContain("Off");
    expect(within(weekly).getByRole("button", { name: "Turn on Weekly" })).toBeTruthy();
    expect(screen.queryByText("Elsewhere")).toBeNull();
    expect(screen.getByText("1 more in other projects: open a chat there to see them.")).toBeTruthy();
  });

  it("makes a task from what was typed: weekdays, times, the model split at its first /, this browser's zone", async () => {
    const resolved = Intl.DateTimeFormat().resolvedOptions();
    vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockReturnValue({
      ...resolved,
      timeZone: "Asia/Kolkata",
    });
    onTestFinished(() => {
      vi.restoreAllMocks();
    });
    await open(answer([]));
    calls.createSchedule.mockResolvedValue(answer([task({ name: "Standup notes" })]));
    fireEvent.click(screen.getByRole("button", { name: "New scheduled task" }));
    const form = screen.getByRole("form", { name: "New scheduled task" });
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Standup notes" } });
    fireEvent.change(within(form).getByLabelText(/What it asks/), { target: { value: "/standup" } });
    fireEvent.change(within(form).getByLabelText("When"), { target: { value: "weekly" } });
    fireEvent.click(within(form).getByLabelText("Fri")); // off: weekdays are on to begin with
    fireEvent.change(within(form).getByLabelText(/^At/), { target: { value: "9:00, 17:30" } });
    fireEvent.change(within(form).getByLabelText("Model"), { target: { value: "stub/fast/v2" } });
    const permissions = within(form).getByLabelText(/^Permissions while it runs/) as HTMLSelectElement;
    // A new task follows its project's level unless told otherwise.
    expect(permissions.selectedOptions[0]?.textContent).toBe("Same as the project");
    fireEvent.change(permissions, { target: { value: "edits" } });
    expect(within(form).getByText("Times are in Asia/Kolkata.")).toBeTruthy();
    fireEvent.click(within(form).getByRole("button", { name: "Schedule it" }));
    await waitFor(() => expect(calls.createSchedule).toHaveBeenCalled());
    expect(calls.createSchedule.mock.calls[0]?.[0]).toEqual({
      name: "Standup notes",
      projectId: "p1",
      prompt: "/standup",
      model: { providerID: "stub", modelID: "fast/v2" },
      agent: null,
      when: { kind: "weekly", days: [1, 2, 3, 4], times: ["09:00", "17:30"] },
      timeZone: "Asia/Kolkata",
      enabled: true,
      catchUp: true,
      allow: "edits",
    });
    expect(await screen.findByRole("listitem", { name: "Standup notes" })).toBeTruthy();
    expect(screen.queryByRole("form")).toBeNull();
  });

  it("keeps the form and what was typed when the backend refuses it, with its sentence", async () => {
    await open(answer([]));
    calls.createSchedule.mockRejectedValue(
      new TurnkeyApiError(
        400,
        "invalid_request",
        "Runs would come less than 5 minutes apart. Each run is a new chat: space them further.",
      ),
    );
    fireEvent.click(screen.getByRole("button", { name: "New scheduled task" }));
    const form = screen.getByRole("form", { name: "New scheduled task" });
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Flood" } });
    fireEvent.change(within(form).getByLabelText(/What it asks/), { target: { value: "ping" } });
    fireEvent.change(within(form).getByLabelText("When"), { target: { value: "cron" } });
    fireEvent.change(within(form).getByLabelText(/Cron expression/), { target: { value: "* * * * *" } });
    fireEvent.click(within(form).getByRole("button", { name: "Schedule it" }));
    expect((await within(form).findByRole("alert")).textContent).toMatch(/less than 5 minutes apart/);
    expect((within(form).getByLabelText(/Cron expression/) as HTMLInputElement).value).toBe("* * * * *");
    expect((within(form).getByLabelText("Name") as HTMLInputElement).value).toBe("Flood");
  });

  it("shows Run now's run at once, holds Run now while it goes, and its end from an event", async () => {
    await open(answer([task()]));
    const running = run({ outcome: "running", scheduledFor: null, endedAt: null, sessionID: null });
    calls.runSchedule.mockResolvedValue(answer([task({ runs: [running] })]));
    fireEvent.click(await screen.findByRole("button", { name: "Run Morning review now" }));
    await waitFor(() => expect(screen.getByText(/Running since .*\(run now\)/)).toBeTruthy());
    expect((screen.getByRole("button", { name: "Run Morning review now" }) as HTMLButtonElement).disabled).toBe(true);
    publishSchedules(answer([task({ runs: [{ ...running, outcome: "finished", endedAt: 2, sessionID: "ses_9" }] })]));
    await waitFor(() => expect(screen.getByText(/Finished · .*\(run now\)/)).toBeTruthy());
    expect((screen.getByRole("button", { name: "Run Morning review now" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("shows a run still going first, above times skipped meanwhile, and holds Run now", async () => {
    const going = run({ outcome: "running", endedAt: null, startedAt: 1 });
    const skipped = run({
      outcome: "skipped",
      sessionID: null,
      message: "Not run 3 times: the run before them had not ended.",
    });
    await open(answer([task({ runs: [skipped, going] })]));
    const row = await screen.findByRole("listitem", { name: "Morning review" });
    expect(row.querySelector(".schedule-run")?.textContent).toMatch(/^Running since/);
    expect((within(row).getByRole("button", { name: "Run Morning review now" }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(screen.getByText(/^1 task · 1 running/)).toBeTruthy();
  });

  it("asks before removing a task, and says its chats stay", async () => {
    await open(answer([task()]));
    calls.removeSchedule.mockResolvedValue(answer([]));
    fireEvent.click(await screen.findByRole("button", { name: "Remove Morning review" }));
    expect(calls.removeSchedule).not.toHaveBeenCalled();
    const ask = screen.getByRole("group", { name: "Remove Morning review" });
    expect(ask.textContent).toContain('Remove "Morning review"? Its chats stay.');
    fireEvent.click(within(ask).getByRole("button", { name: "Remove it" }));
    await waitFor(() => expect(calls.removeSchedule).toHaveBeenCalledWith("t1"));
    await waitFor(() => expect(screen.queryByRole("listitem", { name: "Morning review" })).toBeNull());
  });
});

describe("scheduleText", () => {
  it("says when a task runs, and its zone only when it is not this browser's", () => {
    expect(whenSentence({ kind: "daily", times: ["17:30", "09:00"] }, "Asia/Tokyo", "Asia/Tokyo")).toBe(
      "Every day at 09:00 and 17:30",
    );
    expect(whenSentence({ kind: "weekly", days: [0, 3, 1], times: ["08:00"] }, "UTC", "Europe/Berlin")).toBe(
      "Mon, Wed and Sun at 08:00 (UTC)",
    );
    expect(whenSentence({ kind: "once", at: "2026-12-01T07:15" }, "UTC", "UTC")).toBe("Once, 2026-12-01 at 07:15");
  });
});
