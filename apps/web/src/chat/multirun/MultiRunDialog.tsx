// "Several models…": the task in the message box, sent to up to five models at once, each in a
// chat of its own and, in a git repository, a worktree of its own on a new branch from the last
// commit. The dialog then shows each run starting; it can be closed at any time (the runs go on,
// listed in each run's Session tab).
import type { ModelRef, ModelsResponse } from "@turnkey/contracts";
import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { maxRuns, planRuns, type Run, type RunGroup, type RunSteps } from "./multiRun.ts";
import { RunList } from "./RunList.tsx";
import { useRunGroups } from "./runGroups.ts";
import { launch, retry } from "./runLauncher.ts";
import "./multirun.css";
import { InlineProblem } from "../../shared/InlineProblem.tsx";

/** Where the worktrees would branch off: the chat's folder's branch, or why there can be none. */
export type GitPlace = { branch: string | null } | { error: string };

export function MultiRunDialog(props: {
  /** What the message box holds: the task, editable here. */
  prompt: string;
  /** What else the box holds that the runs do not take (attached files, review comments), said so it is not thought sent. */
  staysInBox?: string | null;
  models: ModelsResponse | null;
  /** The model chosen for the chat (`provider/model`), ticked at first. */
  model: string;
  from: RunGroup["from"];
  /** The chat's agent (build, plan…): each run uses it too. */
  agent: string | null;
  /** Whether the chat's folder is a git repository with a commit to branch from. */
  gitPlace: () => Promise<GitPlace>;
  steps: RunSteps;
  onOpen: (run: Run) => void;
  /** The task went out: the message box can let go of it. */
  onStarted: (prompt: string) => void;
  /** Closed: with the task as edited here when it was not started (it goes back to the message box), else null. */
  onClose: (unsent: string | null) => void;
  now?: () => number;
}) {
  const titleId = useId();
  const [prompt, setPrompt] = useState(props.prompt);
  const [chosen, setChosen] = useState<string[]>(() => (props.model ? [props.model] : []));
  const [place, setPlace] = useState<GitPlace | null>(null);
  const [isolated, setIsolated] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [started, setStarted] = useState<string | null>(null);
  const groups = useRunGroups();
  const group = started ? (groups.find((g) => g.id === started) ?? null) : null;
  const box = useRef<HTMLTextAreaElement>(null);
  // Start replaces the form with the runs: the keyboard goes to what replaced it, not to the page behind.
  const progress = useRef<HTMLParagraphElement>(null);
  const shown = group !== null;
  useLayoutEffect(() => {
    if (shown) progress.current?.focus();
  }, [shown]);
  const { gitPlace } = props;
  useEffect(() => {
    let current = true;
    gitPlace().then(
      (answer) => current && setPlace(answer),
      (e) => current && setPlace({ error: e instanceof Error ? e.message : "git could not be asked." }),
    );
    box.current?.focus();
    return () => {
      current = false;
    };
  }, [gitPlace]);

  const models = (props.models?.providers ?? []).flatMap((p) =>
    p.models.map((m) => ({
      value: `${p.id}/${m.id}`,
      model: { providerID: p.id, modelID: m.id },
      label: m.name,
      provider: p.name,
    })),
  );
  // Worktrees are chosen by default and can be turned off while git is still asked (a slow disk
  // or a large repository must not hold the dialog); only git's answer that there can be none turns them off.
  const noRepository = place !== null && "error" in place;
  const inWorktrees = !noRepository && isolated;
  const picked = chosen
    .map((value) => models.find((m) => m.value === value))
    .filter((m): m is (typeof models)[number] => m !== undefined);

  const close = () => props.onClose(started ? null : prompt);
  const start = () => {
    if (prompt.trim() === "") return setProblem("Write the task first: every model gets the same one.");
    if (picked.length < 2) return setProblem("Choose at least two models: one model is a normal message.");
    if (inWorktrees && place === null)
      return setProblem(
        "Still asking git where the worktrees would start: try again in a moment, or turn worktrees off to share this folder.",
      );
    setProblem(null);
    const group = planRuns({
      prompt,
      models: picked.map((m) => ({ model: m.model as ModelRef, label: m.label })),
      isolated: inWorktrees,
      from: props.from,
      agent: props.agent,
      now: (props.now ?? Date.now)(),
    });
    setStarted(group.id);
    props.onStarted(prompt);
    void launch(group, props.steps);
  };

  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          close();
        }
      }}
    >
      <div className="panel overlay-panel multirun">
        <h2 id={titleId}>Run this task with several models</h2>
        {group ? (
          <>
            <p ref={progress} tabIndex={-1} className="muted small">
              Each model works on “{group.title}” in a chat of its own
              {group.runs[0]?.branch ? ", in a worktree on a new branch" : ""}. Open them to compare; each run's Session
              tab lists the others. Closing this leaves them running.
            </p>
            <RunList
              group={group}
              onOpen={props.onOpen}
              onRetry={(index) => void retry(group.id, index, props.steps)}
            />
          </>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              start();
            }}
          >
            <label className="multirun-task">
              Task
              <textarea
                ref={box}
                rows={4}
                value={prompt}
                maxLength={200_000}
                onChange={(e) => setPrompt(e.target.value)}
              />
            </label>
            <fieldset className="multirun-models">
              <legend>
                Models ({picked.length} of up to {maxRuns})
              </legend>
              {props.models === null ? (
                <p className="muted small">Reading the models…</p>
              ) : (
                models.length === 0 && <p className="muted small">No models yet: connect a provider first.</p>
              )}
              {models.map((m) => {
                const on = chosen.includes(m.value);
                return (
                  <label key={m.value} className="multirun-model">
                    <input
                      type="checkbox"
                      checked={on}
                      disabled={!on && picked.length >= maxRuns}
                      onChange={() => setChosen((all) => (on ? all.filter((v) => v !== m.value) : [...all, m.value]))}
                    />{" "}
                    {m.label} <span className="muted">({m.provider})</span>
                  </label>
                );
              })}
            </fieldset>
            <label className="multirun-isolate">
              <input
                type="checkbox"
                checked={inWorktrees}
                disabled={noRepository}
                onChange={(e) => setIsolated(e.target.checked)}
              />{" "}
              Each in a worktree of its own, on a new branch
            </label>
            <p className="muted small" aria-live="polite">
              {place === null
                ? "Asking git where the runs would start…"
                : "error" in place
                  ? `No worktrees here (${place.error.replace(/\.$/, "")}), so the runs share this chat's folder and may write over each other's files.`
                  : inWorktrees
                    ? `Each branch starts from the last commit${place.branch ? ` of ${place.branch}` : ""}: changes not committed here are not in them.`
                    : "The runs share this chat's folder and may write over each other's files: fine for questions, not for edits."}
            </p>
            {props.staysInBox && <p className="muted small">{props.staysInBox}</p>}
            <InlineProblem text={problem} />
            <div className="multirun-buttons">
              <button type="submit" className="primary">
                {picked.length >= 2 ? `Start ${picked.length} runs` : "Start the runs"}
              </button>
              <button type="button" className="secondary" onClick={close}>
                Cancel
              </button>
            </div>
          </form>
        )}
        {group && (
          <button type="button" className="secondary" onClick={close}>
            Close
          </button>
        )}
      </div>
    </div>
  );
}
