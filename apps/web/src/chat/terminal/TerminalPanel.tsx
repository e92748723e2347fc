// The chat window's Terminal tab: a shell in the chat's project folder, run by OpenCode and
// reached through the backend. Leaving the tab keeps the shell running (coming back shows what it
// printed meanwhile); Close ends it. When OpenCode is not running the tab says so and how to fix it.
// One terminal per project, not per chat: opencode keeps its terminals per folder, so every chat of
// the project shows the same shell, and the tab says so (review 5, L1).
import type { TerminalInfo } from "@turnkey/contracts";
import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import "./terminal.css";

const TerminalView = lazy(() => import("./TerminalView.tsx"));

type Phase =
  | { kind: "opening" }
  | { kind: "open"; terminal: TerminalInfo; path: string }
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

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new attempt (Try again, Open a new terminal) is the trigger
  useEffect(() => {
    let cancelled = false;
    if (!live) {
      setPhase({ kind: "failed", message: coming ? comingUpSentence : notRunningSentence });
      return;
    }
    setPhase({ kind: "opening" });
    void (async () => {
      try {
        // The project's shell, opened from this chat or another chat of the project, if it still runs; else a new one.
        const running = (await api.terminals(sessionID)).find((t) => t.running);
        const terminal = running ?? (await api.openTerminal(sessionID));
        const path = await api.terminalConnection(sessionID, terminal.id);
        if (!cancelled) setPhase({ kind: "open", terminal, path });
      } catch (error) {
        if (!cancelled) setPhase({ kind: "failed", message: errorMessage(error) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [sessionID, attempt, live, coming]);

  const terminalId = phase.kind === "open" ? phase.terminal.id : null;
  const onResize = useCallback(
    (size: { cols: number; rows: number }) => {
      if (terminalId) api.resizeTerminal(sessionID, terminalId, size).catch(() => undefined);
    },
    [sessionID, terminalId],
  );
  const onClosed = useCallback(() => setPhase({ kind: "ended", message: "The shell ended." }), []);
  const close = async () => {
    if (!terminalId) return;
    setPhase({ kind: "ended", message: "The terminal is closed." });
    await api.closeTerminal(sessionID, terminalId).catch(() => undefined);
  };

  return (
    <section className="terminal-panel" aria-label="Terminal">
      <div className="terminal-bar">
        <span className="muted terminal-where" title={phase.kind === "open" ? phase.terminal.cwd : undefined}>
          {phase.kind === "open" ? phase.terminal.cwd : "Terminal"}
        </span>
        {phase.kind === "open" ? (
          <button
            type="button"
            className="small"
            title="Ends the shell for every chat of this project"
            onClick={() => void close()}
          >
            Close terminal
          </button>
        ) : phase.kind !== "opening" ? (
          <button type="button" className="small" onClick={() => setAttempt((n) => n + 1)}>
            {phase.kind === "failed" ? "Try again" : "Open a new terminal"}
          </button>
        ) : null}
      </div>
      {phase.kind === "opening" && <p className="muted">Opening a terminal…</p>}
      {phase.kind === "failed" && (
        <p className="inline-error" role="alert">
          {phase.message}
        </p>
      )}
      {phase.kind === "ended" && (
        <p className="muted" role="status">
          {phase.message}
        </p>
      )}
      {phase.kind === "open" && (
        <Suspense fallback={<p className="muted">Loading the terminal…</p>}>
          <TerminalView path={phase.path} onResize={onResize} onClosed={onClosed} />
        </Suspense>
      )}
    </section>
  );
}
