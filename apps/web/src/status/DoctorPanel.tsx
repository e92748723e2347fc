// The doctor's checklist in the status window: each check with its result and, where something
// is wrong, the action that fixes it. Runs on opening and when OpenCode fails.
import type { DoctorAction, DoctorCheck, DoctorReport, SidecarState } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../shared/api.ts";
import { InlineProblem } from "../shared/InlineProblem.tsx";
import { confirmCutHere } from "./confirmCut.ts";

const mark: Record<DoctorCheck["result"], string> = { ok: "✓", warn: "!", fail: "✗", skipped: "–" };
const spoken: Record<DoctorCheck["result"], string> = {
  ok: "OK",
  warn: "Warning",
  fail: "Problem",
  skipped: "Not checked",
};

const actionLabels: Partial<Record<DoctorAction, string>> = {
  repair: "Repair",
  start: "Start",
  relearn_key_names: "Learn again",
};
/** Offered whatever the result: hiding a variable a tool needs is no fault the doctor can see. */
const alwaysOffered: ReadonlySet<DoctorAction> = new Set(["relearn_key_names"]);

export function DoctorPanel({ state }: { state: SidecarState }) {
  const [report, setReport] = useState<DoctorReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await api.doctor());
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }, []);
  useEffect(() => {
    if (state === "failed" || state === "stopped" || state === "running") void run();
  }, [state, run]);
  const act = async (action: DoctorAction) => {
    // Repair and Learn again restart OpenCode: a reply being written is cut, so ask first.
    const cut = action === "repair" ? "repair" : action === "relearn_key_names" ? "relearn" : null;
    if (cut && !(await confirmCutHere(cut, api.replying))) return;
    setBusy(true);
    try {
      if (action === "repair") await api.repair();
      else if (action === "start") await api.start();
      else if (action === "relearn_key_names") await api.relearnKeyNames();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
      void run();
    }
  };
  return (
    <section className="panel" aria-labelledby="doctor-title">
      <h2 id="doctor-title">Checks</h2>
      {report && (
        <ul className="doctor-checks">
          {report.checks.map((check) => (
            <li key={check.id} className={`doctor-${check.result}`}>
              <span className="doctor-mark" role="img" aria-label={spoken[check.result]}>
                {mark[check.result]}
              </span>{" "}
              <strong>{check.title}</strong>: {check.detail}{" "}
              {check.action &&
                (check.result !== "ok" || alwaysOffered.has(check.action)) &&
                actionLabels[check.action] && (
                  <button type="button" disabled={busy} onClick={() => act(check.action as DoctorAction)}>
                    {actionLabels[check.action]}
                  </button>
                )}
            </li>
          ))}
        </ul>
      )}
      <InlineProblem text={error} />
      <button type="button" disabled={busy} onClick={() => void run()}>
        {busy ? "Checking…" : "Run the checks again"}
      </button>
    </section>
  );
}
