// @vitest-environment happy-dom
// The Terminal tab without a running OpenCode: stopped, it says to press Start; starting or
// restarting by itself (a restart ends the shell that ran in it), it says a terminal opens once
// OpenCode runs, not to press anything.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { comingUpSentence, notRunningSentence, TerminalPanel } from "./TerminalPanel.tsx";

afterEach(cleanup);

describe("the Terminal tab while OpenCode does not run", () => {
  it("says to press Start when OpenCode is stopped", async () => {
    render(<TerminalPanel sessionID="ses_1" live={false} />);
    expect((await screen.findByRole("alert")).textContent).toBe(notRunningSentence);
  });

  it("says a terminal opens once OpenCode runs while it starts or restarts", async () => {
    render(<TerminalPanel sessionID="ses_1" live={false} coming />);
    expect((await screen.findByRole("alert")).textContent).toBe(comingUpSentence);
    expect(comingUpSentence).not.toContain("Press Start");
  });
});
