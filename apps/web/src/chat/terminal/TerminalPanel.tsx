// The chat window's Terminal tab: a shell in the chat's project folder, run by OpenCode and
// reached through the backend. Leaving the tab keeps the shell running (coming back shows what it
// printed meanwhile); Close ends it. When OpenCode is not running the tab says so and how to fix it.
// One terminal per project, not per chat: opencode keeps its terminals per folder, so every chat of
// the project shows the same shell, and the tab says so (review 5, L1).
// The screen is laid out before the shell is found or started (TerminalView's connect), so a new
// shell starts at the screen's size rather than at 80 columns.
// The project's actions (ActionsBar) each run in a terminal of their own, shown beside the shell as
// tabs, the command typed into it once it connects (actions/projectActions.ts says why typed); a
// local address one prints (a dev server's) is offered as a link to open.
import { localAddressIn, type ProjectAction, type TerminalInfo, type TerminalSize } from "@turnkey/contracts";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { ProblemBoundary } from "../../shared/ProblemBoundary.tsx";
import { ActionsBar } from "./ActionsBar.tsx";
import { terminalMemory } from "./terminalMemory.ts";
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
  // The actions' terminals running in the project, and the one on screen (null: the project's shell).
  const [runs, setRuns] = useState<TerminalInfo[]>([]);
  const [onScreen, setOnScreen] = useState<string | null>(null);
  const lastSize = useRef<TerminalSize | null>(null);
  // The last local address the terminal on screen printed (a dev server's); terminalMemory keeps each
  // terminal's, and the end of its output seen so far, so an address split between frames is found.
  const [address, setAddress] = useState<string | null>(null);
  const tail = useRef("");

  // Without OpenCode there are no terminals: none is on screen when it runs again (review 26, L7).
  useEffect(() => {
    if (live) return;
    setOnScreen(null);
    setRuns([]);
  }, [live]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new attempt (Try again, Open a new terminal) or another tab is the trigger
  useEffect(() => {
    terminalId.current = null;
    if (!live) return;
    openingNow.current += 1;
    setOpening(openingNow.current);
    setPhase({ kind: "opening" });
  }, [sessionID, attempt, live, onScreen]);

  // The view reads these from its latest props, so they need not keep their identity.
  const connect = (size: TerminalSize): Promise<string | null> => {
    const mine = openingNow.current;
    lastSize.current = size;
    const lookup = lookups.current.then(() => findOrOpen(mine, size));
    lookups.current = lookup;
    return lookup;
  };
  const findOrOpen = async (mine: number, size: TerminalSize): Promise<string | null> => {
    if (mine !== openingNow.current) return null;
    try {
      const listed = await api.terminals(sessionID);
      setRuns(listed.filter((t) => t.action && t.running));
      let terminal: TerminalInfo;
      if (onScreen === null) {
        // The project's shell, opened from this chat or another chat of the project, if it still runs; else a new one.
        terminal = listed.find((t) => t.running && !t.action) ?? (await api.openTerminal(sessionID, size));
      } else {
        const run = listed.find((t) => t.id === onScreen && t.running);
        if (!run) {
          if (mine === openingNow.current) setPhase({ kind: "ended", message: "This action's terminal has ended." });
          return null;
        }
        terminal = run;
      }
      const path = await api.terminalConnection(sessionID, terminal.id);
      if (mine !== openingNow.current) return null;
      terminalId.current = terminal.id;
      tail.current = ""; // the connection replays the terminal's output from its start
      setAddress(terminalMemory.address(terminal.id) ?? null);
      setPhase({ kind: "open", terminal });
      return path;
    } catch (error) {
      if (mine === openingNow.current) setPhase({ kind: "failed", message: errorMessage(error) });
      return null;
    }
  };
  const onResize = (size: TerminalSize) => {
    lastSize.current = size;
    const id = terminalId.current;
    if (id) api.resizeTerminal(sessionID, id, size).catch(() => undefined);
  };
  // Each frame is searched whole, with the end of the one before it (an address cut between them).
  const onOutput = (text: string) => {
    const id = terminalId.current;
    if (!id) return;
    const found = localAddressIn(`${tail.current}${text}`);
    tail.current = `${tail.current}${text}`.slice(-300);
    if (!found) return;
    terminalMemory.setAddress(id, found);
    setAddress(found);
  };
  const forget = (id: string) => {
    setRuns((known) => known.filter((t) => t.id !== id));
    terminalMemory.forget(id);
  };
  // The connection closed without us: the shell ended, or only the connection dropped (a network
  // hiccup, the computer asleep) while the terminal, and a dev server in it, still runs: then the
  // tab stays and Try again reconnects (review 26, M3). A backend that cannot say (unreachable, the
  // same hiccup) is not taken for an end either.
  const onClosed = async () => {
    const id = terminalId.current;
    const mine = openingNow.current;
    const stillRuns = id
      ? await api
          .terminals(sessionID)
          .then((listed) => listed.some((t) => t.id === id && t.running))
          .catch(() => null)
      : false;
    if (mine !== openingNow.current) return;
    if (stillRuns !== false) {
      setPhase({
        kind: "failed",
        message: stillRuns
          ? "The connection to this terminal dropped; it still runs. Try again to see it."
          : "The connection to this terminal dropped, and the backend did not answer. Try again.",
      });
      return;
    }
    if (onScreen !== null && id) forget(id);
    setPhase({ kind: "ended", message: onScreen === null ? "The shell ended." : "This action's terminal has ended." });
  };
  const close = async (terminal: TerminalInfo) => {
    if (terminalId.current !== terminal.id) return;
    terminalId.current = null;
    setPhase({ kind: "ended", message: terminal.action ? "The action is stopped." : "The terminal is closed." });
    if (terminal.action) forget(terminal.id);
    await api.closeTerminal(sessionID, terminal.id).catch(() => undefined);
  };
  const run = async (action: ProjectAction) => {
    const { terminal, command } = await api.runAction(sessionID, action.id, lastSize.current ?? {});
    terminalMemory.willType(terminal.id, command);
    setRuns((known) => [...known.filter((t) => t.id !== terminal.id), terminal]);
    setOnScreen(terminal.id);
  };
  // An action whose terminal runs already is shown, not started twice (review 26, M4).
  const show = (name: string) => {
    const running = runs.find((t) => t.action === name);
    if (running) setOnScreen(running.id);
  };

  const shown: Phase = live ? phase : { kind: "failed", message: coming ? comingUpSentence : notRunningSentence };
  // What the bar says and does follows the terminal on screen, not the tab just chosen: until the
  // chosen one is open, Close must not name (or close) the other.
  const onAction = shown.kind === "open" ? Boolean(shown.terminal.action) : onScreen !== null;
  return (
    <section className="terminal-panel" aria-label="Terminal">
      {live && (
        <ActionsBar
          key={sessionID}
          sessionID={sessionID}
          running={runs.flatMap((t) => (t.action ? [t.action] : []))}
          onRun={run}
          onShow={show}
        />
      )}
      {live && runs.length > 0 && (
        <fieldset className="terminal-tabs" aria-label="Terminals">
          <button type="button" className="small" aria-pressed={!onAction} onClick={() => setOnScreen(null)}>
            Shell
          </button>
          {runs.map((t) => (
            <button
              key={t.id}
              type="button"
              className="small"
              aria-pressed={onScreen === t.id}
              onClick={() => setOnScreen(t.id)}
            >
              {t.action}
            </button>
          ))}
        </fieldset>
      )}
      <div className="terminal-bar">
        <span className="muted terminal-where" title={shown.kind === "open" ? shown.terminal.cwd : undefined}>
          {shown.kind === "open"
            ? onAction
              ? `${shown.terminal.action} · ${shown.terminal.cwd}`
              : shown.terminal.cwd
            : shown.kind === "opening"
              ? "Opening a terminal…"
              : "Terminal"}
        </span>
        {shown.kind === "open" ? (
          <button
            type="button"
            className="small"
            title={
              onAction
                ? "Stops what the action runs and closes its terminal"
                : "Ends the shell for every chat of this project"
            }
            onClick={() => void close(shown.terminal)}
          >
            {onAction ? "Stop and close" : "Close terminal"}
          </button>
        ) : shown.kind !== "opening" ? (
          <button
            type="button"
            className="small"
            onClick={() => (onAction && shown.kind === "ended" ? setOnScreen(null) : setAttempt((n) => n + 1))}
          >
            {shown.kind === "failed" ? "Try again" : onAction ? "Show the shell" : "Open a new terminal"}
          </button>
        ) : null}
      </div>
      {shown.kind === "open" && (
        <p className="muted small terminal-keys">Keys go to the shell; Shift+Esc goes back to the message box.</p>
      )}
      {shown.kind === "open" && address && (
        <p className="terminal-address">
          <a
            href={address}
            target="_blank"
            rel="noopener noreferrer"
            title="Opens in your browser. The address is on the computer the app runs on."
          >
            Open {address}
          </a>
        </p>
      )}
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
        <ProblemBoundary key={opening} what="The terminal">
          <Suspense fallback={<p className="muted">Loading the terminal…</p>}>
            <TerminalView
              key={opening}
              connect={connect}
              onResize={onResize}
              onClosed={() => void onClosed()}
              onOutput={onOutput}
              takeTyping={() => (terminalId.current ? terminalMemory.takeTyping(terminalId.current) : undefined)}
            />
          </Suspense>
        </ProblemBoundary>
      )}
    </section>
  );
}
