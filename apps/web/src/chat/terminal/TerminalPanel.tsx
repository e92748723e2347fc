// The chat window's Terminal tab: a shell in the chat's project folder, run by OpenCode and
// reached through the backend. Leaving the tab keeps the shell running (coming back shows what it
// printed meanwhile); Close ends it. When OpenCode is not running the tab says so and how to fix it.
// One terminal per project, not per chat: opencode keeps its terminals per folder, so every chat of
// the project shows the same shell, and the tab says so (review 5, L1).
// The screen is laid out before the shell is found or started (TerminalView's connect), so a new
// shell starts at the screen's size rather than at 80 columns.
import type { TerminalInfo, TerminalSize } from "@turnkey/contracts";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import "./terminal.css";

const TerminalView = lazy(() => import("./TerminalView.tsx"));

type Phase =
  | { kind: "opening" }
  | { kind: "open"; terminal: TerminalInfo }
  | { kind: "ended"; message: string }
  | { kind: "failed"; message: string };

/** Said when OpenCode is not running (the backend answers the same when asked). */
export const notRunningSentence =
  "OpenCode is not running, so no terminal can run. Press Start above, then open the terminal again.";

/** Said while OpenCode starts or restarts by itself: nothing to press, and a shell it ran is gone. */
export const comingUpSentence =
  "OpenCode is starting; the terminal opens here once it runs. A shell that was open here ended if OpenCode restarted.";

export function TerminalPanel(props: { sessionID: string; live: boolean; coming?: boolean }) {
  const { sessionID, live, coming = false } = props;
  const [phase, setPhase] = useState<Phase>({ kind: "opening" });
  const [attempt, setAttempt] = useState(0);
  // Each opening gets its own screen (the view's key) and drops what an older one answers late.
  const [opening, setOpening] = useState(0);
  const openingNow = useRef(0);
  const terminalId = useRef<string | null>(null);
  // One lookup at a time: a screen replaced while its lookup runs must not start a second shell.
  const lookups = useRef<Promise<unknown>>(Promise.resolve());

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new attempt (Try again, Open a new terminal) is the trigger
  useEffect(() => {
    terminalId.current = null;
    if (!live) return;
    openingNow.current += 1;
    setOpening(openingNow.current);
    setPhase({ kind: "opening" });
  }, [sessionID, attempt, live]);

  // The view reads these from its latest props, so they need not keep their identity.
  const connect = (size: TerminalSize): Promise<string | null> => {
    const mine = openingNow.current;
    const lookup = lookups.current.then(() => findOrOpen(mine, size));
    lookups.current = lookup;
    return lookup;
  };
  const findOrOpen = async (mine: number, size: TerminalSize): Promise<string | null> => {
    if (mine !== openingNow.current) return null;
    try {
      // The project's shell, opened from this chat or another chat of the project, if it still runs; else a new one.
      const running = (await api.terminals(sessionID)).find((t) => t.running);
      const terminal = running ?? (await api.openTerminal(sessionID, size));
      const path = await api.terminalConnection(sessionID, terminal.id);
      if (mine !== openingNow.current) return null;
      terminalId.current = terminal.id;
      setPhase({ kind: "open", terminal });
      return path;
    } catch (error) {
      if (mine === openingNow.current) setPhase({ kind: "failed", message: errorMessage(error) });
      return null;
    }
  };
  const onResize = (size: TerminalSize) => {
    const id = terminalId.current;
    if (id) api.resizeTerminal(sessionID, id, size).catch(() => undefined);
  };
  const onClosed = () => setPhase({ kind: "ended", message: "The shell ended." });
  const close = async () => {
    const id = terminalId.current;
    if (!id) return;
    terminalId.current = null;
    setPhase({ kind: "ended", message: "The terminal is closed." });
    await api.closeTerminal(sessionID, id).catch(() => undefined);
  };

  const shown: Phase = live ? phase : { kind: "failed", message: coming ? comingUpSentence : notRunningSentence };
  return (
    <section className="terminal-panel" aria-label="Terminal">
      <div className="terminal-bar">
        <span className="muted terminal-where" title={shown.kind === "open" ? shown.terminal.cwd : undefined}>
          {shown.kind === "open" ? shown.terminal.cwd : shown.kind === "opening" ? "Opening a terminal…" : "Terminal"}
        </span>
        {shown.kind === "open" ? (
          <button
            type="button"
            className="small"
            title="Ends the shell for every chat of this project"
            onClick={() => void close()}
          >
            Close terminal
          </button>
        ) : shown.kind !== "opening" ? (
          <button type="button" className="small" onClick={() => setAttempt((n) => n + 1)}>
            {shown.kind === "failed" ? "Try again" : "Open a new terminal"}
          </button>
        ) : null}
      </div>
      {shown.kind === "failed" && (
        <p className="inline-error" role="alert">
          {shown.message}
        </p>
      )}
      {shown.kind === "ended" && (
        <p className="muted" role="status">
          {shown.message}
        </p>
      )}
      {(shown.kind === "opening" || shown.kind === "open") && opening > 0 && (
        <Suspense fallback={<p className="muted">Loading the terminal…</p>}>
          <TerminalView key={opening} connect={connect} onResize={onResize} onClosed={onClosed} />
        </Suspense>
      )}
    </section>
  );
}
