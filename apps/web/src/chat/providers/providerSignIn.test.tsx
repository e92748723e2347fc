// @vitest-environment happy-dom
// A device-code sign-in while the backend stumbles: a failed read of the sign-in's state is said
// and read again later (it used to stop the window's reading for good, "Waiting…" for ever), and
// the sign-in that then ends connected tells the window, which reads its providers again. One the
// backend no longer has (it restarted: 404) ends the waiting instead of being read for ever. After
// Cancel, a late approval the backend undid is said, and the reading then stops.
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { TurnkeyApiError } from "@turnkey/client";
import type { ProviderConnection, SignInState } from "@turnkey/contracts";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { ProviderSetup } from "../ProviderSetup.tsx";
import { fake } from "../testHarness.tsx";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());

const github: ProviderConnection = {
  id: "github-copilot",
  name: "GitHub Copilot",
  connected: false,
  via: null,
  envSet: [],
  signIn: [{ index: 0, label: "Sign in with GitHub", prompts: [] }],
  acceptsKey: false,
};
const waiting: SignInState = {
  providerID: github.id,
  method: 0,
  kind: "auto",
  url: "https://github.com/login/device",
  instructions: "Enter the code",
  userCode: "ABCD-1234",
  state: "waiting",
  error: null,
  expiresAt: Date.now() + 900_000,
};

beforeEach(() => {
  fake.reset();
  fake.api.providerConnections.mockResolvedValue({ providers: [github] });
  fake.api.startSignIn.mockResolvedValue(waiting);
});
afterEach(() => {
  vi.useRealTimers();
  cleanup();
});

/** A device sign-in started from the Providers view, with the page's timers faked from then on. */
async function startSignIn(onChanged: () => void) {
  render(<ProviderSetup providers={{ providers: [], connected: [] }} onChanged={onChanged} />);
  fireEvent.click(await screen.findByRole("button", { name: "Sign in" }));
  const start = await screen.findByRole("button", { name: "Sign in with GitHub" });
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  fireEvent.click(start);
  await act(() => vi.advanceTimersByTimeAsync(0));
}

it("keeps reading a device-code sign-in after a failed read, and tells the window once it is connected", async () => {
  const onChanged = vi.fn();
  fake.api.signInState
    .mockRejectedValueOnce(new Error("OpenCode is restarting; try again in a moment."))
    .mockResolvedValueOnce({ ...waiting, state: "connected" });
  await startSignIn(onChanged);
  expect(screen.getByText(/Waiting for you to finish on GitHub Copilot's page/)).toBeTruthy();
  await act(() => vi.advanceTimersByTimeAsync(1_500));
  expect(fake.api.signInState).toHaveBeenCalledTimes(1);
  expect(screen.getByText("OpenCode is restarting; try again in a moment.")).toBeTruthy();
  // Read again after a longer pause, not never.
  await act(() => vi.advanceTimersByTimeAsync(2_999));
  expect(fake.api.signInState).toHaveBeenCalledTimes(1);
  await act(() => vi.advanceTimersByTimeAsync(1));
  expect(fake.api.signInState).toHaveBeenCalledTimes(2);
  vi.useRealTimers();
  await screen.findByText("Signed in to GitHub Copilot.");
  await waitFor(() => expect(onChanged).toHaveBeenCalled());
  expect(screen.queryByText("OpenCode is restarting; try again in a moment.")).toBeNull();
});

it("ends the waiting when the backend no longer has the sign-in, and reads no more", async () => {
  const gone =
    "No sign-in to this provider is waiting: it ended, or the app restarted since it began. Press Sign in to start again.";
  fake.api.signInState.mockRejectedValue(new TurnkeyApiError(404, "not_found", gone));
  await startSignIn(() => undefined);
  expect(screen.getByText(/Waiting for you to finish/)).toBeTruthy();
  await act(() => vi.advanceTimersByTimeAsync(1_500));
  expect(fake.api.signInState).toHaveBeenCalledTimes(1);
  expect(screen.getByText(gone)).toBeTruthy();
  expect(screen.queryByText(/Waiting for you to finish/)).toBeNull();
  expect(screen.getByRole("button", { name: "Sign in with GitHub" })).toBeTruthy(); // to start again
  await act(() => vi.advanceTimersByTimeAsync(60_000));
  expect(fake.api.signInState).toHaveBeenCalledTimes(1);
});

it("ends a code sign-in OpenCode no longer has, instead of asking for a code again", async () => {
  const lost =
    "This sign-in is no longer waiting in OpenCode (it restarted, or another sign-in replaced it). Press Sign in to start again.";
  fake.api.startSignIn.mockResolvedValue({ ...waiting, kind: "code", userCode: null });
  fake.api.sendSignInCode.mockRejectedValue(new TurnkeyApiError(409, "no_sign_in", lost));
  render(<ProviderSetup providers={{ providers: [], connected: [] }} onChanged={() => undefined} />);
  fireEvent.click(await screen.findByRole("button", { name: "Sign in" }));
  fireEvent.click(await screen.findByRole("button", { name: "Sign in with GitHub" }));
  fireEvent.change(await screen.findByLabelText("Code from the page"), { target: { value: "ABC-123" } });
  fireEvent.submit(screen.getByLabelText("Code from the page").closest("form") as HTMLFormElement);
  expect(await screen.findByText(lost)).toBeTruthy();
  expect(screen.queryByLabelText("Code from the page")).toBeNull();
  expect(screen.getByRole("button", { name: "Sign in with GitHub" })).toBeTruthy();
});

const cancelled: SignInState = { ...waiting, state: "cancelled", lateApprovalPossible: true };

/** A device sign-in started and cancelled, with the page's timers faked from the start on. */
async function startThenCancel(onChanged: () => void) {
  fake.api.cancelSignIn.mockResolvedValue(cancelled);
  await startSignIn(onChanged);
  fireEvent.click(screen.getByRole("button", { name: "Cancel sign-in" }));
  await act(() => vi.advanceTimersByTimeAsync(0));
}

it("after Cancel, says what the backend undid when the page is approved anyway, reads the providers again, then reads no more", async () => {
  const onChanged = vi.fn();
  const undone = "The sign-in to GitHub Copilot was approved after it was cancelled, so it was removed again.";
  // Each answer a new object, as each read's JSON is.
  fake.api.signInState.mockResolvedValueOnce({ ...cancelled }).mockResolvedValueOnce({ ...cancelled, error: undone });
  await startThenCancel(onChanged);
  expect(screen.getByRole("button", { name: "Sign in with GitHub" })).toBeTruthy(); // the form, to start again
  await act(() => vi.advanceTimersByTimeAsync(1_500));
  expect(fake.api.signInState).toHaveBeenCalledTimes(1);
  expect(screen.queryByText(undone)).toBeNull();
  expect(onChanged).not.toHaveBeenCalled();
  await act(() => vi.advanceTimersByTimeAsync(1_500));
  expect(fake.api.signInState).toHaveBeenCalledTimes(2);
  expect(screen.getByText(undone).getAttribute("role")).toBe("status");
  vi.useRealTimers();
  await waitFor(() => expect(onChanged).toHaveBeenCalled()); // the list may no longer be right
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  await act(() => vi.advanceTimersByTimeAsync(60_000));
  expect(fake.api.signInState).toHaveBeenCalledTimes(2);
});

it("after Cancel, stops reading once OpenCode's wait ended with nothing approved", async () => {
  fake.api.signInState.mockResolvedValue({ ...cancelled, lateApprovalPossible: false });
  await startThenCancel(() => undefined);
  await act(() => vi.advanceTimersByTimeAsync(1_500));
  expect(fake.api.signInState).toHaveBeenCalledTimes(1);
  await act(() => vi.advanceTimersByTimeAsync(60_000));
  expect(fake.api.signInState).toHaveBeenCalledTimes(1);
});

it("after Cancel and Close, or the form opened and closed again, still says what the backend undid, beside the provider", async () => {
  const undone = "The sign-in to GitHub Copilot was approved after it was cancelled, so it was removed again.";
  fake.api.signInState.mockResolvedValueOnce({ ...cancelled, error: undone });
  await startThenCancel(() => undefined);
  fireEvent.click(screen.getByRole("button", { name: "Close" }));
  fireEvent.click(screen.getByRole("button", { name: "Sign in" })); // opened again, nothing started
  fireEvent.click(screen.getByRole("button", { name: "Close" }));
  expect(screen.queryByRole("button", { name: "Sign in with GitHub" })).toBeNull(); // the form is gone
  await act(() => vi.advanceTimersByTimeAsync(1_500));
  expect(screen.getByText(undone).getAttribute("role")).toBe("status");
});
